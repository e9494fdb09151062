"""Coercion of roster values to the canonical dtypes, cell by cell, with reasons.

Each column is converted according to its :class:`~zjtx.roster.schema.Kind`. A cell that cannot
be used becomes missing and is reported as a :class:`~zjtx.errors.CellProblem` (row, column,
value, reason); nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from zjtx.errors import CellProblem, RosterError
from zjtx.model import codes
from zjtx.roster.schema import KEY, YEAR, Column, Kind, columns_with

__all__ = ["TRUE_WORDS", "FALSE_WORDS", "MISSING_WORDS", "normalise_text", "coerce_column", "canonicalize"]

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "是", "有", "√", "✓"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "否", "无", "×", "✗"})

# Chinese names and aliases of coded values, so officials may write 省级 as well as provincial.
_CODE_ALIASES: dict[str, dict[str, str]] = {
    "main_product_field": {
        **{f.name: f.code for f in codes.PRODUCT_FIELDS},
        **{a: f.code for f in codes.PRODUCT_FIELDS for a in f.aliases},
    },
    "rd_institution": {v: k for k, v in codes.RD_INSTITUTION_LEVELS.items()},
    "chain_role": {
        "补短板": "gap_filled", "锻长板": "gap_filled", "填空白": "gap_filled",
        **{v: k for k, v in codes.CHAIN_ROLES.items()},
    },
    "st_award_level": {v: k for k, v in codes.AWARD_LEVELS.items()},
    "makers_china": {v: k for k, v in codes.MAKERS_CHINA.items()},
    "honours": {v: k for k, v in codes.HONOURS.items()},
}


def normalise_text(value: str) -> str:
    """Trimmed, with full-width forms unified to half-width (NFKC), as headers are matched."""
    return unicodedata.normalize("NFKC", value).strip()


#: Cell texts that mean "no value" in officials' sheets; read as empty cells, like a blank.
MISSING_WORDS = frozenset({"nan", "NaN", "NAN", "NA", "N/A", "n/a", "null", "NULL", "None", "-", "--", "—", "——", "/"})


_BAD = object()  # a value that cannot be converted
_BLANK = object()  # a value that means "no value": whitespace, or one of MISSING_WORDS


def _is_missing_word(v: Any) -> bool:
    return isinstance(v, str) and (v.strip() == "" or normalise_text(v) in MISSING_WORDS)


def _factorize(series: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Codes (−1 for missing) and the distinct values as plain Python objects."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes), list(uniques)


def _number(v: Any, *, percent: bool) -> float | object:
    """A number from a cell that plain parsing refused: full-width digits, 1,234, and in a
    share column 12%."""
    if _is_missing_word(v):
        return _BLANK
    if isinstance(v, (bool, np.bool_)):
        return _BAD
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    text = normalise_text(str(v)).replace(",", "").replace(" ", "")
    scale = 1.0
    if percent and text.endswith("%"):
        text, scale = text[:-1], 0.01
    try:
        return float(text) * scale
    except ValueError:
        return _BAD


def _parse_numbers(series: pd.Series, kind: Kind) -> tuple[np.ndarray, np.ndarray]:
    """float64 values and a mask of cells that are not numbers."""
    dtype = series.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        values = series.to_numpy(dtype="float64", na_value=np.nan, copy=True)
        return values, np.zeros(len(series), dtype=bool)
    if pd.api.types.is_bool_dtype(dtype):
        series = series.astype(object)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        values = _arrow_numbers(series)
    else:
        values = np.asarray(pd.to_numeric(series, errors="coerce"), dtype="float64").copy()
    failed = np.flatnonzero(np.isnan(values) & np.asarray(series.notna(), dtype=bool))
    unparsed = np.zeros(len(values), dtype=bool)
    if len(failed):
        percent = kind is Kind.FRACTION
        codes, uniques = _factorize(series.iloc[failed])
        converted = [_number(u, percent=percent) for u in uniques]
        bad = np.array([c is _BAD for c in converted], dtype=bool)
        nums = np.array([np.nan if c is _BAD or c is _BLANK else c for c in converted], dtype="float64")
        values[failed] = nums[codes]
        unparsed[failed] = bad[codes]
    return values, unparsed


_PLAIN_NUMBER = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"


def _arrow_numbers(series: pd.Series) -> np.ndarray:
    """Numbers from a column of text with pyarrow compute: cells written as plain numbers are
    cast in C++; the others are NaN, left to the per-value fallback."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(series, from_pandas=True)
    try:  # a clean column: one cast
        return pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False).astype("float64", copy=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    plain = pc.fill_null(pc.match_substring_regex(arr, _PLAIN_NUMBER), False)
    kept = pc.if_else(plain, pc.utf8_trim_whitespace(arr), pa.scalar(None, arr.type))
    return pc.cast(kept, pa.float64()).to_numpy(zero_copy_only=False).astype("float64", copy=True)


def _arrow_text(series: pd.Series, *, key: bool) -> np.ndarray | None:
    """Text cells normalised with pyarrow compute (NFKC, trimmed; blanks and missing-words
    None), or None when the column holds non-text values (numbers from a sheet)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes, uniques = pd.factorize(series)
    if len(uniques) < len(series):  # rosters repeat names and codes across years: normalise each once
        once = _arrow_text(pd.Series(np.asarray(uniques, dtype=object), dtype=object), key=key)
        if once is None:
            return None
        return np.append(once, None)[codes]  # code −1 (a missing cell) takes the trailing None
    try:
        arr = pa.array(series, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return None
    text = pc.utf8_trim_whitespace(pc.utf8_normalize(arr, "NFKC"))
    if key:
        # USCCs are written with spaces or hyphens between groups, and in lower case.
        text = pc.utf8_upper(pc.replace_substring_regex(text, r"[\s\-]+", ""))
    empty = pc.fill_null(pc.is_in(text, value_set=pa.array(["", *sorted(MISSING_WORDS)], type=pa.large_string())), True)
    return pc.if_else(empty, pa.scalar(None, pa.large_string()), text).to_numpy(zero_copy_only=False)


def _already_typed(series: pd.Series, col: Column) -> pd.Series | None:
    """A flag or date column that already has its canonical dtype, as it is (converting it
    value by value gives the same cells); None for any other column."""
    dtype = series.dtype
    if col.kind is Kind.BOOL and (isinstance(dtype, pd.BooleanDtype) or dtype == bool):
        values = pd.arrays.BooleanArray(series.to_numpy(dtype=bool, na_value=False), series.isna().to_numpy())
        return pd.Series(values, name=col.name)
    if col.kind is Kind.DATE and isinstance(dtype, np.dtype) and dtype.kind == "M":
        return pd.Series(series.to_numpy().astype("datetime64[ns]"), name=col.name)
    return None


def coerce_column(series: pd.Series, col: Column) -> tuple[pd.Series, list[tuple[int, object, str]]]:
    """Convert one column; return the typed series and (position, value, reason) for bad cells.

    Blank cells (whitespace, or one of :data:`MISSING_WORDS`) become missing without a problem;
    a cell that cannot be converted becomes missing with a reason. The work is vectorised:
    numbers are parsed by pandas, text is normalised by pyarrow, and flags, codes and dates are
    converted once per distinct value, not once per cell.
    """
    series = series.reset_index(drop=True)
    problems: list[tuple[int, object, str]] = []
    n = len(series)
    typed = _already_typed(series, col)
    if typed is not None:  # a canonical frame passes through: nothing to convert
        return typed, problems

    if col.kind in (Kind.MONEY, Kind.NUMBER, Kind.FRACTION):
        arr, unparsed = _parse_numbers(series, col.kind)

        def bad(mask: np.ndarray, reason: str) -> None:
            at = np.flatnonzero(mask)
            if len(at):
                values = series.iloc[at].to_numpy(dtype=object, na_value=None).tolist()
                problems.extend(zip(at.tolist(), values, [reason] * len(at), strict=True))

        bad(unparsed, f"not a number ({col.kind.value})")
        with np.errstate(invalid="ignore"):
            nonfinite = np.isinf(arr)
            bad(nonfinite, "not a finite number")
            arr[nonfinite] = np.nan
            if col.minimum is not None:
                low = arr < col.minimum
                bad(low, f"below the minimum {col.minimum:g}")
                arr[low] = np.nan
            if col.maximum is not None:
                high = arr > col.maximum
                reason = f"above the maximum {col.maximum:g}"
                if col.kind is Kind.FRACTION:
                    reason += " (write a fraction such as 0.12, or 12%, or mark the header (%))"
                bad(high, reason)
                arr[high] = np.nan
        return pd.Series(arr, name=col.name), problems

    if col.kind is Kind.TEXT and not pd.api.types.is_numeric_dtype(series.dtype):
        fast = _arrow_text(series, key=col.name == KEY)
        if fast is not None:
            return pd.Series(fast, name=col.name, dtype=object), problems

    if col.kind is Kind.BOOL:
        convert: Callable[[Any], Any] = _flag
    elif col.kind is Kind.DATE:
        convert = _date
    elif col.kind is Kind.CODE:
        convert = _code_converter(col, _aliases(col.name))
    elif col.kind is Kind.SET:
        convert = _set_converter(col, _aliases(col.name))
    else:
        convert = _key_text if col.name == KEY else _text
    codes, uniques = _factorize(series)
    empty = None if col.kind is not Kind.SET else ""  # an empty set cell lists nothing: the empty set
    results = np.empty(len(uniques) + 1, dtype=object)  # the last slot is for missing (code −1)
    results[-1] = empty
    reasons: list[str | None] = []
    for i, u in enumerate(uniques):
        if _is_missing_word(u) or u == "":
            results[i], why = empty, None
        elif col.kind in (Kind.CODE, Kind.SET, Kind.BOOL, Kind.DATE):
            value, why = convert(u)
            results[i] = empty if value is _BAD else value
        else:
            results[i], why = convert(u), None
        reasons.append(why)
    reasons.append(None)
    if any(r is not None for r in reasons):
        why_at = np.array(reasons, dtype=object)[codes]
        for pos in np.flatnonzero(pd.notna(why_at)):
            problems.append((int(pos), uniques[codes[pos]], why_at[pos]))
    values = results[codes]  # code −1 takes the last slot

    if col.kind is Kind.BOOL:
        flags = np.array([-1 if v is None else int(v) for v in results], dtype=np.int8)[codes]
        return pd.Series(pd.arrays.BooleanArray(flags == 1, flags < 0), name=col.name), problems
    if col.kind is Kind.DATE:
        stamps = np.array([np.datetime64("NaT") if v is None else v for v in results], dtype="datetime64[ns]")
        return pd.Series(stamps[codes], name=col.name), problems
    return pd.Series(values, name=col.name, dtype=object), problems


_NOT_FLAG = "not a yes/no value (是/否, true/false, Y/N, 1/0)"


def _flag(v: Any) -> tuple[object, str | None]:
    if isinstance(v, (bool, np.bool_)):
        return bool(v), None
    if isinstance(v, (int, float, np.integer, np.floating)):
        return (bool(float(v)), None) if float(v) in (0.0, 1.0) else (_BAD, _NOT_FLAG)
    word = normalise_text(str(v)).lower()
    if word in TRUE_WORDS:
        return True, None
    if word in FALSE_WORDS:
        return False, None
    return _BAD, _NOT_FLAG


_CN_DATE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")


def _date(v: Any) -> tuple[object, str | None]:
    stamp = _timestamp(v)
    return (_BAD, "not a date (use YYYY-MM-DD)") if stamp is _BAD else (stamp, None)


def _timestamp(v: Any) -> np.datetime64 | object:
    if isinstance(v, (dt.datetime, dt.date, pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(v)
        return _BAD if pd.isna(stamp) else stamp.to_datetime64()
    if isinstance(v, (bool, np.bool_)):
        return _BAD
    if isinstance(v, (int, float, np.integer, np.floating)):
        # 20230115 (a number in a sheet); Excel serial days are not guessed.
        v = f"{int(v)}" if float(v).is_integer() else str(v)
    text = normalise_text(str(v))
    match = _CN_DATE.match(text)
    try:
        if match:
            stamp = pd.Timestamp(int(match[1]), int(match[2]), int(match[3]))
        elif re.fullmatch(r"\d{8}", text):
            stamp = pd.Timestamp(dt.datetime.strptime(text, "%Y%m%d"))
        else:
            stamp = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        return _BAD
    if pd.isna(stamp):
        return _BAD
    return stamp.tz_localize(None).to_datetime64() if stamp.tzinfo else stamp.to_datetime64()


def _aliases(name: str) -> dict[str, str]:
    return {normalise_text(k): v for k, v in _CODE_ALIASES.get(name, {}).items()}


def _lookup(text: str, col: Column, aliases: Mapping[str, str]) -> str | None:
    """The code a cell text names, or None: exact, Chinese alias, then case-insensitive."""
    allowed = col.codes
    if allowed is None or text in allowed:
        return text
    if text in aliases:
        return aliases[text]
    folded = {c.lower(): c for c in allowed}
    return folded.get(text.lower())


def _code_converter(col: Column, aliases: Mapping[str, str]) -> Callable[[Any], tuple[object, str | None]]:
    def convert(v: Any) -> tuple[object, str | None]:
        text = normalise_text(_plain_text(v))
        code = _lookup(text, col, aliases)
        if code is None:
            return _BAD, f"unknown code; expected one of {sorted(col.codes or ())}"
        return code, None

    return convert


def _set_converter(col: Column, aliases: Mapping[str, str]) -> Callable[[Any], tuple[object, str | None]]:
    def convert(v: Any) -> tuple[object, str | None]:
        text = normalise_text(_plain_text(v))
        parts = [normalise_text(p) for p in re.split(r"[;；、,，/|]", text)]
        items, unknown = set(), []
        for p in parts:
            if not p:
                continue
            code = _lookup(p, col, aliases)
            if code is None:
                unknown.append(p)
            else:
                items.add(code)
        reason = f"unknown code(s) {unknown}; expected any of {sorted(col.codes or ())}" if unknown else None
        return ";".join(sorted(items)), reason

    return convert


def _plain_text(v: Any) -> str:
    """A cell as text; a whole number stored as a float (530100.0 from a sheet) loses its '.0'."""
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.isoformat()
    return str(v)


def _text(v: Any) -> str:
    return normalise_text(_plain_text(v))


def _key_text(v: Any) -> str:
    # USCCs are written with spaces or hyphens between groups, and in lower case.
    return re.sub(r"[\s\-]", "", _text(v)).upper()


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
            # positional like the coerced columns, whatever the caller's index
            out[name] = frame[name].reset_index(drop=True)
            continue
        typed, bad = coerce_column(frame[name].reset_index(drop=True), col)
        out[name] = typed
        problems.extend(CellProblem(pos + row_offset, col.name, value, reason) for pos, value, reason in bad)
    result = pd.DataFrame(out, copy=False)  # no consolidation copy of every column (copy-on-write keeps it safe)
    keyless = result[KEY].isna() | result[YEAR].isna()
    if strict and keyless.any():
        rows = [CellProblem(int(p) + row_offset, KEY if result[KEY].iloc[p] is None else YEAR, None,
                            "every row needs an enterprise key and a fiscal year")
                for p in np.flatnonzero(keyless.to_numpy())]
        raise RosterError("rows without uscc or fiscal_year", rows, source=source)
    return result, problems
