"""Loading roster sources into a grid of cells with their headers and source row numbers.

A source is a CSV file (UTF-8 with or without BOM, GB18030, or UTF-16 with BOM), an ``.xlsx``
workbook, a Parquet file or a DataFrame. Files are recognised by their first bytes, not their
extension. For CSV and Excel the header is searched (title rows above it, a two-row header under
merged cells, see :func:`~zjtx.roster.headers.find_header_rows`). Every failure that leaves
nothing to read raises :class:`~zjtx.errors.RosterError` naming the file and what to do.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from attrs import field, frozen

from zjtx.errors import RosterError
from zjtx.roster.headers import HeaderIndex, find_header_rows

__all__ = ["Table", "RowProblem", "load"]

#: How many rows at the top of a sheet are searched for the header.
HEADER_SEARCH_ROWS = 20


@frozen
class RowProblem:
    """A source row the loader could not read whole: its number, why, and its cells as far as
    they could be read (to name the enterprise). ``kept`` says whether the row is still read."""

    row: int
    reason: str
    record: tuple[object, ...] = ()
    kept: bool = False


@frozen(eq=False)
class Table:
    """Cells under a header: ``cells`` has one column per header position (0, 1, …) and one
    row per source row; ``rows`` holds each row's number in the source (header row 1 in a file
    with one header row). ``problems`` are rows the loader could not read whole (ragged or
    truncated CSV rows); those not ``kept`` are left out of ``cells``.
    """

    cells: pd.DataFrame
    headers: list[str]
    rows: np.ndarray
    label: str | None = None
    sheet: str | None = None
    problems: list[RowProblem] = field(factory=list)


def load(source: object, index: HeaderIndex, *, sheet: str | int | None = None) -> Table:
    """Read ``source`` into a :class:`Table`."""
    if isinstance(source, pd.DataFrame):
        return _from_frame(source, None, index)
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"a roster source is a path or a DataFrame, not {type(source).__name__}")
    path = Path(source)
    label = str(path)
    if not path.exists():
        raise RosterError("file not found; check the path and the file name", source=label)
    if path.is_dir():
        raise RosterError("is a folder, not a roster file; give the CSV, .xlsx or Parquet file", source=label)
    with path.open("rb") as fh:
        magic = fh.read(8)
    if not magic:
        raise RosterError("the file is empty; export the roster again", source=label)
    if magic.startswith(b"PK\x03\x04"):
        return _excel(path, index, sheet)
    if magic.startswith(b"PAR1"):
        return _parquet(path, index)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterError("is an old Excel .xls workbook; save it as .xlsx (Excel workbook) and try again", source=label)
    return _csv(path, index)


# -- DataFrame and Parquet --------------------------------------------------------------------


def _from_frame(frame: pd.DataFrame, label: str | None, index: HeaderIndex) -> Table:
    if frame.index.name is not None and index.match(frame.index.name).column is not None:
        frame = frame.reset_index()  # e.g. a frame indexed by uscc
    headers = [str(c) for c in frame.columns]
    cells = frame.copy(deep=False)
    cells.columns = range(len(headers))
    cells = cells.reset_index(drop=True)
    # rows numbered as in a sheet whose header is row 1
    return Table(cells, headers, np.arange(len(cells), dtype=np.int64) + 2, label)


def _parquet(path: Path, index: HeaderIndex) -> Table:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError… for damaged files
        raise RosterError(f"is not a readable Parquet file ({type(exc).__name__}); it may be truncated: write it again",
                          source=str(path)) from exc
    return _from_frame(frame, str(path), index)


# -- Excel ------------------------------------------------------------------------------------


def _excel(path: Path, index: HeaderIndex, sheet: str | int | None) -> Table:
    from openpyxl import load_workbook

    label = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise RosterError(f"is not a readable .xlsx workbook ({type(exc).__name__}); it may be truncated or damaged: "
                          "open it in Excel and save it again", source=label) from exc
    try:
        names = book.sheetnames
        if sheet is not None:
            if isinstance(sheet, int):
                if not 0 <= sheet < len(names):
                    raise RosterError(f"has no sheet number {sheet}; its sheets are {names}", source=label)
                chosen = [names[sheet]]
            elif sheet not in names:
                raise RosterError(f"has no sheet {sheet!r}; its sheets are {names}", source=label)
            else:
                chosen = [sheet]
        else:
            chosen = names
        first_filled: tuple[str, list[tuple[object, ...]]] | None = None
        for name in chosen:
            rows = _sheet_rows(book[name], label, name)
            if not any(any(_filled(v) for v in r) for r in rows):
                continue
            grid = pd.DataFrame(rows[:HEADER_SEARCH_ROWS], dtype=object)
            first, count, headers = find_header_rows(grid, index)
            if any(index.match(h).name == "uscc" for h in headers) or sheet is not None:
                return _excel_table(rows, first, count, headers, label, name)
            if first_filled is None:
                first_filled = (name, rows)
        if first_filled is None:
            what = f"sheet {chosen[0]!r} is empty" if sheet is not None else f"every sheet is empty ({names})"
            raise RosterError(f"{what}; put the roster on the first sheet with its header row", source=label)
        name, rows = first_filled
        grid = pd.DataFrame(rows[:HEADER_SEARCH_ROWS], dtype=object)
        first, count, headers = find_header_rows(grid, index)
        return _excel_table(rows, first, count, headers, label, name)
    finally:
        book.close()


def _sheet_rows(ws: object, label: str, name: str) -> list[tuple[object, ...]]:
    try:
        rows = [tuple(r) for r in ws.iter_rows(min_row=1, values_only=True)]  # type: ignore[attr-defined]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RosterError(f"sheet {name!r} cannot be read ({type(exc).__name__}); the workbook may be damaged: "
                          "open it in Excel and save it again", source=label) from exc
    while rows and not any(_filled(v) for v in rows[-1]):
        rows.pop()
    return rows


def _filled(v: object) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def _excel_table(rows: list[tuple[object, ...]], first: int, count: int, headers: list[str], label: str,
                 sheet: str) -> Table:
    width = len(headers)
    while width and not headers[width - 1].strip():
        width -= 1  # trailing columns without a header
    headers = headers[:width]
    body = rows[first + count:]
    cells = pd.DataFrame([tuple(r[:width]) + (None,) * (width - len(r)) for r in body],
                         columns=range(width), dtype=object)
    numbers = np.arange(first + count, first + count + len(body), dtype=np.int64) + 1
    problems = [RowProblem(int(n), f"values in columns without a header (from column {width + 1}): not read; "
                                   "give those columns a header", kept=True)
                for n, r in zip(numbers, body, strict=True) if any(_filled(v) for v in r[width:])]
    return Table(cells, headers, numbers, label, sheet, problems)


# -- CSV --------------------------------------------------------------------------------------


def _decode(data: bytes, label: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise RosterError(f"cannot be decoded as UTF-16 (byte {exc.start}); save it as CSV UTF-8",
                              source=label) from exc
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as first:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise RosterError(f"cannot be decoded as UTF-8 or GB18030 (bad byte at offset {first.start}); "
                              "it may not be a CSV file: save the roster as 'CSV UTF-8' or .xlsx", source=label) from first


def _delimiter(text: str) -> str:
    head = [line for line in text[:20000].splitlines() if line.strip()][:5]
    counts = {sep: sum(line.count(sep) for line in head) for sep in (",", "\t", ";", "|")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def _csv(path: Path, index: HeaderIndex) -> Table:
    label = str(path)
    data = path.read_bytes()
    text, encoding = _decode(data, label)
    if not text.strip():
        raise RosterError("the file holds no rows; export the roster again", source=label)
    sep = _delimiter(text)
    if text.count('"') % 2:  # the file ends inside a quoted cell
        return _csv_ragged(text, sep, label, index)
    head, line_ends = _head_grid(text, sep)
    first, count, headers = find_header_rows(head, index)
    width = len(headers)
    skip_lines = line_ends[first + count - 1] if 0 < first + count <= len(line_ends) else len(line_ends)
    cells = _arrow_csv(data if encoding == "utf-8" else text.encode("utf-8"), sep, skip_lines, width)
    if cells is None:  # rows of another width than the header: read them one by one
        return _csv_ragged(text, sep, label, index)
    numbers = np.arange(len(cells), dtype=np.int64) + first + count + 1
    problems = _truncated_tail(text, sep, width, int(numbers[-1]) if len(numbers) else 0)
    if problems:
        record = tuple(cells.iloc[-1].tolist())
        problems = [RowProblem(problems[0].row, problems[0].reason, record)]
        cells, numbers = cells.iloc[:-1], numbers[:-1]
    return Table(cells.reset_index(drop=True), headers, numbers, label, problems=problems)


def _arrow_csv(data: bytes, sep: str, skip_lines: int, width: int) -> pd.DataFrame | None:
    """Every cell under the header as text, read by pyarrow's CSV reader (multi-threaded, no
    Python object per cell); None when a row has another width than the header."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    names = [str(i) for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(skip_rows=skip_lines, column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, null_values=[""],
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except pa.ArrowInvalid:
        return None
    text_dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    frame = table.to_pandas(types_mapper=lambda t: text_dtype if t in (pa.string(), pa.large_string()) else None)
    frame.columns = range(width)
    return frame


def _head_grid(text: str, sep: str) -> tuple[pd.DataFrame, list[int]]:
    """The first rows of a CSV as a grid (rows may differ in width: a title row has one cell),
    and after each row how many physical lines were read (a cell may span lines)."""
    end = 0
    for _ in range(2 * HEADER_SEARCH_ROWS):  # more than enough lines, unless cells span many lines
        nxt = text.find("\n", end)
        if nxt < 0:
            end = len(text)
            break
        end = nxt + 1
    lines = re.findall(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$", text[:end])
    used = 0

    def feed() -> Iterator[str]:
        nonlocal used
        for line in lines:
            used += 1
            yield line

    records, ends = [], []
    for rec in csv.reader(feed(), delimiter=sep, strict=False):
        records.append(rec)
        ends.append(used)
        if len(records) >= HEADER_SEARCH_ROWS:
            break
    width = max((len(r) for r in records), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=object), ends


def _truncated_tail(text: str, sep: str, width: int, last_row: int) -> list[RowProblem]:
    """A last row with fewer fields than the header, in a file that does not end with a line
    break, is where a truncated file was cut."""
    if not last_row or text.endswith(("\n", "\r")):
        return []
    tail = text[text.rstrip("\r\n").rfind("\n") + 1:]
    fields = next(csv.reader([tail], delimiter=sep), [])
    if len(fields) >= width:
        return []
    return [RowProblem(last_row, _TRUNCATED.format(len(fields), width))]


_TRUNCATED = ("the file ends inside this row ({} of {} fields): it looks truncated, so the row is not used; "
              "export the roster again")


def _csv_ragged(text: str, sep: str, label: str, index: HeaderIndex) -> Table:
    """Slow path for CSV whose rows do not all have the header's width, or that ends inside a
    quoted cell: every row that cannot be read whole is reported and left out."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=False)
    try:
        for rec in reader:
            records.append(rec)
    except csv.Error as exc:  # pragma: no cover - strict=False makes this rare
        raise RosterError(f"cannot be read as CSV ({exc}); save it again as CSV UTF-8 or .xlsx", source=label) from exc
    first, count, headers = find_header_rows(_head_grid(text, sep)[0], index)
    width = len(headers)
    while width and not headers[width - 1].strip():
        width -= 1  # trailing empty header cells
    headers = headers[:width]
    body, numbers, problems = [], [], []
    ends_cleanly = text.endswith(("\n", "\r")) and not text.count('"') % 2
    last = len(records)
    for k in range(first + count, len(records)):
        rec = records[k]
        extra = [v for v in rec[width:] if v.strip()]
        if extra:
            problems.append(RowProblem(k + 1, f"the row has {len(rec)} fields but the header has {width} "
                                              "(an unquoted comma or a shifted cell?): the row is not used; fix it "
                                              "and rerun", tuple(rec)))
            continue
        if k + 1 == last and not ends_cleanly and (len(rec) < width or text.count('"') % 2):
            problems.append(RowProblem(k + 1, _TRUNCATED.format(len(rec), width), tuple(rec)))
            continue
        if 0 < len(rec) < width and any(v.strip() for v in rec):
            problems.append(RowProblem(k + 1, f"the row has {len(rec)} of {width} fields; the missing cells are "
                                              "left empty", kept=True))
        body.append((rec + [""] * width)[:width])
        numbers.append(k + 1)
    cells = pd.DataFrame(body, columns=range(width), dtype=object).replace("", None)
    return Table(cells, headers, np.asarray(numbers, dtype=np.int64), label, problems=problems)
