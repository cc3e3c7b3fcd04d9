"""Plotly figures for the dashboards, built on the server and drawn by plotly.js.

Figures are written as the plain JSON structure plotly.js reads. Building them through
plotly.graph_objects validates every property and cost ~30 ms a chart, most of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from socialcycle.measuring.dashboard import palette
from socialcycle.measuring.dashboard.queries import DailySeries
from socialcycle.measuring.dashboard.trends import TopicTrend
from socialcycle.measuring.dashboard.voice import Voice
from socialcycle.measuring.ladder.funnel import FunnelMonth
from socialcycle.measuring.ladder.stages import STAGES, stage_label


@dataclass(frozen=True)
class Chart:
    """A figure ready for the page: plotly.js draws `figure` into the element `id`."""

    id: str
    figure: dict[str, Any]

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"


def _layout(title: str, *, stacked: bool) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0, "font": {"size": 15}},
        "barmode": "stack" if stacked else "group",
        "height": 320,
        "margin": {"l": 40, "r": 10, "t": 40, "b": 30},
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.15},
        "hovermode": "x unified",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {"type": "date"},
        "yaxis": {"rangemode": "tozero"},
    }


def stacked_bars(chart_id: str, series: DailySeries, title: str, colours: dict[str, str]) -> Chart:
    """Daily counts as stacked bars, each group in its colour from `colours` (by label)."""
    days = [day.isoformat() for day in series.days]
    traces = [
        {
            "type": "bar",
            "name": label,
            "x": days,
            "y": values,
            "marker": {"color": colours.get(label, palette.NO_KIND_COLOUR)},
        }
        for label, values in series.counts.items()
    ]
    return Chart(chart_id, {"data": traces, "layout": _layout(title, stacked=True)})


def sentiment_lines(chart_id: str, series: DailySeries, title: str) -> Chart:
    """Daily counts per sentiment as lines in the sentiment's own colour."""
    days = [day.isoformat() for day in series.days]
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": label,
            "x": days,
            "y": values,
            "line": {"color": palette.SENTIMENT_COLOURS_BY_LABEL.get(label, "#5c7cfa")},
        }
        for label, values in series.counts.items()
    ]
    return Chart(chart_id, {"data": traces, "layout": _layout(title, stacked=False)})


def ladder_funnel(chart_id: str, months: list[FunnelMonth], title: str) -> Chart:
    """People at each stage at each month's end, stacked lowest stage at the bottom."""
    x = [month.month.isoformat() for month in months]
    traces = [
        {
            "type": "bar",
            "name": stage_label(stage),
            "x": x,
            "y": [month.at_stage.get(stage, 0) for month in months],
            "marker": {"color": palette.STAGE_COLOURS[stage]},
        }
        for stage in STAGES
    ]
    layout = _layout(title, stacked=True)
    layout["xaxis"] = {"type": "date", "dtick": "M1", "tickformat": "%b %Y"}
    return Chart(chart_id, {"data": traces, "layout": layout})


def net_sentiment(
    chart_id: str, days: list[date], net: list[float | None], totals: list[int], title: str
) -> Chart:
    """Net sentiment per day as a line; each point carries its day and post count."""
    x = [day.isoformat() for day in days]
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": "Net sentiment",
        "x": x,
        "y": net,
        "customdata": totals,
        "hovertemplate": "%{x}: %{y:.2f} over %{customdata} posts<extra></extra>",
        "line": {"color": "#3b5bdb"},
    }
    layout = _layout(title, stacked=False)
    # A little past -1 and 1, so that points at the extremes stay clear of the edges.
    layout["yaxis"] = {"range": [-1.1, 1.1], "zeroline": True, "tickvals": [-1, -0.5, 0, 0.5, 1]}
    layout["showlegend"] = False
    return Chart(chart_id, {"data": [trace], "layout": layout})


def topic_changes(chart_id: str, trends: list[TopicTrend], title: str) -> Chart:
    """Change in posts per topic against the period before, rising green, falling red."""
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": [trend.change for trend in trends],
        "y": [trend.label for trend in trends],
        "marker": {"color": ["#2f9e44" if trend.change > 0 else "#d64545" for trend in trends]},
    }
    layout = _layout(title, stacked=False)
    layout.update({"xaxis": {"zeroline": True}, "yaxis": {"automargin": True}, "showlegend": False})
    layout["hovermode"] = "closest"
    return Chart(chart_id, {"data": [trace], "layout": layout})


def share_of_voice(chart_id: str, voices: list[Voice], title: str) -> Chart:
    """Mentions per name, competitors in grey; net sentiment in the hover text."""
    trace = {
        "type": "bar",
        "x": [voice.name for voice in voices],
        "y": [voice.mentions for voice in voices],
        "customdata": [round(voice.net_sentiment, 2) for voice in voices],
        "hovertemplate": "%{x}: %{y} mentions, net sentiment %{customdata}<extra></extra>",
        "marker": {"color": ["#868e96" if voice.is_competitor else "#3b5bdb" for voice in voices]},
    }
    layout = _layout(title, stacked=False)
    # Long product names tilt and take the room they need rather than run off the card.
    layout.update({"xaxis": {"type": "category", "automargin": True}, "showlegend": False})
    layout["hovermode"] = "closest"
    return Chart(chart_id, {"data": [trace], "layout": layout})


def satisfaction_answers(chart_id: str, by_score: dict[int, int], title: str) -> Chart:
    """How many people answered 1 to 5 once their feedback's loop closed."""
    trace = {
        "type": "bar",
        "x": [str(score) for score in by_score],
        "y": list(by_score.values()),
        "hovertemplate": "%{y} answered %{x} of 5<extra></extra>",
        "marker": {"color": "#3b5bdb"},
    }
    layout = _layout(title, stacked=False)
    layout.update(
        {
            "height": 220,
            "xaxis": {"type": "category", "title": {"text": "1 not at all … 5 very"}},
            "showlegend": False,
            "hovermode": "closest",
        }
    )
    return Chart(chart_id, {"data": [trace], "layout": layout})
