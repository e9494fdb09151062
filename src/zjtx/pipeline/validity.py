"""Validity of recognitions (有效期): who holds a tier on a date, whose renewal is due, who is barred.

Every tier's recognition is valid 3 years (63号 §7): on day *d* a recognition dated *r* holds when
``r ≤ d < r + 3 years`` (option ``validity_end``: ``inclusive`` also counts the anniversary). A
revocation (撤销) on or after the recognition date cancels it from that day, and bars every
application for 3 years (至少三年内不得再次申报). A recognition whose validity ends within the
coming year is due for renewal review (到期复核).

The roster holds one recognition date per tier (the latest); renewals are expected to update it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from zjtx.assess import RosterLike
from zjtx.model.tier import VALIDITY_YEARS, Tier
from zjtx.national import metrics as nm
from zjtx.pipeline._cohort import PIPELINE_FIELDS, as_date, prefecture_of, recognition_dates
from zjtx.plugins import PluginFacade, facade
from zjtx.roster.frame import build_context
from zjtx.rules.context import Context
from zjtx.rules.interpreter import Evaluation
from zjtx.rules.metrics import RecognitionValid, _add_years, static
from zjtx.rules.options import Options

__all__ = [
    "LITTLE_GIANT_VALID",
    "VALID_METRICS",
    "VALIDITY_COLUMNS",
    "valid_on",
    "holds",
    "held_raw",
    "validity",
    "DateContext",
]

#: 有效期内的专精特新“小巨人”企业 (the national metrics declare the two lower tiers).
LITTLE_GIANT_VALID = RecognitionValid(
    id="little_giant_valid", label="有效期内的专精特新“小巨人”企业", field=static("little_giant_recognised_on")
)

#: The recognition-validity metric of each tier.
VALID_METRICS = {
    Tier.INNOVATIVE_SME: nm.INNOVATIVE_VALID,
    Tier.SRDI_SME: nm.SRDI_VALID,
    Tier.LITTLE_GIANT: LITTLE_GIANT_VALID,
}

#: Columns of the :func:`validity` table, in order.
VALIDITY_COLUMNS = (
    "uscc", "name", "prefecture", "tier", "recognised_on", "expires_on", "status", "valid", "renewal_due",
    "days_left", "revoked_on", "barred_until", "barred",
)  # fmt: skip


def _day(value: dt.date) -> np.datetime64:
    return np.datetime64(value, "ns")


def valid_on(recognised: np.ndarray, revoked: np.ndarray, day: dt.date, *, inclusive_end: bool = False) -> np.ndarray:
    """Whether each recognition holds on ``day``: dated on or before it, not expired, not revoked.

    ``recognised`` and ``revoked`` are datetime64 arrays (NaT: none). A revocation counts only
    when it falls on or after the recognition date (a later recognition after the bar is new).
    """
    rec = np.asarray(recognised, dtype="datetime64[ns]")
    rev = np.asarray(revoked, dtype="datetime64[ns]")
    today = _day(day)
    end = _add_years(rec, VALIDITY_YEARS)
    held = ~np.isnat(rec) & (rec <= today)
    within = (end >= today) if inclusive_end else (end > today)
    cancelled = ~np.isnat(rev) & ~np.isnat(rec) & (rev >= rec) & (rev <= today)
    return held & within & ~cancelled


def held_raw(ev: Evaluation, tier: Tier) -> np.ndarray:
    """Rows whose recognition date of ``tier`` is within its validity on the assessment date.

    Ignores revocations (the metric :data:`VALID_METRICS` evaluates), so it is the wider reading:
    seed banks exclude these rows.
    """
    return ev.metric(VALID_METRICS[tier]) == 1.0


def holds(ctx: Context, tier: Tier, day: dt.date | None = None) -> np.ndarray:
    """Rows holding a valid, unrevoked recognition of ``tier`` on ``day`` (default the context's date)."""
    return valid_on(recognition_dates(ctx, tier), np.asarray(ctx.get(static("revoked_on")), dtype="datetime64[ns]"),
                    day or ctx.as_of, inclusive_end=ctx.options.validity_end == "inclusive")


class DateContext:
    """Recognition dates and prefectures of a roster, without evaluating any rule (fast).

    Static values are read as of ``as_of`` (the latest non-empty value among fiscal years ≤ its year).
    """

    def __init__(self, roster: RosterLike, *, as_of: dt.date | str | None = None,
                 options: Options | Mapping[str, Any] | None = None, plugins: PluginFacade | None = None) -> None:
        from zjtx.assess import _names
        from zjtx.pipeline._cohort import canonical_frame

        self.plugins = plugins or facade()
        self.as_of = as_date(as_of)
        self.frame = canonical_frame(roster, self.plugins)
        opts = options if isinstance(options, Options) else Options.from_mapping(options)
        self.ents, self.ctx = build_context(self.frame, as_of=self.as_of, fields=PIPELINE_FIELDS, options=opts,
                                            extra_columns=self.plugins.roster_columns())
        self.names = _names(self.frame, self.ents)

    @property
    def uscc(self) -> np.ndarray:
        return self.ents.uscc

    @property
    def n(self) -> int:
        return len(self.ents)

    def prefecture(self) -> np.ndarray:
        return prefecture_of(np.asarray(self.ctx.get(static("region_code")), dtype=object))

    def dates(self, tier: Tier) -> np.ndarray:
        return recognition_dates(self.ctx, tier)

    def revoked(self) -> np.ndarray:
        return np.asarray(self.ctx.get(static("revoked_on")), dtype="datetime64[ns]")

    def valid(self, tier: Tier, day: dt.date | None = None) -> np.ndarray:
        return holds(self.ctx, tier, day)

    def recognised_between(self, tier: Tier, start: dt.date, end: dt.date) -> np.ndarray:
        """Rows whose recognition of ``tier`` is dated ``start ≤ date ≤ end``."""
        d = self.dates(tier)
        return ~np.isnat(d) & (d >= _day(start)) & (d <= _day(end))


def validity(
    roster: RosterLike,
    *,
    as_of: dt.date | str | None = None,
    tiers: Iterable[Tier | str] | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    renewal_window_years: int = 1,
) -> pd.DataFrame:
    """Every recognition in a roster and where it stands on ``as_of``.

    One row per enterprise × tier it has a recognition date for. ``status`` is ``valid``,
    ``expired``, ``revoked`` (cancelled by a revocation on or after its date) or ``future`` (dated
    after ``as_of``). ``renewal_due`` marks valid recognitions expiring within
    ``renewal_window_years`` (到期复核); ``barred`` marks enterprises still inside the 3-year bar after
    a revocation (``barred_until`` is the first day they may apply again).

    >>> import zjtx.pipeline as p  # doctest: +SKIP
    >>> p.validity("roster.csv", as_of="2025-06-30").query("renewal_due")  # doctest: +SKIP
    """
    dc = DateContext(roster, as_of=as_of, options=options, plugins=plugins)
    day = _day(dc.as_of)
    chosen = [Tier.parse(t) for t in tiers] if tiers is not None else list(Tier.ladder())
    revoked = dc.revoked()
    barred_until = _add_years(revoked, VALIDITY_YEARS)
    barred = ~np.isnat(revoked) & (revoked <= day) & (barred_until > day)
    horizon = _day(_shift(dc.as_of, renewal_window_years))
    pref = dc.prefecture()
    inclusive = dc.ctx.options.validity_end == "inclusive"
    frames = []
    for tier in chosen:
        rec = dc.dates(tier)
        has = ~np.isnat(rec)
        if not has.any():
            continue
        rows = np.flatnonzero(has)
        r = rec[rows]
        end = _add_years(r, VALIDITY_YEARS)
        valid = valid_on(r, revoked[rows], dc.as_of, inclusive_end=inclusive)
        rv = revoked[rows]
        cancelled = ~np.isnat(rv) & (rv >= r) & (rv <= day)
        status = np.full(len(rows), "expired", dtype=object)
        status[r > day] = "future"
        status[cancelled] = "revoked"
        status[valid] = "valid"
        renewal = valid & (end <= horizon)
        days_left = ((end - day) / np.timedelta64(1, "D")).astype("float64")
        days_left[~valid] = np.nan
        frames.append(pd.DataFrame({
            "uscc": dc.uscc[rows], "name": dc.names[rows], "prefecture": pref[rows], "tier": tier.value,
            "recognised_on": pd.to_datetime(r), "expires_on": pd.to_datetime(end), "status": status,
            "valid": valid, "renewal_due": renewal, "days_left": days_left,
            "revoked_on": pd.to_datetime(rv), "barred_until": pd.to_datetime(barred_until[rows]),
            "barred": barred[rows],
        }))
    # A revoked enterprise with no recognition date left is still barred: list it too.
    listed = np.zeros(dc.n, bool)
    for tier in chosen:
        listed |= ~np.isnat(dc.dates(tier))
    lone = np.flatnonzero(barred & ~listed)
    if len(lone):
        nat = np.full(len(lone), np.datetime64("NaT"), dtype="datetime64[ns]")
        frames.append(pd.DataFrame({
            "uscc": dc.uscc[lone], "name": dc.names[lone], "prefecture": pref[lone], "tier": "none",
            "recognised_on": pd.to_datetime(nat), "expires_on": pd.to_datetime(nat), "status": "revoked",
            "valid": False, "renewal_due": False, "days_left": np.nan, "revoked_on": pd.to_datetime(revoked[lone]),
            "barred_until": pd.to_datetime(barred_until[lone]), "barred": True,
        }))
    if not frames:
        return pd.DataFrame(columns=list(VALIDITY_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    return table.loc[:, list(VALIDITY_COLUMNS)]


def _shift(day: dt.date, years: int) -> dt.date:
    from zjtx.model.tier import add_years

    return add_years(day, years)
