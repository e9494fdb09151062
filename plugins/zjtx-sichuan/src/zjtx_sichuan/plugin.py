"""The hook implementations of the Sichuan plug-in (entry point ``sichuan`` in group ``zjtx``).

Every hook answers for ``sichuan`` and ``chengdu`` only and returns ``None`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zjtx.hookspecs import hookimpl
from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan
from zjtx.model.tier import Tier
from zjtx.report.sections import Section
from zjtx.roster.schema import Column
from zjtx.rules.ruleset import RuleVersion, TierRules

from zjtx_sichuan import CHENGDU_ID, SICHUAN_ID, featured, plan

__all__ = ["zjtx_jurisdictions", "zjtx_roster_columns", "zjtx_adjust_rules", "zjtx_regions", "zjtx_target_plans",
           "zjtx_report_sections"]

SERVED = frozenset({SICHUAN_ID, CHENGDU_ID})


@hookimpl
def zjtx_jurisdictions() -> Sequence[Jurisdiction]:
    return [plan.SICHUAN, plan.CHENGDU]


@hookimpl
def zjtx_roster_columns() -> Sequence[Column]:
    return list(featured.COLUMNS)


@hookimpl
def zjtx_adjust_rules(rules: TierRules, jurisdiction: str, version: RuleVersion) -> TierRules | None:
    if jurisdiction not in SERVED:
        return None
    out = rules
    if jurisdiction == CHENGDU_ID:
        out = out.replace("general.G1", plan.chengdu_g1())
    # 特色化 exists in the 2022 rules only (the 2026 办法 abolishes it).
    if rules.tier is Tier.SRDI_SME and version.id in featured.VERSIONS:
        out = out.replace_indicator(featured.REPLACES, *featured.INDICATORS)
    return None if out is rules else out


@hookimpl
def zjtx_regions(jurisdiction: str) -> Sequence[Region] | None:
    if jurisdiction == SICHUAN_ID:
        return list(plan.REGIONS)
    if jurisdiction == CHENGDU_ID:
        return [r for r in plan.REGIONS if r.code == plan.CHENGDU_CODE]
    return None


@hookimpl
def zjtx_target_plans(jurisdiction: str) -> Sequence[TargetPlan] | None:
    return [plan.CHENGDU_PLAN] if jurisdiction == CHENGDU_ID else None


@hookimpl
def zjtx_report_sections(jurisdiction: str, context: Mapping[str, Any]) -> Sequence[Section] | None:
    del context
    return [plan.counts_section()] if jurisdiction == SICHUAN_ID else None
