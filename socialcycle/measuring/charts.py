"""Plotly figures for the dashboards, built on the server and drawn by plotly.js."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from socialcycle.measuring.queries import DailySeries


@dataclass(frozen=True)
class Chart:
    """A figure ready for the page: plotly.js draws `figure` into the element `id`."""

    id: str
    figure: dict[str, Any]

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"


def _as_dict(figure: go.Figure) -> dict[str, Any]:
    # Plotly's own encoder turns dates and numpy arrays into plain JSON values.
    result: dict[str, Any] = json.loads(figure.to_json())
    return result


SENTIMENT_COLOURS = {"Negative": "#d64545", "Neutral": "#9aa5b1", "Positive": "#2f9e44"}


def _layout(title: str, *, stacked: bool) -> dict[str, object]:
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
    }


def stacked_bars(chart_id: str, series: DailySeries, title: str) -> Chart:
    """Daily counts as stacked bars, one colour per group."""
    figure = go.Figure(layout=_layout(title, stacked=True))
    for label, values in series.counts.items():
        figure.add_trace(go.Bar(name=label, x=series.days, y=values))
    return Chart(chart_id, _as_dict(figure))


def sentiment_lines(chart_id: str, series: DailySeries, title: str) -> Chart:
    figure = go.Figure(layout=_layout(title, stacked=False))
    for label, values in series.counts.items():
        colour = SENTIMENT_COLOURS.get(label)
        figure.add_trace(
            go.Scatter(name=label, x=series.days, y=values, mode="lines", line={"color": colour})
        )
    return Chart(chart_id, _as_dict(figure))
