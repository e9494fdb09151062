"""Every bound of the national rules tested below, at and above (national-2022.md §8).

Amounts land exactly on ratio and growth bounds (150万 / 5000万 = 3%; 2000 → 2300 = 15%), where
floating-point arithmetic alone would leave a residue.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pytest

import zjtx
from tests.conftest import AS_OF

E11 = "91532500MA6K001104"  # medium-sized, eligible for every tier, revenue exactly 1亿
E1 = "91530100MA6K00014D"
EPS = 0.0001  # 1 元 in 万元: the data's granularity


def variant(frame: pd.DataFrame, uscc: str, years: Mapping[int, Mapping[str, object]] | None = None,
            **static: object) -> pd.DataFrame:
    rows = frame[frame["uscc"] == uscc].copy()
    for year, changes in (years or {}).items():
        for col, value in changes.items():
            rows.loc[rows["fiscal_year"] == year, col] = value
    for col, value in static.items():
        rows[col] = value
    return rows.reset_index(drop=True)


def outcome(rows: pd.DataFrame, criterion: str, **options: object) -> str:
    """The outcome of one rule node for the single enterprise of ``rows``."""
    result = zjtx.evaluate(rows, as_of=AS_OF, options=options or None)
    for rules in result.rules.tiers.values():
        try:
            node = rules.find(criterion)
        except zjtx.RuleError:
            continue
        tri = result.evaluation.node(node)
        return "pass" if tri.true[0] else "fail" if tri.false[0] else "insufficient_data"
    raise KeyError(criterion)


def verdict(rows: pd.DataFrame, tier: str, **options: object) -> str:
    return zjtx.assess(rows, as_of=AS_OF, options=options or None)[tier].iloc[0]


# (criterion, base, yearly changes at below / at / above, expected outcomes)
BOUNDS = [
    # SRDI C2: 上年度研发费用总额不低于100万元 (ratio kept ≥ 3% by revenue 3000)
    ("srdi.C2.amount", E11, lambda v: {2024: {"rd_expense": v, "operating_revenue": 3000, "main_business_revenue": 2400}},
     (100 - EPS, 100, 100 + EPS), ("fail", "pass", "pass")),
    # SRDI C2: 占营业收入总额比重不低于3% on revenue 1亿
    ("srdi.C2.ratio", E11, lambda v: {2024: {"rd_expense": v}}, (300 - EPS, 300, 300 + EPS), ("fail", "pass", "pass")),
    # SRDI C3: 上年度营业收入总额在1000万元以上
    ("srdi.C3.revenue", E11, lambda v: {2024: {"operating_revenue": v, "main_business_revenue": 900}},
     (1000 - EPS, 1000, 1000 + EPS), ("fail", "pass", "pass")),
    # SRDI C3: 近2年新增股权融资总额达到2000万元以上
    ("srdi.C3.equity", E11, lambda v: {2023: {"new_equity_financing": 1000}, 2024: {"new_equity_financing": v}},
     (1000 - EPS, 1000, 1000 + EPS), ("fail", "pass", "pass")),
    # SRDI S2: 近两年研发费用总额均值在1000万元以上
    ("srdi.S2", E11, lambda v: {2023: {"rd_expense": 1000}, 2024: {"rd_expense": v}},
     (1000 - 2 * EPS, 1000, 1000 + 2 * EPS), ("fail", "pass", "pass")),
    # SRDI S3: 近两年新增股权融资总额6000万元以上
    ("srdi.S3", E11, lambda v: {2023: {"new_equity_financing": 3000}, 2024: {"new_equity_financing": v}},
     (3000 - EPS, 3000, 3000 + EPS), ("fail", "pass", "pass")),
    # innovative D4: 近三年新增股权融资总额500万元以上
    ("innovative.D4", E1, lambda v: {2022: {"new_equity_financing": 200}, 2023: {"new_equity_financing": 200},
                                     2024: {"new_equity_financing": v}},
     (100 - EPS, 100, 100 + EPS), ("fail", "pass", "pass")),
    # little giant L2: 主营业务收入占比不低于70%
    ("lg.L2", E11, lambda v: {2024: {"main_business_revenue": v}}, (7000 - EPS, 7000, 7000 + EPS), ("fail", "pass", "pass")),
    # little giant L6: 资产负债率不高于70%
    ("lg.L6", E11, lambda v: {2024: {"total_liabilities": v, "total_assets": 10000}},
     (7000 - EPS, 7000, 7000 + EPS), ("pass", "pass", "fail")),
    # little giant L9, 1亿元以上 band: each of the 2 years ≥ 3%
    ("lg.L9.upper.y2", E11, lambda v: {2023: {"rd_expense": v, "operating_revenue": 9000}},
     (270 - EPS, 270, 270 + EPS), ("fail", "pass", "pass")),
    # little giant L9, lowest band: 近2年新增股权融资8000万元以上
    ("lg.L9.lower.equity", E11, lambda v: {2023: {"new_equity_financing": 4000}, 2024: {"new_equity_financing": v}},
     (4000 - EPS, 4000, 4000 + EPS), ("fail", "pass", "pass")),
    # little giant L9, lowest band: 研发人员占比50%以上 (persons: exact halves)
    ("lg.L9.lower.staff", E11, lambda v: {2024: {"rd_staff": v, "employees": 400}}, (199, 200, 201), ("fail", "pass", "pass")),
]


@pytest.mark.parametrize(("criterion", "base", "change", "values", "want"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_bound_below_at_above(examples_frame: pd.DataFrame, criterion: str, base: str, change, values, want) -> None:
    got = tuple(outcome(variant(examples_frame, base, change(v)), criterion) for v in values)
    assert got == want


@pytest.mark.parametrize(("revenue", "rd", "want"), [(5000, 150, "pass"), (2140, 64.2, "pass"), (2140, 64.1999, "fail"),
                                                     (2970, 89.1, "pass"), (7, 0.21, "pass"), (1234.5, 37.035, "pass"),
                                                     (33333.3333, 999.9999, "fail")])
def test_ratio_from_amounts_landing_exactly_on_3_percent(examples_frame: pd.DataFrame, revenue: float, rd: float, want: str) -> None:
    rows = variant(examples_frame, E11, {2024: {"operating_revenue": revenue, "rd_expense": rd,
                                                "main_business_revenue": min(revenue, 7504)}})
    assert outcome(rows, "srdi.C2.ratio") == want


@pytest.mark.parametrize(("since", "srdi_c1", "lg_l1"), [(2024, "fail", "fail"), (2023, "pass", "fail"),
                                                          (2022, "pass", "pass"), (2021, "pass", "pass")])
def test_niche_years(examples_frame: pd.DataFrame, since: int, srdi_c1: str, lg_l1: str) -> None:
    # years in the niche as of the end of 2024 = 2024 − since + 1: 2 years meets 达到2年以上
    rows = variant(examples_frame, E11, niche_since_year=since)
    assert outcome(rows, "srdi.C1") == srdi_c1
    assert outcome(rows, "lg.L1") == lg_l1


@pytest.mark.parametrize(("share", "want"), [(0.0999999, "fail"), (0.1, "pass"), (0.1000001, "pass")])
def test_market_share_10_percent(examples_frame: pd.DataFrame, share: float, want: str) -> None:
    assert outcome(variant(examples_frame, E11, national_market_share=share), "lg.L7") == want


@pytest.mark.parametrize(("count", "want"), [(1, "fail"), (2, "pass"), (3, "pass")])
def test_class1_ip_in_use(examples_frame: pd.DataFrame, count: int, want: str) -> None:
    assert outcome(variant(examples_frame, E11, ip_class1_in_use=count), "lg.L11") == want


@pytest.mark.parametrize(("r2024", "want"), [(11025 - EPS, "fail"), (11025, "pass"), (11025 + EPS, "pass")])
def test_two_year_mean_growth_exactly_5_percent(examples_frame: pd.DataFrame, r2024: float, want: str) -> None:
    # 10000 → 10500 → 11025 is exactly +5% twice
    rows = variant(examples_frame, E11, {
        2022: {"main_business_revenue": 10000, "operating_revenue": 12000},
        2023: {"main_business_revenue": 10500, "operating_revenue": 12000},
        2024: {"main_business_revenue": r2024, "operating_revenue": 12000, "rd_expense": 400},
    })
    assert outcome(rows, "lg.L3") == want


@pytest.mark.parametrize(("r2024", "cagr_want"), [(11025 - EPS, "fail"), (11025, "pass")])
def test_compound_growth_exactly_5_percent(examples_frame: pd.DataFrame, r2024: float, cagr_want: str) -> None:
    rows = variant(examples_frame, E11, {
        2022: {"main_business_revenue": 10000, "operating_revenue": 12000},
        2023: {"main_business_revenue": 9000, "operating_revenue": 12000},
        2024: {"main_business_revenue": r2024, "operating_revenue": 12000, "rd_expense": 400},
    })
    assert outcome(rows, "lg.L3", growth_2y="cagr") == cagr_want


@pytest.mark.parametrize(("revenue", "band"), [(10000 + EPS, "upper"), (10000, "upper"), (10000 - EPS, "middle"),
                                               (5000, "middle"), (5000 - EPS, "lower")])
def test_little_giant_revenue_bands(examples_frame: pd.DataFrame, revenue: float, band: str) -> None:
    rows = variant(examples_frame, E11, {2024: {"operating_revenue": revenue, "main_business_revenue": 4000}})
    for name in ("upper", "middle", "lower"):
        node = f"lg.L9.{name}.band"
        assert outcome(rows, node) == ("pass" if name == band else "fail"), name


@pytest.mark.parametrize(("revenue", "option", "band"), [(10000, "lg_band_at_100m=middle", "middle"),
                                                         (5000, "lg_band_at_50m=lower", "lower")])
def test_band_edges_follow_their_options(examples_frame: pd.DataFrame, revenue: float, option: str, band: str) -> None:
    key, value = option.split("=")
    rows = variant(examples_frame, E11, {2024: {"operating_revenue": revenue, "main_business_revenue": 4000}})
    for name in ("upper", "middle", "lower"):
        assert outcome(rows, f"lg.L9.{name}.band", **{key: value}) == ("pass" if name == band else "fail"), name


@pytest.mark.parametrize(("employees", "revenue", "sme"), [
    (1000, 40000, False), (999, 40000, True), (1000, 40000 - EPS, True), (1200, 38000, True), (1200, 45000, False)])
def test_industrial_size_ceiling(examples_frame: pd.DataFrame, employees: int, revenue: float, sme: bool) -> None:
    # 300号: “1000人以下或40000万元以下” exclude the bound; large only if both bounds are reached
    rows = variant(examples_frame, E11, {2024: {"employees": employees, "operating_revenue": revenue,
                                                "main_business_revenue": revenue * 0.75}})
    assert outcome(rows, "general.G2") == ("pass" if sme else "fail")


@pytest.mark.parametrize(("employees", "revenue", "klass"), [(300, 2000, "medium"), (299, 2000, "small"),
                                                             (300, 2000 - EPS, "small"), (19, 5000, "micro"), (20, 300, "small")])
def test_size_classes_at_lower_bounds(employees: int, revenue: float, klass: str) -> None:
    from zjtx.national.sme_size import size_class

    import numpy as np

    got = size_class(np.array(["C3841"], dtype=object), np.array([employees], float), np.array([revenue]), np.array([1.0]))
    assert got[0] == klass


@pytest.mark.parametrize(("r2024", "points", "unfavourable"), [(2300 - EPS, 15, 15), (2300, 20, 15), (2300 + EPS, 20, 20)])
def test_innovative_growth_band_endpoint(examples_frame: pd.DataFrame, r2024: float, points: int, unfavourable: int) -> None:
    # 2000 → 2300 is exactly 15% (2300/2000 − 1 is 0.1499999… in floats)
    rows = variant(examples_frame, E1, {2023: {"main_business_revenue": 2000, "operating_revenue": 2500},
                                        2024: {"main_business_revenue": r2024, "operating_revenue": 2500}})
    for option, want in (("favourable", points), ("unfavourable", unfavourable)):
        f = zjtx.evaluate(rows, as_of=AS_OF, options={"band_endpoint": option}).findings()
        assert f.loc[f["criterion"] == "innovative.i3", "points"].iloc[0] == want, option


def test_sub_score_minimums_inclusive(example_ids: dict[str, str]) -> None:
    from tests.conftest import EXAMPLES

    f = zjtx.evaluate(EXAMPLES, as_of=AS_OF).findings()
    e1 = f[f["uscc"] == example_ids["E1"]].set_index("criterion")
    assert e1.loc["innovative.min_growth", "value"] == 15 and e1.loc["innovative.min_growth", "outcome"] == "pass"
    assert e1.loc["innovative.total", "value"] == 60 and e1.loc["innovative.total", "outcome"] == "pass"
    e6 = f[f["uscc"] == example_ids["E6"]].set_index("criterion")
    assert e6.loc["innovative.min_innovation", "outcome"] == "fail"


@pytest.mark.parametrize(("revoked", "barred"), [("2022-06-30", False), ("2022-07-01", True), ("2025-06-30", True),
                                                  ("2025-07-01", False)])
def test_revocation_bar_three_years(examples_frame: pd.DataFrame, revoked: str, barred: bool) -> None:
    rows = variant(examples_frame, E11, revoked_on=pd.Timestamp(revoked))
    assert outcome(rows, "general.G8") == ("fail" if barred else "pass")


@pytest.mark.parametrize(("recognised", "exclusive", "inclusive"), [
    ("2022-06-29", "fail", "fail"), ("2022-06-30", "fail", "pass"), ("2022-07-01", "pass", "pass"),
    ("2025-06-30", "pass", "pass"), ("2025-07-01", "fail", "fail")])
def test_srdi_validity_for_the_little_giant_prerequisite(examples_frame: pd.DataFrame, recognised: str,
                                                          exclusive: str, inclusive: str) -> None:
    rows = variant(examples_frame, E11, srdi_recognised_on=pd.Timestamp(recognised))
    assert outcome(rows, "lg.prerequisite") == exclusive
    assert outcome(rows, "lg.prerequisite", validity_end="inclusive") == inclusive


@pytest.mark.parametrize(("year", "back", "want"), [(2022, 3, "pass"), (2021, 3, "fail"), (2023, 2, "pass"), (2022, 2, "fail")])
def test_recent_events(examples_frame: pd.DataFrame, year: int, back: int, want: str) -> None:
    rows = variant(examples_frame, E1, st_award_level="provincial", st_award_rank=1, st_award_year=year)
    assert outcome(rows, "innovative.D1", event_years_back=back) == want


@pytest.mark.parametrize(("rank", "level", "want"), [(3, "provincial", "pass"), (4, "provincial", "fail"),
                                                     (5, "national", "pass"), (6, "national", "fail")])
def test_srdi_award_ranks(examples_frame: pd.DataFrame, rank: int, level: str, want: str) -> None:
    rows = variant(examples_frame, E1, st_award_level=level, st_award_rank=rank, st_award_year=2023)
    assert outcome(rows, "srdi.S1") == want
