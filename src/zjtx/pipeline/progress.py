"""Progress toward a cultivation plan, a projection to its end, and quarterly scheduling (季度调度).

:func:`progress` counts, on a date, the valid recognitions of each tier (revocations cancel them)
in the roster, province-wide and per prefecture, and sets them against the plan in force: its
baseline, the year's growth target, the count its pace expects by the end of the year and its end
goal. It then projects the counts to the end of the plan from the seed banks and the historical
conversion rates, and states every assumption it makes in :attr:`Progress.assumptions`.

The projection, tier by tier (the numbers it used are in the ``projection`` table):

* **conversion rate** ``r``: over the ``history_years`` full years before the date, the share of
  the tier's source pool recognised into the tier within the year. The source pool of a year is
  the enterprises that on 1 January held a valid recognition of the tier below (any enterprise
  holding no valid tier, for innovative SMEs) and not the tier itself or a higher one; the
  recognised are those of the pool whose recognition of the tier is dated in that year;
* **recognitions per year**: ``min(bank size, round(r × source pool))``: recognitions come out
  of the year's seed bank, at the historical rate of the pool. In the current year only what
  exceeds the recognitions already dated this year is added;
* the source pool and the bank keep their current sizes in later years (new entrants replace the
  promoted), and recognitions reaching the end of their validity are renewed (no attrition).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from attrs import frozen

from zjtx.assess import RosterLike
from zjtx.model.jurisdiction import TargetPlan
from zjtx.model.tier import Tier
from zjtx.pipeline._cohort import as_date
from zjtx.pipeline.seedbank import SeedBank, _largest_remainder, seed_banks
from zjtx.pipeline.targets import plan_for, plan_pace, yearly_target
from zjtx.pipeline.validity import DateContext
from zjtx.plugins import PluginFacade, facade
from zjtx.rules.options import Options

__all__ = ["Progress", "progress", "conversion_rates", "PROGRESS_COLUMNS"]

#: Columns of :attr:`Progress.table`.
PROGRESS_COLUMNS = (
    "tier", "label", "valid_now", "gained_this_year", "year_target", "year_progress", "plan_pace", "behind_pace",
    "baseline", "baseline_date", "goal", "goal_year", "remaining_to_goal", "projected_end", "on_track",
)  # fmt: skip

@frozen(kw_only=True, eq=False)
class Progress:
    """Where a jurisdiction stands against its plan on ``as_of``, and where it is heading.

    ``table``: one row per tier (:data:`PROGRESS_COLUMNS`); ``by_prefecture``: one row per
    prefecture × tier; ``projection``: one row per year × tier to the plan's end; ``conversion``:
    the historical conversion rate of each tier with its basis; ``assumptions``: the projection's
    assumptions, in words, with their numbers.
    """

    as_of: dt.date
    jurisdiction: str
    plan: TargetPlan | None
    table: pd.DataFrame
    by_prefecture: pd.DataFrame
    projection: pd.DataFrame
    conversion: pd.DataFrame
    assumptions: tuple[str, ...]
    banks: Mapping[Tier, SeedBank] | None = None

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables by name (for writing one sheet or file each)."""
        return {
            "progress": self.table, "by_prefecture": self.by_prefecture, "projection": self.projection,
            "conversion": self.conversion, "assumptions": pd.DataFrame({"assumption": list(self.assumptions)}),
        }

    def summary(self) -> str:
        """A few lines for people: each tier now, against the year's target and the goal."""
        head = f"progress of {self.jurisdiction} on {self.as_of.isoformat()}"
        if self.plan is not None:
            head += f" against {self.plan.id} ({self.plan.start_year}–{self.plan.end_year})"
        lines = [head]
        for row in self.table.itertuples(index=False):
            text = f"  {row.label}: {row.valid_now} valid, +{row.gained_this_year} this year"
            if not pd.isna(row.year_target):
                text += f" (target +{int(row.year_target)})"
            if not pd.isna(row.goal):
                text += f"; goal {int(row.goal)} by {int(row.goal_year)}, projected {int(row.projected_end)}"
            lines.append(text)
        return "\n".join(lines)


def _start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _source(dc: DateContext, tier: Tier, day: dt.date) -> np.ndarray:
    """Enterprises that on ``day`` could be recognised into ``tier`` next by the ladder."""
    at_or_above = np.zeros(dc.n, bool)
    for t in Tier.ladder():
        if t >= tier:
            at_or_above |= dc.valid(t, day)
    if tier is Tier.INNOVATIVE_SME:
        below = ~(dc.valid(Tier.SRDI_SME, day) | dc.valid(Tier.LITTLE_GIANT, day) | dc.valid(Tier.INNOVATIVE_SME, day))
        return below
    lower = [t for t in Tier.ladder() if t.rank == tier.rank - 1][0]
    return dc.valid(lower, day) & ~at_or_above


def conversion_rates(dc: DateContext, year: int, history_years: int = 3) -> pd.DataFrame:
    """The historical conversion rate of each tier over the ``history_years`` years before ``year``."""
    rows = []
    for tier in Tier.ladder():
        source_total = new_total = 0
        for y in range(year - history_years, year):
            src = _source(dc, tier, _start(y))
            new = src & dc.recognised_between(tier, _start(y), dt.date(y, 12, 31))
            source_total += int(src.sum())
            new_total += int(new.sum())
        rate = new_total / source_total if source_total else 0.0
        rows.append({"tier": tier.value, "years": f"{year - history_years}–{year - 1}", "source": source_total,
                     "recognised": new_total, "rate": rate, "basis": "roster recognition dates"})
    return pd.DataFrame(rows)


def progress(
    roster: RosterLike,
    *,
    as_of: dt.date | str | None = None,
    jurisdiction: str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    plan: TargetPlan | None = None,
    banks: Mapping[Tier, SeedBank] | None = None,
    with_banks: bool = True,
    conversion: Mapping[Tier | str, float] | None = None,
    history_years: int = 3,
    end_year: int | None = None,
) -> Progress:
    """Counts per tier on ``as_of`` against the plan, per prefecture, and a projection to its end.

    ``plan`` defaults to the plug-ins' plan in force in ``as_of``'s year; ``banks`` to the seed
    banks of that year built on ``as_of`` (skip them with ``with_banks=False``: the projection then
    uses the conversion rate alone); ``conversion`` overrides the historical rate of some tiers;
    ``end_year`` defaults to the plan's last year (two years on without a plan).

    >>> p = progress("roster.csv", as_of="2025-12-31", jurisdiction="yunnan")  # doctest: +SKIP
    >>> print(p.summary())  # doctest: +SKIP
    """
    plugins = plugins or facade()
    day = as_date(as_of)
    jid = plugins.jurisdiction(jurisdiction).id
    year = day.year
    dc = DateContext(roster, as_of=day, options=options, plugins=plugins)
    plan = plan if plan is not None else plan_for(jid, year, plugins=plugins)
    last = end_year or (plan.end_year if plan is not None else year + 2)
    if banks is None and with_banks:
        banks = seed_banks(roster, year, jurisdiction=jid, as_of=day, options=options, plugins=plugins)
    rates = conversion_rates(dc, year, history_years)
    overrides = {Tier.parse(k): float(v) for k, v in (conversion or {}).items()}
    if overrides:
        for t, v in overrides.items():
            rates.loc[rates["tier"] == t.value, ["rate", "basis"]] = [v, "given by the caller"]
    rate_of = dict(zip(rates["tier"], rates["rate"]))

    rows, proj = [], []
    for tier in Tier.ladder():
        valid = int(dc.valid(tier).sum())
        gained = int(dc.recognised_between(tier, _start(year), day).sum())
        target = plan.target(tier) if plan is not None else None
        y_target = yearly_target(plan, tier, year)
        pace = plan_pace(plan, tier, year) if (plan is not None and target is not None) else None
        source = int(_source(dc, tier, day).sum())
        bank = banks[tier].size if banks is not None and tier in banks else None
        rate = float(rate_of[tier.value])
        count = valid
        for y in range(year, last + 1):
            expected = int(round(rate * source))
            if bank is not None:
                expected = min(expected, bank)
            new = max(0, expected - gained) if y == year else expected
            count += new
            proj.append({
                "year": y, "tier": tier.value, "source": source, "bank": bank, "rate": rate, "recognitions": expected,
                "added": new, "count_end": count,
                "plan_pace": plan_pace(plan, tier, y) if (plan is not None and target is not None) else None,
            })
        rows.append({
            "tier": tier.value, "label": tier.label, "valid_now": valid, "gained_this_year": gained,
            "year_target": y_target, "year_progress": (gained / y_target) if y_target else None,
            "plan_pace": pace, "behind_pace": (pace - valid) if pace is not None else None,
            "baseline": target.baseline if target else None, "baseline_date": target.baseline_date if target else None,
            "goal": target.goal if target else None, "goal_year": target.goal_year if target else None,
            "remaining_to_goal": (target.goal - valid) if target else None, "projected_end": count,
            "on_track": (count >= target.goal) if target else None,
        })
    table = pd.DataFrame(rows, columns=list(PROGRESS_COLUMNS))
    projection = pd.DataFrame(proj)
    projection["on_pace"] = [
        None if pd.isna(p) else bool(c >= p) for c, p in zip(projection["count_end"], projection["plan_pace"])
    ]
    by_pref = _by_prefecture(dc, year, day, plan, banks, plugins, jid)
    assumptions = _assumptions(rates, year, last, history_years, banks is not None, plan)
    return Progress(as_of=day, jurisdiction=jid, plan=plan, table=table, by_prefecture=by_pref,
                    projection=projection, conversion=rates, assumptions=assumptions, banks=banks)


def _assumptions(rates: pd.DataFrame, year: int, last: int, history: int, with_banks: bool,
                 plan: TargetPlan | None) -> tuple[str, ...]:
    out = [
        "Counts are valid recognitions in the roster on the date (3-year validity; a revocation cancels); "
        "the roster's latest recognition date per tier is taken as its current one.",
        f"Conversion rate of a tier = share of its source pool (valid holders of the tier below on 1 January; "
        f"for innovative SMEs, enterprises holding no valid tier) recognised into it within the year, "
        f"pooled over {year - history}–{year - 1}.",
    ]
    for r in rates.itertuples(index=False):
        out.append(f"{r.tier}: rate {r.rate:.4f} ({r.recognised} of {r.source}; {r.basis}).")
    out.append("Recognitions per year = round(rate × current source pool)"
               + (", at most the size of the year's seed bank" if with_banks else "") + ".")
    out.append(f"In {year}, only recognitions beyond those already dated this year are added.")
    out.append(f"From {year + 1} to {last} the source pool" + (" and the banks" if with_banks else "")
               + " keep their current sizes (new entrants replace the promoted).")
    out.append("Recognitions reaching the end of their validity are assumed renewed (no attrition).")
    if plan is None:
        out.append("No target plan is in force: there is no target or goal to compare with.")
    else:
        out.append(f"Targets from plan {plan.id}; a tier without a stated yearly increase spreads its remaining "
                   "gap evenly over the remaining years, rounded up.")
    return tuple(out)


def _prefecture_codes(dc: DateContext, plugins: PluginFacade, jid: str) -> tuple[list[str], dict[str, str]]:
    names = {r.code: r.name for r in plugins.regions(jid)}
    seen = set(dc.prefecture().tolist()) - {""}
    return sorted(seen | set(names)), names


def _by_prefecture(dc: DateContext, year: int, day: dt.date, plan: TargetPlan | None,
                   banks: Mapping[Tier, SeedBank] | None, plugins: PluginFacade, jid: str) -> pd.DataFrame:
    codes, names = _prefecture_codes(dc, plugins, jid)
    pref = dc.prefecture()
    rows = []
    for tier in Tier.ladder():
        valid = pd.Series(pref[dc.valid(tier)], dtype=object).value_counts()
        gained = pd.Series(pref[dc.recognised_between(tier, _start(year), day)], dtype=object).value_counts()
        start_valid = pd.Series(pref[dc.valid(tier, _start(year))], dtype=object).value_counts()
        y_target = yearly_target(plan, tier, year)
        weights = np.array([float(start_valid.get(c, 0)) for c in codes])
        split = _largest_remainder(y_target or 0, codes, weights) if codes else np.zeros(0, int)
        members = pd.Series(dtype=int)
        if banks is not None and tier in banks:
            members = banks[tier].table["prefecture"].value_counts()
        for i, c in enumerate(codes):
            target = int(split[i]) if y_target is not None else None
            g = int(gained.get(c, 0))
            rows.append({"prefecture": c, "prefecture_name": names.get(c, ""), "tier": tier.value,
                         "valid_now": int(valid.get(c, 0)), "gained_this_year": g,
                         "indicative_target": target, "target_progress": (g / target) if target else None,
                         "bank_members": int(members.get(c, 0))})
    return pd.DataFrame(rows)
