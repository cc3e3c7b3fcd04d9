"""A workspace as it looks after some weeks of use, and every page of the product to visit
in it: the staff pages (as its admin), the public community (as a signed-in member, and
signed out where a member would not go) and the pages customers reach from e-mails.

`pages()` names each page by its URL name; `NOT_PAGES` says why each other URL is not
one (a form's target, a download, a fragment htmx fetches), so a new page cannot be left
out of the width test unnoticed (tests/browser/test_page_widths.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.invitations import invite
from socialcycle.accounts.tokens import create_api_token
from socialcycle.acting import services as acting
from socialcycle.acting.models import Insight, RoutingRule, Webhook, WebhookDelivery
from socialcycle.community import ideas, knowledge, qa, testimonials
from socialcycle.community.models import Contribution, Member
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.community.tests.helpers import ABUSE, make_product, review
from socialcycle.listening.models import (
    Channel,
    Connection,
    ImportRun,
    Participant,
    Post,
    Source,
)
from socialcycle.listening.services import participant_for_handle
from socialcycle.measuring.dashboard import rollups
from socialcycle.measuring.tests import ladder_helpers
from socialcycle.measuring.tests.alert_helpers import make_alert
from socialcycle.privacy.services import erase_participant
from socialcycle.responding import loop, replies
from socialcycle.testing.cast import Cast
from socialcycle.testing.factories import make_source
from socialcycle.testing.members import make_member
from socialcycle.testing.posts import stored_post
from socialcycle.understanding.models import Topic
from socialcycle.understanding.tests.helpers import analysed_posts

# Who opens a page: the workspace's admin, a signed-in community member, anyone.
STAFF, MEMBER, VISITOR = "staff", "member", "visitor"

LONG_LINK = "https://support.lumio.example/hub/troubleshooting/connection-lost-after-firmware-2.4.1"
SAID = [
    "The hub is down and smoke came out of it, my lawyer will hear about this",
    "Could you add a dark mode? " + "It would be great at night. " * 6,
    f"Pairing the Lumio Lamp failed three times, the guide at {LONG_LINK} did not help",
    "Absolutely love the Lumio Lamp, setup took a minute and the colours are gorgeous!",
    "Support answered in five minutes and fixed my hub. Brilliant service, thank you!",
    "Why does the app log me out every single day? Very annoying.",
    "La lampe Lumio est superbe mais l'application plante au démarrage",
    "Is there a way to schedule the lamp to turn on at sunrise?",
]
TOPICS = ("Cloud connection", "Pairing and setup", "Dark mode and the app's look at night")
PRODUCTS = ("Lumio Lamp", "Lumio Hub", "Lumio Smart Plug with Energy Monitoring")
STAGES = ("consumption", "curation", "creation", "collaboration", "purchase", "advocacy")


@dataclass(frozen=True)
class Visit:
    name: str  # the URL name, "namespace:name"
    url: str
    who: str  # STAFF, MEMBER or VISITOR


# URL names that are not pages one opens, and why.
NOT_PAGES = {
    "home": "redirects to the user's workspace",
    "accounts:logout": "a form's target (POST)",
    "first-run": "only before any workspace exists (tests/browser/test_first_run_journey.py)",
    "workspace:revoke-token": "a form's target (POST)",
    "workspace:audit-download": "a download",
    "responding:bulk-form": "a fragment htmx fetches into the Posts page",
    "listening:run-problems": "a download",
    "listening:poll-feed": "a form's target (POST)",
    "listening:merge": "a form's target (POST)",
    "understanding:correct": "a form's target (POST)",
    "understanding:mark-spam": "a form's target (POST)",
    "understanding:confirm-kinds": "a form's target (POST)",
    "understanding:discover-topics": "a form's target (POST)",
    "understanding:discovery-status": "a fragment the Topics page polls",
    "acting:toggle-webhook": "a form's target (POST)",
    "acting:redeliver": "a form's target (POST)",
    "responding:inbox-bulk": "a form's target (POST)",
    "community:verify": "a link from an e-mail that redirects",
    "community:sign-out": "a form's target (POST)",
    "community:post": "redirects to the idea, question or review",
    "community:similar-ideas": "a fragment the new-idea form fetches",
    "community:vote": "a form's target (POST)",
    "community:follow": "a form's target (POST)",
    "community:comment": "a form's target (POST)",
    "community:new-review": "a form's target (POST; the form is on the product's page)",
    "community:helpful": "a form's target (POST)",
    "community:ask": "a form's target (POST; the form is on the questions page)",
    "community:answer": "a form's target (POST)",
    "community:accept-answer": "a form's target (POST)",
    "community:upvote": "a form's target (POST)",
    "community:agree": "a form's target (POST)",
    "community:withdraw": "a form's target (POST)",
    "community:moderate": "a form's target (POST)",
    "community:select-testimonial": "a form's target (POST)",
    "community:record-consent": "a form's target (POST)",
    "community:withdraw-testimonial": "a form's target (POST)",
    "community:staff-accept-answer": "a form's target (POST)",
    "measuring:refresh_ladder": "a form's target (POST)",
    "measuring:person_ladder": "redirects to the person's page",
    "measuring:export_download": "a download",
    "measuring:acknowledge_alert": "a form's target (POST)",
    "measuring:digest_pdf": "a download",
    "measuring:send_digest": "a form's target (POST)",
    "privacy:data": "a download",
}


def pages(cast: Cast) -> list[Visit]:
    """Furnish `cast.workspace` and return every page to visit in it."""
    workspace, admin = cast.workspace, cast.admin
    slug = workspace.slug
    said = analysed_posts(workspace, SAID, audience_by_author={"person0": 25_000})
    topics = [Topic.objects.create(workspace=workspace, label=label) for label in TOPICS]
    history(workspace, topics)
    insight = insight_with_posts(cast, said)
    riley, community = community_of(cast, said)
    person = said[0].author
    assert person is not None
    ladder(workspace, [post.author for post in said if post.author is not None])
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
    alert = make_alert(
        workspace, label=TOPICS[2], evidence=said[:4], hour=hour, last_anomalous_hour=hour
    )
    replies.reply(
        said[0], "Sorry to hear that: we are on it, a technician calls you today.", by=admin
    )
    replies.save_template(
        workspace,
        name="Thanks for the idea",
        body="Thank you {name}! Your idea is now {insight_status}; we tell you when it changes.",
        is_decline=False,
        by=admin,
    )
    for channel, handle in (("social", "jo_on_chirper"), ("review", "Jo R.")):
        participant_for_handle(
            workspace, channel=channel, handle=handle, email="jo.reviewer@example.com"
        )
    erase_participant(
        Participant.objects.create(workspace=workspace, display_name="Gone"),
        mode="anonymise",
        by=admin,
        reason="Asked by e-mail on the support line to forget everything about them",
    )
    told = community["told"]
    settle(workspace, topics, insight)
    invitation_secret = invitation(cast)
    ids: dict[str, Any] = {
        **furniture(cast, community["tip"]),
        "post_id": said[2].pk,
        "insight_id": insight.pk,
        "participant_id": person.pk,
        "topic_id": topics[0].pk,
        "alert_id": alert.pk,
        "handle": riley.handle,
        "product_id": community["product"],
    }

    def at(name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs=kwargs)

    def staff(name: str, *keys: str) -> Visit:
        return Visit(name, at(name, slug=slug, **{key: ids[key] for key in keys}), STAFF)

    def member(name: str, **kwargs: Any) -> Visit:
        return Visit(name, at(name, slug=slug, **kwargs), MEMBER)

    token = loop.participant_token(told)
    return [
        Visit("create-workspace", at("create-workspace"), STAFF),
        staff("workspace:settings"),
        staff("workspace:new-workspace"),
        staff("workspace:members"),
        staff("workspace:tokens"),
        staff("workspace:audit"),
        staff("listening:upload"),
        # The preview belongs to an upload of the user's own session: made in the browser.
        Visit("listening:preview", at("listening:upload", slug=slug), STAFF),
        staff("listening:run", "run_id"),
        staff("listening:feeds"),
        staff("listening:sources"),
        staff("listening:merges"),
        staff("understanding:posts"),
        staff("understanding:post", "post_id"),
        staff("understanding:similar", "post_id"),
        staff("understanding:review-kinds"),
        staff("understanding:topics"),
        staff("understanding:topic", "topic_id"),
        staff("acting:insights"),
        staff("acting:insight", "insight_id"),
        staff("acting:insight-from-post", "post_id"),
        staff("acting:teams"),
        staff("acting:routing"),
        staff("acting:webhooks"),
        staff("responding:responsiveness"),
        staff("responding:inbox"),
        staff("responding:reply", "post_id"),
        staff("responding:templates"),
        staff("community:moderation"),
        Visit(
            "community:manage-idea",
            at("community:manage-idea", slug=slug, post_id=community["idea"]),
            STAFF,
        ),
        staff("community:staff-testimonials"),
        staff("community:staff-tips"),
        Visit(
            "community:promote-tip",
            at("community:promote-tip", slug=slug, post_id=community["answer"]),
            STAFF,
        ),
        staff("community:edit-article", "article_id"),
        staff("measuring:home"),
        staff("measuring:ladder"),
        staff("measuring:people"),
        staff("measuring:person", "participant_id"),
        staff("measuring:exports"),
        staff("measuring:alerts"),
        staff("measuring:digest"),
        staff("privacy:person", "participant_id"),
        staff("privacy:erasures"),
        Visit("accounts:login", at("accounts:login"), VISITOR),
        Visit("invitation", at("invitation", secret=invitation_secret), VISITOR),
        Visit("responding:roadmap", at("responding:roadmap", slug=slug), VISITOR),
        Visit("responding:changelog", at("responding:changelog", slug=slug), VISITOR),
        Visit("responding:my-feedback", at("responding:my-feedback", token=token), VISITOR),
        Visit(
            "responding:rate",
            at("responding:rate", token=token, insight_id=community["done"]) + "?score=4",
            VISITOR,
        ),
        Visit("responding:unsubscribe", at("responding:unsubscribe", token=token), VISITOR),
        Visit("community:sign-up", at("community:sign-up", slug=slug), VISITOR),
        Visit("community:sign-in", at("community:sign-in", slug=slug), VISITOR),
        Visit(
            "community:consent",
            at("community:consent", slug=slug, token=community["consent_token"]),
            VISITOR,
        ),
        member("community:home"),
        member("community:settings"),
        member("community:notifications"),
        member("community:my-feedback"),
        member("community:profile", handle=riley.handle),
        member("community:ideas"),
        member("community:new-idea"),
        member("community:idea", post_id=community["idea"]),
        member("community:reviews"),
        member("community:product-reviews", product_id=community["product"]),
        member("community:questions"),
        member("community:question", post_id=community["question"]),
        member("community:testimonials"),
        member("community:knowledge"),
        member("community:article", article_id=ids["article_id"]),
    ]


def furniture(cast: Cast, tip: Contribution) -> dict[str, int]:
    """The objects of the pages about one thing: an import run, a feed, a webhook with its
    deliveries, a tip promoted to an article, an API token."""
    workspace, admin = cast.workspace, cast.admin
    source = make_source(workspace, "Customer survey, spring")
    run = ImportRun.objects.create(
        workspace=workspace,
        source=source,
        file_name="survey-export-2026-05-full-with-every-answer-and-comment.csv",
        file_sha256="0" * 64,
        format="csv",
        status=ImportRun.Status.FINISHED,
        started_by=admin,
        finished_at=timezone.now(),
        last_position=1204,
        created=1180,
        updated=12,
        duplicates=9,
        rejected=3,
        problems=[
            {
                "file": "survey.csv",
                "where": f"row {row}",
                "field": "created_at",
                "problem": "not a date in the chosen format (2026-05-01T10:00:00Z)",
            }
            for row in (3, 77, 1203)
        ],
    )
    blog = Source.objects.create(
        workspace=workspace, name="Lumio blog comments", channel=Channel.FEED
    )
    Connection.objects.create(
        source=blog,
        kind="feed",
        settings={"url": "https://blog.lumio.example/comments/feed/atom/?category=all-products"},
        poll_seconds=3600,
        last_polled_at=timezone.now() - timedelta(minutes=42),
        failures=1,
        failing_since=timezone.now() - timedelta(minutes=42),
        last_error="The feed https://blog.lumio.example/comments/feed/atom/?category=all-products "
        "answered HTTP 503 (Service Unavailable).",
    )
    webhook = Webhook.objects.create(
        workspace=workspace,
        url="https://hooks.example/services/T000/B000/a-long-incoming-webhook-path",
        secret="x" * 32,
        events=["alert.fired", "insight.created"],
        created_by=admin,
    )
    for status in ("delivered", "failed", "pending"):
        WebhookDelivery.objects.create(
            webhook=webhook,
            event="insight.created",
            payload={"insight": {"id": 1}},
            status=status,
            attempts=3,
            response_code=500 if status == "failed" else 200,
            error="Server error 500 from the receiver" if status == "failed" else "",
            next_attempt_at=timezone.now() + timedelta(minutes=5),
        )
    article = knowledge.promote_tip(
        tip,
        knowledge.ArticleDraft(
            "Seeing what the smart plug exports to the grid from your solar panels",
            "Open the energy view: it shows both directions, hour by hour. " * 5,
        ),
        by=admin,
    )
    create_api_token(workspace, admin, name="The shop's stock sync", scopes=["read"])
    return {"run_id": run.pk, "article_id": article.pk}


def history(workspace: Any, topics: list[Topic]) -> None:
    """Ninety days of analysed posts, so that the dashboard's charts have lines to draw."""
    source = make_source(workspace, "App Store reviews", "app_store")
    now = timezone.now()
    moods = ("negative", "neutral", "positive", "positive", "negative")
    kinds = (("complaint",), ("question",), ("praise",), ("idea",), ("bug",))
    for day in range(90):
        for n in range(1 + day % 3):
            stored_post(
                source,
                f"Day {day}: the {PRODUCTS[n % 3]} " + ("works well" if n else "keeps failing"),
                when=now - timedelta(days=day, hours=n * 5),
                sentiment=moods[(day + n) % 5],
                kinds=kinds[(day + n) % 5],
                topic=topics[(day + n) % 3],
                products=(PRODUCTS[n % 3],),
                author=f"reviewer{day % 17}",
            )
    rollups.bring_up_to_date(workspace)


def insight_with_posts(cast: Cast, said: list[Post]) -> Insight:
    team = acting.create_team(cast.workspace, "Devices and connectivity")
    insight = acting.create_insight(
        cast.workspace,
        kind="complaint",
        title="The hub drops its cloud connection after the 2.4.1 firmware update",
        description="Customers lose the hub overnight; a restart brings it back for a day.",
        team=team,
        by=cast.admin,
    )
    acting.attach_posts(insight, said[:4], by=cast.analyst)
    acting.change_insight_status(insight, "in_progress", by=cast.admin)
    Insight.objects.filter(pk=insight.pk).update(is_public=True)
    return insight


def community_of(cast: Cast, said: list[Post]) -> tuple[Member, dict[str, Any]]:
    """Members with ideas (one done, on the roadmap), questions and answers, reviews of
    three products, a testimonial on the wall and one asking for consent, a held post."""
    workspace = cast.workspace
    riley = make_member(workspace, "riley")
    kim = make_member(workspace, "kim-from-the-very-long-handle-club")
    sam = make_member(workspace, "sam")
    idea = ideas.submit_idea(
        riley,
        "Dark mode for the app, with a schedule that follows sunset",
        "The app is far too bright in the evening. " * 4,
    )
    others = [
        ideas.submit_idea(kim, "Export my history as CSV", "I want a spreadsheet of my usage."),
        ideas.submit_idea(sam, "Widgets", "A home screen widget to switch the lamp."),
        ideas.submit_idea(kim, "Group lamps into rooms", "So one tap turns a room on."),
    ]
    for voter in (kim, sam):
        ideas.vote(voter, idea)
    ideas.vote(riley, others[0])
    ideas.comment(kim, idea, "Yes please, and an amber night light too.")
    ideas.follow(riley, idea)
    insight = ideas.set_status(idea, "in_progress", by=cast.analyst)
    Insight.objects.filter(pk=insight.pk).update(is_public=True)
    done = ideas.set_status(others[0], "done", by=cast.analyst)
    Insight.objects.filter(pk=done.pk).update(is_public=True)
    planned = ideas.set_status(others[2], "planned", by=cast.analyst)
    Insight.objects.filter(pk=planned.pk).update(is_public=True)
    ideas.set_status(idea, "done", by=cast.analyst)  # riley is told: a notification

    asked = qa.ask_question(
        riley, "How do I pair the lamp with the hub?", "I pressed the button but nothing happens."
    )
    first = qa.answer_question(kim, asked, "Hold the button for five seconds until it blinks.")
    qa.answer_question(sam, asked, "Restart the hub first, then pair. " + LONG_LINK)
    qa.accept_answer(first, by=riley)
    solar = qa.ask_question(
        kim, "Does the plug work with solar panels?", "I want to see what I export."
    )
    tip = qa.answer_question(riley, solar, "Yes: the energy view shows both directions.")
    qa.accept_answer(tip, by=kim)

    products = [make_product(workspace, name) for name in PRODUCTS]
    review(riley, products[0], 5, "Bright, simple and it just works. " * 3)
    review(kim, products[0], 3)
    review(sam, products[0], 4)
    review(kim, products[1], 2, "The hub keeps dropping offline after the update.")
    post_contribution(sam, Draft(type="idea", title="Rude", text=ABUSE))  # held for moderation

    shown = testimonials.select_post(workspace, said[3], by=cast.admin)
    testimonials.record_staff_consent(shown, "by DM on 3 May", by=cast.admin)
    asking = testimonials.select_post(workspace, said[4], by=cast.admin)
    loved = stored_post(
        make_source(workspace, "Community quotes"),
        "The Lumio community is the friendliest place to ask anything about smart lamps!",
        sentiment="positive",
    )
    testimonials.record_staff_consent(
        testimonials.select_post(workspace, loved, by=cast.admin), "in person", by=cast.admin
    )
    told = Participant.objects.get(pk=riley.participant_id)
    return riley, {
        "idea": idea.post_id,
        "question": asked.post_id,
        "answer": first.post_id,
        "tip": tip,
        "product": products[0].pk,
        "done": done.pk,
        "told": told,
        "consent_token": testimonials.consent_token(asking),
    }


def ladder(workspace: Any, people: list[Participant]) -> None:
    """Four months of people climbing the ladder."""
    now = timezone.now()
    for i, person in enumerate(people):
        for months_ago in range(4):
            stage = STAGES[min(len(STAGES) - 1, (i + 3 - months_ago) % len(STAGES))]
            ladder_helpers.step(
                person, stage, now - timedelta(days=30 * months_ago + i), action="test"
            )
        Participant.objects.filter(pk=person.pk).update(influence=40 + 10 * i)
        mood = "positive" if i % 2 else "negative"
        for n in range(2):
            when = (now - timedelta(days=3 * n + i)).isoformat()
            ladder_helpers.said(
                person, f"{'Love' if i % 2 else 'Hate'} how the lamp {SAID[n][:60]}", mood, when
            )


def settle(workspace: Any, topics: list[Topic], insight: Insight) -> None:
    """What discovery and staff leave behind: topics with keywords and a centre, a rule."""
    centre = np.full(384, 1 / np.sqrt(384), dtype=np.float32).tobytes()
    for topic in topics:
        Topic.objects.filter(pk=topic.pk).update(
            centroid=centre, keywords=["hub", "offline", "firmware", "restart"], size=30
        )
    assert insight.team is not None
    rule = RoutingRule.objects.create(
        workspace=workspace,
        name="Outages and safety to devices",
        kinds=["complaint", "early_warning"],
        sentiments=["negative"],
        channels=["social", "app_store"],
        products=list(PRODUCTS),
        min_urgency=0.5,
        team=insight.team,
        priority=1,
        sla_hours=24,
    )
    rule.topics.set(topics)


def invitation(cast: Cast) -> str:
    """An invitation's secret, as the e-mail's link carries it."""
    invite(cast.workspace, "new.colleague@example.com", "analyst", by=cast.admin)
    for message in reversed(mail.outbox):
        for word in str(message.body).split():
            if "/invitations/" in word:
                return word.rstrip("/").rsplit("/", 1)[1]
    raise AssertionError("the invitation e-mail carries no link")
