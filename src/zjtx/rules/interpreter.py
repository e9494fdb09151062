"""One interpreter for every rule: vectorised, three-valued evaluation over a roster.

Each node evaluates to two boolean arrays, *known to pass* and *known to fail*; a row that is
neither is ``insufficient_data``. Composition follows Kleene's logic (national-2022.md §0.1):

* all-of fails if any part fails, passes if all pass, else is unknown;
* any-of passes if any part passes, fails if all fail, else is unknown;
* scores carry the lowest and highest reachable points, and a pass mark passes when the lowest
  total meets it and fails when even the highest cannot.

Comparisons are made at the threshold with a tolerance (:data:`TOLERANCE`) far below the data's
granularity (1 元 in 万元 amounts), so a ratio computed from amounts that land exactly on a bound
(150万 / 5000万 = 3%) is judged at the bound despite floating-point residue.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from attrs import frozen

from zjtx.errors import RuleError
from zjtx.model.tier import Tier
from zjtx.rules.context import Context
from zjtx.rules.metrics import Metric
from zjtx.rules.nodes import AllOf, AnyOf, AtLeast, Indicator, Node, NotAssessed, Op, Score, ScoreAtLeast, Test
from zjtx.rules.ruleset import RuleSet, TierRules

__all__ = ["TOLERANCE", "Tri", "Evaluation", "ELIGIBLE", "NOT_ELIGIBLE", "INSUFFICIENT", "compare"]

#: Relative tolerance of every comparison: ``x ≥ t`` holds when ``x ≥ t − TOLERANCE·max(1, |t|)``.
#: Amounts have 1 元 (0.0001 万元) granularity, so real differences are many orders larger.
TOLERANCE = 1e-12

#: Outcome codes of :meth:`Evaluation.outcome`.
NOT_ELIGIBLE, ELIGIBLE, INSUFFICIENT = 0, 1, 2


@frozen
class Tri:
    """A three-valued result per row: ``true`` known to pass, ``false`` known to fail."""

    true: np.ndarray
    false: np.ndarray

    @property
    def unknown(self) -> np.ndarray:
        """Rows where the inputs do not decide the result."""
        return ~(self.true | self.false)

    def codes(self) -> np.ndarray:
        """``1`` pass, ``0`` fail, ``2`` unknown, as int8."""
        out = np.full(self.true.shape, INSUFFICIENT, dtype="int8")
        out[self.true] = ELIGIBLE
        out[self.false] = NOT_ELIGIBLE
        return out


def compare(values: np.ndarray, op: Op, threshold: object) -> Tri:
    """Compare values with a threshold in three-valued logic (missing → unknown)."""
    if op in (Op.IN, Op.NOT_IN):
        series = pd.Series(values, dtype=object)
        known = series.notna().to_numpy()
        member = series.isin(list(threshold)).to_numpy()  # type: ignore[arg-type]
        hit = member if op is Op.IN else ~member
        return Tri(known & hit, known & ~hit)
    x = np.asarray(values, dtype="float64")
    t = float(threshold)  # type: ignore[arg-type]
    tol = TOLERANCE * max(1.0, abs(t))
    known = ~np.isnan(x)
    with np.errstate(invalid="ignore"):
        if op is Op.GE:
            hit = x >= t - tol
        elif op is Op.GT:
            hit = x > t + tol
        elif op is Op.LE:
            hit = x <= t + tol
        elif op is Op.LT:
            hit = x < t - tol
        elif op is Op.EQ:
            hit = np.abs(x - t) <= tol
        else:  # pragma: no cover - exhaustive
            raise RuleError(f"unsupported comparison {op}")
    return Tri(known & hit, known & ~hit)


@frozen
class Range:
    """Lowest and highest reachable points per row."""

    low: np.ndarray
    high: np.ndarray

    @property
    def known(self) -> np.ndarray:
        return self.low == self.high


class Evaluation:
    """The evaluation of a :class:`RuleSet` over a :class:`Context`, computed lazily and cached.

    Every node is evaluated at most once, whichever tier or explanation asks for it.
    """

    def __init__(self, rules: RuleSet, ctx: Context) -> None:
        self.rules = rules
        self.ctx = ctx
        self._metrics: dict[str, tuple[Metric, np.ndarray]] = {}
        self._nodes: dict[int, tuple[Node, Tri]] = {}
        self._ranges: dict[int, tuple[Node, Range]] = {}
        self._scores: dict[str, Score] = {}
        for tier_rules in rules.tiers.values():
            for s in tier_rules.scores:
                prev = self._scores.get(s.id)
                if prev is not None and prev != s:
                    raise RuleError("two different scores share this id", rule_id=s.id)
                self._scores[s.id] = s

    @property
    def n(self) -> int:
        return self.ctx.n

    # -- metrics ---------------------------------------------------------------------------
    def metric(self, metric: Metric) -> np.ndarray:
        """The values of a metric (cached by id; two declarations of one id are an error)."""
        hit = self._metrics.get(metric.id)
        if hit is not None:
            if hit[0] != metric:
                raise RuleError("two different metrics share this id", rule_id=metric.id)
            return hit[1]
        values = metric.compute(self.ctx)
        if len(values) != self.n:
            raise RuleError(f"metric returned {len(values)} values for {self.n} rows", rule_id=metric.id)
        self._metrics[metric.id] = (metric, values)
        return values

    def missing_inputs(self, metric: Metric) -> list[tuple[str, np.ndarray]]:
        """For each input field of a metric: its name and the rows where it is missing."""
        out = []
        for f in metric.inputs:
            arr = self.ctx.get(f)
            out.append((f.describe(self.ctx.year), np.asarray(pd.isna(arr))))
        return out

    # -- nodes -----------------------------------------------------------------------------
    def node(self, node: Node) -> Tri:
        """The three-valued result of a node."""
        hit = self._nodes.get(id(node))
        if hit is not None:
            return hit[1]
        result = self._evaluate(node)
        self._nodes[id(node)] = (node, result)  # keep node alive so id() stays unique
        return result

    def _evaluate(self, node: Node) -> Tri:
        n = self.n
        if isinstance(node, Test):
            op = node.op
            if node.banded and self.ctx.options.band_endpoint == "unfavourable":
                op = op.exclusive()
            return compare(self.metric(node.metric), op, node.threshold)
        if isinstance(node, AllOf):
            parts = [self.node(p) for p in node.parts]
            true = np.logical_and.reduce([p.true for p in parts]) if parts else np.ones(n, bool)
            false = np.logical_or.reduce([p.false for p in parts]) if parts else np.zeros(n, bool)
            return Tri(true & ~false, false)
        if isinstance(node, AnyOf):
            parts = [self.node(p) for p in node.parts]
            true = np.logical_or.reduce([p.true for p in parts]) if parts else np.zeros(n, bool)
            false = np.logical_and.reduce([p.false for p in parts]) if parts else np.ones(n, bool)
            return Tri(true, false & ~true)
        if isinstance(node, AtLeast):
            parts = [self.node(p) for p in node.parts]
            passed = np.sum([p.true for p in parts], axis=0) if parts else np.zeros(n)
            possible = np.sum([~p.false for p in parts], axis=0) if parts else np.zeros(n)
            return Tri(passed >= node.n, possible < node.n)
        if isinstance(node, ScoreAtLeast):
            r = self.score_range(node.score, node.category)
            t = node.threshold
            return Tri(r.low >= t, r.high < t)
        if isinstance(node, Indicator):
            # An indicator "passes" when it is known to score its maximum.
            r = self.indicator(node)
            return Tri(r.low >= node.bands[0].points, r.high < node.bands[0].points)
        if isinstance(node, NotAssessed):
            z = np.zeros(n, bool)
            return Tri(z, z)
        raise RuleError(f"unsupported rule node type {type(node).__name__}", rule_id=node.id)

    # -- scores ----------------------------------------------------------------------------
    def indicator(self, ind: Indicator) -> Range:
        """Lowest and highest reachable points of an indicator."""
        hit = self._ranges.get(id(ind))
        if hit is not None:
            return hit[1]
        last = ind.bands[-1].points
        high = np.full(self.n, last)
        low = np.full(self.n, last)
        for band in reversed(ind.bands[:-1]):
            tri = self.node(band.test)  # type: ignore[arg-type]
            high = np.where(~tri.false, band.points, high)
            low = np.where(tri.true, band.points, low)
        r = Range(low, high)
        self._ranges[id(ind)] = (ind, r)
        return r

    def score_range(self, score_id: str, category: str | None = None) -> Range:
        """Lowest and highest reachable total (or sub-score of ``category``)."""
        score = self._scores.get(score_id)
        if score is None:
            raise RuleError("unknown score", rule_id=score_id)
        parts = [self.indicator(i) for i in score.in_category(category)]
        if not parts:
            z = np.zeros(self.n)
            return Range(z, z)
        return Range(np.sum([p.low for p in parts], axis=0), np.sum([p.high for p in parts], axis=0))

    def score_value(self, score_id: str) -> np.ndarray:
        """The total where every indicator is known, else NaN."""
        r = self.score_range(score_id)
        return np.where(r.known, r.low, np.nan)

    # -- tiers -----------------------------------------------------------------------------
    def outcome(self, tier: Tier) -> np.ndarray:
        """Outcome codes of a tier (``ELIGIBLE``, ``NOT_ELIGIBLE``, ``INSUFFICIENT``)."""
        return self.node(self.rules[tier].eligibility).codes()

    def headline_score(self, tier: Tier) -> np.ndarray | None:
        """The tier's score per row; NaN where unknown or where the preconditions fail."""
        rules = self.rules[tier]
        if rules.headline_score is None:
            return None
        values = self.score_value(rules.headline_score)
        if rules.precondition is not None:
            pre = self.node(rules.find(rules.precondition))
            values = np.where(pre.false, np.nan, values)
        return values

    # -- why insufficient ------------------------------------------------------------------
    def relevant_unknown(self, rules: TierRules) -> dict[int, tuple[Node, np.ndarray]]:
        """For each node: the rows where it is unknown *and* that decides its parent's unknown.

        Only these nodes' missing inputs explain an ``insufficient_data`` verdict: an unknown
        branch of an any-of that already passed is irrelevant.
        """
        out: dict[int, tuple[Node, np.ndarray]] = {}

        def visit(node: Node, mask: np.ndarray) -> None:
            mask = mask & self.node(node).unknown if not isinstance(node, Indicator) else mask
            if not mask.any():
                return
            prev = out.get(id(node))
            out[id(node)] = (node, mask if prev is None else (prev[1] | mask))
            if isinstance(node, ScoreAtLeast):
                for ind in self._scores[node.score].in_category(node.category):
                    visit(ind, mask & ~self.indicator(ind).known)
            elif isinstance(node, Indicator):
                for band in node.bands:
                    if band.test is not None:
                        visit(band.test, mask)
            else:
                for child in node.children():
                    visit(child, mask)

        visit(rules.eligibility, np.ones(self.n, bool))
        return out

    def missing_fields(self, tier: Tier) -> np.ndarray:
        """Per row, the ``;``-joined inputs whose absence leaves the tier undecided ('' if none)."""
        rules = self.rules[tier]
        result = np.full(self.n, "", dtype=object)
        relevant = self.relevant_unknown(rules)
        per_field: dict[str, np.ndarray] = {}
        for node, mask in relevant.values():
            if not isinstance(node, Test):
                continue
            named = np.zeros(self.n, bool)
            for name, missing in self.missing_inputs(node.metric):
                hit = mask & missing
                named |= hit
                if hit.any():
                    per_field[name] = per_field.get(name, np.zeros(self.n, bool)) | hit
            # Inputs present but the metric is still not computable (a zero base year):
            # name every input of the metric so the user knows where to look.
            rest = mask & ~named
            if rest.any():
                for name, _ in self.missing_inputs(node.metric):
                    per_field[name] = per_field.get(name, np.zeros(self.n, bool)) | rest
        for name in sorted(per_field):
            rows = per_field[name]
            result[rows] = np.where(result[rows] == "", name, result[rows] + ";" + name)
        return result


def tiers_in(rules: RuleSet, tiers: Iterable[Tier] | None = None) -> list[Tier]:
    """The tiers to evaluate, in ladder order."""
    wanted = list(rules.tiers) if tiers is None else [Tier.parse(t) for t in tiers]
    return sorted(wanted, key=lambda t: t.rank)
