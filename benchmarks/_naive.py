"""The naive baseline: the same rules, evaluated one enterprise at a time in plain Python.

This is what a typical integration writes: loop over the enterprises, pick each one's rows for
the years the rules need, compute every metric from those rows, then walk the criteria with
``if``s. It reads the very rule objects zjtx evaluates (so it is the same rules, thresholds and
three-valued logic), and :func:`assess_naive` checks itself against :func:`zjtx.assess` in the
benchmark. It is deliberately simple, not deliberately slow.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from zjtx.model.tier import Tier
from zjtx.rules import metrics as M
from zjtx.rules.interpreter import TOLERANCE
from zjtx.rules.nodes import AllOf, AnyOf, AtLeast, Indicator, NotAssessed, Op, ScoreAtLeast, Test
from zjtx.rules.ruleset import RuleSet

NAN = float("nan")


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def _num(v: Any) -> float:
    if _missing(v):
        return NAN
    return float(v)


def _div(a: float, b: float) -> float:
    if math.isnan(a) or math.isnan(b) or not b > 0:
        return NAN
    return a / b


def _add_years(day: pd.Timestamp, years: int) -> dt.date:
    d = day.date()
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class Enterprise:
    """One enterprise's rows, and its metrics computed on demand."""

    def __init__(self, uscc: str, rows: list[dict[str, Any]], as_of: dt.date, options: Any) -> None:
        self.uscc = uscc
        self.as_of = as_of
        self.year = as_of.year
        self.options = options
        self.by_year = {int(r["fiscal_year"]): r for r in rows}
        self.past = sorted((r for r in rows if r["fiscal_year"] <= self.year), key=lambda r: r["fiscal_year"])
        self.cache: dict[str, Any] = {}

    def field(self, f: M.Field) -> Any:
        if f.lag is not None:
            row = self.by_year.get(self.year - f.lag)
            v = None if row is None else row.get(f.column)
            return None if _missing(v) else v
        for row in reversed(self.past):  # the latest non-empty value
            v = row.get(f.column)
            if not _missing(v):
                return v
        if f.column == "region_code" and len(self.uscc) >= 8:
            return self.uscc[2:8]
        return None

    def metric(self, m: M.Metric) -> Any:
        if m.id not in self.cache:
            self.cache[m.id] = self._compute(m)
        return self.cache[m.id]

    def _compute(self, m: M.Metric) -> Any:  # noqa: C901 - one branch per metric kind
        get = self.field
        if isinstance(m, (M.Amount, M.Flag)):
            return _num(get(m.field))
        if isinstance(m, M.Code):
            return get(m.field)
        if isinstance(m, M.SetSize):
            v = get(m.field)
            if v is None:
                return 0.0 if m.field.column in self._columns() else NAN
            items = {x.strip() for x in str(v).split(";") if x.strip()}
            return float(len(items) if m.members is None else len(items & m.members))
        if isinstance(m, M.Ratio):
            return _div(_num(get(m.numerator)), _num(get(m.denominator)))
        if isinstance(m, M.Total):
            return sum(_num(get(f)) for f in m.fields)
        if isinstance(m, M.Mean):
            return sum(_num(get(f)) for f in m.fields) / len(m.fields)
        if isinstance(m, M.Growth):
            return _div(_num(get(m.current)), _num(get(m.base))) - 1.0
        if isinstance(m, M.MeanGrowth):
            r1, r2, r3 = (_num(get(f)) for f in m.inputs)
            return ((_div(r1, r2) - 1.0) + (_div(r2, r3) - 1.0)) / 2.0
        if isinstance(m, M.CompoundGrowth):
            r1, r3 = (_num(get(f)) for f in m.inputs)
            q = _div(r1, r3)
            return math.sqrt(q) - 1.0 if q >= 0 else NAN
        if isinstance(m, M.YearsBefore):
            return (self.year - m.reference_lag) - _num(get(m.field)) + m.plus
        if isinstance(m, (M.RecognitionValid, M.RevocationBar)):
            v = get(m.field)
            if v is None:
                return 0.0
            day = pd.Timestamp(v)
            end = _add_years(day, 3)
            if day > pd.Timestamp(self.as_of):  # recognised (or revoked) after the assessment date
                return 0.0
            if isinstance(m, M.RevocationBar):
                return 1.0 if end > self.as_of else 0.0
            ok = end >= self.as_of if self.options.validity_end == "inclusive" else end > self.as_of
            return 1.0 if ok else 0.0
        if isinstance(m, M.Derived):
            args = [np.array([get(f)], dtype=object if get(f) is None or isinstance(get(f), str) else float)
                    for f in m.fields]
            return np.asarray(m.function(*args))[0]
        raise TypeError(f"no naive formula for {type(m).__name__}")

    def _columns(self) -> set[str]:
        return set(next(iter(self.by_year.values())).keys()) if self.by_year else set()


def _compare(x: Any, op: Op, t: Any) -> bool | None:
    if op in (Op.IN, Op.NOT_IN):
        if _missing(x):
            return None
        return (x in t) if op is Op.IN else (x not in t)
    if _missing(x) or (isinstance(x, float) and math.isnan(x)):
        return None
    x, t = float(x), float(t)
    tol = TOLERANCE * max(1.0, abs(t))
    return {Op.GE: x >= t - tol, Op.GT: x > t + tol, Op.LE: x <= t + tol, Op.LT: x < t - tol,
            Op.EQ: abs(x - t) <= tol}[op]


class Walker:
    """Three-valued evaluation of one enterprise: True, False or None (unknown)."""

    def __init__(self, e: Enterprise, rules: RuleSet) -> None:
        self.e = e
        self.rules = rules
        self.scores = {s.id: s for tr in rules.tiers.values() for s in tr.scores}
        self.memo: dict[str, Any] = {}

    def node(self, n: Any) -> bool | None:
        if isinstance(n, Test):
            op = n.op
            if n.banded and self.e.options.band_endpoint == "unfavourable":
                op = op.exclusive()
            return _compare(self.e.metric(n.metric), op, n.threshold)
        if isinstance(n, AllOf):
            parts = [self.node(p) for p in n.parts]
            return False if False in parts else (True if all(p is True for p in parts) else None)
        if isinstance(n, AnyOf):
            parts = [self.node(p) for p in n.parts]
            return True if True in parts else (False if all(p is False for p in parts) else None)
        if isinstance(n, AtLeast):
            parts = [self.node(p) for p in n.parts]
            passed = sum(p is True for p in parts)
            possible = sum(p is not False for p in parts)
            return True if passed >= n.n else (False if possible < n.n else None)
        if isinstance(n, ScoreAtLeast):
            low, high = self.score(n.score, n.category)
            return True if low >= n.threshold else (False if high < n.threshold else None)
        if isinstance(n, Indicator):
            low, high = self.indicator(n)
            top = n.bands[0].points
            return True if low >= top else (False if high < top else None)
        if isinstance(n, NotAssessed):
            return None
        raise TypeError(type(n).__name__)

    def indicator(self, ind: Indicator) -> tuple[float, float]:
        low = high = None
        for band in ind.bands:
            r = True if band.test is None else self.node(band.test)
            if high is None and r is not False:
                high = band.points
            if low is None and r is True:
                low = band.points
        return float(low), float(high)  # type: ignore[arg-type]

    def score(self, score_id: str, category: str | None = None) -> tuple[float, float]:
        low = high = 0.0
        for ind in self.scores[score_id].in_category(category):
            lo, hi = self.indicator(ind)
            low += lo
            high += hi
        return low, high


def assess_naive(frame: pd.DataFrame, rules: RuleSet, as_of: dt.date) -> pd.DataFrame:
    """Outcomes and scores per enterprise, computed one enterprise at a time."""
    out = []
    records = frame.to_dict("records")
    by_uscc: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_uscc.setdefault(r["uscc"], []).append(r)
    for uscc, rows in by_uscc.items():
        e = Enterprise(uscc, rows, as_of, rules.options)
        w = Walker(e, rules)
        row: dict[str, Any] = {"uscc": uscc}
        for tier, tr in rules.tiers.items():
            r = w.node(tr.eligibility)
            row[tier.value] = "eligible" if r is True else "not_eligible" if r is False else "insufficient_data"
            if tr.headline_score is not None:
                low, high = w.score(tr.headline_score)
                score = low if low == high else NAN
                if tr.precondition is not None and w.node(tr.find(tr.precondition)) is False:
                    score = NAN
                row[{Tier.INNOVATIVE_SME: "innovative_score", Tier.SRDI_SME: "srdi_score"}[tier]] = score
        out.append(row)
    return pd.DataFrame(out).set_index("uscc")
