"""Script in anything written on the staff side, or imported from outside, is shown as
text: insights, comments, teams, routing rules, reply templates and replies, topics,
sources, imported posts and their authors, API token names, and the audit log that
repeats what staff typed. Every page showing them is rendered in Chromium; no payload
runs (see test_xss_community.py for the community side and the payloads)."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from socialcycle.accounts.tokens import create_api_token
from socialcycle.acting import services, workflow
from socialcycle.acting.models import RoutingRule
from socialcycle.responding.models import ReplyTemplate
from socialcycle.responding.replies import reply
from socialcycle.testing.factories import make_post, make_source
from socialcycle.understanding.models import PostAnalysis, Topic
from tests.browser.staff import sign_in
from tests.browser.test_xss_community import HOSTILE, assert_no_script_ran

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_payload_runs_on_staff_pages(page: Page, live_server, cast):
    workspace, slug = cast.workspace, cast.workspace.slug
    source = make_source(workspace, "Import " + HOSTILE[:80])
    post = make_post(source, "x-1", HOSTILE, author=HOSTILE[:150])
    topic = Topic.objects.create(workspace=workspace, label=HOSTILE[:190], centroid=b"\0" * 8)
    PostAnalysis.objects.filter(post=post).update(topic=topic)
    team = services.create_team(workspace, HOSTILE[:110])
    insight = services.create_insight(
        workspace, kind="complaint", title=HOSTILE[:190], description=HOSTILE, team=team
    )
    services.attach_posts(insight, [post])
    workflow.add_comment(insight, HOSTILE, by=cast.analyst)
    RoutingRule.objects.create(workspace=workspace, name=HOSTILE[:110], team=team)
    ReplyTemplate.objects.create(workspace=workspace, name=HOSTILE[:110], body=HOSTILE)
    reply(post, HOSTILE, by=cast.admin)
    create_api_token(workspace, cast.admin, name=HOSTILE[:110], scopes=["read"])
    typed = Client()
    typed.force_login(cast.admin)  # a change the audit log repeats as it was typed
    typed.post(reverse("acting:insight", args=[slug, insight.pk]), {"comment": HOSTILE})

    sign_in(page, live_server.url, cast.admin.username)
    for path in [
        f"/w/{slug}/",
        f"/w/{slug}/posts/",
        f"/w/{slug}/posts/{post.pk}/",
        f"/w/{slug}/posts/{post.pk}/reply/",
        f"/w/{slug}/inbox/",
        f"/w/{slug}/insights/",
        f"/w/{slug}/insights/{insight.pk}/",
        f"/w/{slug}/review-kinds/",
        f"/w/{slug}/topics/",
        f"/w/{slug}/topics/{topic.pk}/",
        f"/w/{slug}/routing/",
        f"/w/{slug}/templates/",
        f"/w/{slug}/tokens/",
        f"/w/{slug}/audit/",
        f"/w/{slug}/people/",
        f"/w/{slug}/people/?q=%3Cscript%3E",
        f"/w/{slug}/people/{post.author_id}/",
        f"/w/{slug}/people/{post.author_id}/privacy/",
    ]:
        assert_no_script_ran(page, live_server.url + path)
