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

__all__ = ["Enterprises", "Placement", "bounds", "build_context", "duplicate_years", "enterprise_codes", "grouped", "latest"]


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
        if series.dtype == np.float64:
            return series.to_numpy()  # already what the conversion below gives
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


def _has_duplicate_years(years: np.ndarray, ents: Enterprises) -> bool:
    """Whether some (enterprise, fiscal year) repeats; a counting pass when years are whole."""
    finite = years[np.isfinite(years)] if len(years) else years
    if len(finite) == len(years) and len(years):
        low, high = float(finite.min()), float(finite.max())
        span = int(high - low) + 1
        # one counter per (enterprise, year) when that stays within a few times the rows
        if np.array_equal(years, np.floor(years)) and span * len(ents) <= max(4 * len(years), 1_000_000):
            key = ents.codes.astype(np.int64) * span + (years - low).astype(np.int64)
            return bool(np.bincount(key, minlength=span * len(ents)).max() > 1)
    return bool(len(duplicate_years(pd.DataFrame({YEAR: years}), ents)))


def enterprise_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(keys, sort=False)``, faster when each enterprise's rows are contiguous.

    Rosters usually list an enterprise's years together: then only the first key of each run
    of equal keys is hashed, and the runs are numbered if no key starts two runs.
    """
    if len(keys) > 1:
        try:
            start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        except TypeError:  # a key that cannot be compared (pd.NA): hash every row
            start = np.arange(len(keys))
        if len(start) < len(keys):
            head_codes, uniques = pd.factorize(keys[start], sort=False)
            if len(uniques) == len(start) and not (head_codes < 0).any():
                return np.repeat(np.arange(len(start), dtype=np.intp), np.diff(np.r_[start, len(keys)])), uniques
    return pd.factorize(keys, sort=False)


def grouped(codes: np.ndarray) -> bool:
    """Whether each enterprise's rows are contiguous (codes never decrease in row order)."""
    return len(codes) < 2 or bool((codes[1:] >= codes[:-1]).all())


@frozen
class Placement:
    """Roster rows copied into per-enterprise arrays: ``arr[dest] = column[rows]``.

    ``span`` is ``rows`` as a slice when they are evenly spaced (every enterprise has the same
    years), so a strided copy replaces a gather; ``complete`` says ``dest`` is ``0 … n−1`` in
    order, so the copied values are the array itself and nothing needs scattering.
    """

    rows: np.ndarray
    dest: np.ndarray
    span: slice | None
    complete: bool

    @classmethod
    def of(cls, rows: np.ndarray, dest: np.ndarray, n: int) -> Placement:
        """The placement of ``rows`` at ``dest`` in arrays of length ``n``."""
        complete = len(dest) == n and (n == 0 or (dest[0] == 0 and bool((np.diff(dest) == 1).all())))
        return cls(rows, dest, _span(rows), complete)

    def take(self, values: np.ndarray) -> np.ndarray:
        """``values[rows]`` as a new array."""
        if self.span is not None:
            return values[self.span].copy()
        return values[self.rows]


def _span(rows: np.ndarray) -> slice | None:
    if len(rows) < 2:
        return slice(int(rows[0]), int(rows[0]) + 1) if len(rows) else None
    step = int(rows[1] - rows[0])
    if step <= 0 or int(rows[-1]) != int(rows[0]) + step * (len(rows) - 1):
        return None
    if not bool((np.diff(rows) == step).all()):
        return None
    return slice(int(rows[0]), int(rows[-1]) + 1, step)


def _source(series: pd.Series, kind: Kind) -> tuple[np.ndarray | None, bool]:
    """The column as an array to copy cells from, and whether its cells are raw objects.

    Numbers, flags and dates are converted whole (vectorised; date parsing also infers one
    format per column). Text, codes and sets held as objects are read as they are: converting
    them only turns missing markers into None, which :func:`_cells` does for the copied cells.
    ``None``: convert only the copied cells (:func:`_as_array` of those rows).
    """
    if kind in (Kind.MONEY, Kind.NUMBER, Kind.FRACTION, Kind.BOOL) and series.dtype != object:
        return _as_array(series, kind), False
    if kind is Kind.DATE:
        return _as_array(series, kind), False
    if kind in (Kind.TEXT, Kind.CODE, Kind.SET) and series.dtype == object:
        return series.to_numpy(), True
    return None, False


def _cells(series: pd.Series, kind: Kind, source: tuple[np.ndarray | None, bool], where: Placement) -> np.ndarray:
    """:func:`_as_array` of the rows of ``where`` (a new array)."""
    return _cells_missing(series, kind, source, where)[0]


def _cells_missing(
    series: pd.Series, kind: Kind, source: tuple[np.ndarray | None, bool], where: Placement
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_cells` and which of them are missing."""
    values, raw = source
    if values is None:
        out = _as_array(series.iloc[where.rows], kind)
        return out, _missing(out)
    out = where.take(values)
    if not raw:
        return out, _missing(out)
    gaps = np.asarray(pd.isna(out))
    if gaps.any():
        out[gaps] = None
    return out, gaps


def bounds(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, last) index of each run of equal values in ``group`` (one run per enterprise)."""
    ends = np.flatnonzero(np.r_[group[1:] != group[:-1], True]) if len(group) else np.zeros(0, np.int64)
    return np.r_[0, ends[:-1] + 1] if len(ends) else ends, ends


def latest(
    series: pd.Series,
    order: np.ndarray,
    group: np.ndarray,
    n: int,
    kind: Kind,
    runs: tuple[np.ndarray, np.ndarray] | None = None,
    last: Placement | None = None,
) -> np.ndarray:
    """Per enterprise, the last non-missing value of ``series`` along ``order``.

    ``order`` lists row positions sorted by enterprise (``group`` holds each one's enterprise);
    the value of an enterprise is the one at its last position in ``order`` that is not missing.
    Only candidate cells are read and tested: each enterprise's last row first, then the row
    before it for those still missing, and so on. ``runs`` is :func:`bounds` of ``group`` and
    ``last`` the placement of each run's last row, when already known.
    """
    if not len(order):
        return _empty(n, kind)
    first, cand = runs if runs is not None else bounds(group)
    if last is None:
        last = Placement.of(order[cand], group[cand], n)
    source = _source(series, kind)
    values, missing = _cells_missing(series, kind, source, last)
    if last.complete:
        arr = values
    else:
        arr = _empty(n, kind)
        found = ~missing
        arr[last.dest[found]] = values[found]
    more = missing & (cand > first)
    cand, first = cand[more] - 1, first[more]
    while len(cand):
        where = Placement(order[cand], group[cand], None, False)
        values, missing = _cells_missing(series, kind, source, where)
        found = ~missing
        arr[where.dest[found]] = values[found]
        more = missing & (cand > first)
        cand, first = cand[more] - 1, first[more]
    return arr


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
    codes, uniques = enterprise_codes(frame[KEY].to_numpy(dtype=object))
    if (codes < 0).any():
        raise RosterError("rows without an enterprise key (uscc)")
    ents = Enterprises(np.asarray(uniques, dtype=object), codes)
    years = frame[YEAR].to_numpy(dtype="float64")
    if _has_duplicate_years(years, ents):
        dup = duplicate_years(frame, ents)
        problems = [
            CellProblem(int(p) + 2, YEAR, frame[YEAR].iloc[p], f"duplicate year for {frame[KEY].iloc[p]}")
            for p in dup[:20]
        ]
        raise RosterError(f"{len(dup)} duplicated enterprise-year row(s)", problems)
    n = len(ents)
    year = as_of.year
    columns: dict[str, np.ndarray] = {}

    wanted = list(dict.fromkeys(fields))
    static_names = sorted({f.column for f in wanted if f.lag is None})
    if "region_code" in static_names or any(f.column == "region_code" for f in wanted):
        static_names = sorted(set(static_names) | {"region_code"})

    # Annual figures: scatter the rows of fiscal year Y−lag into place.
    placements: dict[int, Placement] = {}
    for f in wanted:
        if f.lag is None or f.column not in frame.columns:
            continue
        kind = _kind(f.column, extra_columns)
        where = placements.get(f.lag)
        if where is None:
            rows = np.flatnonzero(years == year - f.lag)
            where = placements[f.lag] = Placement.of(rows, codes[rows], n)
        series = frame[f.column]
        if where.complete:
            arr = _cells(series, kind, _source(series, kind), where)
        else:
            arr = _empty(n, kind)
            if len(where.rows):
                arr[where.dest] = _cells(series, kind, _source(series, kind), where)
        columns[f.key] = arr

    # Static attributes: the latest non-empty value among rows with fiscal_year ≤ Y.
    if static_names:
        usable = np.flatnonzero(~(years > year))
        by_year = np.isfinite(years).all() and grouped(codes) and _years_rise(codes, years)
        order = usable if by_year else usable[np.lexsort((years[usable], codes[usable]))]
        group = codes[order]
        runs = bounds(group)
        last = Placement.of(order[runs[1]], group[runs[1]], n)
        for name in static_names:
            kind = _kind(name, extra_columns)
            if name in frame.columns:
                columns[name] = latest(frame[name], order, group, n, kind, runs=runs, last=last)
            else:
                columns[name] = _empty(n, kind)

    if "region_code" in columns:
        # 行政区划代码 defaults to characters 3–8 of the USCC (roster-schema.md).
        region = columns["region_code"]
        gap = np.asarray(pd.isna(region))
        if gap.any():
            region = region.copy()
            region[gap] = [u[2:8] if isinstance(u, str) and len(u) >= 8 else None for u in ents.uscc[gap]]
            columns["region_code"] = region

    return ents, Context(n=n, as_of=as_of, options=options, columns=columns)


def _years_rise(codes: np.ndarray, years: np.ndarray) -> bool:
    """Within each enterprise (rows contiguous), whether fiscal years strictly increase."""
    same = codes[1:] == codes[:-1]
    return bool((years[1:][same] > years[:-1][same]).all())
