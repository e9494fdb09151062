"""From the tidy roster to one row per enterprise: the evaluation context.

The canonical roster has one row per enterprise × fiscal year. Rules read annual figures of
given years (Y−1, Y−2…) and static attributes. This module builds, with numpy scatter and
gather and no per-enterprise Python loop, one array per field the rules need: annual figures are
placed by (enterprise, fiscal year); a static attribute takes the latest non-empty value among
the rows up to the assessment year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
from attrs import frozen

from zjtx.errors import CellProblem, RosterError
from zjtx.roster.schema import KEY, YEAR, Column, Kind, column
from zjtx.rules.context import Context
from zjtx.rules.metrics import Field
from zjtx.rules.options import Options

__all__ = ["Enterprises", "build_context", "duplicate_years"]


@frozen
class Enterprises:
    """The enterprises of a roster in order of first appearance, with their row positions."""

    uscc: np.ndarray
    #: For each roster row, the position of its enterprise in :attr:`uscc`.
    codes: np.ndarray

    def __len__(self) -> int:
        return len(self.uscc)


def _kind(name: str, extra: Iterable[Column]) -> Kind:
    try:
        return column(name, extra).kind
    except KeyError:
        return Kind.NUMBER


def _as_array(series: pd.Series, kind: Kind) -> np.ndarray:
    """A canonical column as the array type the metrics read."""
    if kind in (Kind.MONEY, Kind.NUMBER, Kind.FRACTION, Kind.BOOL):
        if isinstance(series.dtype, pd.BooleanDtype) or series.dtype == bool:
            return series.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    if kind is Kind.DATE:
        return pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[ns]")
    return series.astype(object).where(series.notna(), None).to_numpy(dtype=object)


def _empty(n: int, kind: Kind) -> np.ndarray:
    if kind in (Kind.MONEY, Kind.NUMBER, Kind.FRACTION, Kind.BOOL):
        return np.full(n, np.nan)
    if kind is Kind.DATE:
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    return np.full(n, None, dtype=object)


def _missing(arr: np.ndarray) -> np.ndarray:
    if arr.dtype.kind == "f":
        return np.isnan(arr)
    if arr.dtype.kind == "M":
        return np.isnat(arr)
    return np.asarray(pd.isna(arr))


def duplicate_years(frame: pd.DataFrame, ents: Enterprises) -> np.ndarray:
    """Row positions that repeat an (enterprise, fiscal year) already seen."""
    years = frame[YEAR].to_numpy(dtype="float64")
    key = pd.DataFrame({"e": ents.codes, "y": years})
    return np.flatnonzero(key.duplicated(keep="first").to_numpy())


def build_context(
    frame: pd.DataFrame,
    *,
    as_of: dt.date,
    fields: Iterable[Field],
    options: Options = Options(),
    extra_columns: Iterable[Column] = (),
) -> tuple[Enterprises, Context]:
    """Build the per-enterprise arrays of ``fields`` from a canonical tidy roster."""
    extra_columns = tuple(extra_columns)
    codes, uniques = pd.factorize(frame[KEY].to_numpy(dtype=object), sort=False)
    if (codes < 0).any():
        raise RosterError("rows without an enterprise key (uscc)")
    ents = Enterprises(np.asarray(uniques, dtype=object), codes)
    dup = duplicate_years(frame, ents)
    if len(dup):
        problems = [
            CellProblem(int(p) + 2, YEAR, frame[YEAR].iloc[p], f"duplicate year for {frame[KEY].iloc[p]}")
            for p in dup[:20]
        ]
        raise RosterError(f"{len(dup)} duplicated enterprise-year row(s)", problems)
    n = len(ents)
    year = as_of.year
    years = frame[YEAR].to_numpy(dtype="float64")
    columns: dict[str, np.ndarray] = {}

    wanted = list(dict.fromkeys(fields))
    static_names = sorted({f.column for f in wanted if f.lag is None})
    if "region_code" in static_names or any(f.column == "region_code" for f in wanted):
        static_names = sorted(set(static_names) | {"region_code"})

    # Annual figures: scatter the rows of fiscal year Y−lag into place.
    for f in wanted:
        if f.lag is None or f.column not in frame.columns:
            continue
        kind = _kind(f.column, extra_columns)
        arr = _empty(n, kind)
        rows = np.flatnonzero(years == year - f.lag)
        if len(rows):
            values = _as_array(frame[f.column], kind)
            arr[codes[rows]] = values[rows]
        columns[f.key] = arr

    # Static attributes: the latest non-empty value among rows with fiscal_year ≤ Y.
    if static_names:
        usable = np.flatnonzero(~(years > year))
        order = usable[np.lexsort((years[usable], codes[usable]))]
        group = codes[order]
        for name in static_names:
            kind = _kind(name, extra_columns)
            arr = _empty(n, kind)
            if name in frame.columns and len(order):
                values = _as_array(frame[name], kind)[order]
                valid = np.flatnonzero(~_missing(values))
                if len(valid):
                    g = group[valid]
                    last = np.r_[g[1:] != g[:-1], True]
                    arr[g[last]] = values[valid[last]]
            columns[name] = arr

    if "region_code" in columns:
        # 行政区划代码 defaults to characters 3–8 of the USCC (roster-schema.md).
        region = columns["region_code"]
        gap = np.asarray(pd.isna(region))
        if gap.any():
            region = region.copy()
            region[gap] = [u[2:8] if isinstance(u, str) and len(u) >= 8 else None for u in ents.uscc[gap]]
            columns["region_code"] = region

    return ents, Context(n=n, as_of=as_of, options=options, columns=columns)
