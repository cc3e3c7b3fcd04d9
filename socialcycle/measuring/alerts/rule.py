"""The early-warning rule, as plain Python: is this hour's negative count unusual for this
hour of the week, and does an unusual hour start a new episode or continue one?

The database side is beside it (`counts`, `detection`, `notifications`, `lifecycle`); the
evaluation on the demo data (`evaluation`) replays the same rule, so what is measured is
what runs.

The rule, for one scope (a topic or a product) and one hour `h`:

- The baseline is the negative count of the same hour of the week in each of the previous
  `weeks` weeks, together with the `neighbour_hours` hours on either side of it (a week of
  sparse data says little about one hour; its neighbours say more). Hours before the
  workspace's first post are left out rather than counted as zero, and with fewer than
  `min_samples` baseline hours nothing fires: a new workspace first learns its rhythm.
- median `m` and median absolute deviation `MAD` of those counts; the spread used is
  `scale = max(1.4826 * MAD, sqrt(max(m, 1)))`: 1.4826 MAD estimates a standard deviation
  without being moved by last month's outage, and the square-root floor is the Poisson
  noise of a count, so that a scope that is usually silent (m = 0, MAD = 0) is not
  "infinitely" unusual when two posts arrive.
- score `z = (observed - m) / scale`; the hour is anomalous when `z >= threshold` *and*
  `observed >= min_count` (a handful of posts is not an early warning, whatever its z).
- Anomalous hours of one scope less than `quiet_hours` apart are one episode: it fires
  once, at its first anomalous hour, and is extended while it continues. After
  `quiet_hours` without an anomalous hour the episode is over (resolved), and the next
  anomalous hour starts a new one.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

HOUR = timedelta(hours=1)
WEEK = timedelta(days=7)
MAD_TO_SD = 1.4826  # MAD * this estimates the standard deviation of normal data


@dataclass(frozen=True)
class Verdict:
    """How one hour's count compares with its baseline."""

    observed: int
    median: float
    mad: float
    scale: float
    score: float
    samples: int
    anomalous: bool

    @property
    def jump(self) -> float:
        return self.observed - self.median


@dataclass(frozen=True)
class AlertRule:
    """Parameters of the rule (see the module docstring); the defaults are the product's."""

    weeks: int = 4
    neighbour_hours: int = 1
    min_samples: int = 6
    min_count: int = 5
    threshold: float = 4.0
    quiet_hours: int = 24

    @property
    def quiet(self) -> timedelta:
        return self.quiet_hours * HOUR

    @property
    def history(self) -> timedelta:
        """How far back from an hour its baseline reaches."""
        return self.weeks * WEEK + self.neighbour_hours * HOUR

    def baseline_hours(self, hour: datetime, history_start: datetime | None) -> list[datetime]:
        """The hours whose counts make `hour`'s baseline (none before `history_start`)."""
        hours = [
            hour - week * WEEK + offset * HOUR
            for week in range(1, self.weeks + 1)
            for offset in range(-self.neighbour_hours, self.neighbour_hours + 1)
        ]
        if history_start is None:
            return []
        first = hour_start(history_start)
        return [when for when in hours if when >= first]

    def judge(self, observed: int, samples: Sequence[int]) -> Verdict:
        """Compare one hour's count with its baseline counts."""
        if not samples:
            return Verdict(observed, 0.0, 0.0, 1.0, 0.0, 0, anomalous=False)
        median = float(statistics.median(samples))
        mad = float(statistics.median(abs(value - median) for value in samples))
        scale = max(MAD_TO_SD * mad, math.sqrt(max(median, 1.0)))
        score = (observed - median) / scale
        anomalous = (
            len(samples) >= self.min_samples
            and observed >= self.min_count
            and score >= self.threshold
        )
        return Verdict(observed, median, mad, scale, score, len(samples), anomalous)

    def judge_hour(
        self, hour: datetime, counts: Mapping[datetime, int], history_start: datetime | None
    ) -> Verdict:
        """Judge `hour` from a map of hour → count (missing hours count zero)."""
        samples = [counts.get(when, 0) for when in self.baseline_hours(hour, history_start)]
        return self.judge(counts.get(hour, 0), samples)

    def firing_count(self, samples: Sequence[int]) -> int | None:
        """The smallest count that would be anomalous against these samples (None: none)."""
        if len(samples) < self.min_samples:
            return None
        count = self.min_count
        while not self.judge(count, samples).anomalous:
            count += 1
        return count

    def continues(self, last_anomalous: datetime, hour: datetime) -> bool:
        """Whether an anomalous `hour` belongs to the episode last anomalous at that time."""
        return abs(hour - last_anomalous) <= self.quiet


DEFAULT_RULE = AlertRule()


def hour_start(moment: datetime) -> datetime:
    """The start of the UTC hour `moment` falls in (hour buckets are UTC throughout)."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
