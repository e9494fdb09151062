"""The hypothesis strategies: valid, consistent enterprises; every tier eligible often; thresholds
read from the rules, with amounts landing exactly on them."""

from __future__ import annotations

import collections
import datetime as dt
import subprocess
import sys
from fractions import Fraction

import pytest

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from stdnum.cn import uscc as uscc_code  # noqa: E402

import zjtx  # noqa: E402
from zjtx import Enterprise, Tier  # noqa: E402
from zjtx.plugins import PluginFacade  # noqa: E402
from zjtx.roster.frame import build_context  # noqa: E402
from zjtx.rules.interpreter import Evaluation  # noqa: E402
from zjtx.rules.metrics import Ratio  # noqa: E402
from zjtx.rules.nodes import Op  # noqa: E402
from zjtx.testing import strategies as zst  # noqa: E402
from zjtx.testing.conformance import _probe  # noqa: E402

AS_OF = zst.DEFAULT_AS_OF
NATIONAL = PluginFacade.create(entry_points=False)
RULES = NATIONAL.rules(AS_OF)
TIERS = [t.value for t in Tier.ladder()]
FAST = settings(max_examples=30, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def assess(enterprises: list[Enterprise]) -> "zjtx.pd.DataFrame":  # type: ignore[name-defined]
    """Verdicts of generated enterprises, re-keyed so that repeats from shrinking stay distinct."""
    from zjtx.testing.conformance import _variant

    import attrs

    unique = [attrs.evolve(e, uscc=_variant(e.uscc, i)) for i, e in enumerate(enterprises)]
    return zjtx.assess(unique, as_of=AS_OF, plugins=NATIONAL)


@FAST
@given(zst.enterprises())
def test_enterprises_are_valid_and_consistent(e: Enterprise) -> None:
    assert uscc_code.is_valid(e.uscc)
    assert e.region_code is not None and e.region_code.startswith("53") and e.uscc[2:8] == e.region_code
    assert [f.fiscal_year for f in e.figures] == [2022, 2023, 2024]  # Y−3…Y−1
    for f in e.figures:
        v = f.values
        for name in ("operating_revenue", "main_business_revenue", "rd_expense", "net_profit", "total_assets",
                     "total_liabilities", "new_equity_financing"):
            assert round(v[name] * 10000) == pytest.approx(v[name] * 10000, abs=1e-6)  # whole 元
        assert 0 <= v["main_business_revenue"] <= v["operating_revenue"]
        assert 0 <= v["rd_expense"] <= v["operating_revenue"]
        assert 0 <= v["rd_staff"] <= v["employees"]
    assert 0 <= e.national_market_share <= 1
    assert e.ip_class1_high_value <= e.ip_class1 and e.ip_class1_in_use <= e.ip_class1
    Enterprise.to_frame([e])  # the roster schema accepts every value


@FAST
@given(zst.enterprises(province="51", prefectures=["5101"]))
def test_the_province_and_prefectures_can_be_chosen(e: Enterprise) -> None:
    assert e.region_code.startswith("5101") and uscc_code.is_valid(e.uscc)


@settings(database=None, derandomize=True, deadline=None)  # a default run: 100 examples
@given(zst.enterprises())
def _collect_default(e: Enterprise) -> None:
    _DEFAULT_RUN.append(e)


_DEFAULT_RUN: list[Enterprise] = []


def test_a_default_run_yields_eligible_enterprises_of_every_tier() -> None:
    _DEFAULT_RUN.clear()
    _collect_default()
    verdicts = assess(_DEFAULT_RUN)
    counts = {t: int((verdicts[t] == "eligible").sum()) for t in TIERS}
    assert len(verdicts) == 100
    # constructive generation: each tier's eligible enterprises make up a good share of a run
    assert all(n >= 10 for n in counts.values()), counts
    assert int((verdicts[TIERS] == "not_eligible").any(axis=1).sum()) >= 10  # and the rest too


@pytest.mark.parametrize("tier", TIERS)
def test_a_tier_bias_builds_eligible_enterprises_of_that_tier(tier: str) -> None:
    found: list[Enterprise] = []

    @FAST
    @given(zst.enterprises(tier=tier))
    def collect(e: Enterprise) -> None:
        found.append(e)

    collect()
    verdicts = assess(found)
    assert (verdicts[tier] == "eligible").all(), verdicts[tier].value_counts()


def test_incomplete_enterprises_exercise_insufficient_data() -> None:
    found: list[Enterprise] = []

    @FAST
    @given(zst.enterprises(complete=False))
    def collect(e: Enterprise) -> None:
        found.append(e)

    collect()
    verdicts = assess(found)
    outcomes = collections.Counter(verdicts[TIERS].to_numpy().ravel())
    assert outcomes["insufficient_data"] >= 5 and outcomes["eligible"] >= 5 and outcomes["not_eligible"] >= 5
    complete: list[Enterprise] = []

    @FAST
    @given(zst.enterprises(complete=True))
    def collect_complete(e: Enterprise) -> None:
        complete.append(e)

    collect_complete()
    assert not (assess(complete)[TIERS] == "insufficient_data").any().any()


@FAST
@given(zst.rosters(min_size=2, max_size=4))
def test_rosters_are_canonical_frames_of_distinct_enterprises(frame: "zjtx.pd.DataFrame") -> None:  # type: ignore[name-defined]
    n = frame["uscc"].nunique()
    assert 2 <= n <= 4 and len(frame) == 3 * n
    assert frame["operating_revenue"].dtype == "float64"
    assert list(frame.groupby("uscc")["fiscal_year"].apply(sorted).iloc[0]) == [2022, 2023, 2024]


@FAST
@given(st.from_type(Enterprise))
def test_from_type_gives_enterprises(e: Enterprise) -> None:
    assert isinstance(e, Enterprise) and len(e.figures) == 3


def test_boundary_values_cover_every_numeric_threshold_on_both_sides() -> None:
    tests = zst.threshold_tests(RULES)
    assert {"srdi.C2.amount", "srdi.C2.ratio", "lg.L6", "lg.L7", "srdi.C3.small"} <= {t.id for t in tests}
    for t in tests:
        cases = zst.boundary_points(t, RULES.options)
        assert [c.side for c in cases] == ["below", "at", "above"]
        assert cases[1].value == t.threshold
        tri = _probe(RULES, t, [c.value for c in cases], AS_OF)
        assert list(tri.true) == [c.passes for c in cases], t.id
        assert cases[1].passes is (t.op in (Op.GE, Op.LE))


def test_boundary_values_follow_the_band_endpoint_option() -> None:
    rules = NATIONAL.rules(AS_OF, options={"band_endpoint": "unfavourable"})
    band = next(t for t in zst.threshold_tests(rules) if t.id == "innovative.i2.15")
    assert [c.passes for c in zst.boundary_points(band, rules.options)] == [False, False, True]


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_threshold_cases_land_exactly_on_the_bound_through_the_roster_path(data: st.DataObject) -> None:
    case = data.draw(zst.threshold_cases(RULES))
    t = Fraction(repr(case.test.threshold))
    if case.side == "at":
        assert case.value == t
        if isinstance(case.test.metric, Ratio):
            num, den = (case.inputs[f.key] for f in (case.test.metric.numerator, case.test.metric.denominator))
            assert Fraction(repr(num)) / Fraction(repr(den)) == t  # exactly, in 元 or persons
    frame = Enterprise.to_frame([case.enterprise])
    _, ctx = build_context(frame, as_of=AS_OF, fields=case.test.metric.inputs, options=RULES.options)
    tri = Evaluation(RULES, ctx).node(case.test)
    assert bool(tri.true[0]) is case.passes and bool(tri.false[0]) is not case.passes, case.describe()


def test_a_ratio_bound_lands_on_whole_amounts() -> None:
    """R&D 150万 on revenue 5000万 is exactly 3%: numerator = threshold × denominator in 元."""
    c2 = next(t for t in zst.threshold_tests(RULES) if t.id == "srdi.C2.ratio")
    found: list[zst.ThresholdCase] = []

    @FAST
    @given(zst.threshold_cases([c2]))
    def collect(case: zst.ThresholdCase) -> None:
        found.append(case)

    collect()
    at = [c for c in found if c.side == "at"]
    assert at
    for c in at:
        rd, revenue = c.inputs["rd_expense[Y-1]"], c.inputs["operating_revenue[Y-1]"]
        assert round(rd * 10000) * 100 == round(revenue * 10000) * 3
        assert c.passes


def test_the_core_never_imports_hypothesis() -> None:
    code = (
        "import importlib, pkgutil, sys, zjtx\n"
        "for m in pkgutil.walk_packages(zjtx.__path__, 'zjtx.'):\n"
        "    if not m.name.startswith('zjtx.testing'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'hypothesis']\n"
        "assert not bad, bad[:3]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_dates_follow_as_of() -> None:
    found: list[Enterprise] = []

    @FAST
    @given(zst.enterprises(as_of=dt.date(2027, 1, 1), tier="little_giant"))
    def collect(e: Enterprise) -> None:
        found.append(e)

    collect()
    for e in found:
        assert [f.fiscal_year for f in e.figures] == [2024, 2025, 2026]
        assert e.srdi_recognised_on < dt.date(2027, 1, 1)
