"""Levers: the one roster figure whose change makes a failing criterion pass.

For a failing test, :func:`test_levers` finds the single input to move and the value it must
reach, vectorised over the roster:

========================  ==========================================================
metric                    figure changed (the others held at their current values)
========================  ==========================================================
amount, count, share      the field itself, up to the threshold (whole units for counts)
ratio ``a / b ≥ t``       the numerator at the current denominator (R&D at current revenue)
ratio ``a / b ≤ t``       the numerator, down (debt ratio: liabilities to repay)
total, mean of years      the latest year's figure (new equity to raise this year)
growth rates              last year's figure (main-business revenue of Y−1)
========================  ==========================================================

Nothing else has a lever: flags, codes, dates and years in the niche change through measures or
time, not through figures. Money is rounded to 1 元 (0.0001 万元) towards passing, counts and
persons to whole units, and a strict bound (超过) is passed by one such step. A change that
would break the roster's own consistency (main-business revenue above operating revenue, R&D staff
above headcount, a share above 100%) is not offered.

:func:`plan_changes` combines the levers of many criteria: it applies them together, re-evaluates,
and raises them again where one change moved another criterion's denominator, until every
criterion it changed passes, or drops the change it cannot confirm. Nothing is guessed: every
change it returns was checked by evaluating the rules on the changed figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import frozen

from zjtx.pipeline._cohort import evaluation_with
from zjtx.pipeline.gaps import CIRCUMSTANCES, is_circumstance, normalised_gap
from zjtx.rules.interpreter import Evaluation
from zjtx.rules.metrics import (
    Amount,
    CompoundGrowth,
    Field,
    Growth,
    Mean,
    MeanGrowth,
    Ratio,
    Total,
    Unit,
    annual,
)
from zjtx.rules.nodes import AnyOf, Node, Op, ScoreAtLeast, Test
from zjtx.rules.options import Options

__all__ = ["Lever", "test_levers", "score_levers", "levers_for", "plan_changes", "Plan", "effective_op"]

_MONEY_STEP = 1e-4  # 1 元 in 万元
_WHOLE = (Unit.COUNT, Unit.PERSONS, Unit.LEVEL)
_AMOUNT_UNITS = (Unit.WAN_YUAN, Unit.COUNT, Unit.PERSONS, Unit.LEVEL, Unit.RATIO)
#: Upper bounds that a changed field may not pass: the column, and the column bounding it.
_BOUNDED_BY = {"main_business_revenue": "operating_revenue", "rd_staff": "employees"}


@frozen(eq=False)
class Lever:
    """Change ``field`` to ``target`` (per row; NaN where this lever does not apply)."""

    field: Field
    target: np.ndarray
    increase: bool
    unit: Unit
    #: What the change is, for people: ``rd_expense at current operating_revenue``.
    what: str = ""


def effective_op(test: Test, options: Options) -> Op:
    """The comparison as evaluated (a banded bound is strict under ``band_endpoint=unfavourable``)."""
    return test.op.exclusive() if test.banded and options.band_endpoint == "unfavourable" else test.op


def _round(values: np.ndarray, unit: Unit, up: bool) -> np.ndarray:
    if unit in _WHOLE:
        return np.ceil(values - 1e-9) if up else np.floor(values + 1e-9)
    if unit is Unit.WAN_YUAN:
        scaled = values / _MONEY_STEP
        return (np.ceil(scaled - 1e-6) if up else np.floor(scaled + 1e-6)) * _MONEY_STEP
    return values


def _step(unit: Unit) -> float:
    if unit in _WHOLE:
        return 1.0
    if unit is Unit.WAN_YUAN:
        return _MONEY_STEP
    return 1e-6


def _num(ev: Evaluation, f: Field) -> np.ndarray:
    return np.asarray(ev.ctx.get(f), dtype="float64")


def _latest(fields: Sequence[Field]) -> Field:
    return min(fields, key=lambda f: (f.lag if f.lag is not None else -1))


def test_levers(ev: Evaluation, test: Test, *, circumstances: frozenset[str] = CIRCUMSTANCES) -> list[Lever]:
    """The levers of one test, for the rows where it fails (empty where it has none)."""
    if is_circumstance(test.id, circumstances) or isinstance(test.threshold, frozenset):
        return []
    op = effective_op(test, ev.ctx.options)
    if op.increasing is None:
        return []
    up = bool(op.increasing)
    strict = op in (Op.GT, Op.LT)
    t = float(test.threshold)  # type: ignore[arg-type]
    fails = ev.node(test).false
    if not fails.any():
        return []
    m = test.metric
    field: Field | None = None
    unit = Unit.WAN_YUAN
    target = None
    what = ""
    with np.errstate(invalid="ignore", divide="ignore"):
        if isinstance(m, Amount) and m.unit in _AMOUNT_UNITS and up:
            field, unit = m.field, m.unit
            target = np.full(ev.n, t)
            what = m.field.column
        elif isinstance(m, Ratio):
            den = _num(ev, m.denominator)
            field, unit = m.numerator, m.numerator_unit
            target = np.where(den > 0, t * den, np.nan)
            what = f"{m.numerator.column} at current {m.denominator.column}"
        elif isinstance(m, (Total, Mean)) and up:
            field = _latest(m.fields)
            unit = m.unit
            factor = len(m.fields) if isinstance(m, Mean) else 1
            target = _num(ev, field) + (t - ev.metric(m)) * factor
            what = f"{field.column} (latest year)"
        elif isinstance(m, Growth) and up:
            base = _num(ev, m.base)
            field = m.current
            target = np.where(base > 0, (1 + t) * base, np.nan)
            what = f"{field.column} at current {m.base.column}"
        elif isinstance(m, MeanGrowth) and up:
            r2, r3 = _num(ev, annual(m.column, 2)), _num(ev, annual(m.column, 3))
            field = annual(m.column, 1)
            target = np.where((r2 > 0) & (r3 > 0), r2 * (2 + 2 * t - r2 / r3), np.nan)
            what = f"{m.column} of the last year"
        elif isinstance(m, CompoundGrowth) and up:
            r3 = _num(ev, annual(m.column, 3))
            field = annual(m.column, 1)
            target = np.where(r3 > 0, r3 * (1 + t) ** 2, np.nan)
            what = f"{m.column} of the last year"
    if field is None or target is None:
        return []
    if strict:
        target = target + (_step(unit) if up else -_step(unit))
    target = _round(target, unit, up)
    current = _num(ev, field)
    ok = fails & np.isfinite(target) & (target > current if up else target < current)
    ok &= target >= 0
    if field.column == "national_market_share" or unit is Unit.RATIO:
        ok &= target <= 1.0
    bound = _BOUNDED_BY.get(field.column)
    if bound is not None:
        limit = _num(ev, Field(bound, field.lag))
        ok &= ~(limit < target)  # a missing bound does not forbid the change
    if unit is Unit.LEVEL and field.column == "digital_level":
        ok &= target <= 4
    if not ok.any():
        return []
    return [Lever(field, np.where(ok, target, np.nan), up, unit, what)]


def score_levers(ev: Evaluation, node: ScoreAtLeast, *, circumstances: frozenset[str] = CIRCUMSTANCES) -> list[Lever]:
    """For a failing pass mark: the cheapest single-indicator band move that closes the points gap.

    Only rows whose score is known are considered; candidates are the band tests (or the tests of
    an any-of band) that have a lever. Each row gets at most one lever.
    """
    tri = ev.node(node)
    r = ev.score_range(node.score, node.category)
    known = r.low == r.high
    rows = tri.false & known
    if not rows.any():
        return []
    need = node.threshold - r.high
    score = ev._scores[node.score]  # the Score table of this pass mark
    best_cost = np.full(ev.n, np.inf)
    best: list[tuple[Lever, np.ndarray]] = []
    choice = np.full(ev.n, -1)
    for ind in score.in_category(node.category):
        ir = ev.indicator(ind)
        current = ir.low
        for band in ind.bands:
            if band.test is None:
                continue
            gain = band.points - current
            feasible = rows & (ir.low == ir.high) & (gain >= need - 1e-9) & (gain > 0)
            if not feasible.any():
                continue
            tests = [band.test] if isinstance(band.test, Test) else \
                [p for p in band.test.children() if isinstance(p, Test)] if isinstance(band.test, AnyOf) else []
            for test in tests:
                for lev in test_levers(ev, test, circumstances=circumstances):
                    cost = normalised_gap(ev, test)
                    better = feasible & np.isfinite(lev.target) & (cost < best_cost)
                    if better.any():
                        best_cost = np.where(better, cost, best_cost)
                        choice = np.where(better, len(best), choice)
                        best.append((lev, better))
    out = []
    for i, (lev, _) in enumerate(best):
        mine = choice == i
        if mine.any():
            out.append(Lever(lev.field, np.where(mine, lev.target, np.nan), lev.increase, lev.unit, lev.what))
    return out


def levers_for(ev: Evaluation, node: Node, *, circumstances: frozenset[str] = CIRCUMSTANCES) -> list[Lever]:
    """The levers of a roadmap line (a test or a score pass mark)."""
    if isinstance(node, Test):
        return test_levers(ev, node, circumstances=circumstances)
    if isinstance(node, ScoreAtLeast):
        return score_levers(ev, node, circumstances=circumstances)
    return []


@frozen(eq=False)
class Plan:
    """Changes for a set of roadmap lines, confirmed by re-evaluation.

    ``line_changes[i]`` maps a field key to ``(field, increase, unit, target array)`` for line
    ``i``: each row of a line changes at most one field. ``evaluation`` evaluates the rules on the
    changed figures; ``confirmed[i]`` marks the rows of line ``i`` that pass after the changes.
    """

    line_changes: list[dict[str, tuple[Field, bool, Unit, np.ndarray]]]
    evaluation: Evaluation
    confirmed: list[np.ndarray]
    whats: list[dict[str, str]]

    def consolidated(self) -> dict[str, tuple[Field, bool, np.ndarray]]:
        return _consolidate(self.line_changes, self.evaluation.n)


def _consolidate(line_changes: list[dict[str, tuple[Field, bool, Unit, np.ndarray]]], n: int) -> dict[str, tuple[Field, bool, np.ndarray]]:
    out: dict[str, tuple[Field, bool, np.ndarray]] = {}
    for changes in line_changes:
        for key, (f, up, _unit, target) in changes.items():
            prev = out.get(key)
            if prev is None:
                out[key] = (f, up, target.copy())
                continue
            if prev[1] != up:  # opposite directions on one figure: keep the first
                continue
            merged = np.fmax(prev[2], target) if up else np.fmin(prev[2], target)
            out[key] = (f, up, merged)
    return out


def _apply(base: Evaluation, consolidated: dict[str, tuple[Field, bool, np.ndarray]]) -> Evaluation:
    if not consolidated:
        return base
    cols = {}
    for key, (f, _up, target) in consolidated.items():
        orig = np.asarray(base.ctx.get(f), dtype="float64")
        cols[key] = np.where(np.isnan(target), orig, target)
    return evaluation_with(base, cols)


def plan_changes(
    ev: Evaluation,
    lines: Sequence[tuple[Node, np.ndarray]],
    *,
    rounds: int = 4,
    circumstances: frozenset[str] = CIRCUMSTANCES,
) -> Plan:
    """Changes that make the failing rows of every line with a lever pass, together.

    ``lines`` are ``(node, mask)`` pairs (from :meth:`Gaps.selected`). Changes are raised round by
    round on the changed figures; a row whose line still fails after ``rounds`` loses its change,
    and a row where dropping a change breaks another line loses all its changes.
    """
    n = ev.n
    line_changes: list[dict[str, tuple[Field, bool, Unit, np.ndarray]]] = [{} for _ in lines]
    whats: list[dict[str, str]] = [{} for _ in lines]
    owner = [np.full(n, "", dtype=object) for _ in lines]  # the field key each row of a line changes
    current = ev
    for _ in range(rounds):
        changed = False
        for i, (node, mask) in enumerate(lines):
            rows = mask & current.node(node).false
            if not rows.any():
                continue
            for lev in levers_for(current, node, circumstances=circumstances):
                key = lev.field.key
                usable = rows & np.isfinite(lev.target) & ((owner[i] == "") | (owner[i] == key))
                if not usable.any():
                    continue
                target = np.where(usable, lev.target, np.nan)
                prev = line_changes[i].get(key)
                if prev is not None:
                    target = np.fmax(prev[3], target) if lev.increase else np.fmin(prev[3], target)
                if prev is None or not np.array_equal(prev[3], target, equal_nan=True):
                    changed = True
                line_changes[i][key] = (lev.field, lev.increase, lev.unit, target)
                whats[i].setdefault(key, lev.what)
                owner[i] = np.where(usable, key, owner[i])
        if not changed:
            break
        current = _apply(ev, _consolidate(line_changes, n))
    current = _apply(ev, _consolidate(line_changes, n))
    changed_rows = [np.zeros(n, bool) for _ in lines]
    for i in range(len(lines)):
        for (_f, _up, _u, target) in line_changes[i].values():
            changed_rows[i] |= ~np.isnan(target)
    # A line that still fails loses its change on those rows; if that breaks another changed
    # line of the same enterprise, the enterprise loses every change (rows are independent).
    for everything in (False, True):
        bad_any = np.zeros(n, bool)
        for i, (node, _mask) in enumerate(lines):
            bad = changed_rows[i] & ~current.node(node).true
            bad_any |= bad
            if not everything and bad.any():
                line_changes[i] = {k: (f, up, u, np.where(bad, np.nan, t)) for k, (f, up, u, t) in line_changes[i].items()}
                changed_rows[i] &= ~bad
        if not bad_any.any():
            break
        if everything:
            for i in range(len(lines)):
                line_changes[i] = {k: (f, up, u, np.where(bad_any, np.nan, t)) for k, (f, up, u, t) in line_changes[i].items()}
                changed_rows[i] &= ~bad_any
        current = _apply(ev, _consolidate(line_changes, n))
    confirmed = [mask & current.node(node).true for node, mask in lines]
    return Plan(line_changes, current, confirmed, whats)
