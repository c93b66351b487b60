"""Plotly figures of the Weights and Sensitivity pages; no streamlit here.

Same conventions as :mod:`studio.charts`: Okabe–Ito colours, and every mark carries
a text label, a pattern or a marker shape, so nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from scoring.robustness import StabilityInterval
from studio.charts import OKABE_ITO, _layout
from studio.i18n import t

__all__ = [
    "acceptability_heatmap",
    "hierarchy_treemap",
    "stability_chart",
    "tornado_chart",
    "value_chart",
]


def hierarchy_treemap(table: pd.DataFrame, lang: str) -> go.Figure:
    """The criteria tree as a treemap; each box sized by its global weight and
    labelled with its local and global share.

    ``table`` is :meth:`scoring.hierarchy.Hierarchy.table`.
    """
    tops = list(table.loc[table["parent"] == "", "id"])
    colour_of = {top: OKABE_ITO[i % len(OKABE_ITO)] for i, top in enumerate(tops)}
    parent_of = dict(zip(table["id"], table["parent"], strict=True))

    def top_of(node: str) -> str:
        while parent_of[node]:
            node = parent_of[node]
        return node

    text = [
        t("chart.tree_sector", lang, local=100 * lo, glob=100 * gl)
        for lo, gl in zip(table["local"], table["global"], strict=True)
    ]
    fig = go.Figure(
        go.Treemap(
            ids=table["id"],
            labels=table["label"],
            parents=table["parent"],
            values=table["global"],
            branchvalues="total",
            text=text,
            textinfo="label+text",
            marker={
                "colors": [colour_of[top_of(n)] for n in table["id"]],
                "line": {"color": "white", "width": 1.5},
            },
            tiling={"packing": "squarify"},
            pathbar={"visible": False},
            hovertemplate="%{label}<br>%{text}<extra></extra>",
        )
    )
    fig.update_layout(title=t("chart.tree_title", lang))
    return _layout(fig, height=640)


def value_chart(table: pd.DataFrame, frontier: Sequence[str], lang: str) -> go.Figure:
    """Benefit (0–100) against TCO; efficient vendors as diamonds on a dashed line,
    the others as circles, every vendor labelled by name."""
    efficient = table["efficient"].to_numpy(bool)
    fig = go.Figure()
    for on, symbol, colour, key in (
        (True, "diamond", OKABE_ITO[0], "chart.efficient"),
        (False, "circle-open", OKABE_ITO[5], "chart.dominated"),
    ):
        part = table[efficient == on]
        fig.add_trace(
            go.Scatter(
                x=part["tco"],
                y=100 * part["benefit"],
                mode="markers+text",
                text=list(part.index),
                textposition="top center",
                name=t(key, lang),
                marker={"symbol": symbol, "size": 13, "color": colour},
                hovertemplate="%{text}<br>TCO %{x:,.0f}<br>%{y:.1f}<extra></extra>",
            )
        )
    line = table.loc[list(frontier)]
    fig.add_trace(
        go.Scatter(
            x=line["tco"],
            y=100 * line["benefit"],
            mode="lines",
            line={"dash": "dash", "color": OKABE_ITO[0], "shape": "hv"},
            name=t("chart.frontier", lang),
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        title=t("chart.value_title", lang),
        xaxis={"title": t("chart.tco_axis", lang), "gridcolor": "#e5e5e5"},
        yaxis={"title": t("chart.benefit_axis", lang), "gridcolor": "#e5e5e5"},
        legend={"orientation": "h", "y": -0.2},
    )
    return _layout(fig, height=480)


def tornado_chart(
    frame: pd.DataFrame, labels: Mapping[str, str], current: float, lang: str
) -> go.Figure:
    """One vendor's score when each weight moves down (hatched) and up (solid).

    ``frame`` is :func:`scoring.robustness.tornado`, ``current`` the vendor's score
    now (0–1); bars start there, the widest swing on top, and each end carries the
    rank reached there.
    """
    frame = frame.iloc[::-1]
    names = [labels.get(c, c) for c in frame.index]
    base = float(current)
    fig = go.Figure()
    for end, colour, pattern, key in (
        ("low", OKABE_ITO[5], "/", "chart.weight_down"),
        ("high", OKABE_ITO[0], "", "chart.weight_up"),
    ):
        scores = 100 * frame[f"score_{end}"].to_numpy()
        ranks = frame[f"rank_{end}"].to_numpy()
        weights = 100 * frame[end].to_numpy()
        fig.add_trace(
            go.Bar(
                y=names,
                x=scores - 100 * base,
                base=100 * base,
                orientation="h",
                name=t(key, lang),
                marker={
                    "color": colour,
                    "pattern": {
                        "shape": pattern,
                        "fgcolor": "white",
                        "fillmode": "overlay",
                    },
                },
                text=[f"#{r}" for r in ranks],
                textposition="outside",
                customdata=np.column_stack([weights, ranks]),
                hovertemplate="%{y}<br>"
                + t("chart.weight_at", lang)
                + " %{customdata[0]:.1f}%<br>%{x:.2f} → #%{customdata[1]}"
                + "<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="overlay",
        title=t("chart.tornado_title", lang, vendor=frame.attrs.get("vendor", "")),
        xaxis={"title": t("chart.tornado_axis", lang), "gridcolor": "#e5e5e5"},
        yaxis={"automargin": True},
        legend={"orientation": "h", "y": -0.15},
    )
    return _layout(fig, height=max(360, 30 * len(names) + 160))


def stability_chart(
    intervals: Sequence[StabilityInterval], labels: Mapping[str, str], lang: str
) -> go.Figure:
    """Per criterion: the weight range keeping the winner (wide bar) and the whole
    ranking (narrow hatched bar), with the current weight as a black diamond."""
    rows = list(intervals)[::-1]
    names = [labels.get(i.criterion, i.criterion) for i in rows]
    fig = go.Figure()
    for kind, colour, width, pattern, key in (
        ("winner", OKABE_ITO[4], 0.7, "", "chart.winner_interval"),
        ("ranking", OKABE_ITO[1], 0.3, "x", "chart.ranking_interval"),
    ):
        low = np.array([100 * getattr(i, f"{kind}_low") for i in rows])
        high = np.array([100 * getattr(i, f"{kind}_high") for i in rows])
        fig.add_trace(
            go.Bar(
                y=names,
                x=high - low,
                base=low,
                orientation="h",
                width=width,
                name=t(key, lang),
                marker={
                    "color": colour,
                    "pattern": {
                        "shape": pattern,
                        "fgcolor": "#333333",
                        "fillmode": "overlay",
                        "solidity": 0.15,
                    },
                },
                customdata=np.column_stack([low, high]),
                hovertemplate="%{y}<br>%{customdata[0]:.1f}% – %{customdata[1]:.1f}%"
                "<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            y=names,
            x=[100 * i.weight for i in rows],
            mode="markers",
            marker={"symbol": "diamond", "size": 11, "color": "black"},
            name=t("chart.current_weight", lang),
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    fig.update_layout(
        barmode="overlay",
        title=t("chart.stability_title", lang),
        xaxis={
            "title": t("chart.weight_axis", lang),
            "range": [0, 100],
            "gridcolor": "#e5e5e5",
        },
        yaxis={"automargin": True},
        legend={"orientation": "h", "y": -0.15},
    )
    return _layout(fig, height=max(360, 30 * len(names) + 160))


def acceptability_heatmap(acceptability: pd.DataFrame, lang: str) -> go.Figure:
    """Rank-acceptability indices (vendor × rank) as a heatmap with every cell
    written in %, vendors sorted by their first-rank acceptability."""
    table = acceptability.sort_values(by=list(acceptability.columns), ascending=False)
    values = 100 * table.to_numpy()
    text = np.where(values >= 0.05, np.vectorize("{:.1f}%".format)(values), "·")
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=[t("chart.rank_n", lang, n=r) for r in table.columns],
            y=list(table.index),
            zmin=0,
            zmax=100,
            colorscale="Cividis",
            text=text,
            texttemplate="%{text}",
            textfont={"size": 12},
            colorbar={"title": {"text": "%"}, "thickness": 14},
            hovertemplate="%{y} · %{x}: %{z:.1f}%<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(
        title=t("chart.smaa_title", lang),
        xaxis={"side": "top"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return _layout(fig, height=max(320, 40 * len(table) + 160))
