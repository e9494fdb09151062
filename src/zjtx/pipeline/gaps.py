"""How far each enterprise is from a tier's standard, and which criteria stand in the way.

For every node of a tier's eligibility tree and every enterprise, :class:`Gaps` computes the cost
of making the node pass, vectorised over the roster:

* a leaf (a test or a score pass mark) that passes costs nothing; one that fails costs one
  failed criterion plus its normalised gap (``|threshold − value| / |threshold|``, at most 1;
  1 for a code or a flag); one whose inputs are missing costs one unknown criterion;
* an all-of costs the sum of its parts, an any-of its cheapest part, an at-least-``n`` its
  cheapest parts still needed.

Costs compare by failed criteria first, then unknown ones, then the summed normalised gaps. The
same walk selects, per enterprise, the leaves that decide the verdict: the failing parts of a
failed all-of, the cheapest branch of a failed any-of (the logic of ``explain_text``), never
every band test of every indicator. Seed-bank ranking, the target list and roadmaps all read it.

Some tests describe the enterprise's circumstances rather than something to change, such as
which revenue band of the little-giant R&D rule it falls in (:data:`CIRCUMSTANCES`). A failing
circumstance makes its branch very expensive, so the branch the enterprise actually sits in is
chosen, and it never becomes a roadmap line with a change of figures.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from zjtx.rules.interpreter import Evaluation
from zjtx.rules.nodes import AllOf, AnyOf, AtLeast, Indicator, Node, NotAssessed, ScoreAtLeast, Test
from zjtx.rules.ruleset import TierRules

__all__ = ["CIRCUMSTANCES", "Gaps", "is_circumstance", "normalised_gap", "LEAF_TYPES"]

#: Node ids (and their descendants) that describe an enterprise's situation, not a target:
#: the revenue bands of little-giant L9 and the “revenue below 1000万” branch of SRDI C3.
CIRCUMSTANCES = frozenset({"lg.L9.upper.band", "lg.L9.middle.band", "lg.L9.lower.band", "srdi.C3.small"})

#: The node types that are lines of a roadmap (leaves of the walk).
LEAF_TYPES = (Test, ScoreAtLeast, Indicator)

_CIRCUMSTANCE, _FAILED, _UNKNOWN = 1e9, 1e6, 1e3


def is_circumstance(node_id: str, circumstances: Iterable[str] = CIRCUMSTANCES) -> bool:
    """Whether a node id is, or lies under, one of the circumstance ids."""
    return any(node_id == c or node_id.startswith(c + ".") for c in circumstances)


def normalised_gap(ev: Evaluation, node: Node) -> np.ndarray:
    """Per row, the relative distance of a failing leaf from its threshold, in [0, 1]."""
    n = ev.n
    if isinstance(node, ScoreAtLeast):
        r = ev.score_range(node.score, node.category)
        t = float(node.threshold)
        g = (t - r.high) / t if t else np.ones(n)
        return np.clip(np.nan_to_num(g, nan=1.0), 0.0, 1.0)
    if isinstance(node, Indicator):
        r = ev.indicator(node)
        g = (node.max_points - r.high) / node.max_points if node.max_points else np.ones(n)
        return np.clip(np.nan_to_num(g, nan=1.0), 0.0, 1.0)
    if isinstance(node, Test) and not isinstance(node.threshold, frozenset) and not node.metric.is_categorical:
        t = float(node.threshold)  # type: ignore[arg-type]
        if t == 0:
            return np.ones(n)
        x = np.asarray(ev.metric(node.metric), dtype="float64")
        with np.errstate(invalid="ignore"):
            g = np.abs(t - x) / abs(t)
        return np.clip(np.nan_to_num(g, nan=1.0), 0.0, 1.0)
    return np.ones(n)


class Gaps:
    """The cost of closing each node of ``rules`` for every row, and the deciding leaves.

    >>> # gaps = Gaps(assessment.evaluation, assessment.rules["srdi_sme"])
    >>> # gaps.failed(), gaps.unknown(), gaps.gap()   # per enterprise, for the whole tier
    """

    def __init__(self, ev: Evaluation, rules: TierRules, *, circumstances: Iterable[str] = CIRCUMSTANCES) -> None:
        self.ev = ev
        self.rules = rules
        self.circumstances = frozenset(circumstances)
        self._cost: dict[int, tuple[Node, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]] = {}
        self._choice: dict[int, np.ndarray] = {}

    # -- costs --------------------------------------------------------------------------------
    def cost(self, node: Node) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(circumstances, failed, unknown, gap)`` arrays: what it takes to make ``node`` pass."""
        hit = self._cost.get(id(node))
        if hit is not None:
            return hit[1]
        result = self._compute(node)
        self._cost[id(node)] = (node, result)
        return result

    @staticmethod
    def key(circ: np.ndarray, failed: np.ndarray, unknown: np.ndarray, gap: np.ndarray) -> np.ndarray:
        """One sortable number: failing circumstances, failed criteria, unknown ones, then gaps."""
        return circ * _CIRCUMSTANCE + failed * _FAILED + unknown * _UNKNOWN + gap

    def _compute(self, node: Node) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        ev, n = self.ev, self.ev.n
        zero = np.zeros(n)
        if isinstance(node, NotAssessed):
            return zero, zero, zero, zero
        tri = ev.node(node)
        parts = node.children() if not isinstance(node, LEAF_TYPES) else ()
        if isinstance(node, LEAF_TYPES) or not isinstance(node, (AllOf, AnyOf, AtLeast)) or not parts:
            fail = tri.false.astype("float64")
            circ = fail if is_circumstance(node.id, self.circumstances) else zero
            unknown = tri.unknown.astype("float64")
            gap = np.where(tri.false, normalised_gap(ev, node), 0.0)
            return circ, fail, unknown, gap
        costs = [self.cost(p) for p in parts]
        stacked = [np.stack([c[k] for c in costs]) for k in range(4)]
        if isinstance(node, AllOf):
            out = [s.sum(axis=0) for s in stacked]
        elif isinstance(node, AnyOf):
            choice = np.argmin(self.key(*stacked), axis=0)
            self._choice[id(node)] = choice
            pick = np.arange(n)
            out = [s[choice, pick] for s in stacked]
        else:  # AtLeast
            passed = np.stack([ev.node(p).true for p in parts])
            need = np.maximum(0, node.n - passed.sum(axis=0))
            keys = np.where(passed, np.inf, self.key(*stacked))
            order = np.argsort(keys, axis=0, kind="stable")
            rank = np.empty_like(order)
            np.put_along_axis(rank, order, np.broadcast_to(np.arange(len(parts))[:, None], order.shape).copy(), axis=0)
            chosen = (rank < need[None, :]) & ~passed
            self._choice[id(node)] = chosen
            out = [(s * chosen).sum(axis=0) for s in stacked]
        passing = tri.true
        return tuple(np.where(passing, 0.0, o) for o in out)  # type: ignore[return-value]

    # -- the whole tier -----------------------------------------------------------------------
    def failed(self, node: Node | None = None) -> np.ndarray:
        """Failed criteria to close per row."""
        return self.cost(node or self.rules.eligibility)[1]

    def unknown(self, node: Node | None = None) -> np.ndarray:
        """Criteria whose inputs are missing, per row."""
        return self.cost(node or self.rules.eligibility)[2]

    def gap(self, node: Node | None = None) -> np.ndarray:
        """Summed normalised gaps of the failing criteria, per row."""
        return self.cost(node or self.rules.eligibility)[3]

    # -- the deciding leaves ------------------------------------------------------------------
    def selected(self, root: Node | None = None, rows: np.ndarray | None = None) -> list[tuple[Node, np.ndarray]]:
        """The leaves that stand between each row and a pass of ``root``: ``(leaf, mask)``.

        ``mask`` marks the rows where the leaf is on the cheapest path and does not pass (it
        fails or is unknown). Leaves come in the order of the tree.
        """
        root = root or self.rules.eligibility
        self.cost(root)
        start = ~self.ev.node(root).true
        if rows is not None:
            keep = np.zeros(self.ev.n, bool)
            keep[rows] = True
            start &= keep
        found: dict[int, tuple[Node, np.ndarray]] = {}
        order: list[int] = []

        def visit(node: Node, mask: np.ndarray) -> None:
            if isinstance(node, NotAssessed):
                return
            mask = mask & ~self.ev.node(node).true
            if not mask.any():
                return
            parts = node.children() if not isinstance(node, LEAF_TYPES) else ()
            if isinstance(node, LEAF_TYPES) or not isinstance(node, (AllOf, AnyOf, AtLeast)) or not parts:
                prev = found.get(id(node))
                if prev is None:
                    order.append(id(node))
                found[id(node)] = (node, mask if prev is None else (prev[1] | mask))
                return
            if isinstance(node, AnyOf):
                choice = self._choice[id(node)]
                for i, part in enumerate(parts):
                    visit(part, mask & (choice == i))
            elif isinstance(node, AtLeast):
                chosen = self._choice[id(node)]
                for i, part in enumerate(parts):
                    visit(part, mask & chosen[i])
            else:
                for part in parts:
                    visit(part, mask)

        visit(root, start)
        return [found[k] for k in order]
