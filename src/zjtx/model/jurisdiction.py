"""Jurisdictions, regions and cultivation targets that province plug-ins declare."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen, validators

from zjtx.model.tier import Tier
from zjtx.rules.clause import Clause

__all__ = ["Jurisdiction", "Region", "TierTarget", "TargetPlan", "NATIONAL"]


@frozen
class Jurisdiction:
    """A jurisdiction a plug-in serves: ``id`` (``yunnan``), Chinese name, province code (``53``)."""

    id: str = field(validator=validators.matches_re(r"^[a-z][a-z0-9_\-]*$"))
    name: str
    #: First two digits of 行政区划代码; ``None`` for the national jurisdiction.
    province_code: str | None = field(default=None, validator=validators.optional(validators.matches_re(r"^\d{2}$")))
    #: The plug-in that declared it (filled in by the plug-in manager).
    source: str = ""


#: The national jurisdiction served by the built-in rules.
NATIONAL = Jurisdiction("national", "全国", None, "national")


@frozen
class Region:
    """A prefecture-level region (州市) of a jurisdiction: 4-digit division code and name."""

    code: str = field(validator=validators.matches_re(r"^\d{4}$"))
    name: str
    jurisdiction: str = ""


@frozen
class TierTarget:
    """A cultivation target for one tier: from ``baseline`` at ``baseline_date`` to ``goal``.

    ``yearly_increase`` is the stated yearly growth target; ``None`` where the plan states none
    (the pipeline then derives it, see :meth:`increase_for`).
    """

    tier: Tier = field(converter=Tier.parse)
    baseline: int
    baseline_date: dt.date
    goal: int
    goal_year: int
    yearly_increase: int | None = None

    def increase_for(self, year: int, current: int | None = None) -> int:
        """The growth target of ``year``: the stated one, else the remaining gap spread evenly
        over the remaining years (rounded up)."""
        if self.yearly_increase is not None:
            return self.yearly_increase
        have = self.baseline if current is None else current
        years_left = max(1, self.goal_year - year + 1)
        gap = max(0, self.goal - have)
        return -(-gap // years_left)


@frozen
class TargetPlan:
    """A dated plan of targets (a 三年行动计划) for a jurisdiction."""

    id: str
    title: str
    jurisdiction: str
    targets: tuple[TierTarget, ...] = field(converter=tuple)
    start_year: int
    end_year: int
    clause: Clause | None = None

    def target(self, tier: Tier | str) -> TierTarget | None:
        """The target of one tier, if the plan sets one."""
        tier = Tier.parse(tier)
        for t in self.targets:
            if t.tier is tier:
                return t
        return None
