"""Dated rule versions: ``national-2022`` before 2026-04-01, the provisional ``national-2026`` from
that date, a pinned version on request, and every bound the 2026 rules add tested below, at and
above.

The worked examples hold fiscal years 2022–2024 for an assessment on 2025-06-30. Assessed on
2026-06-30, 上年度 is 2025, so the 2026 tests use the same roster with every year moved on by one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import pytest

import zjtx
from zjtx.errors import UnknownRuleVersion

BEFORE, AFTER = "2025-06-30", "2026-06-30"
EPS = 0.0001  # 1 元 in 万元
YEAR_COLUMNS = ("fiscal_year", "niche_since_year", "st_award_year", "makers_china_year")
DATE_COLUMNS = ("innovative_recognised_on", "srdi_recognised_on", "little_giant_recognised_on", "revoked_on")


def shifted(frame: pd.DataFrame, years: int = 1) -> pd.DataFrame:
    """The roster as it would stand ``years`` later: every year and date moved on."""
    out = frame.copy()
    for col in YEAR_COLUMNS:
        out[col] = out[col] + years
    for col in DATE_COLUMNS:
        out[col] = pd.to_datetime(out[col]) + pd.DateOffset(years=years)
    return out


def one(frame: pd.DataFrame, uscc: str) -> pd.DataFrame:
    return frame[frame["uscc"] == uscc].reset_index(drop=True)


def variant(rows: pd.DataFrame, years: Mapping[int, Mapping[str, object]] | None = None, **static: object) -> pd.DataFrame:
    """A copy of one enterprise's rows with yearly figures (a row is added for a new year) and
    static attributes changed."""
    rows = rows.copy()
    for year, changes in (years or {}).items():
        if not (rows["fiscal_year"] == year).any():
            rows = pd.concat([rows, pd.DataFrame({"uscc": [rows["uscc"].iloc[0]], "fiscal_year": [float(year)]})],
                             ignore_index=True)
        for col, value in changes.items():
            rows.loc[rows["fiscal_year"] == year, col] = value
    for col, value in static.items():
        rows[col] = value
    return rows


def outcome(rows: pd.DataFrame, criterion: str, as_of: str = AFTER, **options: object) -> str:
    """The outcome of one rule node for the single enterprise of ``rows``."""
    result = zjtx.evaluate(rows, as_of=as_of, options=options or None)
    for rules in result.rules.tiers.values():
        try:
            node = rules.find(criterion)
        except zjtx.RuleError:
            continue
        tri = result.evaluation.node(node)
        return "pass" if tri.true[0] else "fail" if tri.false[0] else "insufficient_data"
    raise KeyError(criterion)


@pytest.fixture(scope="module")
def later(examples_frame: pd.DataFrame) -> pd.DataFrame:
    return shifted(examples_frame)


# -- which version is in force --------------------------------------------------------------------
@pytest.mark.parametrize(("day", "version", "provisional"), [
    ("2022-08-01", "national-2022", False),
    ("2025-06-30", "national-2022", False),
    ("2026-03-31", "national-2022", False),  # the last day of the 2022 rules
    ("2026-04-01", "national-2026", True),   # the 2026 办法 takes effect
    ("2030-01-01", "national-2026", True),
])  # fmt: skip
def test_version_in_force_by_date(day: str, version: str, provisional: bool) -> None:
    rules = zjtx.rules_for(day)
    assert (rules.version.id, rules.provisional) == (version, provisional)


def test_no_version_before_the_2022_measures() -> None:
    with pytest.raises(UnknownRuleVersion, match="2022-07-31"):
        zjtx.rules_for("2022-07-31")


def test_2026_criteria_cite_third_party_provenance() -> None:
    rules = zjtx.rules_for(AFTER)
    srdi = rules["srdi_sme"]
    assert srdi.scores == () and srdi.headline_score is None  # the 60-point score is abolished
    for node_id in ("srdi.N2", "srdi.N9", "srdi.N6.y1.ratio"):
        assert srdi.find(node_id).clause.provenance == "3P"
    assert rules["little_giant"].find("lg.M6").clause.document == "工信部企业〔2026〕2号"
    # the bottom tier keeps the 63号 annex-1 standard (Article 30)
    assert rules["innovative_sme"] == zjtx.rules_for(BEFORE)["innovative_sme"]


# -- an outcome that differs between the versions ----------------------------------------------
def test_e7_srdi_and_e11_little_giant_differ_between_2022_and_2026(
    examples_frame: pd.DataFrame, later: pd.DataFrame, example_ids: dict[str, str]
) -> None:
    e7, e11 = example_ids["E7"], example_ids["E11"]
    old = zjtx.assess(examples_frame, as_of=BEFORE)
    new, findings = zjtx.assess(later, as_of=AFTER, explain=True)
    assert (old.loc[e7, "srdi_sme"], old.loc[e11, "little_giant"]) == ("eligible", "eligible")
    assert (new.loc[e7, "srdi_sme"], new.loc[e11, "little_giant"]) == ("not_eligible", "not_eligible")
    assert set(old["rule_version"]) == {"national-2022"} and not old["provisional"].any()
    assert set(new["rule_version"]) == {"national-2026"} and new["provisional"].all()
    failed = findings[(findings["outcome"] == "fail") & (findings["kind"] == "test")]
    # E7: niche exactly 2 years meets 达到2年以上 but not ≥ 3年
    assert "srdi.N2" in set(failed[(failed["uscc"] == e7) & (failed["tier"] == "srdi_sme")]["criterion"])
    # E11: main-business share 75.04% < 90%, 588万 < 1200万 over two years, 3 < 4 Class-I IP in use
    e11_failed = set(failed[(failed["uscc"] == e11) & (failed["tier"] == "little_giant")]["criterion"])
    assert {"lg.M2.share", "lg.M5.total", "lg.M6.ip.in_use"} <= e11_failed
    assert "lg.M4" not in e11_failed  # its 70% debt meets the new ≤ 75%


def test_e7_fails_2026_only_on_its_niche_years(later: pd.DataFrame, example_ids: dict[str, str]) -> None:
    complete = variant(one(later, example_ids["E7"]), {2026: {"srdi_dev_score": 70}},
                       tech_sme=True, market_position_attested=True)
    verdict, findings = zjtx.assess(complete, as_of=AFTER, explain=True)
    assert verdict.iloc[0]["srdi_sme"] == "not_eligible"
    conditions = findings[(findings["tier"] == "srdi_sme") & (findings["parent"] == "srdi")]
    assert set(conditions[conditions["outcome"] != "pass"]["criterion"]) == {"srdi.N2"}
    three_years = variant(complete, niche_since_year=2023.0)
    assert zjtx.assess(three_years, as_of=AFTER).iloc[0]["srdi_sme"] == "eligible"
    # the same enterprise under the 2022 rules, pinned
    assert zjtx.assess(complete, as_of=AFTER, rule_version="national-2022").iloc[0]["srdi_sme"] == "eligible"


def test_pinning_a_version(later: pd.DataFrame, example_ids: dict[str, str]) -> None:
    pinned = zjtx.assess(later, as_of=AFTER, rule_version="national-2022")
    assert pinned.loc[example_ids["E7"], "srdi_sme"] == "eligible"
    assert set(pinned["rule_version"]) == {"national-2022"}
    early = zjtx.rules_for(BEFORE, version="national-2026")
    assert early.version.id == "national-2026"
    with pytest.raises(UnknownRuleVersion, match="national-2030"):
        zjtx.assess(later, as_of=AFTER, rule_version="national-2030")


def test_missing_2026_columns_give_insufficient_data_naming_them(later: pd.DataFrame, example_ids: dict[str, str]) -> None:
    verdict = zjtx.assess(one(later, example_ids["E8"]), as_of=AFTER).iloc[0]
    assert verdict["srdi_sme"] == "insufficient_data"
    assert verdict["srdi_sme_missing"].split(";") == ["market_position_attested", "srdi_dev_score[2026]", "tech_sme"]
    # a valid innovative-SME status meets N1 without the 科技型 column
    rows = variant(one(later, example_ids["E8"]), innovative_recognised_on=pd.Timestamp("2025-10-01"))
    assert "tech_sme" not in zjtx.assess(rows, as_of=AFTER).iloc[0]["srdi_sme_missing"]


# -- every bound the 2026 rules add, below / at / above -------------------------------------------
# Base: E11 a year on (revenue exactly 1亿 in 2025, 9000万 in 2024, 8800万 in 2023).
BOUNDS = [
    ("srdi.N2", lambda v: ({}, {"niche_since_year": v}), (2024, 2023, 2022), ("fail", "pass", "pass")),
    ("srdi.N3.revenue", lambda v: ({2025: {"operating_revenue": v, "main_business_revenue": 1000}}, {}),
     (1500 - EPS, 1500, 1500 + EPS), ("fail", "pass", "pass")),
    ("srdi.N3.small", lambda v: ({2025: {"operating_revenue": v, "main_business_revenue": 1000}}, {}),
     (1500 - EPS, 1500, 1500 + EPS), ("pass", "fail", "fail")),
    ("srdi.N3.equity", lambda v: ({2024: {"new_equity_financing": 1000}, 2025: {"new_equity_financing": v}}, {}),
     (1000 - EPS, 1000, 1000 + EPS), ("fail", "pass", "pass")),
    ("srdi.N4", lambda v: ({2025: {"main_business_revenue": v}}, {}), (8000 - EPS, 8000, 8000 + EPS),
     ("fail", "pass", "pass")),
    ("srdi.N5", lambda v: ({2025: {"total_liabilities": v, "total_assets": 10000}}, {}), (8000 - EPS, 8000, 8000 + EPS),
     ("pass", "pass", "fail")),
    ("srdi.N6.y1.amount", lambda v: ({2025: {"rd_expense": v, "operating_revenue": 3000, "main_business_revenue": 2700}}, {}),
     (100 - EPS, 100, 100 + EPS), ("fail", "pass", "pass")),
    ("srdi.N6.y2.amount", lambda v: ({2024: {"rd_expense": v, "operating_revenue": 3000}}, {}),
     (100 - EPS, 100, 100 + EPS), ("fail", "pass", "pass")),
    ("srdi.N6.y2.ratio", lambda v: ({2024: {"rd_expense": v}}, {}), (270 - EPS, 270, 270 + EPS), ("fail", "pass", "pass")),
    ("srdi.N6.y1.ratio", lambda v: ({2025: {"rd_expense": v}}, {}), (300 - EPS, 300, 300 + EPS), ("fail", "pass", "pass")),
    ("srdi.N7.ip", lambda v: ({}, {"ip_class1_in_use": v}), (0, 1, 2), ("fail", "pass", "pass")),
    ("srdi.N7.award.rank", lambda v: ({}, {"st_award_rank": v}), (4, 3, 2), ("fail", "pass", "pass")),
    ("srdi.N9", lambda v: ({2026: {"srdi_dev_score": v}}, {}), (49.9, 50, 50.1), ("fail", "pass", "pass")),
    ("lg.M1.niche", lambda v: ({}, {"niche_since_year": v}), (2024, 2023, 2022), ("fail", "pass", "pass")),
    ("lg.M2.revenue", lambda v: ({2025: {"operating_revenue": v, "main_business_revenue": 4800}}, {}),
     (5000 - EPS, 5000, 5000 + EPS), ("fail", "pass", "pass")),
    ("lg.M2.share", lambda v: ({2025: {"main_business_revenue": v}}, {}), (9000 - EPS, 9000, 9000 + EPS),
     ("fail", "pass", "pass")),
    # 复合增长率 from 8800万 (2023): 8800 × 1.05² = 9702万 in 2025
    ("lg.M3", lambda v: ({2025: {"operating_revenue": v}}, {}), (9702 - EPS, 9702, 9702 + EPS), ("fail", "pass", "pass")),
    ("lg.M4", lambda v: ({2025: {"total_liabilities": v, "total_assets": 10000}}, {}), (7500 - EPS, 7500, 7500 + EPS),
     ("pass", "pass", "fail")),
    ("lg.M5.total", lambda v: ({2024: {"rd_expense": 600}, 2025: {"rd_expense": v}}, {}), (600 - EPS, 600, 600 + EPS),
     ("fail", "pass", "pass")),
    ("lg.M5.each.y1.ratio", lambda v: ({2025: {"rd_expense": v}}, {}), (300 - EPS, 300, 300 + EPS), ("fail", "pass", "pass")),
    ("lg.M6.ip.in_use", lambda v: ({}, {"ip_class1_in_use": v}), (3, 4, 5), ("fail", "pass", "pass")),
    ("lg.M6.ip.own", lambda v: ({}, {"ip_class1_in_use": 6, "ip_class1_transferred_in": v}), (3, 2, 1),
     ("fail", "pass", "pass")),
    ("lg.M7.share.national", lambda v: ({}, {"national_market_share": v}), (0.1 - 1e-6, 0.1, 0.1 + 1e-6),
     ("fail", "pass", "pass")),
    ("lg.M7.share.intl", lambda v: ({}, {"intl_market_share": v}), (0.1 - 1e-6, 0.1, 0.1 + 1e-6), ("fail", "pass", "pass")),
    ("lg.M7.share.rank", lambda v: ({}, {"domestic_market_rank": v}), (4, 3, 2), ("fail", "pass", "pass")),
    ("lg.M7.score", lambda v: ({2026: {"srdi_dev_score": v}}, {}), (59.9, 60, 60.1), ("fail", "pass", "pass")),
]  # fmt: skip


@pytest.mark.parametrize(("criterion", "change", "values", "want"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_2026_bound_below_at_above(later: pd.DataFrame, example_ids: dict[str, str], criterion, change, values, want) -> None:
    base = one(later, example_ids["E11"])
    got = []
    for v in values:
        years, static = change(v)
        got.append(outcome(variant(base, years, **static), criterion))
    assert tuple(got) == want


def test_renewal_reads_either_of_two_years_and_drops_growth(later: pd.DataFrame, example_ids: dict[str, str]) -> None:
    base = one(later, example_ids["E11"])
    for v, want in ((59.9, "fail"), (60, "pass"), (60.1, "pass")):
        rows = variant(base, {2025: {"srdi_dev_score": v}, 2026: {"srdi_dev_score": 10}})
        # a renewal under the 2026 standard (the default renewal_rule_version keeps 63号)
        assert outcome(rows, "lg.M7.score_y1", renewal=True, renewal_rule_version="national-2026") == want
        assert outcome(rows, "lg.M7.score_2y", renewal=True, renewal_rule_version="national-2026") == want
    rules = zjtx.rules_for(AFTER, options={"renewal": True, "renewal_rule_version": "national-2026"})["little_giant"]
    assert "lg.M3" not in {n.id for n in rules.eligibility.walk()}
    assert "lg.M3" in {n.id for r in rules.reported for n in r.walk()}


def test_2026_rules_are_the_same_throughout_their_validity() -> None:
    a = zjtx.rules_for(dt.date(2026, 4, 1))
    b = zjtx.rules_for(dt.date(2027, 12, 31))
    assert a.tiers == b.tiers
