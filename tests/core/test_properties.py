"""Property tests of the core (hypothesis): monotonicity, scalar = frame, three-valued soundness."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import zjtx  # noqa: E402
from zjtx import Enterprise  # noqa: E402

strategies = pytest.importorskip("zjtx.testing.strategies")

AS_OF = dt.date(2025, 6, 30)
TIERS = ("innovative_sme", "srdi_sme", "little_giant")
RULES = zjtx.facade().rules(AS_OF, version="national-2022")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# A decided outcome can only move one way when an input improves.
WORSE = {"eligible": "not_eligible"}


def verdicts(enterprises: list[Enterprise]) -> pd.DataFrame:
    return zjtx.assess(enterprises, as_of=AS_OF, rule_version="national-2022")


def improve(e: Enterprise, how: str, factor: float) -> Enterprise:
    last = max(f.fiscal_year for f in e.figures)
    fig = {f.fiscal_year: f for f in e.figures}[last]
    if how == "rd":
        rd = fig.rd_expense
        return e if rd is None else e.with_figures(last, rd_expense=round(rd * (1 + factor) + 1, 4))
    if how == "share":
        s = e.national_market_share
        return e if s is None else e.with_attributes(national_market_share=min(1.0, s + factor / 10))
    if how == "ip":
        changes = {k: (getattr(e, k) or 0) + 1 for k in
                   ("ip_class1_high_value", "ip_class1_self_developed", "ip_class1", "ip_class1_in_use", "ip_class2",
                    "invention_patents") if getattr(e, k) is not None}
        return e.with_attributes(**changes)
    if how == "niche":
        y = e.niche_since_year
        return e if y is None else e.with_attributes(niche_since_year=int(y) - 1 - int(factor * 3))
    if how == "debt":
        liab = fig.total_liabilities
        return e if liab is None else e.with_figures(last, total_liabilities=round(liab * (1 - min(factor, 0.9)), 4))
    raise ValueError(how)


@SETTINGS
@given(e=strategies.enterprises(as_of=AS_OF), how=st.sampled_from(["rd", "share", "ip", "niche", "debt"]),
       factor=st.floats(0.01, 1.0))
def test_improving_an_input_never_makes_an_eligible_enterprise_ineligible(e: Enterprise, how: str, factor: float) -> None:
    before = verdicts([e]).iloc[0]
    after = verdicts([improve(e, how, factor)]).iloc[0]
    for tier in TIERS:
        assert not (before[tier] == "eligible" and after[tier] == "not_eligible"), (tier, how)


@SETTINGS
@given(es=st.lists(strategies.enterprises(as_of=AS_OF, complete=False), min_size=2, max_size=6,
                   unique_by=lambda e: e.uscc))
def test_one_enterprise_alone_equals_its_row_in_a_roster(es: list[Enterprise]) -> None:
    together = verdicts(es)
    for e in es:
        alone = verdicts([e]).iloc[0]
        row = together.loc[e.uscc]
        for col in (*TIERS, "innovative_score", "srdi_score", "highest_tier", *(f"{t}_missing" for t in TIERS)):
            a, b = alone[col], row[col]
            assert (pd.isna(a) and pd.isna(b)) or a == b, col


def _blank(e: Enterprise, static: list[str], annual: list[tuple[int, str]]) -> Enterprise:
    e = e.with_attributes(**{k: None for k in static})
    for year, col in annual:
        e = e.with_figures(year, **{col: None})
    return e


STATIC_BLANKABLE = ["niche_since_year", "national_market_share", "ip_class1", "ip_class1_in_use", "rd_institution",
                    "digital_level", "own_brand", "strategic_emerging", "abnormal_operations", "chain_role",
                    "management_certified", "st_award_level", "main_product_field"]
ANNUAL_BLANKABLE = ["operating_revenue", "main_business_revenue", "rd_expense", "net_profit", "total_liabilities",
                    "employees", "rd_staff", "new_equity_financing"]


@SETTINGS
@given(data=st.data(), e=strategies.enterprises(as_of=AS_OF), other=strategies.enterprises(as_of=AS_OF))
def test_a_decided_outcome_survives_any_filling_of_its_missing_inputs(data: st.DataObject, e: Enterprise, other: Enterprise) -> None:
    years = sorted(f.fiscal_year for f in e.figures)
    static = data.draw(st.lists(st.sampled_from(STATIC_BLANKABLE), max_size=4, unique=True))
    annual = data.draw(st.lists(st.tuples(st.sampled_from(years), st.sampled_from(ANNUAL_BLANKABLE)), max_size=4, unique=True))
    partial = _blank(e, static, annual)
    # Fill the blanks from another enterprise: one arbitrary filling, besides the original.
    other_years = {f.fiscal_year: f for f in other.figures}
    filled = partial.with_attributes(**{k: getattr(other, k) for k in static})
    for year, col in annual:
        source = other_years.get(year) or other.figures[-1]
        filled = filled.with_figures(year, **{col: source.values.get(col)})
    got = verdicts([partial, attrs.evolve(e, uscc=_alt(e.uscc, 1)), attrs.evolve(filled, uscc=_alt(e.uscc, 2))])
    decided, original, refilled = got.iloc[0], got.iloc[1], got.iloc[2]
    for tier in TIERS:
        if decided[tier] != "insufficient_data":
            assert decided[tier] == original[tier], tier
            if not refilled[f"{tier}_missing"]:
                assert decided[tier] == refilled[tier], tier
        else:
            assert decided[f"{tier}_missing"], tier


def _alt(uscc: str, k: int) -> str:
    """The k-th other key for the same enterprise in one roster (keys need not be valid here)."""
    return uscc[:-1] + [c for c in "XYZ" if c != uscc[-1]][k - 1]


@SETTINGS
@given(e=strategies.enterprises(as_of=AS_OF, complete=False))
def test_insufficient_data_names_only_missing_fields(e: Enterprise) -> None:
    v = verdicts([e]).iloc[0]
    rows = {f.fiscal_year: f.values for f in e.figures}
    for tier in TIERS:
        named = [x for x in v[f"{tier}_missing"].split(";") if x]
        assert bool(named) == (v[tier] == "insufficient_data"), tier
        for name in named:
            col, _, year = name.partition("[")
            if year:
                y = int(year.rstrip("]"))
                value = rows.get(y, {}).get(col)
                # missing, or present but not computable (a zero base year)
                assert value is None or pd.isna(value) or value == 0 or col in ("main_business_revenue", "operating_revenue",
                                                                                "total_assets", "employees", "main_business_revenue"), name
            elif col in ("region_code",):
                continue
            else:
                assert getattr(e, col, None) is None or col in e.extra, name
