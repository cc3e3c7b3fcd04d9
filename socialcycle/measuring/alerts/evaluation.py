"""How well the early-warning rule catches a known outage: `socialcycle evaluate alerts`
runs it on the demo data's planted one (the command generates the demo; this module
knows nothing of it, as measuring may not import the demo).

The posts are analysed by the real models — sentiment, products named,
and topics discovered the way the understanding app discovers them — because alerts see
what the product sees, misread sentiment included. The generator's own labels would
flatter the rule. The posts are then replayed hour by hour through the same `AlertRule`
the product runs: each hour is judged against the weeks before it, episodes are tracked
as `detection.check_hours` tracks them, and an alert counts as fired at the moment the
streaming check could have seen it: when the post that brought the hour's count to the
firing level arrived.

Reported: when the outage began (its first report), the first alert and the delay
between them, every alert inside the outage's two days, and false alerts: alerts on
any other day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import cast

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis.encoder import Encoder
from socialcycle.analysis.pipeline import Pipeline
from socialcycle.analysis.topics import TopicModel
from socialcycle.analysis.types import AnalysisContext, NamedThing
from socialcycle.measuring.alerts.rule import DEFAULT_RULE, HOUR, AlertRule, hour_start

Scope = tuple[str, str]  # ("product", name) or ("topic", its keywords)
Named = tuple[str, tuple[str, ...]]  # a name and its aliases


@dataclass(frozen=True)
class Observation:
    """What the analysis said about one post, as far as alerts care."""

    created_at: datetime
    negative: bool
    scopes: tuple[Scope, ...]


@dataclass(frozen=True)
class ReplayedAlert:
    scope: Scope
    hour: datetime
    fired_at: datetime
    observed: int
    median: float
    score: float


@dataclass(frozen=True)
class AlertEvaluation:
    outage_start: datetime
    outage_days: tuple[date, date]
    quiet_days: int
    alerts: tuple[ReplayedAlert, ...]

    def in_outage(self, alert: ReplayedAlert) -> bool:
        return alert.fired_at.date() in self.outage_days

    @property
    def outage_alerts(self) -> list[ReplayedAlert]:
        return [alert for alert in self.alerts if self.in_outage(alert)]

    @property
    def false_alerts(self) -> list[ReplayedAlert]:
        return [alert for alert in self.alerts if not self.in_outage(alert)]

    @property
    def first_alert(self) -> ReplayedAlert | None:
        caught = [a for a in self.outage_alerts if a.fired_at >= self.outage_start]
        return min(caught, key=lambda alert: alert.fired_at) if caught else None

    @property
    def delay_hours(self) -> float | None:
        first = self.first_alert
        return None if first is None else (first.fired_at - self.outage_start) / HOUR


def replay(
    observations: Sequence[Observation], rule: AlertRule = DEFAULT_RULE
) -> list[ReplayedAlert]:
    """Judge every hour of every scope in time order, one alert per episode."""
    if not observations:
        return []
    moments: dict[Scope, dict[datetime, list[datetime]]] = defaultdict(lambda: defaultdict(list))
    for seen in observations:
        if seen.negative:
            for scope in seen.scopes:
                moments[scope][hour_start(seen.created_at)].append(seen.created_at)
    history_start = min(seen.created_at for seen in observations)
    fired = []
    for scope, by_hour in moments.items():
        counts = {hour: len(times) for hour, times in by_hour.items()}
        last_anomalous: datetime | None = None
        for hour in sorted(counts):
            verdict = rule.judge_hour(hour, counts, history_start)
            if not verdict.anomalous:
                continue
            if last_anomalous is None or not rule.continues(last_anomalous, hour):
                samples = [counts.get(h, 0) for h in rule.baseline_hours(hour, history_start)]
                needed = rule.firing_count(samples) or verdict.observed
                fired_at = sorted(by_hour[hour])[needed - 1]
                fired.append(
                    ReplayedAlert(
                        scope, hour, fired_at, verdict.observed, verdict.median, verdict.score
                    )
                )
            last_anomalous = hour
    return sorted(fired, key=lambda alert: alert.fired_at)


def evaluate(
    observations: Sequence[Observation],
    *,
    outage_start: datetime,
    outage_days: tuple[date, date],
    days: int,
    rule: AlertRule = DEFAULT_RULE,
) -> AlertEvaluation:
    """Replay the observations and score the alerts against the known outage."""
    return AlertEvaluation(
        outage_start=outage_start,
        outage_days=outage_days,
        quiet_days=days - len(set(outage_days)),
        alerts=tuple(replay(observations, rule)),
    )


def observe(
    texts: Sequence[str],
    created_at: Sequence[datetime],
    products: Sequence[Named],
    competitors: Sequence[Named] = (),
    model_dir: Path | None = None,
) -> list[Observation]:
    """Analyse posts with the models: sentiment, products named, topics discovered."""
    pipeline = _EncodeOnce(model_dir)
    context = AnalysisContext(
        products=tuple(NamedThing(name, tuple(aliases)) for name, aliases in products),
        competitors=tuple(NamedThing(name, tuple(aliases)) for name, aliases in competitors),
    )
    analyses = pipeline.analyze(texts, context)
    embeddings = pipeline.encode(texts)
    topics = TopicModel().fit(texts, embeddings)
    observations = []
    for when, analysis, topic in zip(created_at, analyses, topics.assign(embeddings), strict=True):
        scopes = {("product", e.name) for e in analysis.entities if e.kind == "product"}
        if topic >= 0:
            scopes.add(("topic", topics.topics_[topic].label))
        observations.append(
            Observation(when, analysis.sentiment == "negative", tuple(sorted(scopes)))
        )
    return observations


class _RememberingEncoder:
    """An encoder that encodes each distinct text once and remembers it."""

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder
        self._seen: dict[str, NDArray[np.float32]] = {}

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        missing = [text for text in dict.fromkeys(texts) if text not in self._seen]
        self._seen.update(zip(missing, self._encoder.encode(missing), strict=True))
        if not texts:
            return self._encoder.encode([])
        return np.vstack([self._seen[text] for text in texts])


class _EncodeOnce(Pipeline):
    """The analysis and the topic discovery share one embedding per text: the encoder is
    most of the evaluation's time."""

    @cached_property
    def encoder(self) -> Encoder:
        return cast(Encoder, _RememberingEncoder(super().encoder))


def format_report(evaluation: AlertEvaluation, title: str, rule: AlertRule = DEFAULT_RULE) -> str:
    def when(moment: datetime) -> str:
        return f"{moment:%Y-%m-%d %H:%M} UTC"

    def line(alert: ReplayedAlert) -> str:
        kind, name = alert.scope
        return (
            f"  {when(alert.fired_at)}  {kind} {name}: {alert.observed} negative posts in the "
            f"hour (usual {alert.median:g}, z {alert.score:.1f})"
        )

    first, delay = evaluate_first(evaluation)
    lines = [
        f"Early-warning alerts on {title}",
        f"rule: {rule.weeks} weeks x ±{rule.neighbour_hours} h baseline, "
        f"z >= {rule.threshold:g}, at least {rule.min_count} posts, "
        f"episodes end after {rule.quiet_hours} quiet hours",
        f"outage begins (first report):  {when(evaluation.outage_start)}",
        f"first alert:                   {first}",
        f"detection delay:               {delay}",
        f"alerts during the outage days: {len(evaluation.outage_alerts)}",
        *[line(alert) for alert in evaluation.outage_alerts],
        f"false alerts on {evaluation.quiet_days} quiet days:  {len(evaluation.false_alerts)}",
        *[line(alert) for alert in evaluation.false_alerts],
    ]
    return "\n".join(lines)


def evaluate_first(evaluation: AlertEvaluation) -> tuple[str, str]:
    first, delay = evaluation.first_alert, evaluation.delay_hours
    if first is None or delay is None:
        return "none (the outage was missed)", "-"
    kind, name = first.scope
    return f"{first.fired_at:%Y-%m-%d %H:%M} UTC ({kind} {name})", f"{delay:.2f} hours"
