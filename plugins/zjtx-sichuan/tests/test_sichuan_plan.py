"""Sichuan's prefectures, the Chengdu jurisdiction and its targets, the provincial counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd

import zjtx
from zjtx.model.tier import Tier
from zjtx.plugins import PluginFacade

from zjtx_sichuan import plugin

from sichuan_testdata import AS_OF, relocate


def test_prefectures(sichuan: PluginFacade) -> None:
    regions = sichuan.regions("sichuan")
    assert len(regions) == 21 and all(r.code.startswith("51") for r in regions)
    assert {r.code: r.name for r in regions}["5101"] == "成都市"
    assert [r.code for r in sichuan.regions("chengdu")] == ["5101"]
    assert sichuan.regions("yunnan") == []


def test_chengdu_targets(sichuan: PluginFacade) -> None:
    (plan,) = [p for p in sichuan.target_plans("chengdu") if p.id == "chengdu-2025-2027"]
    assert (plan.start_year, plan.end_year) == (2025, 2027)
    srdi, innovative = plan.target(Tier.SRDI_SME), plan.target(Tier.INNOVATIVE_SME)
    # 累计超4000家 / 超8000家: 超 excludes the number
    assert (srdi.goal, innovative.goal) == (4001, 8001)
    # 新增1000 / 2000家以上 over three years, no yearly figure: derived, rounded up
    assert srdi.yearly_increase is None and srdi.increase_for(2025) == 334
    assert innovative.increase_for(2025) == 667
    assert plan.target(Tier.LITTLE_GIANT) is None
    assert not [p for p in sichuan.target_plans("sichuan") if p.jurisdiction in ("sichuan", "chengdu")]


def test_chengdu_admits_only_chengdu_registrations(examples: pd.DataFrame, sichuan: PluginFacade) -> None:
    e11 = examples[examples["name"].str.startswith("云南示例E11")]
    in_chengdu = relocate(e11, "510104")
    in_mianyang = relocate(e11, "510703")
    day = AS_OF
    assert zjtx.assess(in_chengdu, as_of=day, jurisdiction="chengdu", plugins=sichuan).iloc[0]["little_giant"] == "eligible"
    assert zjtx.assess(in_mianyang, as_of=day, jurisdiction="chengdu", plugins=sichuan).iloc[0]["little_giant"] == "not_eligible"
    assert zjtx.assess(in_mianyang, as_of=day, jurisdiction="sichuan", plugins=sichuan).iloc[0]["little_giant"] == "eligible"
    g1 = sichuan.rules(dt.date(2025, 6, 30), "chengdu")["little_giant"].find("general.G1")
    assert g1.source == "sichuan" and g1.threshold == frozenset({"5101"})


def test_counts_section() -> None:
    (section,) = plugin.zjtx_report_sections("sichuan", {})
    assert section.id == "sichuan.counts"
    assert section.table.set_index("tier")["count"].to_dict() == {
        "innovative_sme": 12218, "srdi_sme": 6010, "little_giant": 543}
    assert plugin.zjtx_report_sections("chengdu", {}) is None
