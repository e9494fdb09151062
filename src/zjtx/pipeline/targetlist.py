"""The little-giant target list (小巨人目标名单) for next year (云政办发〔2025〕27号 二(一), 二(三)).

Before each year's end, prefectures screen valid SRDI SMEs into next year's target list and
benchmark those in their niche for 3 years or more against the little-giant standard. Here the
list for ``year`` holds every enterprise that, on the list's date:

* holds a valid, unrevoked SRDI recognition and no valid little-giant one;
* is known to pass the general preconditions (G1–G8);
* has been in its niche at least ``min_niche_years`` years (default: the threshold of the
  little-giant rule on years in the niche, 3 under 63号; unknown is left out);

ranked by closeness to the little-giant standard (:class:`~zjtx.pipeline.gaps.Gaps`): fewest
failed criteria, then fewest unknown ones, then the smallest summed normalised gaps, then the
highest SRDI score, then the USCC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from zjtx.assess import OUTCOMES, RosterLike
from zjtx.model.tier import VALIDITY_YEARS, Tier
from zjtx.national import metrics as nm
from zjtx.pipeline._cohort import Cohort, recognition_dates
from zjtx.pipeline.gaps import Gaps
from zjtx.pipeline.seedbank import _joined_ids, bank_date
from zjtx.pipeline.validity import held_raw, holds
from zjtx.plugins import PluginFacade
from zjtx.rules.metrics import _add_years
from zjtx.rules.nodes import Op, Test
from zjtx.rules.options import Options
from zjtx.rules.ruleset import TierRules

__all__ = ["TARGET_LIST_COLUMNS", "niche_floor", "target_list"]

#: Columns of the target list, in order.
TARGET_LIST_COLUMNS = (
    "uscc", "name", "year", "prefecture", "prefecture_name", "rank", "niche_years", "failed", "unknown", "gap",
    "srdi_score", "little_giant", "gaps", "priority", "srdi_recognised_on", "srdi_expires_on",
)  # fmt: skip


def niche_floor(rules: TierRules) -> float:
    """The years in the niche a tier's rules require, read from their declaration (lg.L1: 3).

    The lowest bound of any ``niche_years ≥ t`` test in the eligibility tree; 0 if there is none.
    """
    bounds = [float(t.threshold) for t in rules.eligibility.walk()  # type: ignore[arg-type]
              if isinstance(t, Test) and t.metric.id == nm.NICHE_YEARS.id and t.op in (Op.GE, Op.GT)]
    return min(bounds) if bounds else 0.0


def target_list(
    roster: RosterLike,
    year: int,
    *,
    jurisdiction: str | None = None,
    as_of: dt.date | str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    min_niche_years: float | None = None,
    limit: int | None = None,
    rule_version: str | None = None,
) -> pd.DataFrame:
    """The little-giant target list for ``year``, best candidates first.

    ``as_of`` is the date the roster is judged on (default 1 January of ``year``: the figures of
    ``year − 1`` that the year's application is judged on, and the recognitions valid then).
    ``limit`` keeps the first ``limit`` enterprises.

    >>> target_list("roster.csv", 2026, jurisdiction="yunnan").head()  # doctest: +SKIP
    """
    cohort = Cohort(roster, as_of=as_of or bank_date(year), jurisdiction=jurisdiction, options=options,
                    plugins=plugins, rule_version=rule_version, metrics=[nm.NICHE_YEARS])
    ev = cohort.evaluation
    rules = cohort.rules[Tier.LITTLE_GIANT]
    if min_niche_years is None:
        min_niche_years = niche_floor(rules)
    general = ev.node(rules.find(rules.precondition or "general"))
    niche = np.asarray(ev.metric(nm.NICHE_YEARS), dtype="float64")
    srdi = holds(cohort.ctx, Tier.SRDI_SME)
    lg = held_raw(ev, Tier.LITTLE_GIANT) | holds(cohort.ctx, Tier.LITTLE_GIANT)
    with np.errstate(invalid="ignore"):
        chosen = srdi & ~lg & general.true & (niche >= min_niche_years)
    rows = np.flatnonzero(chosen)
    gaps = Gaps(ev, rules)
    failed, unknown, gap = gaps.failed(), gaps.unknown(), gaps.gap()
    score = ev.headline_score(Tier.SRDI_SME) if Tier.SRDI_SME in cohort.rules.tiers else None
    score = score if score is not None else np.full(ev.n, np.nan)
    keys = [cohort.uscc.astype(str), np.where(np.isnan(score), np.inf, -score), np.round(gap, 9), unknown, failed]
    order = np.lexsort([k[rows] for k in keys])
    rows = rows[order]
    if limit is not None:
        rows = rows[:limit]
    lines = gaps.selected(rows=rows)
    pref = cohort.prefecture()
    rec = recognition_dates(cohort.ctx, Tier.SRDI_SME)
    table = pd.DataFrame({
        "uscc": cohort.uscc[rows], "name": cohort.names[rows], "year": year, "prefecture": pref[rows],
        "prefecture_name": cohort.prefecture_names(pref[rows]), "rank": np.arange(1, len(rows) + 1),
        "niche_years": niche[rows].astype(int), "failed": failed[rows].astype(int), "unknown": unknown[rows].astype(int),
        "gap": np.round(gap[rows], 6), "srdi_score": score[rows],
        "little_giant": np.asarray(OUTCOMES, dtype=object)[ev.outcome(Tier.LITTLE_GIANT)[rows]],
        "gaps": _joined_ids(lines, ev.n)[rows], "priority": cohort.priority_tags()[rows],
        "srdi_recognised_on": pd.to_datetime(rec[rows]),
        "srdi_expires_on": pd.to_datetime(_add_years(rec[rows], VALIDITY_YEARS)),
    })
    return table.loc[:, list(TARGET_LIST_COLUMNS)]
