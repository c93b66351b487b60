"""Plotly figures of the readiness pages; no streamlit here.

Okabe–Ito colours, and every mark carries a text label, a dash or a marker shape,
so that nothing is told by colour alone.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from scoring.readiness import Readiness
from scoring.readiness_data import Questionnaire
from studio.charts import FONT, OKABE_ITO, PATTERNS
from studio.i18n import t

__all__ = ["curve_chart", "index_chart", "readiness_radar", "survey_chart"]

BLUE, ORANGE, GREEN, VERMILION = "#0072B2", "#E69F00", "#009E73", "#D55E00"


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        plot_bgcolor="white",
    )
    return fig


def index_chart(index: float | None, q: Questionnaire, lang: str) -> go.Figure:
    """The readiness index as one bar over the verdict's labelled zones."""
    rules = q.rules
    zones = [
        (
            0,
            rules.conditions_from,
            "#f2f2f2",
            t("readiness.verdict_short.not_ready", lang),
        ),
        (
            rules.conditions_from,
            rules.ready_from,
            "#e0e0e0",
            t("readiness.verdict_short.ready_with_conditions", lang),
        ),
        (rules.ready_from, 100, "#cccccc", t("readiness.verdict_short.ready", lang)),
    ]
    fig = go.Figure()
    for start, end, fill, label in zones:
        fig.add_shape(
            type="rect",
            x0=start,
            x1=end,
            y0=-0.5,
            y1=0.5,
            fillcolor=fill,
            line={"width": 0},
            layer="below",
        )
        fig.add_annotation(
            x=(start + end) / 2,
            y=0.62,
            text=label,
            showarrow=False,
            font={"size": 12},
        )
    value = 0.0 if index is None else index
    fig.add_trace(
        go.Bar(
            x=[value],
            y=[0],
            orientation="h",
            width=0.45,
            marker={"color": BLUE},
            text=[
                t("readiness.not_assessed", lang) if index is None else f"{index:.0f}"
            ],
            textposition="outside" if value < 85 else "inside",
            textfont={"size": 18},
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        title=t("readiness.index_title", lang),
        xaxis={
            "range": [0, 100],
            "dtick": 25,
            "title": t("readiness.index_axis", lang),
        },
        yaxis={"visible": False, "range": [-0.6, 0.8]},
        showlegend=False,
    )
    return _layout(fig, 190)


def readiness_radar(result: Readiness, q: Questionnaire, lang: str) -> go.Figure:
    """Dimension scores against the target profile; not-assessed spokes are named."""
    labels = []
    for d in result.dimensions:
        label = q.dimension(d.id).label(lang)
        if d.score is None:
            label += " (–)"
        labels.append(label)
    scores = [d.score for d in result.dimensions]
    targets = [d.target for d in result.dimensions]
    fig = go.Figure()
    fig.add_trace(
        go.Scatterpolar(
            r=[*targets, targets[0]],
            theta=[*labels, labels[0]],
            name=t("readiness.target", lang),
            mode="lines+markers",
            line={"color": ORANGE, "dash": "dash", "width": 2},
            marker={"symbol": "square", "size": 7},
        )
    )
    fig.add_trace(
        go.Scatterpolar(
            r=[*scores, scores[0]],
            theta=[*labels, labels[0]],
            name=t("readiness.score", lang),
            mode="lines+markers+text",
            text=[("" if s is None else f"{s:.0f}") for s in [*scores, None]],
            textposition="top center",
            line={"color": BLUE, "width": 3},
            marker={"symbol": "circle", "size": 9},
            fill="toself",
            fillcolor="rgba(0,114,178,0.12)",
            connectgaps=False,
        )
    )
    fig.update_layout(
        title=t("readiness.radar_title", lang),
        polar={
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [25, 50, 75, 100],
                "angle": 70,
            },
            "angularaxis": {"direction": "clockwise"},
        },
        legend={"orientation": "h", "y": -0.08},
    )
    _layout(fig, 470)
    fig.update_layout(margin={"l": 110, "r": 110, "t": 60, "b": 30})
    return fig


def survey_chart(q: Questionnaire, stage: str | None, lang: str) -> go.Figure:
    """The survey's stages as one stacked bar, the organisation's stage pointed at."""
    fig = go.Figure()
    start = 0.0
    colours = [OKABE_ITO[7], OKABE_ITO[4], BLUE, GREEN]
    for i, s in enumerate(q.survey.stages):
        fig.add_trace(
            go.Bar(
                x=[s.share],
                y=[0],
                orientation="h",
                name=s.label(lang),
                marker={
                    "color": colours[i % len(colours)],
                    "line": {"color": "white", "width": 2},
                    "pattern": {
                        "shape": PATTERNS[i + 1],
                        "fgcolor": "white",
                        "fillmode": "overlay",
                        "solidity": 0.2,
                    },
                },
                text=[f"{s.label(lang)}<br><b>{s.share:.0f}%</b>"],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": "black", "size": 13},
                hovertemplate=f"{s.label(lang)}: {s.share:.0f}%<extra></extra>",
            )
        )
        if s.id == stage:
            fig.add_annotation(
                x=start + s.share / 2,
                y=0.42,
                text=f"▼ {t('readiness.you_are_here', lang)}",
                showarrow=False,
                font={"size": 14, "color": "black"},
                bgcolor="white",
                bordercolor="black",
                borderwidth=1,
            )
        start += s.share
    fig.update_layout(
        barmode="stack",
        title=t("readiness.survey_title", lang, n=q.survey.respondents),
        xaxis={"range": [0, 100], "ticksuffix": "%"},
        yaxis={"visible": False, "range": [-0.5, 0.7]},
        showlegend=False,
        bargap=0.1,
        uniformtext={"minsize": 10, "mode": "show"},
    )
    return _layout(fig, 210)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-10 * (x - 0.5)))


def curve_chart(q: Questionnaire, industry: str | None, lang: str) -> go.Figure:
    """The industry adoption curve: phases, the twelve industries, the user's own."""
    curve = q.curve
    fig = go.Figure()
    bounds = [p.start for p in curve.phases] + [1.0]
    for i, phase in enumerate(curve.phases):
        fig.add_shape(
            type="rect",
            x0=bounds[i],
            x1=bounds[i + 1],
            y0=0,
            y1=1.08,
            fillcolor="#f5f5f5" if i % 2 == 0 else "white",
            line={"width": 0},
            layer="below",
        )
        fig.add_annotation(
            x=(bounds[i] + bounds[i + 1]) / 2,
            y=1.13,
            text=f"<b>{phase.label(lang)}</b>",
            showarrow=False,
        )
    x = np.linspace(0, 1, 101)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_logistic(x),
            mode="lines",
            line={"color": "#555555", "width": 2},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    others = [i for i in curve.industries if i.id != industry]
    positions = np.array([i.position for i in others])
    fig.add_trace(
        go.Scatter(
            x=positions,
            y=_logistic(positions),
            mode="markers+text",
            text=[i.label(lang) for i in others],
            textposition=[
                "top left" if k % 2 == 0 else "bottom right" for k in range(len(others))
            ],
            textfont={"size": 11},
            marker={"symbol": "circle", "size": 8, "color": BLUE},
            name=t("readiness.industries", lang),
            hovertemplate="%{text}<extra></extra>",
        )
    )
    chosen = next((i for i in curve.industries if i.id == industry), None)
    if chosen is not None:
        y = float(_logistic(np.array([chosen.position]))[0])
        fig.add_trace(
            go.Scatter(
                x=[chosen.position],
                y=[y],
                mode="markers",
                marker={
                    "symbol": "star",
                    "size": 20,
                    "color": VERMILION,
                    "line": {"color": "black", "width": 1},
                },
                name=t("readiness.your_industry", lang, industry=chosen.label(lang)),
                hoverinfo="name",
            )
        )
        fig.add_annotation(
            x=chosen.position,
            y=y,
            ax=90,
            ay=45,
            text=f"<b>{chosen.label(lang)}</b>",
            showarrow=True,
            arrowhead=2,
            bgcolor="white",
            bordercolor=VERMILION,
        )
    fig.update_layout(
        title=t("readiness.curve_title", lang),
        xaxis={
            "range": [0, 1],
            "showticklabels": False,
            "title": t("readiness.curve_x", lang),
        },
        yaxis={
            "range": [0, 1.2],
            "showticklabels": False,
            "title": t("readiness.curve_y", lang),
        },
        legend={"orientation": "h", "y": -0.12},
    )
    return _layout(fig, 440)
