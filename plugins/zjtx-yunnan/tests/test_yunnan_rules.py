"""Yunnan's rules: the national ones, scoped to Yunnan, with an empty and labelled 特色化 slot."""

from __future__ import annotations

import importlib.metadata

import pandas as pd
import pytest

import zjtx
from zjtx.plugins import PluginFacade

from zjtx_yunnan import featured

from yunnan_testdata import AS_OF

VERDICT = ["innovative_sme", "srdi_sme", "little_giant", "innovative_score", "srdi_score", "highest_tier"]


def test_verdicts_in_yunnan_equal_the_national_ones_without_featured_points(
    examples: pd.DataFrame, yunnan: PluginFacade, national: PluginFacade
) -> None:
    here = zjtx.assess(examples, as_of=AS_OF, jurisdiction="yunnan", plugins=yunnan)
    there = zjtx.assess(examples, as_of=AS_OF, plugins=national)
    pd.testing.assert_frame_equal(here[VERDICT], there[VERDICT])
    assert (here["jurisdiction"] == "yunnan").all()
    assert (here["rule_version"] == "national-2022").all()


def test_installing_the_plugin_leaves_national_assessments_alone(
    examples: pd.DataFrame, yunnan: PluginFacade, national: PluginFacade
) -> None:
    with_plugin = zjtx.assess(examples, as_of=AS_OF, plugins=yunnan)
    without = zjtx.assess(examples, as_of=AS_OF, plugins=national)
    pd.testing.assert_frame_equal(with_plugin, without)


def test_g1_admits_only_yunnan_registrations(examples: pd.DataFrame, yunnan: PluginFacade, example_ids) -> None:
    e7 = examples[examples["uscc"] == example_ids["E7"]].copy()
    e7["region_code"] = "510104"  # registered in Sichuan
    out = zjtx.assess(e7, as_of=AS_OF, jurisdiction="yunnan", plugins=yunnan).iloc[0]
    assert out["srdi_sme"] == "not_eligible" and out["innovative_sme"] == "not_eligible"
    national = zjtx.assess(e7, as_of=AS_OF, plugins=yunnan).iloc[0]
    assert national["srdi_sme"] == "eligible"


def test_featured_slot_is_labelled_unverified_and_supplied_by_the_plugin(
    examples: pd.DataFrame, yunnan: PluginFacade, example_ids
) -> None:
    rules = yunnan.rules(pd.Timestamp(AS_OF).date(), "yunnan")
    score = rules["srdi_sme"].score("srdi.score")
    ids = [i.id for i in score.indicators]
    assert "srdi.i9" not in ids and "srdi.i9.yn" in ids
    assert score.max_points == 100
    _, findings = zjtx.assess(examples[examples["uscc"] == example_ids["E9"]], as_of=AS_OF,
                              jurisdiction="yunnan", plugins=yunnan, explain=True)
    slot = findings[findings["criterion"] == "srdi.i9.yn"].iloc[0]
    assert slot["source"] == "yunnan"
    assert slot["provenance"] == "UNVERIFIED"
    assert "未核实" in slot["label"]
    assert slot["points"] == 0


@pytest.mark.parametrize(("points", "score", "verdict"), [
    (None, 57, "not_eligible"),  # empty cell: 0 points, as nationally
    (2, 59, "not_eligible"),     # below the pass mark
    (3, 60, "eligible"),         # exactly 60: 达到60分以上
    (4.5, 61, "eligible"),       # whole points only
    (15, 72, "eligible"),
])  # fmt: skip
def test_featured_points_count_when_supplied(
    examples: pd.DataFrame, yunnan: PluginFacade, example_ids, points, score, verdict
) -> None:
    e9 = examples[examples["uscc"] == example_ids["E9"]].copy()
    e9[featured.COLUMN.name] = points
    out = zjtx.assess(e9, as_of=AS_OF, jurisdiction="yunnan", plugins=yunnan).iloc[0]
    assert out["srdi_score"] == score
    assert out["srdi_sme"] == verdict
    assert out["srdi_sme_missing"] == ""


def test_featured_points_outside_0_to_15_are_rejected_with_row_and_column(
    examples: pd.DataFrame, yunnan: PluginFacade, example_ids
) -> None:
    e9 = examples[examples["uscc"] == example_ids["E9"]].copy()
    e9[featured.COLUMN.name] = ["3", "16", "x"]
    out = zjtx.assess(e9, as_of=AS_OF, jurisdiction="yunnan", plugins=yunnan).iloc[0]
    # the enterprise is still assessed; its unusable cells are named with row, column and reason
    assert out["status"] == "assessed"
    text = out["reason"]
    assert "yn_featured_points" in text and "above the maximum 15" in text and "not a number" in text
    assert "row 3" in text and "row 4" in text


def test_featured_slot_ends_with_the_2022_rules(yunnan: PluginFacade) -> None:
    rules = yunnan.rules(pd.Timestamp("2026-06-30").date(), "yunnan")
    assert rules.version.id == "national-2026"
    assert not any(n.id.startswith("srdi.i9") for n in rules["srdi_sme"].nodes())
    assert rules.sources == ("national",)
    pinned = yunnan.rules(pd.Timestamp("2026-06-30").date(), "yunnan", version="national-2022")
    assert "srdi.i9.yn" in {i.id for i in pinned["srdi_sme"].score("srdi.score").indicators}


def test_the_installed_entry_point_serves_yunnan(examples: pd.DataFrame, example_ids) -> None:
    names = {ep.name for ep in importlib.metadata.entry_points(group="zjtx")}
    if "yunnan" not in names:
        pytest.skip("zjtx-yunnan is not installed (pip install -e plugins/zjtx-yunnan)")
    facade = zjtx.facade()
    info = {p.name: p for p in facade.plugins()}["yunnan"]
    assert info.distribution == "zjtx-yunnan" and info.jurisdictions == ("yunnan",)
    assert "zjtx_seed_bank_rule" in info.hooks
    out = zjtx.assess(examples[examples["uscc"] == example_ids["E11"]], as_of=AS_OF, jurisdiction="yunnan")
    assert out.iloc[0]["little_giant"] == "eligible"
