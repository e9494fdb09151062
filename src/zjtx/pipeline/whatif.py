"""“What would it take”: the smallest changes of an enterprise's figures that make it eligible.

:func:`what_it_takes` reads the enterprise's roadmap toward a tier, takes every line that one
roster figure can close (R&D intensity through ``rd_expense``, the debt ratio through
``total_liabilities``, the main-business share through ``main_business_revenue``, amounts, totals
and counts through themselves; :mod:`zjtx.pipeline.levers`), applies the changes to the roster
and **re-assesses** the changed roster, each change alone and all together. Where the changes
move another criterion (raising revenue lowers R&D intensity), it takes another round on the
changed figures. Criteria no figure can close (flags, codes, years in the niche) are listed as
remaining. Nothing is guessed: every result comes from evaluating the rules on changed figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from attrs import frozen

from zjtx.assess import OUTCOMES, RosterLike
from zjtx.model.tier import Tier
from zjtx.pipeline._cohort import Cohort, as_date, canonical_frame
from zjtx.plugins import PluginFacade, facade
from zjtx.roster.schema import KEY, YEAR
from zjtx.rules.options import Options

__all__ = ["WhatItTakes", "what_it_takes", "apply_changes", "CHANGE_COLUMNS"]

#: Columns of :attr:`WhatItTakes.changes`.
CHANGE_COLUMNS = (
    "uscc", "tier", "round", "criterion", "label", "change_field", "change_year", "change_from", "change_to",
    "change", "change_unit", "change_text", "alone_passes", "alone_eligible",
)  # fmt: skip


@frozen(kw_only=True, eq=False)
class WhatItTakes:
    """The result of :func:`what_it_takes`.

    ``changes``: one row per figure change (with whether it alone makes its criterion pass and
    the enterprise eligible); ``summary``: one row per enterprise (verdict now, verdict after all
    changes, the criteria no figure change closes); ``frame``: the roster with every change applied.
    """

    tier: Tier
    changes: pd.DataFrame
    summary: pd.DataFrame
    frame: pd.DataFrame


def apply_changes(roster: pd.DataFrame, changes: pd.DataFrame, *, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """A copy of a canonical roster with the changes of a roadmap (or :class:`WhatItTakes`) applied.

    ``changes`` needs ``uscc``, ``change_field``, ``change_year`` (the fiscal year, empty for a
    static attribute) and ``change_to``; rows without a ``change_field`` are ignored. Several
    changes of one figure keep the largest rise (or the largest cut). A static attribute is set
    on every row of the enterprise up to ``as_of``'s year.
    """
    frame = roster.copy()
    if changes.empty or "change_field" not in changes:
        return frame
    ch = changes[changes["change_field"].fillna("") != ""].copy()
    if ch.empty:
        return frame
    ch["_up"] = (ch["change_to"] - ch["change_from"]) >= 0 if "change_from" in ch else True
    ch["_year"] = pd.to_numeric(ch["change_year"], errors="coerce")
    keys = frame[KEY].astype(str).to_numpy()
    years = frame[YEAR].to_numpy(dtype="float64")
    limit = as_date(as_of).year if as_of is not None else np.inf
    row_index = pd.MultiIndex.from_arrays([keys, years])
    for (column, up), group in ch.groupby(["change_field", "_up"], sort=False):
        agg = group.groupby(["uscc", "_year"], dropna=False)["change_to"].agg("max" if up else "min").reset_index()
        if column not in frame.columns:
            frame[column] = np.nan
        values = frame[column].to_numpy(dtype="float64", na_value=np.nan).copy()
        annual = agg[agg["_year"].notna()]
        if len(annual):
            pos = row_index.get_indexer(pd.MultiIndex.from_arrays([annual["uscc"].astype(str).to_numpy(),
                                                                   annual["_year"].to_numpy(dtype="float64")]))
            ok = pos >= 0
            values[pos[ok]] = annual["change_to"].to_numpy(dtype="float64")[ok]
        static = agg[agg["_year"].isna()]
        if len(static):
            target = pd.Series(static["change_to"].to_numpy(dtype="float64"), index=static["uscc"].astype(str))
            mapped = pd.Series(keys).map(target).to_numpy(dtype="float64")
            hit = ~np.isnan(mapped) & (years <= limit)
            values[hit] = mapped[hit]
        frame[column] = values
    return frame


def _variants(frame: pd.DataFrame, changes: pd.DataFrame, as_of: dt.date) -> tuple[pd.DataFrame, list[str]]:
    """One copy of its enterprise per change, keyed ``uscc~k``, with that change alone applied."""
    parts, keys = [], []
    by_key = {k: g for k, g in frame.groupby(KEY, sort=False)}
    for k, row in enumerate(changes.itertuples(index=False)):
        key = f"{row.uscc}~{k}"
        rows = by_key[row.uscc].copy()
        rows[KEY] = key
        one = pd.DataFrame([{"uscc": key, "change_field": row.change_field, "change_year": row.change_year,
                             "change_from": row.change_from, "change_to": row.change_to}])
        parts.append(apply_changes(rows, one, as_of=as_of))
        keys.append(key)
    return pd.concat(parts, ignore_index=True), keys


def what_it_takes(
    roster: RosterLike,
    uscc: str | Iterable[str],
    tier: Tier | str,
    *,
    as_of: dt.date | str | None = None,
    jurisdiction: str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    rounds: int = 3,
    rule_version: str | None = None,
) -> WhatItTakes:
    """The figure changes that would make enterprise(s) ``uscc`` eligible for ``tier``, confirmed.

    Returns a :class:`WhatItTakes`. ``summary.eligible_after`` is the outcome of re-assessing the
    roster with all changes applied; ``summary.remaining`` lists the criteria still failing or
    undecided then (those no single figure can close). An enterprise already eligible needs no
    change.

    >>> w = what_it_takes("roster.csv", "91530300MA6K00030D", "srdi_sme", as_of="2025-06-30")  # doctest: +SKIP
    >>> w.changes[["criterion", "change_text", "alone_passes"]]  # doctest: +SKIP
    """
    from zjtx.pipeline.roadmap import _build

    plugins = plugins or facade()
    t = Tier.parse(tier)
    day = as_date(as_of)
    base = canonical_frame(roster, plugins)
    wanted = [uscc] if isinstance(uscc, str) else list(uscc)
    wanted = [w.strip().upper() for w in wanted]
    kw: dict[str, Any] = {"as_of": day, "jurisdiction": jurisdiction, "options": options, "plugins": plugins,
                          "rule_version": rule_version}
    subset = base[base[KEY].astype(str).isin(wanted)]
    first = Cohort(None, frame=subset, **kw)
    first.rows_of(wanted)  # KeyError for unknown enterprises
    now = pd.Series(np.asarray(OUTCOMES, dtype=object)[first.evaluation.outcome(t)], index=first.uscc)
    frame = subset
    all_changes = []
    current = first
    for k in range(1, rounds + 1):
        table, _plans = _build(current, {t: current.rows_of(wanted)}, None)
        ch = table[(table["change_field"] != "") & table["confirmed"].astype(bool)]
        if ch.empty:
            break
        ch = ch.assign(round=k, tier=t.value)
        all_changes.append(ch)
        frame = apply_changes(frame, ch, as_of=day)
        current = Cohort(None, frame=frame, **kw)
        if (current.evaluation.outcome(t) == 1).all():
            break
    changes = pd.concat(all_changes, ignore_index=True) if all_changes else pd.DataFrame(columns=list(CHANGE_COLUMNS))
    if not changes.empty:
        changes["change_year"] = pd.array(pd.to_numeric(changes["change_year"], errors="coerce"), dtype="Int64")
        variants, keys = _variants(subset, changes, day)
        vc = Cohort(None, frame=variants, **kw)
        pos = vc.rows_of(keys)
        rules = vc.rules[t]
        outcome = vc.evaluation.outcome(t)[pos]
        passes = np.array([bool(vc.evaluation.node(rules.find(c)).true[p]) for c, p in zip(changes["criterion"], pos)])
        changes["alone_passes"] = passes
        changes["alone_eligible"] = outcome == 1
    else:
        changes["alone_passes"] = pd.Series(dtype=bool)
        changes["alone_eligible"] = pd.Series(dtype=bool)
    after = pd.Series(np.asarray(OUTCOMES, dtype=object)[current.evaluation.outcome(t)], index=current.uscc)
    remaining_table, _ = _build(current, {t: current.rows_of(wanted)}, None)
    remaining = remaining_table.groupby("uscc")["criterion"].agg(";".join) if not remaining_table.empty else pd.Series(dtype=object)
    counts = changes.groupby("uscc").size() if not changes.empty else pd.Series(dtype=int)
    summary = pd.DataFrame({
        "uscc": wanted, "tier": t.value,
        "verdict_now": [now.get(u, "") for u in wanted],
        "changes": [int(counts.get(u, 0)) for u in wanted],
        "eligible_after": [after.get(u, "") for u in wanted],
        "remaining": [remaining.get(u, "") for u in wanted],
    })
    return WhatItTakes(tier=t, changes=changes.loc[:, list(CHANGE_COLUMNS)].reset_index(drop=True), summary=summary,
                       frame=frame)
