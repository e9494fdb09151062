"""Report sections: the Section type, national sections from the hook, plug-in sections, skipping."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import zjtx
from zjtx.errors import PluginError
from zjtx.plugins import PluginFacade
from zjtx.report import Report, build_report
from zjtx.report.builders import NATIONAL_BUILDERS, criteria_of
from zjtx.report.sections import Chart, ColumnSpec, Section, dedupe

from .conftest import AS_OF, YEAR

NATIONAL_IDS = {"overview", "tier_funnel", "criteria_outcomes", "score_distribution", "prefectures", "progress",
                "progress_by_year", "prefecture_progress", "schedule", "seed_banks", "target_list", "roadmap_lines",
                "renewals"}


def test_column_spec_headers_carry_units() -> None:
    spec = ColumnSpec("营业收入", "revenue", "万元")
    assert spec.header() == "营业收入(万元)"
    assert spec.header("en") == "revenue (万元)"
    assert ColumnSpec("州市").header("en") == "州市"
    with pytest.raises(ValueError):
        ColumnSpec("x", unit="bogus")


def test_chart_kind_is_checked() -> None:
    with pytest.raises(ValueError):
        Chart(kind="pie", x="a", y="b")
    assert Chart(kind="bar", x="a", y="b").y == ("b",)


def test_section_is_backward_compatible() -> None:
    s = Section(id="x", title="标题", table=pd.DataFrame({"a": [1]}))
    assert s.chart is None and s.heading("en") == "标题" and s.header("a") == "a" and s.order == 100


def test_dedupe_keeps_the_first_section_of_an_id_and_sorts_by_order() -> None:
    t = pd.DataFrame()
    a = Section(id="a", title="province", table=t, order=50, source="p")
    b = Section(id="b", title="b", table=t, order=10)
    a2 = Section(id="a", title="national", table=t, order=5)
    assert [(s.id, s.title) for s in dedupe([a, b, a2])] == [("b", "b"), ("a", "province")]


def test_national_sections_are_all_there(national_report: Report) -> None:
    ids = [s.id for s in national_report.sections]
    assert NATIONAL_IDS <= set(ids)
    orders = [s.order for s in national_report.sections]
    assert orders == sorted(orders)
    assert national_report.meta["synthetic"] is True
    assert national_report.meta["enterprises"] == 500


def test_funnel_matches_the_verdicts(small_roster: pd.DataFrame, national_report: Report) -> None:
    verdicts = zjtx.assess(small_roster, as_of=AS_OF, jurisdiction="national")
    funnel = national_report.section("tier_funnel").table
    assert funnel["eligible"].tolist() == [int((verdicts[t] == "eligible").sum())
                                           for t in ("innovative_sme", "srdi_sme", "little_giant")]
    assert (funnel["eligible"] + funnel["not_eligible"] + funnel["insufficient_data"] == len(verdicts)).all()
    assert (funnel["valid"] > 0).all()


def test_criteria_counts_add_up_and_most_failed_come_first(national_report: Report) -> None:
    table = national_report.section("criteria_outcomes").table
    assert (table["pass"] + table["fail"] + table["insufficient_data"] == 500).all()
    assert table["fail"].is_monotonic_decreasing
    # the general preconditions are shared by every tier: listed once
    g1 = table[table["criterion"] == "general.G1"]
    assert len(g1) == 1 and g1["tier"].iat[0] == "各层级通用"
    assert np.allclose(table["fail_share"], table["fail"] / 500)


def test_criteria_are_the_necessary_parts() -> None:
    rules = zjtx.rules_for("2025-06-30")
    ids = [n.id for n in criteria_of(rules["srdi_sme"].eligibility)]
    assert "general.G1" in ids and "srdi.C2.amount" in ids and "srdi.C4" in ids
    assert "srdi.C2" not in ids and "general" not in ids


def test_scores_are_binned(small_roster: pd.DataFrame, national_report: Report) -> None:
    verdicts = zjtx.assess(small_roster, as_of=AS_OF, jurisdiction="national")
    bins = national_report.section("score_distribution").table
    assert bins["innovative_score"].sum() == verdicts["innovative_score"].notna().sum()
    assert bins["srdi_score"].sum() == verdicts["srdi_score"].notna().sum()


def test_prefectures_add_up(national_report: Report) -> None:
    table = national_report.section("prefectures").table
    assert table["enterprises"].sum() == 500
    assert "昆明市" in set(table["prefecture_name"])


def test_seed_banks_section_matches_the_pipeline(small_roster: pd.DataFrame, national_report: Report) -> None:
    import zjtx.pipeline as p

    banks = p.seed_banks(small_roster, YEAR, jurisdiction="national")
    table = national_report.section("seed_banks").table
    assert table["size"].tolist() == [b.size for b in banks.values()]
    assert table["pool"].tolist() == [b.pool for b in banks.values()]


def test_english_labels(small_roster: pd.DataFrame) -> None:
    report = build_report(small_roster, jurisdiction="national", year=YEAR, as_of=AS_OF, lang="en", pipeline=False)
    funnel = report.section("tier_funnel")
    assert funnel.table["tier"].tolist() == ["innovative SME", "SRDI SME", "little giant"]
    assert report.heading() == report.title_en
    assert funnel.header("eligible", "en") == "eligible (家)"


def test_without_the_pipeline_its_sections_say_why(small_roster: pd.DataFrame) -> None:
    report = build_report(small_roster, jurisdiction="national", year=YEAR, as_of=AS_OF, pipeline=False)
    for id in ("progress", "seed_banks", "roadmap_lines", "renewals"):
        section = report.section(id)
        assert section.table.empty
        assert "未生成" in section.notes and "Not produced" in section.notes_en
    assert set(report.skipped) == {"validity", "seed_banks", "roadmaps", "progress", "schedule", "target_list"}
    assert "valid" not in report.section("tier_funnel").table.columns


def test_pipeline_functions_missing_are_skipped(small_roster: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    from zjtx.report import context

    monkeypatch.setattr(context, "_pipeline", lambda name: None)
    report = build_report(small_roster, jurisdiction="national", year=YEAR, as_of=AS_OF)
    assert "not available" in report.skipped["seed_banks"]
    assert "not available" in report.section("seed_banks").notes_en


class _Province:
    """A plug-in that replaces the national overview and adds a section of its own."""

    @zjtx.hookimpl
    def zjtx_report_sections(self, jurisdiction, context):  # type: ignore[no-untyped-def]
        table = pd.DataFrame({"sector": ["有色"], "enterprises": [len(context["verdicts"])]})
        return [
            Section(id="overview", title="本省总览", table=table, order=10, source="province"),
            Section(id="sectors", title="重点产业", table=table, order=15, source="province",
                    columns={"enterprises": ColumnSpec("企业数", "enterprises", "家")},
                    chart=Chart(kind="barh", x="sector", y="enterprises")),
        ]


def test_a_plugin_section_replaces_a_national_one_and_adds_its_own(small_roster: pd.DataFrame) -> None:
    plugins = PluginFacade.create(plugins=[("province", _Province())], entry_points=False)
    report = build_report(small_roster, year=YEAR, as_of=AS_OF, plugins=plugins, pipeline=False)
    assert report.section("overview").title == "本省总览"
    ids = [s.id for s in report.sections]
    assert ids.index("overview") < ids.index("sectors") < ids.index("tier_funnel")
    assert ids.count("overview") == 1


class _Broken:
    @zjtx.hookimpl
    def zjtx_report_sections(self, jurisdiction, context):  # type: ignore[no-untyped-def]
        return [pd.DataFrame()]


def test_a_plugin_returning_the_wrong_type_is_named(small_roster: pd.DataFrame) -> None:
    plugins = PluginFacade.create(plugins=[("broken", _Broken())], entry_points=False)
    with pytest.raises(PluginError, match="broken"):
        build_report(small_roster, year=YEAR, as_of=AS_OF, plugins=plugins, pipeline=False)


def test_every_national_builder_has_a_distinct_id(national_report: Report) -> None:
    ids = [s.id for s in national_report.sections]
    assert len(ids) == len(set(ids))
    assert len(NATIONAL_BUILDERS) == 16


def test_yunnan_report_compares_against_the_plan(yunnan_report: Report) -> None:
    progress = yunnan_report.section("progress").table
    assert progress["goal"].tolist() == [6000, 3000, 170]
    banks = yunnan_report.section("seed_banks").table
    assert banks["required"].tolist() == [2000, 1000, 87]
    # a roster of 500 cannot fill Yunnan's banks: the shortfall is reported, never padded
    assert (banks["size"] + banks["shortfall"] == banks["required"]).all()
    assert len(yunnan_report.section("prefecture_progress").table) == 16
