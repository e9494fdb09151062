"""Validation of a canonical roster: every unusable cell or row is reported with its reason.

The checks run on the tidy frame (one row per enterprise × fiscal year) with numpy masks, never
one Python call per cell. What they find goes into two :class:`ProblemLog` tables:

* **rejected** — a value that cannot be used. A bad cell becomes missing and its row keeps its
  other cells (so a criterion that needs it gets ``insufficient_data``); a row that cannot be
  placed (no fiscal year, a year in the future, a second row for the same enterprise and year)
  is left out; an enterprise without a valid key (统一社会信用代码) is left out whole and listed
  among the rejected enterprises.
* **warnings** — a value that is suspicious but usable (liabilities above assets, a fiscal year
  that has not ended, a row repeated exactly).

Each entry has the source row, the header as the source wrote it, the canonical field, the
value, the reason and the enterprise's USCC when known.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from zjtx.model import codes
from zjtx.roster import uscc as uscc_check
from zjtx.roster.schema import KEY, YEAR, Column, Kind

__all__ = [
    "PROBLEM_COLUMNS",
    "ENTERPRISE_COLUMNS",
    "ProblemLog",
    "RejectedEnterprises",
    "validate",
    "prefecture_matches",
]

#: Columns of :attr:`Roster.rejected` and :attr:`Roster.warnings`.
PROBLEM_COLUMNS = ["row", "column", "field", "value", "reason", "uscc"]
#: Columns of :attr:`Roster.rejected_enterprises`.
ENTERPRISE_COLUMNS = ["uscc", "name", "rows", "reason"]

#: A relative tolerance far below 1 元 on any revenue, so 主营业务收入 equal to 营业收入 passes.
_TOLERANCE = 1e-9

HeaderOf = Callable[[str, np.ndarray], np.ndarray]


class ProblemLog:
    """Problems found while reading, collected as column arrays and returned as one table."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(self, rows: Iterable[object] | np.ndarray, column: object, field: object, value: object, reason: object,
            uscc: object = None) -> None:
        """Record problems: ``rows`` is an array, the other arguments arrays of the same length
        or single values."""
        rows = np.asarray(rows, dtype=object) if not isinstance(rows, np.ndarray) else rows.astype(object)
        if not len(rows):
            return
        n = len(rows)

        def col(v: object) -> np.ndarray:
            if isinstance(v, (np.ndarray, pd.Series, list, tuple)):
                arr = np.empty(n, dtype=object)
                arr[:] = list(v)
                return arr
            arr = np.empty(n, dtype=object)
            arr[:] = [v] * n
            return arr

        self._parts.append(pd.DataFrame({"row": rows, "column": col(column), "field": col(field), "value": col(value),
                                         "reason": col(reason), "uscc": col(uscc)}))

    def __len__(self) -> int:
        return sum(len(p) for p in self._parts)

    def frame(self) -> pd.DataFrame:
        """The problems sorted by source row (header-level problems, without a row, first)."""
        if not self._parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})
        out = pd.concat(self._parts, ignore_index=True)
        key = pd.to_numeric(out["row"], errors="coerce").fillna(-1)
        out = out.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)
        out["row"] = out["row"].astype("Int64")
        return out[PROBLEM_COLUMNS]


class RejectedEnterprises:
    """Enterprises that cannot be assessed at all, gathered row by row and merged per enterprise.

    An enterprise is identified by its USCC; rows without one by their 企业名称, else by their row.
    """

    def __init__(self) -> None:
        self._entries: list[tuple[object, object, int | None, str]] = []

    def add(self, uscc: object, name: object, row: int | None, reason: str) -> None:
        """One row of an enterprise that cannot be assessed, and why."""
        self._entries.append((None if _na(uscc) else uscc, None if _na(name) else name, row, reason))

    def add_many(self, usccs: np.ndarray, names: np.ndarray, rows: np.ndarray, reasons: np.ndarray | str) -> None:
        """Many rows at once (same lengths; ``reasons`` may be one string)."""
        if isinstance(reasons, str):
            reasons = np.full(len(rows), reasons, dtype=object)
        for u, nm, r, why in zip(usccs, names, rows, reasons, strict=True):
            self.add(u, nm, None if _na(r) else int(r), str(why))

    def keys(self) -> set[object]:
        """The USCCs listed so far."""
        return {u for u, _, _, _ in self._entries if u is not None}

    def frame(self) -> pd.DataFrame:
        """One row per rejected enterprise: uscc, name, rows, reason."""
        groups: dict[tuple[str, object], list[tuple[object, object, int | None, str]]] = {}
        for entry in self._entries:
            u, name, row, _ = entry
            ident = ("uscc", u) if u is not None else ("name", name) if name is not None else ("row", row)
            groups.setdefault(ident, []).append(entry)
        records = []
        for entries in groups.values():
            rows = sorted({r for _, _, r, _ in entries if r is not None})
            names = [n for _, n, _, _ in entries if n is not None]
            reasons = list(dict.fromkeys(w for _, _, _, w in entries))
            records.append({"uscc": entries[0][0], "name": names[0] if names else None,
                            "rows": ", ".join(str(r) for r in rows), "reason": "; ".join(reasons)})
        return pd.DataFrame(records, columns=ENTERPRISE_COLUMNS).astype(object)


def _na(v: object) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _col(frame: pd.DataFrame, name: str) -> np.ndarray | None:
    if name not in frame.columns:
        return None
    s = frame[name]
    if isinstance(s.dtype, pd.BooleanDtype):
        return s.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    return s.to_numpy()


def _blank_out(frame: pd.DataFrame, name: str, mask: np.ndarray) -> None:
    """Make the cells of ``name`` at ``mask`` missing (in place)."""
    if not mask.any():
        return
    s = frame[name]
    if s.dtype.kind == "f":
        frame.loc[mask, name] = np.nan
    elif s.dtype.kind == "M":
        frame.loc[mask, name] = pd.NaT
    else:
        values = s.to_numpy(dtype=object, copy=True)
        values[mask] = None if s.dtype.kind == "O" else pd.NA
        frame[name] = pd.Series(values, index=frame.index, dtype=s.dtype)


def prefecture_matches(label: str, name: str, code4: str) -> bool:
    """Whether a 所属州(市) label names a prefecture: its full name (``红河哈尼族彝族自治州``), a
    short form (``红河州``, ``红河``, ``昆明``) or its 4-digit code.

    >>> prefecture_matches("红河州", "红河哈尼族彝族自治州", "5325")
    True
    >>> prefecture_matches("曲靖市", "昆明市", "5301")
    False
    """
    label = re.sub(r"\s+", "", label)
    if label in (name, code4) or label.startswith(code4):
        return True
    core = re.sub(r"(市|州|地区|盟)$", "", label)
    return len(core) >= 2 and name.startswith(core)


def validate(
    frame: pd.DataFrame,
    rows: np.ndarray,
    *,
    header_of: HeaderOf,
    columns: Mapping[str, Column],
    regions: Mapping[str, str],
    regions_known_for: frozenset[str],
    today: dt.date,
    rejected: ProblemLog,
    warnings: ProblemLog,
    enterprises: RejectedEnterprises,
) -> np.ndarray:
    """Check a canonical tidy frame in place; return the mask of rows kept.

    ``rows`` are the source rows of the frame's rows; ``header_of(field, positions)`` gives the
    source header of a field at some frame positions (a wide sheet has one header per year);
    ``regions`` maps 4-digit prefecture codes to names (from the plug-ins), and
    ``regions_known_for`` lists the 2-digit province codes whose prefectures are all known.
    """
    n = len(frame)
    keep = np.ones(n, dtype=bool)
    key = frame[KEY].to_numpy(dtype=object)
    names = frame["name"].to_numpy(dtype=object) if "name" in frame.columns else np.full(n, None, dtype=object)

    # -- the key: every row needs a valid 统一社会信用代码 --------------------------------------
    keyless = np.asarray(pd.isna(key), dtype=bool)
    invalid, reasons = uscc_check.check(key)
    if keyless.any():
        # A row without a key whose 企业名称 is that of an enterprise with a valid key is a lost
        # row of that enterprise; otherwise it is an enterprise that cannot be identified.
        valid = ~keyless & ~invalid
        known = pd.Series(key[valid], index=names[valid]).pipe(lambda s: s[s.index.notna()])
        known = known[~known.index.duplicated()]
        at = np.flatnonzero(keyless)
        owner = known.reindex(names[at]).to_numpy(dtype=object) if len(known) else np.full(len(at), None, object)
        owned = np.asarray(pd.notna(owner), dtype=bool)
        if owned.any():
            rejected.add(rows[at[owned]], header_of(KEY, at[owned]), KEY, None,
                         "no 统一社会信用代码 (uscc) in this row: the row is not used (the enterprise's rows with "
                         "its code are)", owner[owned])
        lone = at[~owned]
        if len(lone):
            why = "no 统一社会信用代码 (uscc): the enterprise cannot be identified, so it is not assessed"
            rejected.add(rows[lone], header_of(KEY, lone), KEY, None, why)
            enterprises.add_many(key[lone], names[lone], rows[lone], why)
        keep &= ~keyless
    if invalid.any():
        at = np.flatnonzero(invalid)
        why = np.array([reasons[str(key[p])] + ": the enterprise is not assessed" for p in at], dtype=object)
        rejected.add(rows[at], header_of(KEY, at), KEY, key[at], why, key[at])
        enterprises.add_many(key[at], names[at], rows[at], why)
        keep &= ~invalid

    # -- the fiscal year: present, whole, not in the future -----------------------------------
    years = frame[YEAR].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        checks = [
            (np.isnan(years), "no fiscal year (年度): the row cannot be placed, so it is not used"),
            (~np.isnan(years) & (years != np.floor(years)), "the fiscal year must be a whole year: the row is not used"),
            (years > today.year, f"the fiscal year is in the future (after {today.year}): the row is not used"),
        ]
    for mask, why in checks:
        at = np.flatnonzero(mask & keep)
        if len(at):
            rejected.add(rows[at], header_of(YEAR, at), YEAR, frame[YEAR].to_numpy(dtype=object)[at], why, key[at])
            keep[at] = False
    current = np.flatnonzero(keep & (years == today.year))
    if len(current):
        warnings.add(rows[current], header_of(YEAR, current), YEAR, years[current],
                     f"fiscal year {today.year} has not ended: its figures are partial", key[current])

    # -- one row per enterprise and fiscal year -----------------------------------------------
    live = np.flatnonzero(keep)
    pairs = pd.DataFrame({"k": key[live], "y": years[live]})
    dup_local = np.flatnonzero(pairs.duplicated(keep="first").to_numpy())
    if len(dup_local):
        first_local = pairs.groupby(["k", "y"], sort=False).ngroup().to_numpy()
        first_of_group = pd.Series(np.arange(len(live))).groupby(first_local).transform("first").to_numpy()
        dup = live[dup_local]
        orig = live[first_of_group[dup_local]]
        same = np.ones(len(dup), dtype=bool)
        for name in frame.columns:
            values = frame[name].to_numpy(dtype=object)
            a, b = values[dup], values[orig]
            a_na, b_na = np.asarray(pd.isna(a), dtype=bool), np.asarray(pd.isna(b), dtype=bool)
            eq = np.array([bool(x == y) if not (xn or yn) else (xn and yn)
                           for x, y, xn, yn in zip(a, b, a_na, b_na, strict=True)], dtype=bool)
            same &= eq
        exact, differ = dup[same], dup[~same]
        if len(exact):
            warnings.add(rows[exact], header_of(YEAR, exact), YEAR, years[exact],
                         [f"repeats row {r} exactly: ignored" for r in rows[orig[same]]], key[exact])
        if len(differ):
            rejected.add(rows[differ], header_of(YEAR, differ), YEAR, years[differ],
                         [f"a second row for this enterprise and fiscal year (first: row {r}) with different values: "
                          "it is not used; keep one row per enterprise and year" for r in rows[orig[~same]]],
                         key[differ])
        keep[dup] = False

    # -- cells: impossible values become missing, their rows stay ------------------------------
    def reject_cells(name: str, mask: np.ndarray, reason: str | np.ndarray) -> None:
        mask = mask & keep
        at = np.flatnonzero(mask)
        if not len(at):
            return
        reasons = reason[mask] if isinstance(reason, np.ndarray) else reason
        rejected.add(rows[at], header_of(name, at), name, frame[name].to_numpy(dtype=object)[at], reasons, key[at])
        _blank_out(frame, name, mask)

    def warn_cells(name: str, mask: np.ndarray, reason: str) -> None:
        at = np.flatnonzero(mask & keep)
        if len(at):
            warnings.add(rows[at], header_of(name, at), name, frame[name].to_numpy(dtype=object)[at], reason, key[at])

    def exceeds(part: str, whole: str) -> np.ndarray | None:
        a, b = _col(frame, part), _col(frame, whole)
        if a is None or b is None:
            return None
        with np.errstate(invalid="ignore"):
            return np.asarray(a > b * (1 + _TOLERANCE) + _TOLERANCE, dtype=bool)

    for part, whole, what in (
        ("main_business_revenue", "operating_revenue", "主营业务收入 is above 营业收入"),
        ("rd_staff", "employees", "研发人员 are more than 从业人员"),
        ("ip_class1_high_value", "ip_class1", "Ⅰ类高价值知识产权数 is above Ⅰ类知识产权数 (which includes them)"),
        ("ip_class1_self_developed", "ip_class1", "自主研发Ⅰ类知识产权数 is above Ⅰ类知识产权数 (which includes them)"),
        ("ip_class1_in_use", "ip_class1", "已应用Ⅰ类知识产权数 is above Ⅰ类知识产权数"),
    ):
        mask = exceeds(part, whole)
        if mask is not None and (mask & keep).any():
            whole_values = _col(frame, whole)
            reasons = np.full(n, None, dtype=object)
            at = np.flatnonzero(mask)
            reasons[at] = [f"{what} ({w:g} in the same row): impossible, so the value is not used"
                           for w in whole_values[at]]
            reject_cells(part, mask, reasons)

    for name, col in columns.items():
        if name not in frame.columns or name == YEAR:
            continue
        if col.kind is Kind.NUMBER and _whole_only(col):
            values = _col(frame, name)
            with np.errstate(invalid="ignore"):
                reject_cells(name, ~np.isnan(values) & (values != np.floor(values)),
                             "must be a whole number: the value is not used")
        if col.kind is Kind.NUMBER and name.endswith("_year"):
            values = _col(frame, name)
            with np.errstate(invalid="ignore"):
                reject_cells(name, values > today.year, f"a year in the future (after {today.year}): not used")
        if col.kind is Kind.DATE:
            values = frame[name].to_numpy(dtype="datetime64[ns]")
            with np.errstate(invalid="ignore"):
                future = ~np.isnat(values) & (values > np.datetime64(today, "ns"))
            reject_cells(name, future, f"a date in the future (after {today.isoformat()}): not used")

    for part, whole, what in (
        ("total_liabilities", "total_assets", "负债总额 is above 资产总额 (debt ratio above 100%)"),
        ("rd_expense", "operating_revenue", "研发费用 is above 营业收入"),
    ):
        mask = exceeds(part, whole)
        if mask is not None:
            warn_cells(part, mask, f"{what}: check the figure")

    # -- 行政区划代码 and 所属州(市) -------------------------------------------------------------
    _check_regions(frame, key, keep, regions, regions_known_for, reject_cells, warn_cells, warnings)

    # -- enterprises left with no row ---------------------------------------------------------
    dropped = ~keep & ~keyless & ~invalid
    if dropped.any():
        lost = np.flatnonzero(dropped & ~_within(key, pd.unique(key[keep])))
        if len(lost):
            enterprises.add_many(key[lost], names[lost], rows[lost],
                                 "no usable row (see the rejected rows): the enterprise is not assessed")
    return keep


def _slice(values: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Characters ``start:stop`` of each string (None for missing), with pyarrow compute."""
    import pyarrow.compute as pc

    return pc.utf8_slice_codeunits(_arrow(values), start, stop).to_numpy(zero_copy_only=False)


def _arrow(values: np.ndarray) -> object:
    import pyarrow as pa

    return pa.array(np.asarray(values, dtype=object), type=pa.large_string(), from_pandas=True)


def _matches(values: np.ndarray, pattern: str) -> np.ndarray:
    """Which strings match a regular expression (missing: False)."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.match_substring_regex(_arrow(values), pattern), False).to_numpy(zero_copy_only=False)


def _within(values: np.ndarray, allowed: Iterable[object]) -> np.ndarray:
    """Which strings are among ``allowed`` (missing: False)."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.is_in(_arrow(values), value_set=_arrow(np.asarray(list(allowed), dtype=object))),
                        False).to_numpy(zero_copy_only=False)


def _whole_only(col: Column) -> bool:
    return col.unit in ("项", "级") or col.name.endswith("_year") or col.name in ("st_award_rank", "digital_level")


def _check_regions(
    frame: pd.DataFrame,
    key: np.ndarray,
    keep: np.ndarray,
    regions: Mapping[str, str],
    known_for: frozenset[str],
    reject_cells: Callable[[str, np.ndarray, str | np.ndarray], None],
    warn_cells: Callable[[str, np.ndarray, str], None],
    warnings: ProblemLog,
) -> None:
    key_region = _slice(key, 2, 8)
    region = key_region
    if "region_code" in frame.columns:
        given = frame["region_code"].to_numpy(dtype=object)
        present = np.asarray(pd.notna(given), dtype=bool)
        ok = present & _matches(given, r"^\d{6}$") & _within(_slice(given, 0, 2), list(codes.PROVINCE_CODES))
        reject_cells("region_code", present & ~ok,
                     "行政区划代码 must be 6 digits starting with a province code (53… for 云南): not used")
        present &= ok
        registered = _slice(key_region, 0, 2)
        other = present & np.asarray(pd.notna(registered), dtype=bool) & (_slice(given, 0, 2) != registered)
        warn_cells("region_code", other, "行政区划代码 is in another province than the USCC's registration code")
        region = np.where(present, given, key_region)
    if "prefecture" not in frame.columns:
        return
    labels = frame["prefecture"].to_numpy(dtype=object)
    labelled = np.flatnonzero(np.asarray(pd.notna(labels), dtype=bool) & keep)
    if not len(labelled):
        return
    pairs = pd.DataFrame({"l": labels[labelled], "r": region[labelled]}, dtype=object)
    group = pairs.groupby(["l", "r"], sort=False, dropna=False).ngroup().to_numpy()
    verdicts: list[str | None] = []
    unchecked: set[str] = set()
    for label, code in pairs.drop_duplicates().itertuples(index=False):
        verdict = None
        if isinstance(code, str) and len(code) >= 4:
            code4 = code[:4]
            if code4 in regions:
                name = regions[code4]
                if not prefecture_matches(str(label), name, code4):
                    verdict = f"所属州(市) {label!r} does not match 行政区划代码 {code} ({name}): the label is not used"
            elif code[:2] in known_for:
                verdict = (f"行政区划代码 {code}: {code4} is not a prefecture of "
                           f"{codes.PROVINCE_CODES.get(code[:2], code[:2])}; the label is not used")
            else:
                unchecked.add(code[:2])
        verdicts.append(verdict)
    reasons = np.full(len(frame), None, dtype=object)
    reasons[labelled] = np.array(verdicts, dtype=object)[group]
    reject_cells("prefecture", np.asarray(pd.notna(reasons), dtype=bool), reasons)
    if unchecked:
        provinces = ", ".join(codes.PROVINCE_CODES.get(p, p) for p in sorted(unchecked))
        warnings.add(np.array([None], dtype=object), "prefecture", "prefecture", None,
                     f"所属州(市) labels of {provinces} were not checked against 行政区划代码: no installed plug-in "
                     "lists that province's prefectures (install its plug-in, e.g. zjtx-yunnan)")
