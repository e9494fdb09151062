"""Reading and writing rosters: CSV, Excel, Parquet or a DataFrame, tidy or wide, with nothing lost.

:func:`read_roster` turns what officials and analysts hold into the canonical tidy frame of
:mod:`zjtx.roster.schema`:

1. load the cells (:mod:`zjtx.roster.sources`: encodings, sheets, title rows, merged headers);
2. match the headers (:mod:`zjtx.roster.headers`: Chinese and English names, units, years);
3. convert each column once, at the edge: 元 → 万元, percent → fraction, 是/否 → bool…
   (:func:`zjtx.roster.canonical.coerce_column`);
4. melt a wide sheet (one row per enterprise, ``2024年营业收入(万元)`` columns) into one row per
   enterprise × fiscal year;
5. validate (:mod:`zjtx.roster.validate`).

Every cell that cannot be used is listed in :attr:`Roster.rejected` with its row, header and
reason; every enterprise that cannot be assessed at all in :attr:`Roster.rejected_enterprises`,
so that the enterprises of the input are the assessed ones plus the rejected ones.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import numpy as np
import pandas as pd
from attrs import field, frozen

from zjtx.errors import RosterError
from zjtx.model import codes
from zjtx.roster.canonical import _key_text, coerce_column
from zjtx.roster.headers import HeaderIndex, HeaderSpec, wide_header
from zjtx.roster.schema import KEY, YEAR, Column, Kind, Role, columns_with
from zjtx.roster.sources import Table, load
from zjtx.roster.validate import ENTERPRISE_COLUMNS, PROBLEM_COLUMNS, ProblemLog, RejectedEnterprises, validate

__all__ = ["Roster", "read_roster", "write_roster", "Layout"]

Layout = Literal["tidy", "wide"]
Source = str | os.PathLike[str] | pd.DataFrame


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@frozen(eq=False)
class Roster:
    """A roster read into the canonical frame, with every cell and enterprise that could not be used.

    ``frame`` is the canonical tidy frame (one row per enterprise × fiscal year; the columns of
    :mod:`zjtx.roster.schema` that the source has, then plug-in columns, then unrecognised
    columns as they were). ``rejected`` lists each unusable cell or row (``row``, ``column`` as
    the source wrote it, ``field``, ``value``, ``reason``, ``uscc``); ``warnings`` lists
    suspicious but usable values in the same form. ``rejected_enterprises`` lists the
    enterprises that cannot be assessed at all (``uscc``, ``name``, ``rows``, ``reason``).
    """

    frame: pd.DataFrame
    rejected: pd.DataFrame = field(factory=lambda: _empty(PROBLEM_COLUMNS))
    warnings: pd.DataFrame = field(factory=lambda: _empty(PROBLEM_COLUMNS))
    source: str | None = None
    rejected_enterprises: pd.DataFrame = field(factory=lambda: _empty(ENTERPRISE_COLUMNS))
    #: ``tidy`` (one row per enterprise and year) or ``wide`` (a column per year) as read.
    layout: str = "tidy"
    #: The sheet read, for a workbook.
    sheet: str | None = None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], **kwargs: Any) -> Roster:
        """Read a CSV, ``.xlsx`` or Parquet roster (see :func:`read_roster`)."""
        return read_roster(path, **kwargs)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, **kwargs: Any) -> Roster:
        """Read a DataFrame with canonical, Chinese or yearly headers (see :func:`read_roster`)."""
        return read_roster(frame, **kwargs)

    @property
    def enterprises(self) -> pd.Index:
        """The USCCs of the enterprises that can be assessed, in order of first appearance."""
        return pd.Index(pd.unique(self.frame[KEY].to_numpy(dtype=object)), name=KEY, dtype=object)

    @property
    def input_enterprises(self) -> int:
        """How many enterprises the source holds: those assessable plus those rejected."""
        return len(self.enterprises) + len(self.rejected_enterprises)

    @property
    def has_problems(self) -> bool:
        """Whether any cell, row or enterprise could not be used (warnings do not count)."""
        return bool(len(self.rejected) or len(self.rejected_enterprises))

    def summary(self) -> str:
        """One line: how many enterprises were read, how many rejected, how many problems."""
        where = self.source or "roster"
        parts = [f"{where}: {len(self.enterprises)} enterprises read ({len(self.frame)} enterprise-years)"]
        if len(self.rejected_enterprises):
            parts.append(f"{len(self.rejected_enterprises)} enterprises rejected")
        if len(self.rejected):
            parts.append(f"{len(self.rejected)} cells or rows not used")
        if len(self.warnings):
            parts.append(f"{len(self.warnings)} warnings")
        return ", ".join(parts)

    def problems_by_enterprise(self, *, limit: int = 5) -> pd.Series:
        """For each USCC with rejected cells, a readable list of them (first ``limit``)."""
        rej = self.rejected[self.rejected["uscc"].notna()]
        if not len(rej):
            return pd.Series(dtype=object, name="reason")
        def part(col: str, blank: str = "") -> pd.Series:
            return rej[col].astype(object).where(rej[col].notna(), blank).astype(str)

        text = "row " + part("row", "?") + " " + part("column") + ": " + part("reason")

        def join(items: pd.Series) -> str:
            shown = list(items.iloc[:limit])
            more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
            return "; ".join(shown) + more

        return text.groupby(rej["uscc"].to_numpy(), sort=False).agg(join).rename("reason")

    def to_file(self, path: str | os.PathLike[str], **kwargs: Any) -> Path:
        """Write the canonical frame (see :func:`write_roster`)."""
        return write_roster(self.frame, path, **kwargs)


# -- reading ----------------------------------------------------------------------------------


def read_roster(
    source: Source,
    *,
    sheet: str | int | None = None,
    header_map: Mapping[str, str | None] | None = None,
    plugins: Any = None,
    today: dt.date | None = None,
) -> Roster:
    """Read a roster into a :class:`Roster`: canonical frame, rejected cells, warnings.

    Parameters
    ----------
    source
        A CSV file (UTF-8 with or without BOM, or GB18030), an ``.xlsx`` workbook, a Parquet
        file, or a DataFrame. Tidy (a ``年度`` / ``fiscal_year`` column) or wide (yearly columns
        such as ``2024年营业收入(万元)``).
    sheet
        The sheet of a workbook (name or 0-based number); default the first sheet with a
        ``统一社会信用代码`` column.
    header_map
        Extra header names: ``{"企业营收": "operating_revenue"}``; map a header to ``None`` to
        ignore that column.
    plugins
        The :class:`~zjtx.plugins.PluginFacade` whose extra roster columns and region names
        are used (default :func:`zjtx.plugins.facade`).
    today
        The date that years and dates may not be after (default today).

    Raises
    ------
    RosterError
        When nothing can be read: the file is missing, empty, undecodable or damaged, or has
        no 统一社会信用代码 column or no fiscal years. Problems in cells never raise: they are
        listed in :attr:`Roster.rejected`.
    """
    from zjtx.plugins import facade

    plugins = plugins or facade()
    columns = columns_with(plugins.roster_columns())
    index = HeaderIndex(columns, header_map)
    table = load(source, index, sheet=sheet)
    regions, known_for = _regions(plugins)
    return _Reader(table, index, {c.name: c for c in columns}, regions, known_for,
                   today or dt.date.today()).read()


def _regions(plugins: Any) -> tuple[dict[str, str], frozenset[str]]:
    """Prefecture names by 4-digit code, from every jurisdiction's plug-in."""
    names: dict[str, str] = {}
    for jid in plugins.jurisdictions():
        for region in plugins.regions(jid):
            names.setdefault(region.code, region.name)
    return names, frozenset(code[:2] for code in names)


_NUMERIC = (Kind.MONEY, Kind.NUMBER, Kind.FRACTION)
_NOT_A_COLUMN = "not a roster column"


class _Reader:
    """One read: headers → typed columns → (melted) tidy frame → validation → :class:`Roster`."""

    def __init__(self, table: Table, index: HeaderIndex, columns: Mapping[str, Column], regions: Mapping[str, str],
                 known_for: frozenset[str], today: dt.date) -> None:
        self.table = table
        self.index = index
        self.columns = columns
        self.regions = regions
        self.known_for = known_for
        self.today = today
        self.rejected = ProblemLog()
        self.warnings = ProblemLog()
        self.enterprises = RejectedEnterprises()

    def fail(self, message: str) -> RosterError:
        return RosterError(message, source=self.table.label)

    # -- headers --------------------------------------------------------------------------------
    def plan(self) -> tuple[list[HeaderSpec], list[HeaderSpec], bool]:
        """The columns to read, the unrecognised ones to keep as they are, and whether wide."""
        specs = self.index.resolve(self.table.headers)
        used: dict[tuple[str, int | None], HeaderSpec] = {}
        unknown: list[HeaderSpec] = []
        for s in specs:
            if s.ignored:
                continue
            if s.column is None:
                if s.note == _NOT_A_COLUMN:
                    unknown.append(s)
                else:
                    self.rejected.add([None], s.header, None, None, f"{s.note}: the column is not used")
                continue
            first = used.get((s.column.name, s.year))
            if first is not None:
                self.rejected.add([None], s.header, s.column.name, None,
                                  f"a second column for {s.column.label} (first: {first.header!r}): not used")
                continue
            used[(s.column.name, s.year)] = s
        mapped = list(used.values())
        if not any(s.name == KEY for s in mapped):
            seen = ", ".join(repr(h) for h in self.table.headers[:12] if h.strip()) or "none"
            raise self.fail(f"no 统一社会信用代码 (uscc) column was recognised (headers seen: {seen}); name the key "
                            "column 统一社会信用代码 or uscc, or map it with header_map / --map HEADER=uscc")
        has_year = any(s.name == YEAR for s in mapped)
        yearly = [s for s in mapped if s.year is not None]
        if has_year and yearly:
            for s in yearly:
                self.rejected.add([None], s.header, s.name, None,
                                  "a yearly column in a roster with a 年度 column: not used (use one layout)")
            mapped = [s for s in mapped if s.year is None]
        if not has_year and not yearly:
            raise self.fail("no fiscal year: add a 年度 (fiscal_year) column, or give yearly columns such as "
                            "2024年营业收入(万元)")
        wide = not has_year
        if wide:
            for s in [s for s in mapped if s.year is None and s.column.role is Role.ANNUAL]:
                self.rejected.add([None], s.header, s.name, None,
                                  "an annual figure without a year in a sheet with yearly columns: not used "
                                  "(write the year in front, e.g. 2024年营业收入(万元))")
                mapped.remove(s)
        for s in unknown:
            self.warnings.add([None], s.header, None, None, "not a roster column: kept as it is, not used by the rules")
        mapped.sort(key=lambda s: (s.name != KEY, s.position))
        return mapped, unknown, wide

    # -- reading --------------------------------------------------------------------------------
    def read(self) -> Roster:
        mapped, unknown, wide = self.plan()
        cells, rows = self.table.cells, self.table.rows
        blank = np.ones(len(cells), dtype=bool)
        for s in mapped:
            column = cells[s.position]
            empty = column.isna().to_numpy(dtype=bool, copy=True)
            if not pd.api.types.is_numeric_dtype(column.dtype):
                empty |= column.eq("").to_numpy(dtype=bool, na_value=False)
            blank &= empty
        if blank.any():
            cells, rows = cells.loc[~blank].reset_index(drop=True), rows[~blank]
        lost = self.loader_problems(mapped)
        if not len(cells) and not lost:
            raise self.fail("no enterprise rows under the header; fill in the roster and try again")

        typed: dict[tuple[str, int | None], pd.Series] = {}
        key_values: np.ndarray | None = None
        headers: dict[tuple[str, int | None], str] = {}
        for s in mapped:
            series = self.convert(s, cells[s.position], rows, key_values)
            typed[(s.name, s.year)] = series
            headers[(s.name, s.year)] = s.header
            if s.name == KEY:
                key_values = series.to_numpy(dtype=object)
        extras: dict[str, pd.Series] = {}
        for s in unknown:
            extras[self.unique_name(s.header, {n for n, _ in typed} | set(extras))] = _raw(cells[s.position])

        if wide:
            frame, long_rows = self.melt(typed, extras, len(cells), rows)
        else:
            frame = pd.DataFrame({name: s for (name, _), s in typed.items()} | extras)
            long_rows = rows
        header_of = self.header_lookup(frame, headers, wide)
        keep = validate(frame, long_rows, header_of=header_of, columns=self.columns, regions=self.regions,
                        regions_known_for=self.known_for, today=self.today, rejected=self.rejected,
                        warnings=self.warnings, enterprises=self.enterprises)
        frame = frame.loc[keep].reset_index(drop=True)
        frame[YEAR] = frame[YEAR].astype("int64")
        order = [c for c in self.columns if c in frame.columns] + list(extras)
        frame = frame[order]
        present = set(pd.unique(frame[KEY].to_numpy(dtype=object))) | self.enterprises.keys()
        for uscc, name, row, reason in lost:
            if uscc is None or uscc not in present:
                self.enterprises.add(uscc, name, row, f"{reason} (the enterprise is not assessed)")
                if uscc is not None:
                    present.add(uscc)
        return Roster(frame, self.rejected.frame(), self.warnings.frame(), self.table.label,
                      self.enterprises.frame(), "wide" if wide else "tidy", self.table.sheet)

    def loader_problems(self, mapped: list[HeaderSpec]) -> list[tuple[object, object, int, str]]:
        """Report the rows the loader could not read whole; return those left out, with their
        enterprise as far as it can be read."""
        key_pos = next(s.position for s in mapped if s.name == KEY)
        name_pos = next((s.position for s in mapped if s.name == "name"), None)
        lost = []
        for p in self.table.problems:
            uscc = name = None
            if len(p.record) > key_pos and isinstance(p.record[key_pos], str) and p.record[key_pos].strip():
                uscc = _key_text(p.record[key_pos])
            if name_pos is not None and len(p.record) > name_pos and isinstance(p.record[name_pos], str):
                name = p.record[name_pos].strip() or None
            self.rejected.add([p.row], None, None, None, p.reason, uscc)
            if not p.kept:
                lost.append((uscc, name, p.row, p.reason))
        return lost

    def convert(self, s: HeaderSpec, raw: pd.Series, rows: np.ndarray, key: np.ndarray | None) -> pd.Series:
        """One source column in canonical units, its bad cells reported."""
        col = s.column
        assert col is not None
        if s.scale != 1.0:
            # bounds apply to the value in the unit the source wrote
            col = attrs.evolve(col, minimum=None if col.minimum is None else col.minimum / s.scale,
                               maximum=None if col.maximum is None else col.maximum / s.scale)
        if s.unit == "%" and raw.dtype == object:
            raw = raw.map(lambda v: v.strip().rstrip("%％") if isinstance(v, str) else v)
        if s.name == KEY and raw.dtype == object:
            numeric = np.fromiter((isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw),
                                  dtype=bool, count=len(raw))
            if numeric.any():  # Excel keeps 15 significant digits of a number: an 18-digit code is lost
                self.warnings.add(rows[numeric], s.header, s.name, raw.to_numpy(dtype=object)[numeric],
                                  "统一社会信用代码 stored as a number, which keeps only 15 digits: format the column "
                                  "as text and enter the codes again")
        series, problems = coerce_column(raw, col)
        if problems:
            pos = np.fromiter((p[0] for p in problems), dtype=np.int64, count=len(problems))
            values = np.empty(len(problems), dtype=object)
            values[:] = [p[1] for p in problems]
            reasons = [f"{p[2]}: the value is not used" for p in problems]
            self.rejected.add(rows[pos], s.header, s.name, values, reasons, None if key is None else key[pos])
        if s.scale != 1.0:
            series = _rescale(series, s.scale)
        return series

    @staticmethod
    def unique_name(header: str, taken: set[str]) -> str:
        """A column name for an unrecognised header that no other column has."""
        name, k = header.strip() or "column", 2
        while name in taken:
            name, k = f"{header.strip() or 'column'}_{k}", k + 1
        return name

    def melt(self, typed: dict[tuple[str, int | None], pd.Series], extras: dict[str, pd.Series], n: int,
             rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
        """One row per enterprise × year from a wide sheet (enterprise-major, years ascending).

        A static value applies to every year; a year-prefixed static (``2024年发明专利数``)
        to its year. A year in which an enterprise has no figure at all gives no row, except
        that an enterprise with no figures keeps its latest year.
        """
        years = sorted({y for (_, y) in typed if y is not None})
        k = len(years)
        perm = (np.arange(k)[None, :] * n + np.arange(n)[:, None]).ravel()
        has = np.zeros((n, k), dtype=bool)
        out: dict[str, pd.Series] = {}
        for name in dict.fromkeys(name for name, _ in typed):
            base = typed.get((name, None))
            parts = []
            for j, y in enumerate(years):
                s = typed.get((name, y))
                if s is None:
                    s = base if base is not None else _missing(self.columns[name].kind, n)
                else:
                    has[:, j] |= _present(s)
                    if base is not None:
                        s = s.where(_present(s), base)
                parts.append(s.reset_index(drop=True))
            out[name] = pd.concat(parts, ignore_index=True).take(perm).reset_index(drop=True)
        out[YEAR] = pd.Series(np.tile(np.asarray(years, dtype="float64"), n))
        repeat = np.repeat(np.arange(n), k)
        for name, s in extras.items():
            out[name] = s.take(repeat).reset_index(drop=True)
        latest_only = np.zeros((n, k), dtype=bool)
        latest_only[:, -1] = ~has.any(axis=1)
        keep = (has | latest_only).ravel()
        frame = pd.DataFrame(out).loc[keep].reset_index(drop=True)
        return frame, np.repeat(rows, k)[keep]

    def header_lookup(self, frame: pd.DataFrame, headers: Mapping[tuple[str, int | None], str],
                      wide: bool) -> Any:
        years = frame[YEAR].to_numpy(dtype="float64", na_value=np.nan)

        def header_of(name: str, positions: np.ndarray) -> np.ndarray:
            """The source headers of field ``name`` at some frame rows (per year in a wide sheet)."""
            out = np.empty(len(positions), dtype=object)
            if not wide:
                out[:] = headers.get((name, None), name)
            elif name == YEAR:  # a wide sheet's years are in its headers
                out[:] = [f"{int(y)}年 columns" for y in years[positions]]
            else:
                out[:] = [headers.get((name, int(y)), headers.get((name, None), name)) for y in years[positions]]
            return out

        return header_of


def _rescale(series: pd.Series, scale: float) -> pd.Series:
    """Values in the canonical unit; dividing by a power of ten (元 → 万元, % → fraction) and
    rounding far below a 分 keeps 7.3% exactly 0.073."""
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    if scale < 1:
        out = np.round(values / round(1 / scale), 12)
    else:
        out = np.round(values * scale, 8)
    return pd.Series(out, name=series.name)


def _raw(series: pd.Series) -> pd.Series:
    """An unrecognised column kept as it was (blank cells missing)."""
    values = series.to_numpy(dtype=object, na_value=None).copy()
    values[np.asarray(pd.isna(values), dtype=bool) | (values == "")] = None
    return pd.Series(values, dtype=object)


def _present(s: pd.Series) -> np.ndarray:
    """Cells that hold a value (an empty set '' holds none)."""
    mask = np.asarray(s.notna(), dtype=bool)
    if s.dtype == object:
        mask &= s.to_numpy(dtype=object) != ""
    return mask


def _missing(kind: Kind, n: int) -> pd.Series:
    if kind in _NUMERIC:
        return pd.Series(np.full(n, np.nan))
    if kind is Kind.BOOL:
        return pd.Series(pd.array([pd.NA] * n, dtype="boolean"))
    if kind is Kind.DATE:
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"))
    return pd.Series(np.full(n, "" if kind is Kind.SET else None, dtype=object))


# -- writing ----------------------------------------------------------------------------------


def _labels() -> dict[str, Mapping[str, str]]:
    """Chinese labels of coded values, which the reader maps back to the codes."""
    return {
        "main_product_field": {f.code: f.name for f in codes.PRODUCT_FIELDS},
        "rd_institution": codes.RD_INSTITUTION_LEVELS,
        "chain_role": codes.CHAIN_ROLES,
        "st_award_level": codes.AWARD_LEVELS,
        "makers_china": codes.MAKERS_CHINA,
        "honours": codes.HONOURS,
    }


def _chinese_values(frame: pd.DataFrame, columns: Mapping[str, Column]) -> pd.DataFrame:
    """Values as officials write them: 是/否, percents, Chinese names of codes."""
    out = {}
    labels = _labels()
    for name in frame.columns:
        s = frame[name]
        col = columns.get(name)
        if col is None:
            out[name] = s
        elif col.kind is Kind.BOOL:
            out[name] = s.map({True: "是", False: "否"}).astype(object).where(s.notna(), None)
        elif col.kind is Kind.FRACTION:
            out[name] = np.round(s.astype("float64") * 100, 10)
        elif col.kind is Kind.CODE and name in labels:
            out[name] = s.map(lambda v, m=labels[name]: m.get(v, v) if isinstance(v, str) else None)
        elif col.kind is Kind.SET and name in labels:
            out[name] = s.map(lambda v, m=labels[name]: "、".join(m.get(p, p) for p in v.split(";") if p)
                              if isinstance(v, str) else None)
        else:
            out[name] = s
    return pd.DataFrame(out, index=frame.index)


def _wide(frame: pd.DataFrame, columns: Mapping[str, Column]) -> tuple[pd.DataFrame, list[tuple[str, int | None]]]:
    """One row per enterprise: static columns (latest non-empty value), then yearly columns."""
    order = pd.unique(frame[KEY].to_numpy(dtype=object))
    ordered = frame.sort_values([YEAR], kind="stable")
    annual = [c for c in frame.columns if c in columns and columns[c].role is Role.ANNUAL and c != YEAR]
    static = [c for c in frame.columns if c not in annual and c != YEAR]
    cleaned = ordered[static].copy()
    for c in static:
        if cleaned[c].dtype == object:
            cleaned[c] = cleaned[c].where(cleaned[c].ne(""), None)
    out = cleaned.groupby(ordered[KEY].to_numpy(), sort=False).last().reindex(order)
    for c in static:
        if c in columns and columns[c].kind is Kind.SET:
            out[c] = out[c].fillna("")
    out[KEY] = order
    keys: list[tuple[str, int | None]] = [(c, None) for c in static]
    years = sorted(int(y) for y in pd.unique(frame[YEAR]))
    blocks = {}
    for y in years:
        rows = frame[frame[YEAR] == y].drop_duplicates(KEY).set_index(KEY)
        for c in annual:
            blocks[(c, y)] = rows[c].reindex(order).to_numpy()
            keys.append((c, y))
    wide = pd.concat([out[static].reset_index(drop=True),
                      pd.DataFrame({f"{c}\x00{y}": v for (c, y), v in blocks.items()})], axis=1)
    wide.columns = range(wide.shape[1])
    return wide, keys


def write_roster(
    roster: pd.DataFrame | Roster,
    path: str | os.PathLike[str],
    *,
    layout: Layout = "tidy",
    chinese: bool = False,
    title: str | None = None,
    sheet_name: str = "企业名单",
) -> Path:
    """Write a canonical roster as CSV (UTF-8 with BOM), ``.xlsx`` or Parquet, by extension.

    ``layout="wide"`` writes the officials' layout: one row per enterprise, a column per figure
    and year. ``chinese=True`` writes Chinese headers with units (``2024年营业收入(万元)``,
    ``全国细分市场占有率(%)``) and values as officials write them (是/否, percents, Chinese
    names of codes). ``title`` adds a title row above the header. :func:`read_roster` reads
    every combination back to the same canonical frame.
    """
    from zjtx.plugins import facade

    frame = roster.frame if isinstance(roster, Roster) else roster
    columns = {c.name: c for c in columns_with(facade().roster_columns())}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if chinese:
        frame = _chinese_values(frame, columns)
    if layout == "wide":
        table, keys = _wide(frame, columns)
    elif layout == "tidy":
        table, keys = frame.reset_index(drop=True), [(c, None) for c in frame.columns]
        table.columns = range(table.shape[1])
    else:
        raise ValueError(f"layout must be 'tidy' or 'wide', not {layout!r}")

    def header(name: str, year: int | None) -> str:
        col = columns.get(name)
        if col is None:
            return name
        if chinese:
            return wide_header(col, year)
        return name if year is None else f"{name}_{year}"

    table.columns = [header(n, y) for n, y in keys]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            if title:
                fh.write(title + "\n")
            table.to_csv(fh, index=False, date_format="%Y-%m-%d")
    elif suffix == ".xlsx":
        _write_xlsx(table, path, sheet_name=sheet_name, title=title)
    elif suffix == ".parquet":
        if title:
            raise ValueError("a Parquet file has no title row")
        table.to_parquet(path, index=False)
    else:
        raise ValueError(f"unsupported roster extension {suffix!r}; use .csv, .xlsx or .parquet")
    return path


def _write_xlsx(table: pd.DataFrame, path: Path, *, sheet_name: str, title: str | None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet_name
    if title:
        ws.append([title])
        ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.append(list(table.columns))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for record in table.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in record])
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    for i, h in enumerate(table.columns, start=1):
        ws.column_dimensions[ws.cell(header_row, i).column_letter].width = min(40, max(10, 2 * len(str(h))))
    book.save(path)


def _cell(v: object) -> object:
    """A value as openpyxl writes it: None for missing, plain Python scalars, dates as dates."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime().date() if v == v.normalize() else v.to_pydatetime()
    if isinstance(v, np.generic):
        return v.item()
    return v
