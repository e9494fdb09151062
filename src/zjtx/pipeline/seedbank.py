"""Seed banks (种子库): who may enter a tier's yearly bank, how many, in which order.

This module starts with the rule type plug-ins return from ``zjtx_seed_bank_rule``; the bank
builder is added by the pipeline issue.
"""

from __future__ import annotations

from attrs import field, frozen

from zjtx.model.tier import Tier
from zjtx.rules.clause import Clause
from zjtx.rules.nodes import Node

__all__ = ["SeedBankRule"]


@frozen(kw_only=True)
class SeedBankRule:
    """How the seed bank of ``tier`` is built for a year.

    * size: at least ``multiple`` × that year's growth target of the tier;
    * entry: ``admits`` (a rule node, evaluated like any criterion) must pass, and the
      enterprise must not already hold a valid recognition of ``tier``;
    * who builds it (``prefecture`` or ``province``) and by when (``deadline`` as month, day of
      the bank's year).
    """

    tier: Tier = field(converter=Tier.parse)
    multiple: float
    admits: Node | None = None
    builder: str = field(default="province")
    deadline: tuple[int, int] | None = None
    clause: Clause | None = None
    source: str = "national"
