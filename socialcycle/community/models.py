"""The public community: members, what they post (ideas, reviews, questions, answers,
comments), and how they take part (votes, follows, badges, testimonials, knowledge pages).

Everything a member posts is a listening `Post` (channel community) so that it is analysed,
routed and answered like every other channel; `Contribution` adds what only the community
knows about it: its type, whether moderation holds it, which product a review rates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.listening.models import Participant, Post


class Member(models.Model):
    """A community account: a participant who signed up with a verified e-mail address.

    Kept apart from staff users on purpose: a member belongs to one workspace's community,
    signs in there only, and never gets near staff pages. The password is hashed by
    Django's hashers (`make_password`).
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="members")
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="member")
    # The name shown on the member's posts; it is also their handle on the community channel.
    handle = models.CharField(max_length=40)
    email = models.EmailField()
    password = models.CharField(max_length=128)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # E-mail when someone answers or replies to me (status changes follow email_opt_out).
    email_on_reply = models.BooleanField(default=True)
    signup_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "email"], name="member_email_unique"),
            models.UniqueConstraint(fields=["workspace", "handle"], name="member_handle_unique"),
        ]

    def __str__(self) -> str:
        return self.handle

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None


class Contribution(models.Model):
    """What a community post is, and whether it may be shown."""

    class Type(models.TextChoices):
        IDEA = "idea", "Idea"
        REVIEW = "review", "Review"
        QUESTION = "question", "Question"
        ANSWER = "answer", "Answer"
        COMMENT = "comment", "Comment"

    class State(models.TextChoices):
        PUBLISHED = "published", "Published"
        HELD = "held", "Held for moderation"
        REMOVED = "removed", "Removed"

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="contribution"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="contributions")
    type = models.CharField(max_length=10, choices=Type.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLISHED)
    # Why moderation holds it, in words staff read ("offensive language 0.91").
    held_reason = models.CharField(max_length=200, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # The product a review rates, or an idea is about.
    product = models.ForeignKey(
        TrackedName, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Answers: when the asker (or staff) accepted it.
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Ideas: the idea this duplicate was merged into (its votes and followers moved there).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_ideas"
    )
    # Ideas: the encoder's vector of title + text (float32 bytes) for the duplicate check.
    embedding = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["workspace", "type", "state", "created_at"], name="contribution_listing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.post_id}"

    @property
    def is_visible(self) -> bool:
        return self.state == self.State.PUBLISHED


class Vote(models.Model):
    """One participant's vote on one post; each person votes once per post and kind."""

    class Kind(models.TextChoices):
        IDEA = "idea", "Idea vote"
        HELPFUL = "helpful", "Helpful review"
        ANSWER = "answer", "Answer upvote"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="votes")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IDEA)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "participant", "kind"], name="one_vote_per_person"
            )
        ]
        indexes = [models.Index(fields=["post", "kind"], name="vote_by_post")]

    def __str__(self) -> str:
        return f"{self.participant_id} votes {self.post_id}"


class Follow(models.Model):
    """A participant follows an idea or question, to hear what becomes of it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="follows")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="follows")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "participant"], name="one_follow_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} follows {self.post_id}"


class Badge(models.Model):
    """A badge a participant earned; each is earned once."""

    class Code(models.TextChoices):
        FIRST_IDEA = "first_idea", "First idea"
        FIRST_ANSWER_ACCEPTED = "first_answer_accepted", "First answer accepted"
        HELPFUL_REVIEWER = "helpful_reviewer", "10 helpful reviews"
        POPULAR_IDEA = "popular_idea", "Idea with 10 votes"
        HELPER = "helper", "5 accepted answers"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="badges")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="badges")
    code = models.CharField(max_length=30, choices=Code.choices)
    awarded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "code"], name="badge_earned_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.code}"


class Testimonial(models.Model):
    """A positive post from any channel that staff selected for the testimonials wall.

    It is shown only once the author's consent is recorded (when, and how it was given).
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="testimonials")
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="testimonial")
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    selected_at = models.DateTimeField(auto_now_add=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    # How consent was given: "community" (the member agreed on the site), "link" (the
    # author followed the e-mailed link) or staff's note ("agreed by DM on 3 May").
    consent_note = models.CharField(max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"testimonial {self.post_id}"

    @property
    def is_shown(self) -> bool:
        return self.consent_at is not None and self.withdrawn_at is None


class KnowledgeArticle(models.Model):
    """A customer-service tip promoted from an accepted community answer."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="knowledge_articles"
    )
    title = models.CharField(max_length=300)
    body = models.TextField()
    # The accepted answer it came from (its author is credited on the page).
    answer = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_published = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.title
