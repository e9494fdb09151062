"""Deliberately broken plug-ins: the conformance kit must fail each, naming the check.

Each serves its own jurisdiction in Yunnan (province 53) and breaks one thing:

* :class:`WrongDirection`: the little-giant debt-ratio criterion turned round (资产负债率70%以上,
  ``≥``): less debt is better, so the criterion is not monotone in its metric's direction;
* :class:`InclusiveDeclaredExclusive`: SRDI C2 says 不低于100万元 but is declared ``> 100``;
* :class:`BankAdmitsIneligible`: the little-giant seed bank admits anyone with two invention
  patents, valid SRDI SME or not (the ladder is broken);
* :class:`WrongType`: ``zjtx_regions`` returns a mapping instead of a list of regions;
* :class:`OverlappingVersions`: two rule versions of its own claim the same days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from zjtx import hookimpl
from zjtx.model.jurisdiction import Jurisdiction, Region
from zjtx.model.tier import Tier
from zjtx.national import metrics as m
from zjtx.pipeline.seedbank import SeedBankRule
from zjtx.rules.nodes import Op, Test
from zjtx.rules.ruleset import RuleVersion, TierRules


class _Broken:
    """A plug-in serving one jurisdiction in Yunnan."""

    jurisdiction = "broken"

    @hookimpl
    def zjtx_jurisdictions(self) -> Sequence[Jurisdiction]:
        return [Jurisdiction(self.jurisdiction, "故障示例", "53")]

    @hookimpl
    def zjtx_regions(self, jurisdiction: str) -> Sequence[Region] | None:
        return [Region("5301", "昆明市", jurisdiction)] if jurisdiction == self.jurisdiction else None


class WrongDirection(_Broken):
    jurisdiction = "wrong-direction"

    @hookimpl
    def zjtx_adjust_rules(self, rules: TierRules, jurisdiction: str) -> TierRules | None:
        if jurisdiction != self.jurisdiction or rules.tier is not Tier.LITTLE_GIANT or "lg.L6" not in {
                n.id for n in rules.nodes()}:
            return None
        # the words agree with ≥ (达到…以上), so only the direction is wrong: less debt is better
        return rules.replace("lg.L6", Test(id="lg.L6", label="截至上年末资产负债率达到70%以上", metric=m.DEBT_RATIO,
                                           op=Op.GE, threshold=0.70))


class InclusiveDeclaredExclusive(_Broken):
    jurisdiction = "inclusive-exclusive"

    @hookimpl
    def zjtx_adjust_rules(self, rules: TierRules, jurisdiction: str) -> TierRules | None:
        if jurisdiction != self.jurisdiction or rules.tier is not Tier.SRDI_SME or "srdi.C2.amount" not in {
                n.id for n in rules.nodes()}:
            return None
        return rules.replace("srdi.C2.amount", Test(id="srdi.C2.amount", label="上年度研发费用总额不低于100万元",
                                                    metric=m.RD, op=Op.GT, threshold=100))


class BankAdmitsIneligible(_Broken):
    jurisdiction = "bank-admits-ineligible"

    @hookimpl
    def zjtx_seed_bank_rule(self, tier: Tier, jurisdiction: str) -> SeedBankRule | None:
        if jurisdiction != self.jurisdiction or tier is not Tier.LITTLE_GIANT:
            return None
        return SeedBankRule(tier=tier, multiple=3, builder="province", admits=Test(
            id="broken.lg.admits", label="拥有2项以上发明专利", metric=m.INVENTION_PATENTS, op=Op.GE, threshold=2))


class WrongType(_Broken):
    jurisdiction = "wrong-type"

    @hookimpl
    def zjtx_regions(self, jurisdiction: str) -> Sequence[Region] | None:  # type: ignore[override]
        return {"5301": "昆明市"} if jurisdiction == self.jurisdiction else None  # type: ignore[return-value]


class OverlappingVersions(_Broken):
    jurisdiction = "overlapping"

    @hookimpl
    def zjtx_rule_versions(self) -> Sequence[RuleVersion]:
        return [
            RuleVersion("overlap-a", "甲", "示例", dt.date(2030, 1, 1), dt.date(2030, 12, 31)),
            RuleVersion("overlap-b", "乙", "示例", dt.date(2030, 6, 1), None),
        ]
