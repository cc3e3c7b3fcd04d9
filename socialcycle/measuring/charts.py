"""Plotly figures for the dashboards, built on the server and drawn by plotly.js.

Figures are written as the plain JSON structure plotly.js reads. Building them through
plotly.graph_objects validates every property and cost ~30 ms a chart, most of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socialcycle.measuring.ladder import STAGES, FunnelMonth, stage_label
from socialcycle.measuring.queries import DailySeries

SENTIMENT_COLOURS = {"Negative": "#d64545", "Neutral": "#9aa5b1", "Positive": "#2f9e44"}


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


def stacked_bars(chart_id: str, series: DailySeries, title: str) -> Chart:
    """Daily counts as stacked bars, one colour per group."""
    days = [day.isoformat() for day in series.days]
    traces = [
        {"type": "bar", "name": label, "x": days, "y": values}
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
            "line": {"color": SENTIMENT_COLOURS.get(label, "#5c7cfa")},
        }
        for label, values in series.counts.items()
    ]
    return Chart(chart_id, {"data": traces, "layout": _layout(title, stacked=False)})


STAGE_COLOURS = ("#ced4da", "#a5d8ff", "#74c0fc", "#4dabf7", "#ffd43b", "#fab005", "#2f9e44")


def ladder_funnel(chart_id: str, months: list[FunnelMonth], title: str) -> Chart:
    """People at each stage at each month's end, stacked lowest stage at the bottom."""
    x = [month.month.isoformat() for month in months]
    traces = [
        {
            "type": "bar",
            "name": stage_label(stage),
            "x": x,
            "y": [month.at_stage.get(stage, 0) for month in months],
            "marker": {"color": colour},
        }
        for stage, colour in zip(STAGES, STAGE_COLOURS, strict=True)
    ]
    layout = _layout(title, stacked=True)
    layout["xaxis"] = {"type": "date", "dtick": "M1", "tickformat": "%b %Y"}
    return Chart(chart_id, {"data": traces, "layout": layout})
