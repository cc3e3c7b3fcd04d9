"""The weekly digest: its numbers, what it lists, the e-mail sent once, and its pages."""

from datetime import date, datetime, time, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML, URLFetcher

from socialcycle.acting.models import Insight, InsightPost
from socialcycle.listening.models import Post
from socialcycle.measuring.digest import content, rendering, sending, weeks
from socialcycle.measuring.models import DigestDelivery
from socialcycle.measuring.tests.alert_helpers import make_alert
from socialcycle.measuring.tests.test_dashboard import NOW, said
from socialcycle.testing.factories import make_source
from socialcycle.understanding.models import PostAnalysis, Topic

# `said` 3 to 5 days ago falls in the week ending yesterday, 10 to 12 days ago in the one before.
WEEK_ENDING = timezone.localdate(NOW) - timedelta(days=1)
THIS_WEEK, WEEK_BEFORE = (3, 4, 5), (10, 11, 12)


def in_week(days_ago):
    return NOW - timedelta(days=days_ago)


def insight(workspace, title, *, supported_days_ago=(), changed_days_ago=None, status="new"):
    """An insight whose supporting posts were added, and status changed, when asked."""
    made = Insight.objects.create(workspace=workspace, kind="idea", title=title, status=status)
    source = make_source(workspace)
    for days_ago in supported_days_ago:
        link = InsightPost.objects.create(insight=made, post=said(source, days_ago=days_ago))
        InsightPost.objects.filter(pk=link.pk).update(added_at=in_week(days_ago))
    if changed_days_ago is not None:
        Insight.objects.filter(pk=made.pk).update(status_changed_at=in_week(changed_days_ago))
    return made


def preview_url(workspace, week_ending=None):
    url = reverse("measuring:digest", args=[workspace.slug])
    return f"{url}?week_ending={week_ending}" if week_ending else url


def pdf_url(workspace, week_ending=WEEK_ENDING):
    return f"{reverse('measuring:digest_pdf', args=[workspace.slug])}?week_ending={week_ending}"


def laid_out_text(html):
    """The text WeasyPrint lays out on the PDF's pages (its PDF text is glyph ids)."""
    texts = []

    def walk(box):
        if isinstance(getattr(box, "text", None), str):
            texts.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in HTML(string=html, base_url=None).render().pages:
        walk(page._page_box)
    return "".join(texts)


# Numbers ------------------------------------------------------------------------------------
def test_the_weeks_numbers_are_set_against_the_week_before(cast):
    source = make_source(cast.workspace)
    for days_ago, sentiment in zip(THIS_WEEK, ("positive", "positive", "negative"), strict=True):
        said(source, days_ago=days_ago, sentiment=sentiment)
    said(source, days_ago=3, sentiment="positive")
    PostAnalysis.objects.filter(workspace=cast.workspace).update(primary_kind="idea")
    said(source, days_ago=10, sentiment="positive")
    said(source, days_ago=11, sentiment="negative")
    Post.objects.create(
        workspace=cast.workspace,
        source=source,
        channel=source.channel,
        external_id="waiting",
        text="not analysed yet",
        created_at=in_week(4),
    )
    said(source, days_ago=20, sentiment="negative")  # two weeks ago: in neither

    week = content.build_digest(cast.workspace, WEEK_ENDING)

    assert (week.posts.current, week.posts.previous) == (5, 2)
    assert week.posts.delta_text == "+3 (+150%)"
    assert (week.analysed.current, week.analysed.previous) == (4, 2)
    assert week.net_sentiment.current == 0.5  # (3 - 1) / 4
    assert week.net_sentiment.previous == 0.0
    assert week.net_sentiment.delta_text == "+0.50"
    assert week.negative_share.current_text == "25.0%"
    assert week.negative_share.delta_text == "-25.0 points"
    kinds = {kind.label: (kind.current, kind.previous) for kind in week.kinds}
    assert kinds == {"Idea": (4, 0), "Not classified": (0, 2)}


def test_an_empty_week_has_no_shares_rather_than_zero(cast):
    week = content.build_digest(cast.workspace, WEEK_ENDING)
    assert week.posts.current == 0
    assert week.net_sentiment.current is None
    assert week.negative_share.current_text == "n/a"
    assert week.posts.percent is None  # nothing the week before: no percentage


def test_a_topic_that_jumped_this_week_is_rising(cast):
    source = make_source(cast.workspace)
    outage = Topic.objects.create(workspace=cast.workspace, label="Hub outage")
    said(source, days_ago=10, topic=outage)
    for _ in range(12):
        said(source, days_ago=4, topic=outage)
    for days_ago in (*THIS_WEEK, *WEEK_BEFORE, 4, 11):
        said(source, days_ago=days_ago)

    week = content.build_digest(cast.workspace, WEEK_ENDING)

    assert [(trend.label, trend.previous, trend.current) for trend in week.rising] == [
        ("Hub outage", 1, 12)
    ]
    assert "Hub outage: 1 → 12 posts" in rendering.render_html(week)


# What happened this week --------------------------------------------------------------------
def test_insights_and_alerts_of_the_week_appear_and_older_ones_do_not(cast):
    insight(cast.workspace, "Dark mode", supported_days_ago=(3, 4, 5))
    insight(cast.workspace, "Battery report", supported_days_ago=(4,))
    insight(cast.workspace, "Old idea", supported_days_ago=(10, 11))
    insight(cast.workspace, "Hub fix", changed_days_ago=3, status="done", supported_days_ago=(20,))
    insight(cast.workspace, "Long done", changed_days_ago=12, status="planned")
    make_alert(cast.workspace, "Cloud outage", hour=in_week(4), state="acknowledged")
    make_alert(cast.workspace, "Last month", hour=in_week(30))

    week = content.build_digest(cast.workspace, WEEK_ENDING)

    assert [(line.title, line.new_posts) for line in week.top_insights] == [
        ("Dark mode", 3),
        ("Battery report", 1),
    ]
    assert [(change.title, change.status) for change in week.status_changes] == [
        ("Hub fix", "Done")
    ]
    assert [(alert.label, alert.state) for alert in week.alerts] == [
        ("Cloud outage", "Acknowledged")
    ]
    assert week.loop.insights == 5
    html = rendering.render_html(week)
    assert "Dark mode" in html
    assert "Cloud outage" in html
    assert "Old idea" not in html
    assert "Last month" not in html


def test_user_written_text_is_escaped_in_the_html_and_shown_as_text_in_the_pdf(cast):
    insight(cast.workspace, "<script>alert(1)</script> idea", supported_days_ago=(3,))
    make_alert(cast.workspace, "<img src=x onerror=alert(2)>", hour=in_week(3))
    week = content.build_digest(cast.workspace, WEEK_ENDING)

    html = rendering.render_html(week)

    assert "&lt;script&gt;alert(1)&lt;/script&gt; idea" in html
    assert "<script" not in html
    assert "<img" not in html
    assert "<script>alert(1)</script> idea" in laid_out_text(html)
    assert rendering.render_pdf(week).startswith(b"%PDF")


def test_the_pdf_fetches_nothing(cast, monkeypatch):
    fetched = []
    monkeypatch.setattr(rendering, "render_html", lambda _: '<img src="http://example.com/x.png">')
    real_fetch = URLFetcher.fetch

    def spy(self, url, *args, **kwargs):
        fetched.append(url)
        return real_fetch(self, url, *args, **kwargs)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    pdf = rendering.render_pdf(content.build_digest(cast.workspace, WEEK_ENDING))
    assert pdf.startswith(b"%PDF")
    assert fetched == ["http://example.com/x.png"]  # asked for, refused before any request


# Sending ------------------------------------------------------------------------------------
def test_the_digest_is_emailed_once_to_admins_and_analysts(cast, smtp_inbox):
    insight(cast.workspace, "Dark mode", supported_days_ago=(3,))

    delivery = sending.send_digest(cast.workspace, WEEK_ENDING)

    assert delivery is not None
    assert delivery.is_sent
    assert delivery.recipients == 2
    assert {str(message["To"]) for message in smtp_inbox.messages} == {
        cast.admin.email,
        cast.analyst.email,
    }
    message = smtp_inbox.to(cast.analyst.email)[0]
    assert "Lumio" in message["Subject"]
    assert "Dark mode" in message.get_body(preferencelist=("plain",)).get_content()
    assert "Dark mode" in message.get_body(preferencelist=("html",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{cast.workspace.slug}-digest-{WEEK_ENDING}.pdf"
    assert attachment.get_content().startswith(b"%PDF")

    assert sending.send_digest(cast.workspace, WEEK_ENDING) is None  # a retry sends nothing
    assert len(smtp_inbox.messages) == 2
    assert DigestDelivery.objects.filter(workspace=cast.workspace).count() == 1


def test_a_failed_send_frees_the_claim_for_the_next_try(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    delivery = sending.send_digest(cast.workspace, WEEK_ENDING)

    assert delivery is not None
    assert not delivery.is_sent
    assert delivery.error.startswith("ConnectionRefusedError")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retried = sending.send_digest(cast.workspace, WEEK_ENDING)
    assert retried is not None
    assert retried.is_sent
    assert len(mail.outbox) == 2


def test_the_weekly_task_sends_last_week_from_monday_morning(cast):
    monday = datetime.combine(weeks.last_week_ending(timezone.localdate()), time.min)
    monday = timezone.make_aware(monday + timedelta(days=1))
    cast.workspace.__class__.objects.update(created_at=monday - timedelta(days=30))
    sunday = monday.date() - timedelta(days=1)

    assert sending.send_due_digests(monday + timedelta(hours=6, minutes=59)) == 0
    assert mail.outbox == []
    assert sending.send_due_digests(monday + timedelta(hours=7)) == 2  # both workspaces
    assert set(DigestDelivery.objects.values_list("week_ending", flat=True)) == {sunday}
    sent = len(mail.outbox)
    assert sending.send_due_digests(monday + timedelta(hours=8)) == 0
    assert sending.send_due_digests(monday + timedelta(days=2)) == 0
    assert len(mail.outbox) == sent


def test_the_week_to_send_is_the_one_that_ended_last_sunday():
    sunday = date(2026, 3, 1)
    assert weeks.last_week_ending(date(2026, 3, 4)) == sunday  # a Wednesday
    assert weeks.last_week_ending(date(2026, 3, 2)) == sunday  # a Monday
    assert weeks.last_week_ending(date(2026, 3, 8)) == sunday  # the next Sunday


# Pages --------------------------------------------------------------------------------------
def test_a_viewer_previews_the_digest_and_a_stranger_cannot(client, cast):
    insight(cast.workspace, "Dark <b>mode</b>", supported_days_ago=(3,))
    client.force_login(cast.viewer)

    response = client.get(preview_url(cast.workspace, WEEK_ENDING))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dark &lt;b&gt;mode&lt;/b&gt;" in html
    assert pdf_url(cast.workspace) in html
    assert "Send now" not in html  # viewers only read
    client.force_login(cast.outsider)
    assert client.get(preview_url(cast.workspace)).status_code == 404


def test_the_pdf_downloads_with_its_name(client, cast):
    client.force_login(cast.viewer)

    response = client.get(pdf_url(cast.workspace))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{cast.workspace.slug}-digest-{WEEK_ENDING}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_a_bad_week_is_a_clear_400(client, cast):
    client.force_login(cast.viewer)
    for url in (preview_url(cast.workspace, "last-week"), pdf_url(cast.workspace, "2026-13-01")):
        response = client.get(url)
        assert response.status_code == 400
        assert "YYYY-MM-DD" in response.content.decode()
    future = timezone.localdate() + timedelta(days=3)
    response = client.get(preview_url(cast.workspace, future))
    assert response.status_code == 400
    assert "has not" in response.content.decode()


def test_only_an_admin_sends_now_and_only_by_post(client, cast):
    url = reverse("measuring:send_digest", args=[cast.workspace.slug])
    client.force_login(cast.analyst)
    assert client.post(url).status_code == 403
    client.force_login(cast.admin)
    assert client.get(url).status_code == 405
    assert "Send now" in client.get(preview_url(cast.workspace)).content.decode()

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert len(mail.outbox) == 2
    assert "went to 2 admins and analysts" in response.content.decode()
    assert "Send now" not in response.content.decode()
    client.post(url)
    assert len(mail.outbox) == 2  # sent already
