"""Sichuan's featured indicators: E9 becomes SRDI-eligible with its featured column set, and
nothing else changes."""

from __future__ import annotations

import datetime as dt
import importlib.metadata

import pandas as pd
import pytest
from stdnum.cn import uscc as stdnum_uscc

import zjtx
from zjtx.plugins import PluginFacade
from zjtx.roster.canonical import canonicalize

from zjtx_sichuan import featured

from sichuan_testdata import AS_OF, FEATURED, moved

VERDICT = ["innovative_sme", "srdi_sme", "little_giant", "innovative_score", "srdi_score", "highest_tier"]


def test_variants_keep_valid_usccs(sichuan_examples: pd.DataFrame) -> None:
    assert all(stdnum_uscc.is_valid(u) for u in sichuan_examples["uscc"].unique())
    assert sichuan_examples["uscc"].str.slice(2, 8).eq("510104").all()


def test_three_indicators_replace_national_indicator_9(sichuan: PluginFacade) -> None:
    rules = sichuan.rules(dt.date(2025, 6, 30), "sichuan")
    score = rules["srdi_sme"].score("srdi.score")
    featured_ind = [i for i in score.indicators if i.category == "featured"]
    assert [(i.id, i.max_points) for i in featured_ind] == [("srdi.i9.sc9", 8), ("srdi.i9.sc10", 4), ("srdi.i9.sc11", 3)]
    assert sum(i.max_points for i in featured.INDICATORS) == 15
    assert len(score.indicators) == 15  # 四类十五个指标
    assert score.max_points == 100
    assert {n.source for i in featured_ind for n in i.walk()} == {"sichuan"}


def test_same_verdicts_as_national_when_no_featured_item_holds(
    examples: pd.DataFrame, sichuan_examples: pd.DataFrame, sichuan: PluginFacade, national: PluginFacade
) -> None:
    here = zjtx.assess(sichuan_examples, as_of=AS_OF, jurisdiction="sichuan", plugins=sichuan)
    there = zjtx.assess(examples, as_of=AS_OF, plugins=national)
    pd.testing.assert_frame_equal(here[VERDICT].reset_index(drop=True), there[VERDICT].reset_index(drop=True))


def test_e9_becomes_eligible_with_its_featured_column_and_nothing_else_changes(
    sichuan_examples: pd.DataFrame, sichuan: PluginFacade, e9: str
) -> None:
    before = zjtx.assess(sichuan_examples, as_of=AS_OF, jurisdiction="sichuan", plugins=sichuan)
    roster = sichuan_examples.copy()
    e9_here = moved(e9, "510104")
    roster.loc[roster["uscc"] == e9_here, "sc_modern_industry_system"] = True
    after = zjtx.assess(roster, as_of=AS_OF, jurisdiction="sichuan", plugins=sichuan)
    assert before.loc[e9_here, "srdi_sme"] == "not_eligible" and before.loc[e9_here, "srdi_score"] == 57
    assert after.loc[e9_here, "srdi_sme"] == "eligible" and after.loc[e9_here, "srdi_score"] == 65
    others = after.index != e9_here
    pd.testing.assert_frame_equal(after.loc[others, VERDICT], before.loc[others, VERDICT])
    # the finding names the plug-in that supplied the criterion
    _, findings = zjtx.assess(roster[roster["uscc"] == e9_here], as_of=AS_OF, jurisdiction="sichuan",
                              plugins=sichuan, explain=True)
    row = findings[findings["criterion"] == "srdi.i9.sc9"].iloc[0]
    assert (row["source"], row["points"], row["provenance"]) == ("sichuan", 8, "V-1")


@pytest.mark.parametrize(("values", "score"), [
    ((True, False, False), 65),
    ((False, True, False), 61),
    ((False, False, True), 60),  # exactly the pass mark
    ((True, True, True), 72),
])  # fmt: skip
def test_each_featured_indicator_scores_its_points(
    sichuan_examples: pd.DataFrame, sichuan: PluginFacade, e9: str, values: tuple[bool, ...], score: int
) -> None:
    roster = sichuan_examples[sichuan_examples["uscc"] == moved(e9, "510104")].copy()
    for name, value in zip(FEATURED, values):
        roster[name] = value
    out = zjtx.assess(roster, as_of=AS_OF, jurisdiction="sichuan", plugins=sichuan).iloc[0]
    assert (out["srdi_score"], out["srdi_sme"]) == (score, "eligible")


def test_missing_featured_columns_leave_e9_undecided_naming_them(
    sichuan_examples: pd.DataFrame, sichuan: PluginFacade, e9: str
) -> None:
    roster = sichuan_examples[sichuan_examples["uscc"] == moved(e9, "510104")].drop(columns=list(FEATURED))
    out = zjtx.assess(roster, as_of=AS_OF, jurisdiction="sichuan", plugins=sichuan).iloc[0]
    assert out["srdi_sme"] == "insufficient_data"
    assert set(out["srdi_sme_missing"].split(";")) == set(FEATURED)
    # a firm the missing points cannot change stays decided: E7 scores 60 without them
    roster7 = sichuan_examples[sichuan_examples["name"].str.startswith("云南示例E7")].drop(columns=list(FEATURED))
    assert zjtx.assess(roster7, as_of=AS_OF, jurisdiction="sichuan", plugins=sichuan).iloc[0]["srdi_sme"] == "eligible"


def test_featured_columns_are_declared_with_chinese_headers(sichuan: PluginFacade) -> None:
    cols = {c.name: c for c in sichuan.roster_columns()}
    assert set(FEATURED) <= set(cols)
    assert all(cols[n].source == "sichuan" for n in FEATURED)
    frame = pd.DataFrame({"uscc": ["X", "X"], "fiscal_year": [2023, 2024], "sc_local_distinctive": ["是", "否"]})
    typed, problems = canonicalize(frame, extra_columns=sichuan.roster_columns())
    assert problems == [] and typed["sc_local_distinctive"].tolist() == [True, False]


def test_yunnan_firms_are_outside_sichuan(examples: pd.DataFrame, sichuan: PluginFacade) -> None:
    out = zjtx.assess(examples, as_of=AS_OF, jurisdiction="sichuan", plugins=sichuan)
    assert (out["innovative_sme"] == "not_eligible").all() and (out["srdi_sme"] == "not_eligible").all()


def test_featured_indicators_end_with_the_2022_rules(sichuan: PluginFacade) -> None:
    rules = sichuan.rules(dt.date(2026, 6, 30), "sichuan")
    assert rules.version.id == "national-2026" and rules.version.provisional
    assert not any(n.id.startswith("srdi.i9") for t in rules.tiers.values() for n in t.nodes())
    pinned = sichuan.rules(dt.date(2026, 6, 30), "sichuan", version="national-2022")
    assert "srdi.i9.sc9" in {n.id for n in pinned["srdi_sme"].nodes()}


def test_installing_the_plugin_leaves_national_assessments_alone(
    examples: pd.DataFrame, sichuan: PluginFacade, national: PluginFacade
) -> None:
    pd.testing.assert_frame_equal(zjtx.assess(examples, as_of=AS_OF, plugins=sichuan),
                                  zjtx.assess(examples, as_of=AS_OF, plugins=national))


def test_the_installed_entry_point_serves_sichuan() -> None:
    if "sichuan" not in {ep.name for ep in importlib.metadata.entry_points(group="zjtx")}:
        pytest.skip("zjtx-sichuan is not installed (pip install -e plugins/zjtx-sichuan)")
    info = {p.name: p for p in zjtx.facade().plugins()}["sichuan"]
    assert info.distribution == "zjtx-sichuan"
    assert info.jurisdictions == ("sichuan", "chengdu")
