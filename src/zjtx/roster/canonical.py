"""Coercion of roster values to the canonical dtypes, cell by cell, with reasons.

Each column is converted according to its :class:`~zjtx.roster.schema.Kind`. A cell that cannot
be used becomes missing and is reported as a :class:`~zjtx.errors.CellProblem` (row, column,
value, reason); nothing is dropped silently.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd

from zjtx.errors import CellProblem, RosterError
from zjtx.model import codes
from zjtx.roster.schema import KEY, YEAR, Column, Kind, columns_with

__all__ = ["TRUE_WORDS", "FALSE_WORDS", "normalise_text", "coerce_column", "canonicalize"]

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "是", "有", "√", "✓"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "否", "无", "×", "✗"})

# Chinese names and aliases of coded values, so officials may write 省级 as well as provincial.
_CODE_ALIASES: dict[str, dict[str, str]] = {
    "main_product_field": {
        **{f.name: f.code for f in codes.PRODUCT_FIELDS},
        **{a: f.code for f in codes.PRODUCT_FIELDS for a in f.aliases},
    },
    "rd_institution": {v: k for k, v in codes.RD_INSTITUTION_LEVELS.items()},
    "chain_role": {"补短板": "gap_filled", "锻长板": "gap_filled", "填空白": "gap_filled"},
    "st_award_level": {v: k for k, v in codes.AWARD_LEVELS.items()},
    "makers_china": {v: k for k, v in codes.MAKERS_CHINA.items()},
    "honours": {v: k for k, v in codes.HONOURS.items()},
}


def normalise_text(value: str) -> str:
    """Trimmed, with full-width forms unified to half-width (NFKC), as headers are matched."""
    return unicodedata.normalize("NFKC", value).strip()


def _is_blank(series: pd.Series) -> np.ndarray:
    s = series.astype(object)
    blank = s.isna().to_numpy().copy()
    text = ~blank
    if text.any():
        blank[text] = [isinstance(v, str) and v.strip() == "" for v in s[text]]
    return blank


def coerce_column(series: pd.Series, col: Column) -> tuple[pd.Series, list[tuple[int, object, str]]]:
    """Convert one column; return the typed series and (position, value, reason) for bad cells."""
    problems: list[tuple[int, object, str]] = []
    blank = _is_blank(series)
    raw = series.astype(object).where(~blank, None)

    def bad(mask: np.ndarray, reason: str) -> None:
        for pos in np.flatnonzero(mask):
            problems.append((int(pos), raw.iloc[pos], reason))

    if col.kind in (Kind.MONEY, Kind.NUMBER, Kind.FRACTION):
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            values = series.astype("float64")
        else:
            cleaned = raw.map(lambda v: normalise_text(v).replace(",", "") if isinstance(v, str) else v)
            values = pd.to_numeric(cleaned, errors="coerce").astype("float64")
            unparsed = values.isna().to_numpy() & ~blank
            bad(unparsed, f"not a number ({col.kind.value})")
        arr = values.to_numpy(copy=True)
        with np.errstate(invalid="ignore"):
            if col.minimum is not None:
                low = arr < col.minimum
                bad(low, f"below the minimum {col.minimum:g}")
                arr[low] = np.nan
            if col.maximum is not None:
                high = arr > col.maximum
                bad(high, f"above the maximum {col.maximum:g}")
                arr[high] = np.nan
        nonfinite = np.isinf(arr)
        bad(nonfinite, "not a finite number")
        arr[nonfinite] = np.nan
        return pd.Series(arr, index=series.index, name=col.name), problems

    if col.kind is Kind.BOOL:
        out = pd.array([pd.NA] * len(series), dtype="boolean")
        for pos, v in enumerate(raw):
            if v is None:
                continue
            if isinstance(v, (bool, np.bool_)):
                out[pos] = bool(v)
                continue
            word = normalise_text(str(v)).lower()
            if isinstance(v, (int, float, np.integer, np.floating)) and float(v) in (0.0, 1.0):
                out[pos] = bool(float(v))
            elif word in TRUE_WORDS:
                out[pos] = True
            elif word in FALSE_WORDS:
                out[pos] = False
            else:
                problems.append((pos, v, "not a yes/no value (是/否, true/false, Y/N, 1/0)"))
        return pd.Series(out, index=series.index, name=col.name), problems

    if col.kind is Kind.DATE:
        values = pd.to_datetime(raw, errors="coerce", format="mixed").astype("datetime64[ns]")
        bad(values.isna().to_numpy() & ~blank, "not a date (use YYYY-MM-DD)")
        return pd.Series(values.to_numpy(), index=series.index, name=col.name), problems

    if col.kind is Kind.CODE:
        aliases = _CODE_ALIASES.get(col.name, {})
        out_codes: list[object] = []
        for pos, v in enumerate(raw):
            if v is None:
                out_codes.append(None)
                continue
            text = normalise_text(str(v))
            code = aliases.get(text, text)
            if col.codes is not None and code not in col.codes:
                problems.append((pos, v, f"unknown code; expected one of {sorted(col.codes)}"))
                out_codes.append(None)
            else:
                out_codes.append(code)
        return pd.Series(out_codes, index=series.index, name=col.name, dtype=object), problems

    if col.kind is Kind.SET:
        aliases = _CODE_ALIASES.get(col.name, {})
        out_sets: list[object] = []
        for pos, v in enumerate(raw):
            if v is None:
                out_sets.append("")  # an empty set cell lists nothing: the empty set
                continue
            parts = [normalise_text(p) for p in str(v).replace("；", ";").replace("、", ";").replace(",", ";").split(";")]
            items = sorted({aliases.get(p, p) for p in parts if p})
            unknown = [p for p in items if col.codes is not None and p not in col.codes]
            if unknown:
                problems.append((pos, v, f"unknown code(s) {unknown}; expected any of {sorted(col.codes or ())}"))
                items = [p for p in items if p not in unknown]
            out_sets.append(";".join(items))
        return pd.Series(out_sets, index=series.index, name=col.name, dtype=object), problems

    # TEXT
    text_values = raw.map(lambda v: None if v is None else normalise_text(str(v)))
    if col.name == KEY:
        text_values = text_values.map(lambda v: None if v is None else v.upper())
    return pd.Series(text_values.to_numpy(dtype=object), index=series.index, name=col.name, dtype=object), problems


def canonicalize(
    frame: pd.DataFrame,
    *,
    extra_columns: Iterable[Column] = (),
    source: str | None = None,
    row_offset: int = 2,
    strict: bool = True,
) -> tuple[pd.DataFrame, list[CellProblem]]:
    """Coerce a frame with canonical column names to canonical dtypes.

    Unknown columns are kept as they are. ``row_offset`` maps positions to source rows (2 for a
    file whose header is row 1). With ``strict`` a missing key or year column, or a row without a
    key or year, raises :class:`RosterError`; cell problems are returned, not raised.
    """
    known = {c.name: c for c in columns_with(extra_columns)}
    for required in (KEY, YEAR):
        if required not in frame.columns:
            raise RosterError(f"no {required!r} column", source=source)
    out = {}
    problems: list[CellProblem] = []
    for name in frame.columns:
        col = known.get(str(name))
        if col is None:
            out[name] = frame[name]
            continue
        typed, bad = coerce_column(frame[name].reset_index(drop=True), col)
        out[name] = typed
        problems.extend(CellProblem(pos + row_offset, col.name, value, reason) for pos, value, reason in bad)
    result = pd.DataFrame(out)
    keyless = result[KEY].isna() | result[YEAR].isna()
    if strict and keyless.any():
        rows = [CellProblem(int(p) + row_offset, KEY if result[KEY].iloc[p] is None else YEAR, None,
                            "every row needs an enterprise key and a fiscal year")
                for p in np.flatnonzero(keyless.to_numpy())]
        raise RosterError("rows without uscc or fiscal_year", rows, source=source)
    return result, problems
