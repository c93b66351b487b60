"""The criteria tree: local weights per node, global weights down the tree.

The six criteria of the source (viability, service & support, technology,
functionality, cost, vision) carry sub-criteria; functionality's sub-criteria can be
replaced by the functional areas of a segment's capability matrix, so that the
matrix's ratings sit under it. Each node has a local weight among its siblings; a
leaf's global weight is the product of the local weights on its path from the root.

References
----------
.. [1] Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill (composing
   priorities down a hierarchy).
.. [2] Keeney, R. L. and Raiffa, H. (1976). Decisions with Multiple Objectives.
   Wiley, ch. 2 (value trees).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
from pydantic import BaseModel, ConfigDict

from scoring.builtin import load_criteria, load_market
from scoring.errors import InputError
from scoring.models import Criterion, Weights

__all__ = ["Hierarchy", "Node", "build_hierarchy"]

ROOT = "goal"


class Node(BaseModel):
    """A node of the tree: a criterion with its parent and local (raw) weight."""

    model_config = ConfigDict(frozen=True)

    criterion: Criterion
    parent: str
    local: float = 1.0


class Hierarchy(BaseModel):
    """A criteria tree whose root is the goal (``"goal"``).

    Local weights are any non-negative numbers; they are normalised among siblings,
    so ``{"cost": 2, "vision": 1}`` gives cost two thirds of its parent's weight.
    """

    model_config = ConfigDict(frozen=True)

    nodes: dict[str, Node]

    def children(self, node: str = ROOT) -> list[str]:
        return [k for k, n in self.nodes.items() if n.parent == node]

    @property
    def leaves(self) -> list[str]:
        parents = {n.parent for n in self.nodes.values()}
        return [k for k in self.nodes if k not in parents]

    def validate_weights(self) -> None:
        """Raise :class:`InputError` naming the first node whose weights are unusable.

        A local weight must be finite and non-negative, and every node with children
        needs at least one child of positive weight.
        """
        for key, node in self.nodes.items():
            if not math.isfinite(node.local) or node.local < 0:
                raise InputError(
                    f"local weight of {key!r} ({node.criterion.label_en}) is unusable",
                    field=f"hierarchy.{key}",
                    expected="a finite, non-negative number",
                    found=f"{node.local!r}",
                )
        for parent in [ROOT, *self.nodes]:
            children = self.children(parent)
            if children and not any(self.nodes[c].local > 0 for c in children):
                raise InputError(
                    f"every sub-criterion of {parent!r} has weight zero",
                    field=f"hierarchy.{parent}",
                    expected="a positive weight on at least one of: "
                    + ", ".join(children),
                    found="all zero",
                )

    def local_weights(self) -> dict[str, float]:
        """Each node's weight among its siblings (siblings sum to 1)."""
        self.validate_weights()
        out = {}
        for parent in [ROOT, *self.nodes]:
            children = self.children(parent)
            total = sum(self.nodes[c].local for c in children)
            for child in children:
                out[child] = self.nodes[child].local / total
        return out

    def global_weights(self) -> dict[str, float]:
        """Each node's share of the goal: the product of local weights on its path."""
        local = self.local_weights()
        out: dict[str, float] = {}
        for key in self.nodes:
            weight, node = 1.0, key
            while node != ROOT:
                weight *= local[node]
                node = self.nodes[node].parent
            out[key] = weight
        return out

    def leaf_weights(self, criteria: Sequence[str] | None = None) -> Weights:
        """Global weights of the leaves, as :class:`Weights` for an evaluation.

        With ``criteria`` (the evaluation's criterion ids), only those leaves are
        kept; the others' weight is left out and the rest renormalised when used.
        """
        weights = self.global_weights()
        keep = [c for c in self.leaves if criteria is None or c in criteria]
        return Weights(values={c: weights[c] for c in keep})

    def with_local(self, changes: Mapping[str, float]) -> Hierarchy:
        """A copy with some local weights changed; unknown nodes are named."""
        for key in changes:
            if key not in self.nodes:
                raise InputError(
                    "no such node in the criteria tree",
                    field="hierarchy",
                    expected="one of: " + ", ".join(self.nodes),
                    found=key,
                )
        nodes = {
            k: n.model_copy(update={"local": float(changes[k])}) if k in changes else n
            for k, n in self.nodes.items()
        }
        return Hierarchy(nodes=nodes)

    def table(self, lang: str = "en") -> pd.DataFrame:
        """One row per node, for a sunburst or treemap: ``id``, ``parent`` (empty at
        the top), ``label``, ``local``, ``global``."""
        local, glob = self.local_weights(), self.global_weights()
        return pd.DataFrame(
            [
                {
                    "id": k,
                    "parent": "" if n.parent == ROOT else n.parent,
                    "label": n.criterion.label(lang),
                    "local": local[k],
                    "global": glob[k],
                }
                for k, n in self.nodes.items()
            ]
        )


def build_hierarchy(
    segment: str | None = None,
    local: Mapping[str, float] | None = None,
    criteria: Sequence[Criterion] | None = None,
) -> Hierarchy:
    """The six-criteria tree from ``data/criteria.csv``.

    Parameters
    ----------
    segment
        When given, functionality's sub-criteria are replaced by the functional
        areas of that segment's capability matrix (``"large"`` or ``"mid"``).
    local
        Local weights by node id; nodes not named get 1 (equal among siblings).
    criteria
        Another criteria list with ``parent`` links (default: the built-in one).
    """
    items = list(criteria or load_criteria())
    if segment is not None:
        areas = load_market(segment).criteria
        items = [c for c in items if c.parent != "functionality"]
        items += [a.model_copy(update={"parent": "functionality"}) for a in areas]
    nodes = {c.id: Node(criterion=c, parent=c.parent or ROOT) for c in items}
    hierarchy = Hierarchy(nodes=nodes)
    return hierarchy.with_local(local) if local else hierarchy
