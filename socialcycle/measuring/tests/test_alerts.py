"""Early-warning alerts: a burst against a stable weekly rhythm fires once per episode,
with its evidence, to staff by e-mail and to webhooks; usual peaks and tiny counts do not."""

from datetime import timedelta

import pytest

from socialcycle.acting.models import Webhook, WebhookDelivery
from socialcycle.measuring import tasks
from socialcycle.measuring.alerts import detection, lifecycle, notifications
from socialcycle.measuring.alerts.rule import DEFAULT_RULE, AlertRule
from socialcycle.measuring.models import Alert
from socialcycle.measuring.tests.alert_helpers import (
    HOUR,
    NOW,
    make_alert,
    posts_in,
    product,
    topic,
    usual_weeks,
)
from socialcycle.understanding.services import wake_alert_check

QUIET = {-1: 1, 0: 1, 1: 0}  # about one negative post an hour at this time of the week


def test_a_burst_against_a_stable_week_fires_with_its_evidence(cast):
    cloud = topic(cast.workspace)
    usual_weeks(cast.workspace, cloud, HOUR, QUIET)
    burst = posts_in(cast.workspace, HOUR, 12, about=cloud)
    posts_in(cast.workspace, HOUR, 30, about=cloud, sentiment="positive")  # not counted

    (alert,) = detection.check_workspace(cast.workspace, now=NOW)

    assert (alert.scope, alert.scope_id, alert.scope_label) == ("topic", cloud.pk, cloud.label)
    assert alert.hour == HOUR
    assert alert.observed == 12
    assert alert.baseline_median == 1.0
    assert alert.baseline_samples == 12  # 4 weeks x the hour and its two neighbours
    assert alert.score >= DEFAULT_RULE.threshold
    assert alert.jump == 11
    assert alert.evidence_post_ids == [post.pk for post in burst]
    assert alert.state == Alert.State.OPEN
    assert alert.episode_key == f"topic:{cloud.pk}:{HOUR.isoformat()}"


def test_a_products_negative_burst_fires_for_the_product(cast):
    hub = product(cast.workspace)
    usual_weeks(cast.workspace, hub, HOUR, QUIET)
    posts_in(cast.workspace, HOUR, 8, about=hub)

    (alert,) = detection.check_workspace(cast.workspace, now=NOW)

    assert (alert.scope, alert.scope_id, alert.scope_label) == ("product", hub.pk, "Lumio Hub")
    assert len(alert.evidence_post_ids) == 8


def test_the_usual_weekly_peak_does_not_fire_but_the_same_count_on_a_quiet_hour_does(cast):
    evenings, mornings = topic(cast.workspace, "Evenings"), topic(cast.workspace, "Mornings")
    usual_weeks(cast.workspace, evenings, HOUR, {-1: 9, 0: 11, 1: 10})  # the weekly peak
    usual_weeks(cast.workspace, mornings, HOUR, QUIET)
    posts_in(cast.workspace, HOUR, 13, about=evenings)
    posts_in(cast.workspace, HOUR, 13, about=mornings)

    fired = detection.check_workspace(cast.workspace, now=NOW)

    assert [alert.scope_label for alert in fired] == ["Mornings"]


def test_a_handful_of_posts_on_a_silent_topic_does_not_fire(cast):
    cloud = topic(cast.workspace)
    posts_in(cast.workspace, HOUR - 4 * 7 * 24 * timedelta(hours=1), 1, sentiment="positive")
    posts_in(cast.workspace, HOUR, DEFAULT_RULE.min_count - 1, about=cloud)  # z is 4, but few

    assert detection.check_workspace(cast.workspace, now=NOW) == []
    verdict = DEFAULT_RULE.judge(DEFAULT_RULE.min_count - 1, [0] * 12)
    assert verdict.score >= DEFAULT_RULE.threshold
    assert not verdict.anomalous


def test_a_new_workspace_without_two_weeks_of_history_learns_first(cast):
    cloud = topic(cast.workspace)
    usual_weeks(cast.workspace, cloud, HOUR, QUIET, weeks=1)
    posts_in(cast.workspace, HOUR, 30, about=cloud)

    assert detection.check_workspace(cast.workspace, now=NOW) == []


def test_an_episode_fires_once_however_often_it_is_checked(cast, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    cloud = topic(cast.workspace)
    usual_weeks(cast.workspace, cloud, HOUR, QUIET)
    usual_weeks(cast.workspace, cloud, HOUR + timedelta(hours=2), QUIET)
    posts_in(cast.workspace, HOUR, 12, about=cloud)

    assert tasks.check_alerts() == 1  # the beat task
    assert tasks.check_alerts() == 0
    assert detection.check_workspace(cast.workspace, now=NOW) == []
    posts_in(cast.workspace, HOUR + timedelta(hours=1), 15, about=cloud)  # still going on
    later = NOW + timedelta(hours=1)
    assert detection.check_workspace(cast.workspace, now=later) == []
    assert detection.check_workspace(cast.workspace, now=later) == []

    (alert,) = Alert.objects.all()
    assert alert.hour == HOUR
    assert alert.last_anomalous_hour == HOUR + timedelta(hours=1)
    assert alert.peak_observed == 15


def test_a_new_episode_after_a_quiet_gap_fires_again(cast):
    cloud = topic(cast.workspace)
    again = HOUR + timedelta(hours=DEFAULT_RULE.quiet_hours + 6)
    usual_weeks(cast.workspace, cloud, HOUR, QUIET)
    usual_weeks(cast.workspace, cloud, again, QUIET)
    posts_in(cast.workspace, HOUR, 12, about=cloud)
    posts_in(cast.workspace, again, 12, about=cloud)

    first = detection.check_workspace(cast.workspace, now=NOW)
    second = detection.check_workspace(cast.workspace, now=again + timedelta(minutes=5))

    assert len(first) == len(second) == 1
    assert second[0].episode_key != first[0].episode_key
    first[0].refresh_from_db()
    assert first[0].state == Alert.State.RESOLVED  # its episode ended with the quiet gap
    assert second[0].state == Alert.State.OPEN


def test_checking_the_history_finds_past_episodes_and_tells_nobody(
    cast, smtp_inbox, django_capture_on_commit_callbacks
):
    Webhook.objects.create(
        workspace=cast.workspace, url="https://hooks.example/a", events=["alert.fired"]
    )
    cloud = topic(cast.workspace)
    past = HOUR - timedelta(days=3)
    usual_weeks(cast.workspace, cloud, past, QUIET)
    posts_in(cast.workspace, past, 12, about=cloud)
    posts_in(cast.workspace, past + timedelta(days=1), 1, about=cloud)  # an ordinary hour

    with django_capture_on_commit_callbacks(execute=True):
        (alert,) = detection.check_history(cast.workspace, now=NOW)

    assert (alert.hour, alert.observed, alert.from_history) == (past, 12, True)
    assert alert.state == Alert.State.RESOLVED  # three quiet days followed it
    assert smtp_inbox.messages == []
    assert not WebhookDelivery.objects.exists()
    assert notifications.unsent_alert_ids(alert.created_at) == []
    assert detection.check_history(cast.workspace, now=NOW) == []
    assert Alert.objects.count() == 1


def test_a_workspace_without_posts_has_no_history_to_check(cast):
    assert detection.check_history(cast.workspace, now=NOW) == []


def test_staff_who_watch_the_workspace_are_emailed_once(
    cast, smtp_inbox, django_capture_on_commit_callbacks
):
    cloud = topic(cast.workspace, "Cloud <outage>")
    usual_weeks(cast.workspace, cloud, HOUR, QUIET)
    posts_in(cast.workspace, HOUR, 12, about=cloud)

    with django_capture_on_commit_callbacks(execute=True):
        (alert,) = detection.check_workspace(cast.workspace, now=NOW)

    assert {str(message["To"]) for message in smtp_inbox.messages} == {
        cast.admin.email,
        cast.analyst.email,
    }
    message = smtp_inbox.to(cast.analyst.email)[0]
    assert "Cloud <outage>" in message["Subject"]
    body = message.get_content()
    assert "12 negative posts" in body
    assert f"/alerts/#alert-{alert.pk}" in body
    assert notifications.send_alert_emails(alert.pk) == 0  # claimed: never twice
    assert len(smtp_inbox.messages) == 2


def test_a_failed_email_is_tried_again_by_the_periodic_check(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    alert = make_alert(cast.workspace, created_at=NOW)

    assert notifications.send_alert_emails(alert.pk) == 0
    alert.refresh_from_db()
    assert alert.emailed_at is None
    assert alert.email_error.startswith("ConnectionRefusedError")
    assert alert.pk in notifications.unsent_alert_ids(alert.created_at)


def test_an_alert_is_sent_to_webhooks_that_want_it(cast):
    wanted = Webhook.objects.create(
        workspace=cast.workspace, url="https://hooks.example/a", events=["alert.fired"], secret="s"
    )
    Webhook.objects.create(
        workspace=cast.workspace, url="https://hooks.example/b", events=["insight.created"]
    )
    cloud = topic(cast.workspace)
    usual_weeks(cast.workspace, cloud, HOUR, QUIET)
    burst = posts_in(cast.workspace, HOUR, 12, about=cloud)

    (alert,) = detection.check_workspace(cast.workspace, now=NOW)

    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.webhook == wanted
    assert delivery.event == "alert.fired"
    sent = delivery.payload["data"]["alert"]
    assert sent["id"] == alert.pk
    assert (sent["scope"], sent["label"], sent["observed"]) == ("topic", cloud.label, 12)
    assert sent["baseline_median"] == 1.0
    assert sent["evidence_post_ids"] == [post.pk for post in burst]


def test_an_analyst_acknowledges_an_open_alert_once(cast):
    alert = make_alert(cast.workspace)

    assert lifecycle.acknowledge_alert(alert, by=cast.analyst)
    assert not lifecycle.acknowledge_alert(alert, by=cast.admin)

    alert.refresh_from_db()
    assert alert.state == Alert.State.ACKNOWLEDGED
    assert alert.acknowledged_by == cast.analyst
    assert alert.acknowledged_at is not None


def test_analysed_posts_wake_a_check_at_most_once_a_minute(
    cast, django_capture_on_commit_callbacks, monkeypatch
):
    checked = []

    def check(workspace):
        checked.append(workspace)
        return []

    monkeypatch.setattr(detection, "check_workspace", check)
    with django_capture_on_commit_callbacks(execute=True):
        assert wake_alert_check(cast.workspace.pk)
        assert not wake_alert_check(cast.workspace.pk)
        assert wake_alert_check(cast.other_workspace.pk)
    assert checked == [cast.workspace, cast.other_workspace]


@pytest.mark.parametrize(
    ("observed", "samples", "fires"),
    [
        (12, [1, 1, 0] * 4, True),
        (12, [10, 11, 9] * 4, False),  # the usual peak
        (4, [0] * 12, False),  # below the minimum count
        (30, [0] * 5, False),  # too little history
        (40, [1, 1, 0, 2, 1, 1, 30, 35, 33, 1, 0, 1], True),  # last outage barely moves it
    ],
)
def test_the_rule(observed, samples, fires):
    assert AlertRule().judge(observed, samples).anomalous is fires
