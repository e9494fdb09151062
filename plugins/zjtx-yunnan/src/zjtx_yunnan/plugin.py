"""The hook implementations of the Yunnan plug-in (entry point ``yunnan`` in group ``zjtx``).

Each hook answers for jurisdiction ``yunnan`` only and returns ``None`` otherwise, so the
national defaults (registered ``trylast``) apply everywhere else. The data lives in
:mod:`zjtx_yunnan.plan`, :mod:`zjtx_yunnan.featured` and :mod:`zjtx_yunnan.sectors`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from zjtx.hookspecs import hookimpl
from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan
from zjtx.model.tier import Tier
from zjtx.pipeline.seedbank import SeedBankRule
from zjtx.roster.schema import Column
from zjtx.rules.ruleset import RuleVersion, TierRules

from zjtx_yunnan import JURISDICTION_ID, featured, plan, sectors

__all__ = [
    "zjtx_jurisdictions", "zjtx_roster_columns", "zjtx_adjust_rules", "zjtx_coaching_rules", "zjtx_regions",
    "zjtx_target_plans", "zjtx_seed_bank_rule", "zjtx_measures", "zjtx_priority_tags",
]  # fmt: skip


@hookimpl
def zjtx_jurisdictions() -> Sequence[Jurisdiction]:
    return [plan.YUNNAN]


@hookimpl
def zjtx_roster_columns() -> Sequence[Column]:
    return [featured.COLUMN]


@hookimpl
def zjtx_adjust_rules(rules: TierRules, jurisdiction: str, version: RuleVersion) -> TierRules | None:
    # The 特色化 slot exists in the 2022 rules only; the 2026 办法 abolishes it.
    if jurisdiction != JURISDICTION_ID or version.id not in featured.VERSIONS or rules.tier is not Tier.SRDI_SME:
        return None
    return rules.replace_indicator(featured.REPLACES, featured.INDICATOR)


@hookimpl
def zjtx_coaching_rules(tier: Tier, jurisdiction: str, as_of: dt.date) -> Sequence[TierRules] | None:
    del as_of  # the coaching lines hold for the whole plan
    if jurisdiction != JURISDICTION_ID or tier is not plan.COACHING.tier:
        return None
    return [plan.COACHING]


@hookimpl
def zjtx_regions(jurisdiction: str) -> Sequence[Region] | None:
    return list(plan.REGIONS) if jurisdiction == JURISDICTION_ID else None


@hookimpl
def zjtx_target_plans(jurisdiction: str) -> Sequence[TargetPlan] | None:
    return list(plan.PLANS) if jurisdiction == JURISDICTION_ID else None


@hookimpl
def zjtx_seed_bank_rule(tier: Tier, year: int, jurisdiction: str) -> SeedBankRule | None:
    return plan.seed_bank_rule(tier, year) if jurisdiction == JURISDICTION_ID else None


@hookimpl
def zjtx_measures(jurisdiction: str) -> Mapping[str, str] | None:
    return dict(plan.MEASURES) if jurisdiction == JURISDICTION_ID else None


@hookimpl
def zjtx_priority_tags(jurisdiction: str, roster: pd.DataFrame) -> pd.Series | None:
    return sectors.tags(roster) if jurisdiction == JURISDICTION_ID else None
