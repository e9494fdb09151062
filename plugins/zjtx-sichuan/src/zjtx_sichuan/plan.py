"""Sichuan's jurisdictions, prefectures, Chengdu's targets and the provincial counts, as data."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan, TierTarget
from zjtx.model.tier import Tier
from zjtx.national import metrics as m
from zjtx.national.common import test
from zjtx.report.sections import Section
from zjtx.rules.clause import Clause, Provenance
from zjtx.rules.nodes import Op, Test

from zjtx_sichuan import CHENGDU_ID, SICHUAN_ID

__all__ = ["SICHUAN", "CHENGDU", "REGIONS", "CHENGDU_PLAN", "COUNTS_2026", "chengdu_g1", "counts_section"]

V1 = Provenance.VERIFIED_ONE

SICHUAN = Jurisdiction(SICHUAN_ID, "四川省", "51")
#: 成都市 as a jurisdiction of its own: Sichuan's rules, registration in prefecture 5101.
CHENGDU = Jurisdiction(CHENGDU_ID, "成都市", "51")
CHENGDU_CODE = "5101"

#: Sichuan's prefecture-level divisions (GB/T 2260 codes).
REGIONS = tuple(
    Region(code, name, SICHUAN_ID)
    for code, name in (
        ("5101", "成都市"), ("5103", "自贡市"), ("5104", "攀枝花市"), ("5105", "泸州市"), ("5106", "德阳市"),
        ("5107", "绵阳市"), ("5108", "广元市"), ("5109", "遂宁市"), ("5110", "内江市"), ("5111", "乐山市"),
        ("5113", "南充市"), ("5114", "眉山市"), ("5115", "宜宾市"), ("5116", "广安市"), ("5117", "达州市"),
        ("5118", "雅安市"), ("5119", "巴中市"), ("5120", "资阳市"), ("5132", "阿坝藏族羌族自治州"),
        ("5133", "甘孜藏族自治州"), ("5134", "凉山彝族自治州"),
    )
)  # fmt: skip


def chengdu_g1() -> Test:
    """Precondition G1 for 成都市: registered in prefecture 5101 (the national G1 checks the province)."""
    return test("general.G1", "在成都市工商注册登记", m.PREFECTURE, Op.IN, {CHENGDU_CODE},
                Clause("工信部企业〔2022〕63号", "G1", "中华人民共和国境内工商注册登记(本辖区：成都市)", Provenance.LIBRARY),
                label_en="registered in Chengdu")


# -- Chengdu's plan ---------------------------------------------------------------------------
# 新增…以上, 累计超…: the increments are over the three years together, and 超 excludes the number,
# so the goals are 8001 and 4001. The plan states no starting count; the baselines are the goal
# less the increment (6000 and 3000 at the end of 2024), an arithmetic reading of the plan's own
# two numbers. It states no yearly figure: zjtx derives one (the gap spread over the years left).
_CHENGDU_CLAUSE = Clause(
    "成都市专精特新企业培育三年行动计划(2025—2027年)", "目标",
    "新增省级专精特新中小企业1000家以上、累计超4000家；新增创新型中小企业2000家以上、累计超8000家；"
    "2025年底国家级“小巨人”410家(无2027年目标，未设指标)。基数为累计减新增的推算值",
    V1,
)
_END_2024 = dt.date(2024, 12, 31)
CHENGDU_PLAN = TargetPlan(
    id="chengdu-2025-2027",
    title="成都市专精特新企业培育三年行动计划(2025—2027年)",
    jurisdiction=CHENGDU_ID,
    start_year=2025,
    end_year=2027,
    targets=(
        TierTarget(Tier.INNOVATIVE_SME, baseline=6000, baseline_date=_END_2024, goal=8001, goal_year=2027),
        TierTarget(Tier.SRDI_SME, baseline=3000, baseline_date=_END_2024, goal=4001, goal_year=2027),
    ),
    clause=_CHENGDU_CLAUSE,
)

# -- provincial counts (no provincial plan with goals is in our sources) -----------------------
#: Valid recognitions in Sichuan at the 2026-03 provincial briefing ([V-1]).
COUNTS_2026 = {Tier.INNOVATIVE_SME: 12218, Tier.SRDI_SME: 6010, Tier.LITTLE_GIANT: 543}
COUNTS_DATE = dt.date(2026, 3, 31)


def counts_section() -> Section:
    """A report section with the provincial counts of March 2026."""
    table = pd.DataFrame({
        "tier": [t.value for t in COUNTS_2026],
        "层级": [t.label for t in COUNTS_2026],
        "count": list(COUNTS_2026.values()),
    })  # fmt: skip
    return Section(id="sichuan.counts", title="四川省优质中小企业数量(2026年3月省级通报)",
                   title_en="Sichuan: recognised quality SMEs, March 2026", table=table, order=60,
                   notes="来源：2026年3月四川省新闻通报([V-1])；“小巨人”数量西部第一。")
