"""Every numeric threshold declared in the national rules, judged below, at and above.

The cases are read from the rule declarations themselves, so a threshold added later is tested
without writing it again.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import zjtx
from zjtx.rules import Op, Test, compare

RULES_2022 = zjtx.facade().rules(dt.date(2025, 6, 30), version="national-2022")
NUMERIC = sorted(
    {t.id: t for tier in RULES_2022.tiers.values() for t in tier.tests() if not isinstance(t.threshold, frozenset)}.values(),
    key=lambda t: t.id,
)
EXPECT = {Op.GE: (False, True, True), Op.GT: (False, False, True), Op.LE: (True, True, False),
          Op.LT: (True, False, False), Op.EQ: (False, True, False)}


def _around(t: float) -> np.ndarray:
    step = 1e-4 * max(1.0, abs(t)) if abs(t) >= 1 else 1e-7
    return np.array([t - step, t, t + step])


@pytest.mark.parametrize("test", NUMERIC, ids=[t.id for t in NUMERIC])
def test_declared_comparison_at_the_bound(test: Test) -> None:
    t = float(test.threshold)  # type: ignore[arg-type]
    tri = compare(_around(t), test.op, t)
    assert tuple(tri.true) == EXPECT[test.op]
    assert tuple(tri.false) == tuple(not x for x in EXPECT[test.op])
    missing = compare(np.array([np.nan]), test.op, t)
    assert not missing.true[0] and not missing.false[0]


BANDED = [t for t in NUMERIC if t.banded]


@pytest.mark.parametrize("test", BANDED, ids=[t.id for t in BANDED])
def test_shared_band_endpoints_follow_the_option(test: Test) -> None:
    t = float(test.threshold)  # type: ignore[arg-type]
    favourable = compare(np.array([t]), test.op, t)
    unfavourable = compare(np.array([t]), test.op.exclusive(), t)
    assert favourable.true[0] and unfavourable.false[0]


def test_hard_thresholds_are_never_banded() -> None:
    hard = {"srdi.C2.ratio", "srdi.C2.amount", "lg.L2", "lg.L6", "lg.L7", "lg.L9.upper.y1", "innovative.D4", "srdi.S2"}
    by_id = {t.id: t for t in NUMERIC}
    assert all(not by_id[h].banded for h in hard)
    assert len(BANDED) > 20


def test_every_tier_cites_clauses() -> None:
    for tier in RULES_2022.tiers.values():
        for t in tier.tests():
            assert t.clause is not None and t.clause.document, t.id
