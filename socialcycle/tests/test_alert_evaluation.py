"""`socialcycle evaluate alerts`: the demo's planted outage is caught within its first
hours, and nothing fires on the quiet days."""

from datetime import UTC, datetime, timedelta

import pytest

from socialcycle.commands.evaluate import evaluate_alerts_on_demo
from socialcycle.measuring.alerts.evaluation import Observation, format_report, replay

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
HUB = (("product", "Lumio Hub"),)


def everyday(weeks):
    """One negative post about the hub every day at 19:10 and 19:40, for `weeks` weeks."""
    return [
        Observation(START + timedelta(days=day, hours=19, minutes=minute), True, HUB)
        for day in range(weeks * 7)
        for minute in (10, 40)
    ]


def test_replay_fires_once_per_burst_at_the_post_that_made_it_unusual():
    burst_hour = START + timedelta(days=35, hours=9)
    burst = [Observation(burst_hour + timedelta(minutes=5 * i), True, HUB) for i in range(1, 10)]
    next_hour = [
        Observation(burst_hour + timedelta(hours=1, minutes=i), True, HUB) for i in range(9)
    ]
    happy = [Observation(burst_hour + timedelta(minutes=i), False, HUB) for i in range(30)]

    (alert,) = replay(everyday(6) + burst + next_hour + happy)

    assert alert.scope == HUB[0]
    assert alert.hour == burst_hour
    assert alert.observed == 9
    assert alert.fired_at == burst[4].created_at  # the fifth post: the minimum count


def test_replay_does_not_fire_on_the_daily_rhythm():
    assert replay(everyday(8)) == []


@pytest.fixture(scope="module")
def demo_evaluation():
    return evaluate_alerts_on_demo(
        None
    )  # the real models over the whole demo dataset (under a minute)


def test_the_demo_outage_is_caught_within_its_first_hours(demo_evaluation):
    delay = demo_evaluation.delay_hours
    assert delay is not None
    assert 0 <= delay <= 3
    assert demo_evaluation.first_alert.fired_at.date() == demo_evaluation.outage_days[0]


def test_no_alert_fires_on_the_quiet_days(demo_evaluation):
    assert demo_evaluation.quiet_days >= 80
    assert demo_evaluation.false_alerts == []


def test_the_report_names_the_delay_and_the_false_alerts(demo_evaluation):
    report = format_report(demo_evaluation, "the demo")
    assert f"detection delay:               {demo_evaluation.delay_hours:.2f} hours" in report
    assert "false alerts on 88 quiet days:  0" in report
