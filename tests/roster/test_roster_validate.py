"""Validation: USCC check characters, regions, impossible values, dates and years."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from roster_corpus import ALPHABET, uscc
from stdnum.cn import uscc as stdnum_uscc

import zjtx
from zjtx.model import Jurisdiction, Region
from zjtx.plugins import PluginFacade
from zjtx.roster import uscc as uscc_check
from zjtx.roster.io import Roster, read_roster
from zjtx.roster.validate import prefecture_matches

TODAY = dt.date(2025, 6, 30)


def _read(columns: list[str], *rows: list[object], **kwargs: object) -> Roster:
    kwargs.setdefault("plugins", PluginFacade.create(entry_points=False))
    return read_roster(pd.DataFrame(list(rows), columns=columns), today=TODAY, **kwargs)


# -- USCC -------------------------------------------------------------------------------------

codes = st.text(alphabet=ALPHABET + "IOZSV a-中", min_size=0, max_size=20)


@st.composite
def near_valid(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet="0123456789", min_size=8, max_size=8)) + draw(
        st.text(alphabet=ALPHABET, min_size=9, max_size=9))
    code = body + stdnum_uscc.calc_check_digit(body)
    if draw(st.booleans()):
        i = draw(st.integers(0, 17))
        code = code[:i] + draw(st.sampled_from(list(ALPHABET + "IOZSV"))) + code[i + 1:]
    return code


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(codes, near_valid()), min_size=1, max_size=30))
def test_vectorised_check_agrees_with_stdnum(values: list[str]) -> None:
    compact = np.array([stdnum_uscc.compact(v) for v in values], dtype=object)
    invalid, reasons = uscc_check.check(compact)
    for v, bad in zip(compact, invalid, strict=True):
        assert bad == (not stdnum_uscc.is_valid(v))
        assert (v in reasons) == bad


def test_check_reasons_name_the_problem() -> None:
    good = uscc(5)
    assert uscc_check.reason(good) is None
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert f"gives {good[-1]!r}" in uscc_check.reason(wrong)
    assert "18 characters, not 17" in uscc_check.reason(good[:-1])
    assert "characters outside GB 32100-2015" in uscc_check.reason("A" + good[1:])


def test_usccs_are_compacted_before_checking() -> None:
    good = uscc(6)
    roster = _read(["uscc", "fiscal_year"], [f" {good[:8].lower()} {good[8:]}", 2024])
    assert roster.frame["uscc"].tolist() == [good] and not roster.has_problems


# -- regions ----------------------------------------------------------------------------------


class _Yunnan:
    @staticmethod
    @zjtx.hookimpl
    def zjtx_jurisdictions() -> list[Jurisdiction]:
        return [Jurisdiction("yunnan-test", "云南省", "53")]

    @staticmethod
    @zjtx.hookimpl
    def zjtx_regions(jurisdiction: str) -> list[Region] | None:
        if jurisdiction != "yunnan-test":
            return None
        return [Region("5301", "昆明市", jurisdiction), Region("5303", "曲靖市", jurisdiction),
                Region("5325", "红河哈尼族彝族自治州", jurisdiction)]


@pytest.fixture(scope="module")
def yunnan() -> PluginFacade:
    return PluginFacade.create([("yunnan-test", _Yunnan())], entry_points=False)


@pytest.mark.parametrize(("label", "ok"), [("昆明市", True), ("昆明", True), ("5301", True), ("曲靖市", False),
                                           ("红河州", False), ("云南", False)])
def test_prefecture_must_match_the_region_code(yunnan: PluginFacade, label: str, ok: bool) -> None:
    roster = _read(["uscc", "fiscal_year", "region_code", "prefecture"], [uscc(1), 2024, "530102", label],
                   plugins=yunnan)
    assert roster.has_problems != ok
    if not ok:
        assert "does not match 行政区划代码 530102 (昆明市)" in roster.rejected["reason"].iloc[0]
        assert pd.isna(roster.frame["prefecture"].iloc[0]) and roster.frame["region_code"].iloc[0] == "530102"


def test_prefecture_short_forms() -> None:
    assert prefecture_matches("红河州", "红河哈尼族彝族自治州", "5325")
    assert prefecture_matches("红河哈尼族彝族自治州", "红河哈尼族彝族自治州", "5325")
    assert not prefecture_matches("州", "红河哈尼族彝族自治州", "5325")


def test_region_code_defaults_to_the_uscc_for_the_check(yunnan: PluginFacade) -> None:
    roster = _read(["uscc", "fiscal_year", "prefecture"], [uscc(1, "530300"), 2024, "曲靖"],
                   [uscc(2, "530300"), 2024, "昆明市"], plugins=yunnan)
    assert roster.rejected["uscc"].tolist() == [uscc(2, "530300")]


def test_unknown_prefecture_code_of_a_listed_province(yunnan: PluginFacade) -> None:
    roster = _read(["uscc", "fiscal_year", "region_code", "prefecture"], [uscc(1), 2024, "539901", "某州"],
                   plugins=yunnan)
    assert "5399 is not a prefecture of 云南省" in roster.rejected["reason"].iloc[0]


def test_region_code_format_and_province() -> None:
    roster = _read(["uscc", "fiscal_year", "region_code"], [uscc(1), 2024, "5301"], [uscc(2), 2024, "990100"],
                   [uscc(3), 2024, "110108"])
    assert roster.rejected["row"].tolist() == [2, 3]
    assert roster.rejected["reason"].str.contains("must be 6 digits starting with a province code").all()
    assert roster.warnings["reason"].str.contains("another province than the USCC").tolist() == [True]


def test_labels_of_unlisted_provinces_are_not_checked_but_said_so() -> None:
    roster = _read(["uscc", "fiscal_year", "prefecture"], [uscc(1), 2024, "昆明市"])
    assert not roster.has_problems
    assert "were not checked against 行政区划代码" in roster.warnings["reason"].iloc[0]


# -- impossible values, below / at / above each bound ----------------------------------------


@pytest.mark.parametrize(("main", "ok"), [(999.99, True), (1000, True), (1000.01, False)])
def test_main_business_revenue_at_most_operating_revenue(main: float, ok: bool) -> None:
    roster = _read(["uscc", "fiscal_year", "operating_revenue", "main_business_revenue"], [uscc(1), 2024, 1000, main])
    assert roster.has_problems != ok
    if not ok:
        rec = roster.rejected.iloc[0]
        assert rec["field"] == "main_business_revenue" and "主营业务收入 is above 营业收入 (1000" in rec["reason"]
        assert roster.frame["operating_revenue"].iloc[0] == 1000  # the row keeps its other cells


@pytest.mark.parametrize(("staff", "ok"), [(119, True), (120, True), (121, False)])
def test_rd_staff_at_most_employees(staff: int, ok: bool) -> None:
    roster = _read(["uscc", "fiscal_year", "employees", "rd_staff"], [uscc(1), 2024, 120, staff])
    assert roster.has_problems != ok


@pytest.mark.parametrize(("value", "ok"), [(-1, False), (0, True), (1, True)])
def test_negative_staff(value: int, ok: bool) -> None:
    roster = _read(["uscc", "fiscal_year", "employees"], [uscc(1), 2024, value])
    assert roster.has_problems != ok
    if not ok:
        assert roster.rejected["reason"].iloc[0].startswith("below the minimum 0")


@pytest.mark.parametrize(("share", "ok"), [(0.9999, True), (1.0, True), (1.0001, False)])
def test_share_at_most_100_percent(share: float, ok: bool) -> None:
    roster = _read(["uscc", "fiscal_year", "national_market_share"], [uscc(1), 2024, share])
    assert roster.has_problems != ok


@pytest.mark.parametrize(("high_value", "ok"), [(2, True), (3, True), (4, False)])
def test_class_one_ip_counts_include_their_parts(high_value: int, ok: bool) -> None:
    roster = _read(["uscc", "fiscal_year", "ip_class1", "ip_class1_high_value"], [uscc(1), 2024, 3, high_value])
    assert roster.has_problems != ok


def test_counts_and_years_must_be_whole() -> None:
    roster = _read(["uscc", "fiscal_year", "invention_patents", "niche_since_year"], [uscc(1), 2024, 2.5, 2019.5],
                   [uscc(2), 2023.5, 1, 2019])
    reasons = roster.rejected.set_index("field")["reason"]
    assert "must be a whole number" in reasons["invention_patents"] and "must be a whole number" in reasons[
        "niche_since_year"]
    assert "the fiscal year must be a whole year" in reasons["fiscal_year"]


def test_unknown_codes() -> None:
    roster = _read(["uscc", "fiscal_year", "rd_institution", "honours", "main_product_field"],
                   [uscc(1), 2024, "院士站", "高新技术企业、小巨人", "新材料"])
    reasons = roster.rejected.set_index("field")["reason"]
    assert reasons["rd_institution"].startswith("unknown code; expected one of")
    assert "unknown code(s) ['小巨人']" in reasons["honours"]
    row = roster.frame.iloc[0]
    assert row["honours"] == "hnte" and row["main_product_field"] == "new_materials"


def test_dates_and_years_in_the_future() -> None:
    roster = _read(["uscc", "fiscal_year", "srdi_recognised_on", "st_award_year", "innovative_recognised_on"],
                   [uscc(1), 2024, "2025-07-01", 2026, "2025年6月30日"])
    reasons = roster.rejected.set_index("field")["reason"]
    assert "a date in the future (after 2025-06-30)" in reasons["srdi_recognised_on"]
    assert "a year in the future (after 2025)" in reasons["st_award_year"]
    assert roster.frame["innovative_recognised_on"].iloc[0] == pd.Timestamp("2025-06-30")


def test_suspicious_values_are_warnings_not_rejections() -> None:
    roster = _read(["uscc", "fiscal_year", "operating_revenue", "rd_expense", "total_assets", "total_liabilities"],
                   [uscc(1), 2024, 100, 150, 1000, 1200])
    assert not roster.has_problems
    assert set(roster.warnings["field"]) == {"rd_expense", "total_liabilities"}
    assert roster.frame["total_liabilities"].iloc[0] == 1200


def test_missing_words_are_blank_cells_not_errors() -> None:
    roster = _read(["uscc", "fiscal_year", "operating_revenue", "own_brand", "rd_institution"],
                   [uscc(1), 2024, "-", "N/A", "/"], [uscc(2), 2024, " ", "", "—"])
    assert not roster.has_problems
    assert roster.frame["operating_revenue"].isna().all() and roster.frame["own_brand"].isna().all()


def test_summary_and_counts() -> None:
    roster = _read(["uscc", "fiscal_year", "operating_revenue"], [uscc(1), 2024, "x"], [None, 2024, 1])
    assert roster.input_enterprises == 2 and list(roster.enterprises) == [uscc(1)]
    assert "1 enterprises read" in roster.summary() and "1 enterprises rejected" in roster.summary()
    assert roster.problems_by_enterprise()[uscc(1)].startswith("row 2 operating_revenue: not a number")
