"""The idea board: duplicates found while typing, one vote each, follows, comments,
merging duplicates, and the status that comes from the idea's insight."""

import pytest
from django.test import Client
from django.urls import reverse

from socialcycle.acting.models import Insight
from socialcycle.community import ideas
from socialcycle.community.models import Contribution, Follow, Vote
from socialcycle.listening.models import Channel, EngagementEvent, Post
from socialcycle.responding.models import Notification
from socialcycle.testing.members import make_member, signed_in


@pytest.fixture
def dana(cast):
    return make_member(cast.workspace, "dana")


def test_an_idea_enters_the_pipeline_like_any_post(cast, dana, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        idea = ideas.submit_idea(dana, "Dark mode for the app", "The app is too bright at night.")
    post = Post.objects.get(pk=idea.pk)
    assert post.channel == Channel.COMMUNITY
    assert post.author == dana.participant
    assert post.analysed_at is not None  # analysed once its transaction commits
    assert post.url.endswith(f"/c/{cast.workspace.slug}/posts/{post.pk}/")
    assert idea.state == Contribution.State.PUBLISHED
    # The author backs and follows their own idea; creating it is a ladder step.
    assert Vote.objects.filter(post=post, participant=dana.participant).exists()
    assert Follow.objects.filter(post=post, participant=dana.participant).exists()
    stages = set(
        EngagementEvent.objects.filter(participant=dana.participant).values_list("stage", flat=True)
    )
    assert {"creation", "curation"} <= stages


def test_similar_ideas_are_found_while_typing(cast, dana):
    dark = ideas.submit_idea(dana, "Dark mode for the app", "Please add a dark theme to the app.")
    ideas.submit_idea(
        dana, "Export my data as CSV", "I want to download my history as a spreadsheet."
    )
    found = ideas.similar_ideas(cast.workspace, "a dark theme for the mobile app please")
    assert found
    assert found[0] == dark
    assert ideas.similar_ideas(cast.workspace, "the weather in Lisbon is lovely today") == []
    response = Client().get(
        reverse("community:similar-ideas", args=[cast.workspace.slug]),
        {"title": "night mode / dark theme in the app"},
    )
    assert b"Dark mode for the app" in response.content


def test_one_vote_per_person_and_it_can_be_withdrawn(cast, dana):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    kim = make_member(cast.workspace, "kim")
    assert ideas.vote(kim, idea) is True
    assert ideas.vote(kim, idea) is False
    assert Vote.objects.filter(post_id=idea.pk).count() == 2
    assert ideas.withdraw_vote(kim, idea) is True
    assert not Vote.objects.filter(post_id=idea.pk, participant=kim.participant).exists()
    assert not EngagementEvent.objects.filter(
        participant=kim.participant, action="vote:idea"
    ).exists()


def test_vote_stuffing_through_the_page_counts_one_vote(cast, dana):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    client = signed_in(make_member(cast.workspace, "kim"))
    url = reverse("community:vote", args=[cast.workspace.slug, idea.pk])
    codes = [client.post(url).status_code for _ in range(25)]
    assert Vote.objects.filter(post_id=idea.pk).count() == 2  # dana's own and kim's
    assert 429 in codes  # and hammering the button is slowed down


def test_one_member_hammering_from_many_addresses_is_slowed_down(cast, dana):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    kim = make_member(cast.workspace, "kim")
    url = reverse("community:vote", args=[cast.workspace.slug, idea.pk])
    codes = [
        signed_in(kim, Client(REMOTE_ADDR=f"10.0.4.{n}")).post(url).status_code for n in range(21)
    ]
    assert 429 not in codes[:20]
    assert codes[20] == 429


def test_voting_needs_a_confirmed_member_and_a_post(cast, dana):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    url = reverse("community:vote", args=[cast.workspace.slug, idea.pk])
    assert Client().post(url).status_code == 302  # to sign in
    unconfirmed = signed_in(make_member(cast.workspace, "newbie", verified=False))
    assert unconfirmed.post(url).status_code == 302
    assert signed_in(dana).get(url).status_code == 405
    assert Vote.objects.filter(post_id=idea.pk).count() == 1


def test_an_idea_of_another_workspace_is_404(cast, dana):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    other = make_member(cast.other_workspace, "eve")
    url = reverse("community:vote", args=[cast.other_workspace.slug, idea.pk])
    assert signed_in(other).post(url).status_code == 404
    assert (
        Client()
        .get(reverse("community:idea", args=[cast.other_workspace.slug, idea.pk]))
        .status_code
        == 404
    )


def test_comments_show_under_the_idea_escaped(cast, dana):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    client = signed_in(make_member(cast.workspace, "kim"))
    payload = '<script>window.hacked = 1</script><img src=x onerror="alert(1)">'
    response = client.post(
        reverse("community:comment", args=[cast.workspace.slug, idea.pk]), {"text": payload}
    )
    assert response.status_code == 302
    page = Client().get(reverse("community:idea", args=[cast.workspace.slug, idea.pk]))
    assert b"&lt;script&gt;window.hacked = 1&lt;/script&gt;" in page.content
    assert b"<script>window.hacked" not in page.content


def test_abusive_ideas_are_held_and_never_listed(cast, dana):
    held = ideas.submit_idea(dana, "You are all idiots", "Fuck you, you stupid useless morons.")
    assert held.state == Contribution.State.HELD
    assert "offensive" in held.held_reason
    listing = Client().get(reverse("community:ideas", args=[cast.workspace.slug]))
    assert b"idiots" not in listing.content
    assert (
        Client().get(reverse("community:idea", args=[cast.workspace.slug, held.pk])).status_code
        == 404
    )
    staff = Client()
    staff.force_login(cast.admin)
    queue = staff.get(reverse("community:moderation", args=[cast.workspace.slug]))
    assert b"idiots" in queue.content
    staff.post(
        reverse("community:moderate", args=[cast.workspace.slug, held.pk]), {"decision": "removed"}
    )
    held.refresh_from_db()
    assert held.state == Contribution.State.REMOVED
    assert held.moderated_by == cast.admin


def test_staff_merge_duplicates_and_votes_and_followers_move(cast, dana):
    kept = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    kim, lee = make_member(cast.workspace, "kim"), make_member(cast.workspace, "lee")
    duplicate = ideas.submit_idea(kim, "Night theme", "A darker theme for the evening.")
    ideas.vote(lee, duplicate)
    ideas.vote(dana, duplicate)  # dana backs both: she keeps one vote
    moved = ideas.merge_ideas(duplicate, kept, by=cast.admin)
    assert moved == 2  # kim's and lee's
    voters = set(Vote.objects.filter(post_id=kept.pk).values_list("participant_id", flat=True))
    assert voters == {dana.participant_id, kim.participant_id, lee.participant_id}
    assert not Vote.objects.filter(post_id=duplicate.pk).exists()
    assert Follow.objects.filter(post_id=kept.pk, participant=kim.participant).exists()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert list(ideas.open_ideas(cast.workspace)) == [kept]
    page = Client().get(reverse("community:idea", args=[cast.workspace.slug, duplicate.pk]))
    assert page.status_code == 302
    assert page["Location"].endswith(f"/ideas/{kept.pk}/")


def test_status_comes_from_the_insight_and_everyone_behind_the_idea_hears(
    cast, dana, django_capture_on_commit_callbacks
):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    voter, follower = make_member(cast.workspace, "kim"), make_member(cast.workspace, "lee")
    commenter = make_member(cast.workspace, "max")
    ideas.vote(voter, idea)
    ideas.follow(follower, idea)
    ideas.comment(commenter, idea, "Yes please, my eyes hurt at night.")
    with django_capture_on_commit_callbacks(execute=True):
        insight = ideas.set_status(idea, Insight.Status.DONE, by=cast.admin)
    assert insight.status == "done"
    assert insight.posts.filter(pk=idea.pk).exists()
    told = set(
        Notification.objects.filter(insight=insight, medium="community").values_list(
            "participant_id", flat=True
        )
    )
    people = {m.participant_id for m in (dana, voter, follower, commenter)}
    assert people <= told
    page = signed_in(follower).get(reverse("community:notifications", args=[cast.workspace.slug]))
    assert b"is now done" in page.content
    listing = Client().get(reverse("community:ideas", args=[cast.workspace.slug]))
    assert b"Done" in listing.content


def test_declining_needs_a_reason_shown_on_the_idea(cast, dana):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    with pytest.raises(ideas.IdeaError):
        ideas.set_status(idea, Insight.Status.DECLINED, by=cast.admin)
    ideas.set_status(
        idea,
        Insight.Status.DECLINED,
        by=cast.admin,
        decline_reason="The display cannot dim enough.",
        decline_alternative="Use night shift.",
    )
    page = Client().get(reverse("community:idea", args=[cast.workspace.slug, idea.pk]))
    assert b"The display cannot dim enough." in page.content


def test_staff_idea_page_checks_workspace_and_role(cast, dana):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    url = reverse("community:manage-idea", args=[cast.workspace.slug, idea.pk])
    viewer, outsider, analyst = Client(), Client(), Client()
    viewer.force_login(cast.viewer)
    outsider.force_login(cast.outsider)
    analyst.force_login(cast.analyst)
    assert viewer.get(url).status_code == 403
    assert outsider.get(url).status_code == 404
    other = reverse("community:manage-idea", args=[cast.other_workspace.slug, idea.pk])
    assert outsider.get(other).status_code == 404
    response = analyst.post(url, {"status": "planned"})
    assert response.status_code == 302
    insight = ideas.insight_of(idea.pk)
    assert insight is not None
    assert insight.status == "planned"


def test_the_author_hears_of_comments_in_the_community_and_by_email(
    cast, dana, smtp_inbox, django_capture_on_commit_callbacks
):
    idea = ideas.submit_idea(dana, "Dark mode", "Please add a dark theme.")
    kim = make_member(cast.workspace, "kim")
    with django_capture_on_commit_callbacks(execute=True):
        ideas.comment(kim, idea, "Yes! My eyes hurt at night.")
        ideas.comment(dana, idea, "Thanks Kim.")  # her own idea: no notice to herself
    notices = Notification.objects.filter(participant=dana.participant, kind="reply")
    assert sorted(notices.values_list("medium", flat=True)) == ["community", "email"]
    [message] = smtp_inbox.to("dana@example.com")
    assert "kim replied" in message["Subject"]
    assert "My eyes hurt" in message.get_content()
    assert not Notification.objects.filter(participant=kim.participant, kind="reply").exists()
