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

__all__ = ["TOLERANCE", "Tri", "Evaluation", "ELIGIBLE", "NOT_ELIGIBLE", "INSUFFICIENT", "compare", "compare_codes",
           "factorize_codes"]

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
        return compare_codes(*factorize_codes(values), op, threshold)
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


def factorize_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coded values as (position of each value in ``uniques``, ``uniques``); −1 where missing.

    Code comparisons then look at each distinct code once instead of at every row.
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes, np.asarray(uniques, dtype=object)


def compare_codes(codes: np.ndarray, uniques: np.ndarray, op: Op, threshold: object) -> Tri:
    """:func:`compare` of a set-membership test on factorized values (see :func:`factorize_codes`)."""
    series = pd.Series(uniques, dtype=object)
    member = np.append(series.isin(list(threshold)).to_numpy(), False)[codes]  # type: ignore[arg-type]
    known = codes >= 0
    hit = member if op is Op.IN else ~member
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
        self._factorized: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._missing: dict[str, np.ndarray] = {}
        self._totals: dict[tuple[str, str | None], Range] = {}
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
            missing = self._missing.get(f.key)
            if missing is None:
                missing = self._missing[f.key] = np.asarray(pd.isna(self.ctx.get(f)))
            out.append((f.describe(self.ctx.year), missing))
        return out

    def codes(self, metric: Metric) -> tuple[np.ndarray, np.ndarray]:
        """The values of a coded metric factorized (cached; see :func:`factorize_codes`)."""
        values = self.metric(metric)
        hit = self._factorized.get(metric.id)
        if hit is None:
            hit = self._factorized[metric.id] = factorize_codes(values)
        return hit

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
            if op in (Op.IN, Op.NOT_IN):
                return compare_codes(*self.codes(node.metric), op, node.threshold)
            return compare(self.metric(node.metric), op, node.threshold)
        if isinstance(node, AllOf):
            parts = [self.node(p) for p in node.parts]
            true = _fold(np.logical_and, [p.true for p in parts]) if parts else np.ones(n, bool)
            false = _fold(np.logical_or, [p.false for p in parts]) if parts else np.zeros(n, bool)
            return Tri(true & ~false, false)
        if isinstance(node, AnyOf):
            parts = [self.node(p) for p in node.parts]
            true = _fold(np.logical_or, [p.true for p in parts]) if parts else np.zeros(n, bool)
            false = _fold(np.logical_and, [p.false for p in parts]) if parts else np.ones(n, bool)
            return Tri(true, false & ~true)
        if isinstance(node, AtLeast):
            parts = [self.node(p) for p in node.parts]
            passed = _fold(np.add, [p.true.astype(np.int64) for p in parts]) if parts else np.zeros(n)
            possible = _fold(np.add, [(~p.false).astype(np.int64) for p in parts]) if parts else np.zeros(n)
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
        # Which band gives the lowest and highest reachable points, as small band numbers
        # (cheaper to update than the points themselves), then the points of those bands.
        k = len(ind.bands) - 1
        small = np.int8 if k < 127 else np.int64
        high = np.full(self.n, k, dtype=small)
        low = np.full(self.n, k, dtype=small)
        for j in range(k - 1, -1, -1):
            tri = self.node(ind.bands[j].test)  # type: ignore[arg-type]
            # band = j where the test holds (may hold), else unchanged: branch-free arithmetic,
            # far cheaper than masked writes over a million rows
            low -= (low - small(j)) * tri.true.astype(small)
            high -= (high - small(j)) * (~tri.false).astype(small)
        points = np.array([b.points for b in ind.bands], dtype="float64")
        r = Range(points[low], points[high])
        self._ranges[id(ind)] = (ind, r)
        return r

    def score_range(self, score_id: str, category: str | None = None) -> Range:
        """Lowest and highest reachable total (or sub-score of ``category``)."""
        hit = self._totals.get((score_id, category))
        if hit is not None:
            return hit
        score = self._scores.get(score_id)
        if score is None:
            raise RuleError("unknown score", rule_id=score_id)
        parts = [self.indicator(i) for i in score.in_category(category)]
        if not parts:
            z = np.zeros(self.n)
            return Range(z, z)
        # Added in indicator order, as np.sum over the stacked indicators adds them.
        r = Range(_fold(np.add, [p.low for p in parts]), _fold(np.add, [p.high for p in parts]))
        self._totals[(score_id, category)] = r
        return r

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
    def relevant_unknown(self, rules: TierRules, rows: np.ndarray | None = None) -> dict[int, tuple[Node, np.ndarray]]:
        """For each node: the rows where it is unknown *and* that decides its parent's unknown.

        Only these nodes' missing inputs explain an ``insufficient_data`` verdict: an unknown
        branch of an any-of that already passed is irrelevant. Masks are over ``rows`` (all rows
        by default).
        """
        return self._relevant_unknown(rules, np.arange(self.n) if rows is None else rows)

    def missing_fields(self, tier: Tier) -> np.ndarray:
        """Per row, the ``;``-joined inputs whose absence leaves the tier undecided ('' if none)."""
        codes, texts = self.missing_codes(tier)
        return texts[codes]

    def missing_codes(self, tier: Tier) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`missing_fields` as (code per row, distinct texts); code 0 is ``''``."""
        codes = np.zeros(self.n, dtype=np.int64)
        texts = self._missing_texts(tier)
        if texts is None:
            return codes, np.array([""], dtype=object)
        rows, sub = texts
        found, distinct = pd.factorize(sub)
        labels = np.empty(len(distinct) + 1, dtype=object)
        labels[0] = ""
        labels[1:] = distinct
        codes[rows] = found + 1
        return codes, labels

    def _missing_texts(self, tier: Tier) -> tuple[np.ndarray, np.ndarray] | None:
        rules = self.rules[tier]
        # Only undecided rows can name fields: work on those rows alone.
        rows = np.flatnonzero(self.node(rules.eligibility).unknown)
        if not len(rows):
            return None
        k = len(rows)
        relevant = self._relevant_unknown(rules, rows)
        per_field: dict[str, np.ndarray] = {}
        for node, mask in relevant.values():
            if not isinstance(node, Test):
                continue
            named = np.zeros(k, bool)
            for name, missing in self.missing_inputs(node.metric):
                hit = mask & missing[rows]
                named |= hit
                if hit.any():
                    per_field[name] = per_field.get(name, np.zeros(k, bool)) | hit
            # Inputs present but the metric is still not computable (a zero base year):
            # name every input of the metric so the user knows where to look.
            rest = mask & ~named
            if rest.any():
                for name, _ in self.missing_inputs(node.metric):
                    per_field[name] = per_field.get(name, np.zeros(k, bool)) | rest
        sub = np.full(k, "", dtype=object)
        for name in sorted(per_field):
            hit = per_field[name]
            sub[hit] = np.where(sub[hit] == "", name, sub[hit] + ";" + name)
        return rows, sub

    def _relevant_unknown(self, rules: TierRules, rows: np.ndarray) -> dict[int, tuple[Node, np.ndarray]]:
        """:meth:`relevant_unknown` restricted to ``rows`` (masks are over those rows)."""
        out: dict[int, tuple[Node, np.ndarray]] = {}

        def visit(node: Node, mask: np.ndarray) -> None:
            if not isinstance(node, Indicator):
                tri = self.node(node)
                mask = mask & ~(tri.true[rows] | tri.false[rows])
            if not mask.any():
                return
            prev = out.get(id(node))
            out[id(node)] = (node, mask if prev is None else (prev[1] | mask))
            if isinstance(node, ScoreAtLeast):
                for ind in self._scores[node.score].in_category(node.category):
                    r = self.indicator(ind)
                    visit(ind, mask & ~(r.low[rows] == r.high[rows]))
            elif isinstance(node, Indicator):
                for band in node.bands:
                    if band.test is not None:
                        visit(band.test, mask)
            else:
                for child in node.children():
                    visit(child, mask)

        visit(rules.eligibility, np.ones(len(rows), bool))
        return out


def _fold(op: np.ufunc, arrays: list[np.ndarray]) -> np.ndarray:
    """``op`` applied left to right over equal-length arrays (no stacked copy)."""
    out = np.array(arrays[0], copy=True)
    for a in arrays[1:]:
        op(out, a, out=out)
    return out


def tiers_in(rules: RuleSet, tiers: Iterable[Tier] | None = None) -> list[Tier]:
    """The tiers to evaluate, in ladder order."""
    wanted = list(rules.tiers) if tiers is None else [Tier.parse(t) for t in tiers]
    return sorted(wanted, key=lambda t: t.rank)
