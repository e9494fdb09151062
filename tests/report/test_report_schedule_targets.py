"""The quarterly scheduling (季度调度) and little-giant target list (小巨人目标名单) report sections."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import zjtx.pipeline as p
from zjtx.report import Report, build_report
from zjtx.report.builders import TARGET_ROWS
from zjtx.report.context import report_quarter

from .conftest import AS_OF, YEAR


@pytest.fixture(scope="module")
def target_table(small_roster: pd.DataFrame) -> pd.DataFrame:
    """The pipeline's own target list for the report's next year, judged on the report date."""
    return p.target_list(small_roster, YEAR + 1, jurisdiction="national", as_of=AS_OF)


def test_report_quarter_follows_the_report_date() -> None:
    assert report_quarter(2025, dt.date(2025, 6, 30)) == 2
    assert report_quarter(2025, dt.date(2025, 7, 1)) == 3
    assert report_quarter(2025, dt.date(2025, 1, 1)) == 1
    assert report_quarter(2024, dt.date(2025, 6, 30)) == 4
    assert report_quarter(2026, dt.date(2025, 6, 30)) == 1


def test_both_sections_are_in_the_report(national_report: Report) -> None:
    ids = [s.id for s in national_report.sections]
    assert "schedule" in ids and "target_list" in ids
    assert ids.index("prefecture_progress") < ids.index("schedule") < ids.index("seed_banks")
    assert ids.index("seed_bank_prefectures" if "seed_bank_prefectures" in ids else "seed_banks") \
        < ids.index("target_list") < ids.index("roadmap_lines")
    sched = national_report.section("schedule")
    assert sched.title == f"{YEAR}年第2季度调度情况（各州市）" and "Q2" in sched.title_en
    assert national_report.section("target_list").title == f"{YEAR + 1}年专精特新“小巨人”目标名单"


def test_target_list_rows_are_valid_srdi_smes_long_in_their_niche(
    small_roster: pd.DataFrame, national_report: Report, target_table: pd.DataFrame
) -> None:
    section = national_report.section("target_list")
    table = section.table
    assert len(target_table) > 0, "the sample should yield some target-list enterprises"
    assert len(table) == min(TARGET_ROWS, len(target_table))
    assert table["uscc"].tolist() == target_table["uscc"].head(TARGET_ROWS).tolist()
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    # The pipeline's own columns: every row has 3 years or more in its niche...
    assert (target_table["niche_years"] >= 3).all()
    assert (table["niche_years"] >= 3).all()
    # ...and holds a valid SRDI recognition, but no valid little-giant one, on the report date.
    validity = p.validity(small_roster, as_of=AS_OF)
    valid = validity[validity["valid"].astype(bool)]
    srdi = set(valid.loc[valid["tier"] == "srdi_sme", "uscc"])
    giants = set(valid.loc[valid["tier"] == "little_giant", "uscc"])
    assert set(target_table["uscc"]) <= srdi
    assert not set(target_table["uscc"]) & giants
    # The note gives the whole list's length; units tell the renderers the number formats.
    assert f"目标名单共{len(target_table)}家" in section.notes
    assert f"holds {len(target_table)} enterprises" in section.notes_en
    assert section.unit("niche_years") == "年" and section.unit("srdi_score") == "分"
    assert section.unit("failed") == "项"
    assert set(table["little_giant"]) <= {"符合条件", "不符合条件", "数据不足"}


def test_schedule_has_one_row_per_prefecture(small_roster: pd.DataFrame, national_report: Report) -> None:
    section = national_report.section("schedule")
    table = section.table
    sched = p.schedule(small_roster, YEAR, 2, jurisdiction="national", as_of=AS_OF)
    assert table["prefecture"].tolist() == list(dict.fromkeys(sched["prefecture"].astype(str)))
    assert table["prefecture"].is_unique
    for tier in ("innovative_sme", "srdi_sme", "little_giant"):
        rows = sched[sched["tier"] == tier]
        assert table[f"{tier}_recognitions_quarter"].sum() == rows["recognitions_quarter"].sum()
        assert table[f"{tier}_recognitions_ytd"].sum() == rows["recognitions_ytd"].sum()
        assert (table[f"{tier}_recognitions_quarter"] <= table[f"{tier}_recognitions_ytd"]).all()
        assert section.unit(f"{tier}_target_progress") == "%"
        assert section.unit(f"{tier}_bank_size") == "家"
    assert section.chart is not None and section.chart.x == "prefecture_name"
    assert all(c in table.columns for c in section.chart.y)


def test_yunnan_schedule_covers_every_prefecture(yunnan_report: Report) -> None:
    from zjtx.plugins import facade

    regions = facade().regions("yunnan")
    table = yunnan_report.section("schedule").table
    assert len(regions) == 16
    assert sorted(table["prefecture"]) == sorted(r.code for r in regions)
    assert table["prefecture_name"].tolist()[0] == "昆明市"
    assert "目标名单共" in yunnan_report.section("target_list").notes


def test_without_the_pipeline_both_sections_say_why(small_roster: pd.DataFrame) -> None:
    report = build_report(small_roster, jurisdiction="national", year=YEAR, as_of=AS_OF, pipeline=False)
    for id in ("schedule", "target_list"):
        section = report.section(id)
        assert section.table.empty
        assert "未生成" in section.notes and "Not produced" in section.notes_en


def test_a_failing_pipeline_step_is_skipped_with_its_reason(
    small_roster: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zjtx.report import context

    real = context._pipeline

    def broken(*_args: object, **_kwargs: object) -> pd.DataFrame:
        raise RuntimeError("target list exploded")

    monkeypatch.setattr(context, "_pipeline", lambda name: broken if name == "target_list" else real(name))
    report = build_report(small_roster, jurisdiction="national", year=YEAR, as_of=AS_OF)
    assert "target list exploded" in report.skipped["target_list"]
    section = report.section("target_list")
    assert section.table.empty and "target list exploded" in section.notes_en
    assert not report.section("schedule").table.empty
