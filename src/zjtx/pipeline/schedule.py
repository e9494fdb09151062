"""Quarterly scheduling (季度调度, 云政办发〔2025〕27号 二(六)1): a report per prefecture and quarter.

For each prefecture and tier: the year's seed bank (quota, size, shortfall, filing deadline and
whether it has passed), the bank's members recognised so far, recognitions in the quarter and in
the year to date, the valid count, and progress against the prefecture's indicative share of the
year's growth target.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from zjtx.assess import RosterLike
from zjtx.model.tier import Tier
from zjtx.pipeline._cohort import as_date
from zjtx.pipeline.progress import _prefecture_codes, _start
from zjtx.pipeline.seedbank import SeedBank, _largest_remainder, seed_banks
from zjtx.pipeline.targets import plan_for, yearly_target
from zjtx.pipeline.validity import DateContext
from zjtx.plugins import PluginFacade, facade
from zjtx.rules.options import Options

__all__ = ["SCHEDULE_COLUMNS", "quarter_dates", "schedule"]

#: Columns of the :func:`schedule` table.
SCHEDULE_COLUMNS = (
    "year", "quarter", "prefecture", "prefecture_name", "tier", "bank_required", "bank_size", "bank_shortfall",
    "filing_deadline", "deadline_passed", "bank_recognised", "recognitions_quarter", "recognitions_ytd",
    "valid_now", "indicative_target", "target_progress",
)  # fmt: skip



def quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar quarter (1–4)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1, 2, 3 or 4")
    first_month = 3 * quarter - 2
    last_month = 3 * quarter
    return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def schedule(
    roster: RosterLike,
    year: int,
    quarter: int,
    *,
    jurisdiction: str | None = None,
    as_of: dt.date | str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    banks: Mapping[Tier, SeedBank] | None = None,
) -> pd.DataFrame:
    """The quarterly scheduling report (季度调度): one row per prefecture × tier.

    ``as_of`` defaults to the last day of the quarter. ``banks`` default to the seed banks of
    ``year`` built on 1 January. ``indicative_target`` is the year's growth target split over
    prefectures by their share of the tier's valid recognitions on 1 January (largest remainders);
    the plan sets no prefecture targets, so this split is an assumption (it is in the table's
    ``attrs["assumptions"]``).
    """
    plugins = plugins or facade()
    jid = plugins.jurisdiction(jurisdiction).id
    q_start, q_end = quarter_dates(year, quarter)
    day = as_date(as_of) if as_of is not None else q_end
    dc = DateContext(roster, as_of=day, options=options, plugins=plugins)
    if banks is None:
        banks = seed_banks(roster, year, jurisdiction=jid, options=options, plugins=plugins)
    plan = plan_for(jid, year, plugins=plugins)
    codes, names = _prefecture_codes(dc, plugins, jid)
    pref = dc.prefecture()
    end = min(day, q_end)
    rows = []
    for tier in Tier.ladder():
        bank = banks.get(tier)
        in_quarter = pd.Series(pref[dc.recognised_between(tier, q_start, end)], dtype=object).value_counts()
        ytd = pd.Series(pref[dc.recognised_between(tier, _start(year), end)], dtype=object).value_counts()
        valid = pd.Series(pref[dc.valid(tier)], dtype=object).value_counts()
        start_valid = pd.Series(pref[dc.valid(tier, _start(year))], dtype=object).value_counts()
        y_target = yearly_target(plan, tier, year)
        split = _largest_remainder(y_target or 0, codes, np.array([float(start_valid.get(c, 0)) for c in codes]))
        quota: dict[str, int] = {}
        short: dict[str, int] = {}
        size = pd.Series(dtype=int)
        converted = pd.Series(dtype=int)
        if bank is not None:
            size = bank.table["prefecture"].value_counts()
            if not bank.prefectures.empty:
                quota = dict(zip(bank.prefectures["prefecture"], bank.prefectures["quota"]))
                short = dict(zip(bank.prefectures["prefecture"], bank.prefectures["shortfall"]))
            members = pd.Index(bank.table["uscc"])
            pos = members.get_indexer(pd.Index(dc.uscc))
            in_bank = pos >= 0
            done = in_bank & dc.recognised_between(tier, _start(year), end)
            converted = pd.Series(pref[done], dtype=object).value_counts()
        deadline = bank.deadline if bank is not None else None
        for i, c in enumerate(codes):
            target = int(split[i]) if y_target is not None else None
            got = int(ytd.get(c, 0))
            rows.append({
                "year": year, "quarter": quarter, "prefecture": c, "prefecture_name": names.get(c, ""),
                "tier": tier.value, "bank_required": quota.get(c), "bank_size": int(size.get(c, 0)),
                "bank_shortfall": short.get(c), "filing_deadline": deadline,
                "deadline_passed": (day > deadline) if deadline is not None else None,
                "bank_recognised": int(converted.get(c, 0)), "recognitions_quarter": int(in_quarter.get(c, 0)),
                "recognitions_ytd": got, "valid_now": int(valid.get(c, 0)), "indicative_target": target,
                "target_progress": (got / target) if target else None,
            })
    table = pd.DataFrame(rows, columns=list(SCHEDULE_COLUMNS))
    table.attrs["assumptions"] = (
        "indicative_target splits the year's growth target over prefectures by their share of the tier's "
        "valid recognitions on 1 January (largest remainders); the plan sets no prefecture targets.",
    )
    return table
