"""Plotly figures of the studio, built from engine results; no streamlit here.

Colours come from the Okabe–Ito palette, which stays distinguishable under the
common forms of colour blindness; where more categories are needed than colours,
bar patterns and marker shapes tell them apart, and every mark carries a text label
so nothing is told by colour alone.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from scoring.builtin import load_areas, load_pillars
from scoring.evaluate import Result
from scoring.models import Evaluation, RatingKind
from studio.i18n import t

__all__ = [
    "FONT",
    "OKABE_ITO",
    "crm_sunburst",
    "gap_chart",
    "matrix_heatmap",
    "radar_chart",
    "ranking_chart",
]

#: Okabe & Ito (2008), "Color Universal Design", without black.
OKABE_ITO = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
]
PILLAR_COLOURS = {"SA": "#0072B2", "MA": "#E69F00", "CS": "#009E73", "AN": "#CC79A7"}
PATTERNS = ["", "/", "\\", "x", ".", "+", "-", "|"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up"]
DASHES = ["solid", "dash", "dot", "dashdot"]
FONT = "Noto Sans CJK TC, Noto Sans TC, Microsoft JhengHei, PingFang TC, sans-serif"


def esc(text: object) -> str:
    """Text that plotly shows as typed: its pseudo-HTML (``<b>``, ``<br>``) escaped.

    Vendor names and criterion labels come from people's spreadsheets; plotly would
    otherwise render tags in them.
    """
    return html.escape(str(text), quote=False)


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        plot_bgcolor="white",
        legend={"font": {"size": 12}},
    )
    return fig


def _pillar_labels(lang: str) -> dict[str, str]:
    return {p.id: p.label(lang) for p in load_pillars()}


def ranking_chart(evaluation: Evaluation, result: Result, lang: str) -> go.Figure:
    """Ranked vendors as horizontal bars stacked by each criterion's contribution.

    Bars are coloured by CRM pillar and patterned by criterion within the pillar;
    the rank and total are written at the end of each bar.
    """
    ranked = result.ranked
    names = list(ranked.index)[::-1]  # best at the top
    pillar_label = _pillar_labels(lang)
    seen: dict[str, int] = {}
    fig = go.Figure()
    for criterion in evaluation.criteria:
        weight = result.weights[criterion.id]
        if weight <= 0:
            continue
        pillar = criterion.pillar or ""
        index = seen.get(pillar, 0)
        seen[pillar] = index + 1
        # criteria outside the CRM pillars (imported ones) get a colour each
        colour = PILLAR_COLOURS.get(pillar) or OKABE_ITO[index % len(OKABE_ITO)]
        shape = (
            PATTERNS[index % len(PATTERNS)]
            if pillar
            else PATTERNS[(index // len(OKABE_ITO)) % len(PATTERNS)]
        )
        points = 100 * result.contributions.loc[names, criterion.id].to_numpy()
        fig.add_trace(
            go.Bar(
                y=[esc(n) for n in names],
                x=points,
                orientation="h",
                name=esc(criterion.label(lang)),
                legendgroup=pillar,
                legendgrouptitle_text=pillar_label.get(pillar, pillar) or None,
                marker={
                    "color": colour,
                    "line": {"color": "white", "width": 1},
                    "pattern": {
                        "shape": shape,
                        "fgcolor": "white",
                        "fillmode": "overlay",
                        "solidity": 0.3,
                    },
                },
                hovertemplate="%{y}<br>"
                + esc(criterion.label(lang))
                + ": %{x:.2f}<extra></extra>",
            )
        )
    totals = 100 * ranked["total"].to_numpy()[::-1]
    ranks = ranked["rank"].to_numpy()[::-1]
    fig.add_trace(
        go.Scatter(
            y=[esc(n) for n in names],
            x=totals,
            mode="text",
            text=[f"  #{r}  {v:.1f}" for r, v in zip(ranks, totals, strict=True)],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    top = float(np.nanmax(totals)) if len(totals) else 1.0
    fig.update_layout(
        barmode="stack",
        title=t("chart.ranking_title", lang),
        xaxis={
            "title": t("chart.score_axis", lang),
            "range": [0, max(top * 1.3, 1.0)],
            "gridcolor": "#e5e5e5",
        },
        yaxis={"automargin": True},
        legend={"groupclick": "toggleitem", "traceorder": "grouped"},
    )
    # tall enough for the bars and for the legend (one line per area and group)
    legend_lines = len(fig.data) + 2 * len(seen)
    return _layout(fig, height=max(360, 46 * len(names) + 120, 21 * legend_lines + 80))


def matrix_heatmap(evaluation: Evaluation, lang: str) -> go.Figure:
    """The capability matrix: numbers on a cividis scale, marks in grey with text.

    Every cell shows its content (``7``, ``N/A``, ``P``, ``?``), so the four kinds
    of cell differ by label, not by colour alone.
    """
    ratings = evaluation.ratings
    x = [esc(c.label(lang)) for c in evaluation.criteria]
    y = [esc(v.name) + (" *" if v.b2b else "") for v in evaluation.vendors]
    kinds = ratings.kinds
    mark_text = {
        RatingKind.NOT_OFFERED: "N/A",
        RatingKind.PARTNER: "P",
        RatingKind.UNKNOWN: "?",
    }
    mark_z = np.where(kinds == RatingKind.VALUE, np.nan, kinds.astype(float))
    mark_labels = np.vectorize(lambda k: mark_text.get(RatingKind(k), ""))(kinds)
    hover_kind = {
        RatingKind.NOT_OFFERED: t("matrix.kind_not_offered", lang),
        RatingKind.PARTNER: t("matrix.kind_partner", lang),
        RatingKind.UNKNOWN: t("matrix.kind_unknown", lang),
    }
    mark_hover = np.vectorize(lambda k: hover_kind.get(RatingKind(k), ""))(kinds)
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=mark_z,
            x=x,
            y=y,
            zmin=1,
            zmax=3,
            colorscale=[
                [0.0, "#f2f2f2"],
                [0.5, "#d9d9d9"],
                [1.0, "#ffffff"],
            ],
            showscale=False,
            text=mark_labels,
            customdata=mark_hover,
            texttemplate="%{text}",
            textfont={"color": "#333333", "size": 12},
            hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    scale = evaluation.scale
    values = np.where(kinds == RatingKind.VALUE, ratings.values, np.nan)
    fig.add_trace(
        go.Heatmap(
            z=values,
            x=x,
            y=y,
            zmin=scale.low,
            zmax=scale.high,
            colorscale="Cividis",
            colorbar={"title": {"text": t("matrix.rating", lang)}, "thickness": 14},
            text=np.where(np.isnan(values), "", np.vectorize("{:g}".format)(values)),
            texttemplate="%{text}",
            textfont={"size": 13},
            hovertemplate="%{y} · %{x}<br>"
            + t("matrix.rating", lang)
            + ": %{z}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(
        xaxis={
            "side": "top",
            "tickangle": -35,
            "tickfont": {"size": 13, "color": "#333333"},
        },
        yaxis_tickfont={"size": 13, "color": "#333333"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return _layout(fig, height=max(360, 44 * len(y) + 200))


def radar_chart(
    evaluation: Evaluation, result: Result, vendors: list[str], lang: str
) -> go.Figure:
    """Normalised scores (0–100) of a few vendors on every criterion.

    Unknown cells are drawn at zero and marked in the hover text; each vendor has
    its own colour, line dash and marker shape.
    """
    labels = [esc(c.label(lang)) for c in evaluation.criteria]
    fig = go.Figure()
    for i, vendor in enumerate(vendors):
        row = result.normalized.loc[vendor]
        marks = [
            evaluation.ratings.cell(vendor, c.id).mark or "?"
            for c in evaluation.criteria
        ]
        r = list(100 * row.fillna(0).to_numpy())
        fig.add_trace(
            go.Scatterpolar(
                r=r + r[:1],
                theta=labels + labels[:1],
                name=esc(vendor),
                customdata=marks + marks[:1],
                mode="lines+markers",
                line={"color": OKABE_ITO[i], "dash": DASHES[i], "width": 2.5},
                marker={"symbol": SYMBOLS[i], "size": 8},
                hovertemplate="%{theta}: %{r:.0f} (%{customdata})<extra>"
                + esc(vendor)
                + "</extra>",
            )
        )
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 100],
                "tickfont": {"size": 9, "color": "#777777"},
                # ticks between two spokes, where no label or trace sits
                "angle": 180 / max(len(labels), 1),
                "tickangle": 180 / max(len(labels), 1),
            },
            "angularaxis": {"tickfont": {"size": 12}},
        },
        title=t("chart.radar_title", lang),
        legend={"orientation": "h", "y": -0.1},
    )
    return _layout(fig, height=520)


def gap_chart(
    evaluation: Evaluation, result: Result, leader: str, other: str, lang: str
) -> go.Figure:
    """Per-criterion difference of contributions, ``leader − other``, in points."""
    diff = 100 * (result.contributions.loc[leader] - result.contributions.loc[other])
    diff = diff[result.weights > 0].sort_values()
    labels = [esc(evaluation.criterion(c).label(lang)) for c in diff.index]
    colours = ["#0072B2" if v >= 0 else "#D55E00" for v in diff]
    fig = go.Figure(
        go.Bar(
            x=diff.to_numpy(),
            y=labels,
            orientation="h",
            marker={
                "color": colours,
                "pattern": {
                    "shape": ["" if v >= 0 else "/" for v in diff],
                    "fgcolor": "white",
                    "fillmode": "overlay",
                },
            },
            text=[f"{v:+.2f}" for v in diff],
            textposition="outside",
            hovertemplate="%{y}: %{x:+.2f}<extra></extra>",
        )
    )
    span = float(np.abs(diff).max()) if len(diff) else 1.0
    fig.update_layout(
        title=t("chart.gap_title", lang, a=esc(leader), b=esc(other)),
        xaxis={
            "title": t("chart.gap_axis", lang, a=esc(leader), b=esc(other)),
            "range": [-span * 1.35 - 0.5, span * 1.35 + 0.5],
            "zeroline": True,
            "zerolinecolor": "#333333",
            "gridcolor": "#e5e5e5",
        },
        yaxis={"automargin": True},
    )
    return _layout(fig, height=max(320, 30 * len(labels) + 120))


def crm_sunburst(lang: str) -> go.Figure:
    """CRM = MA + SA + CS (+ analytics): the pillars and their functional areas."""
    pillars = load_pillars()
    areas = load_areas()
    root = "CRM"
    ids, labels, parents, colours = [root], [root], [""], ["#ffffff"]
    for pillar in pillars:
        ids.append(pillar.id)
        labels.append(f"{pillar.id}<br>{pillar.label(lang)}")
        parents.append(root)
        colours.append(PILLAR_COLOURS[pillar.id])
        for area in areas:
            if area.pillar == pillar.id:
                ids.append(area.id)
                labels.append(area.label(lang))
                parents.append(pillar.id)
                colours.append(PILLAR_COLOURS[pillar.id])
    fig = go.Figure(
        go.Sunburst(
            ids=ids,
            labels=labels,
            parents=parents,
            marker={"colors": colours, "line": {"color": "white", "width": 2}},
            insidetextorientation="horizontal",
            hovertemplate="%{label}<extra></extra>",
        )
    )
    return _layout(fig, height=520)
