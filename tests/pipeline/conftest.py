"""Fixtures of the pipeline tests: throw-away plug-ins registered through PluginFacade.create."""

from __future__ import annotations

import datetime as dt

import pytest

from zjtx import hookimpl
from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan, TierTarget
from zjtx.model.tier import Tier
from zjtx.national import metrics as nm
from zjtx.pipeline import SeedBankRule
from zjtx.plugins import PluginFacade
from zjtx.rules.nodes import AllOf, Op, Test

from .rosters import PREFECTURES


class PlanProvince:
    """A stand-in for the Yunnan plug-in, as the plan describes it (yunnan-2025.md).

    Targets 3019 / 1543 / 85 → 6000 / 3000 / 170 (2025–2027; +1000, +500, little giants
    derived); banks 2× / 2× / 3×, the two lower ones built by prefectures by 31 January, the
    little-giant bank from valid SRDI SMEs with 2 or more invention patents.
    """

    JID = "yunnan"

    @hookimpl
    def zjtx_jurisdictions(self):
        return [Jurisdiction(self.JID, "云南省", "53")]

    @hookimpl
    def zjtx_regions(self, jurisdiction):
        if jurisdiction != self.JID:
            return None
        return [Region(code, f"州市{code}", self.JID) for code in PREFECTURES]

    @hookimpl
    def zjtx_target_plans(self, jurisdiction):
        if jurisdiction != self.JID:
            return None
        issued = dt.date(2025, 6, 6)
        return [TargetPlan("plan-2025-2027", "倍增三年行动计划", self.JID, (
            TierTarget(Tier.INNOVATIVE_SME, 3019, issued, 6000, 2027, 1000),
            TierTarget(Tier.SRDI_SME, 1543, issued, 3000, 2027, 500),
            TierTarget(Tier.LITTLE_GIANT, 85, issued, 170, 2027),
        ), 2025, 2027)]

    @hookimpl
    def zjtx_seed_bank_rule(self, tier, year, jurisdiction):
        if jurisdiction != self.JID:
            return None
        if tier is Tier.INNOVATIVE_SME:
            return SeedBankRule(tier=tier, multiple=2, builder="prefecture", deadline=(1, 31))
        if tier is Tier.SRDI_SME:
            return SeedBankRule(tier=tier, multiple=2, builder="prefecture", deadline=(1, 31),
                                admits=Test(id="t.bank.srdi", label="有效期内的创新型中小企业", metric=nm.INNOVATIVE_VALID,
                                            op=Op.EQ, threshold=1))
        return SeedBankRule(tier=tier, multiple=3, builder="province", admits=AllOf(
            id="t.bank.lg", label="有效期内的专精特新中小企业且具有2项及以上发明专利", parts=(
                Test(id="t.bank.lg.srdi", label="有效期内的专精特新中小企业", metric=nm.SRDI_VALID, op=Op.EQ, threshold=1),
                Test(id="t.bank.lg.patents", label="2项及以上发明专利", metric=nm.INVENTION_PATENTS, op=Op.GE, threshold=2),
            )))

    @hookimpl
    def zjtx_measures(self, jurisdiction):
        return {"lg.L6": "省定措施：优化资本结构"} if jurisdiction == self.JID else None


@pytest.fixture(scope="session")
def national() -> PluginFacade:
    """Only the built-in national plug-in."""
    return PluginFacade.create(entry_points=False)


@pytest.fixture(scope="session")
def province() -> PluginFacade:
    """The national plug-in and the plan stand-in serving ``yunnan``."""
    return PluginFacade.create(plugins=[("plan-province", PlanProvince())], entry_points=False)
