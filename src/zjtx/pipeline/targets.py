"""Cultivation plans and the year's growth target of each tier.

A plug-in declares its plans (:class:`~zjtx.model.jurisdiction.TargetPlan`) through the hook
``zjtx_target_plans``. The plan in force for a year is the one whose years cover it (the latest
starting one when several do). A tier's growth target for a year is the plan's stated yearly
increase; where the plan states none (Yunnan's little giants), it is the remaining gap to the
goal spread evenly over the remaining years, rounded up, with the plan's own pace carried from
the baseline (85 → 170 over 2025–2027: 29, 28, 28).
"""

from __future__ import annotations

from zjtx.model.jurisdiction import TargetPlan, TierTarget
from zjtx.model.tier import Tier
from zjtx.plugins import PluginFacade, facade

__all__ = ["plan_for", "yearly_target", "plan_pace", "first_plan_year"]


def plan_for(jurisdiction: str | None, year: int, *, plugins: PluginFacade | None = None) -> TargetPlan | None:
    """The target plan of ``jurisdiction`` in force in ``year`` (``None`` where there is none)."""
    plugins = plugins or facade()
    jid = plugins.jurisdiction(jurisdiction).id
    covering = [p for p in plugins.target_plans(jid) if p.start_year <= year <= p.end_year]
    if not covering:
        return None
    return sorted(covering, key=lambda p: (p.start_year, p.id))[-1]


def first_plan_year(plan: TargetPlan, target: TierTarget) -> int:
    """The first year the plan's pace counts from: the plan's start, or the baseline's year if later."""
    return max(plan.start_year, target.baseline_date.year)


def yearly_target(plan: TargetPlan | None, tier: Tier | str, year: int) -> int | None:
    """The growth target of ``tier`` in ``year`` under ``plan`` (``None`` without a plan or target).

    >>> import datetime as dt
    >>> from zjtx.model.jurisdiction import TargetPlan, TierTarget
    >>> lg = TierTarget("little_giant", 85, dt.date(2025, 6, 6), 170, 2027)
    >>> plan = TargetPlan("p", "plan", "yunnan", (lg,), 2025, 2027)
    >>> [yearly_target(plan, "little_giant", y) for y in (2025, 2026, 2027)]
    [29, 28, 28]
    """
    if plan is None:
        return None
    target = plan.target(tier)
    if target is None:
        return None
    if target.yearly_increase is not None:
        return int(target.yearly_increase)
    have = target.baseline
    for y in range(first_plan_year(plan, target), year):
        have += target.increase_for(y, have)
    return int(target.increase_for(year, have))


def plan_pace(plan: TargetPlan, tier: Tier | str, year: int) -> int | None:
    """The count the plan expects at the end of ``year``: baseline plus the growth targets so far."""
    target = plan.target(tier)
    if target is None:
        return None
    have = target.baseline
    for y in range(first_plan_year(plan, target), year + 1):
        have += yearly_target(plan, tier, y) or 0
    return int(have)
