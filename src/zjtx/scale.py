"""Rosters beyond one process: Dask frames and streamed Parquet directories.

Enterprises are independent: every criterion reads the rows of one enterprise only. A roster can
therefore be assessed piece by piece, as long as all fiscal years of an enterprise are in the same
piece. This module does that in two ways:

* :func:`assess_dask` assesses a :class:`dask.dataframe.DataFrame` partitioned by enterprise and
  returns a Dask frame of verdicts (``zjtx.assess`` dispatches here when given a Dask frame). It
  runs on any Dask scheduler: threads or processes on one machine, or a ``dask.distributed``
  cluster. :func:`by_enterprise` shuffles a Dask roster so that each enterprise is in one
  partition. Requires the ``zjtx[dask]`` extra.
* :func:`stream_assess` assesses a directory of Parquet files in batches of rows, so that memory
  stays bounded whatever the number of enterprises, writing the verdicts as it goes
  (``zjtx assess DIRECTORY`` calls it). It needs pyarrow only.

Each partition or batch goes through :func:`zjtx.assess`, so the verdicts are the same as for
the whole roster at once; row numbers in error messages count from the start of the partition
or batch.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from attrs import frozen

from zjtx.errors import RosterError
from zjtx.plugins import PluginFacade
from zjtx.roster.schema import KEY, YEAR
from zjtx.rules.options import Options

if TYPE_CHECKING:
    import dask.dataframe as dd

__all__ = [
    "DEFAULT_BATCH_ROWS", "StreamSummary", "assess_dask", "by_enterprise", "is_dask_frame", "iter_enterprise_batches",
    "stream_assess", "stream_command",
]

#: Rows read per batch when streaming Parquet (about 100,000 enterprises × 3 years).
DEFAULT_BATCH_ROWS = 300_000


def is_dask_frame(obj: object) -> bool:
    """Whether ``obj`` is a Dask DataFrame (checked without importing Dask)."""
    module = type(obj).__module__
    return module.split(".")[0] in ("dask", "dask_expr") and hasattr(obj, "map_partitions") and hasattr(obj, "columns")


def _assess_partition(
    frame: pd.DataFrame, *, as_of: dt.date, explain: bool, jurisdiction: str | None, rule_version: str | None,
    options: Options | Mapping[str, Any] | None, plugins: PluginFacade | None,
) -> Any:
    from zjtx.assess import evaluate

    result = evaluate(frame.reset_index(drop=True), as_of=as_of, jurisdiction=jurisdiction, rule_version=rule_version,
                      options=options, plugins=plugins)
    if explain:
        return result.findings()
    return result.verdicts


def _probe(as_of: dt.date) -> pd.DataFrame:
    """A one-enterprise roster whose assessment gives the dtypes of every output column."""
    return pd.DataFrame({KEY: ["91530100MA6K00014D"], "name": ["meta"], YEAR: [float(as_of.year - 1)]})


def assess_dask(
    roster: dd.DataFrame,
    *,
    as_of: dt.date | str | None = None,
    explain: bool = False,
    jurisdiction: str | None = None,
    rule_version: str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
) -> dd.DataFrame | tuple[dd.DataFrame, dd.DataFrame]:
    """Assess a Dask roster partition by partition (see :func:`zjtx.assess`).

    ``roster`` holds canonical columns with every enterprise's rows in one partition (use
    :func:`by_enterprise` if they are not). The result is a lazy Dask frame of verdicts, index
    ``uscc``, with the columns of :func:`zjtx.assess`; with ``explain=True`` a pair of lazy frames
    ``(verdicts, findings)``. Nothing is computed until the caller computes or writes it.

    ``plugins``: leave ``None`` on a distributed cluster, so that each worker loads its installed
    plug-ins (entry points) itself; a facade passed here must be picklable there.
    """
    from zjtx.assess import _as_date, evaluate

    day = _as_date(as_of)  # fixed once, so every partition is assessed on the same date
    kwargs = dict(as_of=day, jurisdiction=jurisdiction, rule_version=rule_version, options=options, plugins=plugins)
    probe = evaluate(_probe(day), **kwargs)  # type: ignore[arg-type]
    verdicts = roster.map_partitions(_assess_partition, explain=False, meta=probe.verdicts.iloc[:0], **kwargs)
    if not explain:
        return verdicts
    findings = roster.map_partitions(_assess_partition, explain=True, meta=probe.findings().iloc[:0], **kwargs)
    return verdicts, findings


def by_enterprise(roster: dd.DataFrame, npartitions: int | None = None) -> dd.DataFrame:
    """The roster shuffled so that all rows of an enterprise are in the same partition."""
    return roster.shuffle(on=KEY, npartitions=npartitions)


# ---------------------------------------------------------------------------------------------
# Streaming a directory of Parquet files
# ---------------------------------------------------------------------------------------------
def _parquet_files(path: str | os.PathLike[str]) -> list[Path]:
    root = Path(path)
    if root.is_file():
        return [root]
    files = sorted(p for p in root.rglob("*.parquet") if p.is_file())
    if not files:
        raise RosterError("no .parquet files in the directory", source=str(root))
    return files


def iter_enterprise_batches(files: list[Path], batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """Rows of Parquet ``files`` in batches of about ``batch_rows``, never splitting an enterprise.

    The rows of an enterprise must be contiguous in file order (a roster grouped or sorted by
    ``uscc``). The trailing enterprise of each batch is held back and joins the next batch, so
    at most one batch and one enterprise are in memory at a time.
    """
    import pyarrow.parquet as pq

    carry: pd.DataFrame | None = None
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            frame = batch.to_pandas()
            if carry is not None and len(carry):
                frame = pd.concat([carry, frame], ignore_index=True)
            if not len(frame):
                continue
            if KEY not in frame.columns:
                raise RosterError(f"no {KEY!r} column", source=str(path))
            keys = frame[KEY].to_numpy(dtype=object)
            others = np.flatnonzero(keys != keys[-1])
            start = int(others[-1]) + 1 if len(others) else 0  # where the last enterprise's rows begin
            carry = frame.iloc[start:]
            if start:
                yield frame.iloc[:start]
    if carry is not None and len(carry):
        yield carry


class _SeenKeys:
    """Enterprise keys already assessed, as sorted 64-bit hashes (8 bytes per enterprise).

    Arrays of similar size are merged, like a binary counter, so that checking and recording a
    batch stays cheap however many batches came before; merged arrays stop growing at
    :attr:`LIMIT` hashes, so a merge never needs more than a few of them in memory at once.
    """

    LIMIT = 8_000_000

    def __init__(self) -> None:
        self._levels: list[np.ndarray] = []

    def add(self, keys: np.ndarray) -> np.ndarray:
        """Record ``keys``; return those already recorded by an earlier call."""
        hashed = pd.util.hash_array(np.asarray(keys, dtype=object))
        again = np.zeros(len(hashed), dtype=bool)
        for level in self._levels:
            pos = np.minimum(np.searchsorted(level, hashed), len(level) - 1)
            again |= level[pos] == hashed
        if again.any():
            return np.asarray(keys, dtype=object)[again]
        self._levels.append(np.sort(hashed))
        while (len(self._levels) > 1 and 2 * len(self._levels[-1]) > len(self._levels[-2])
               and len(self._levels[-1]) + len(self._levels[-2]) <= self.LIMIT):
            top = self._levels.pop()
            self._levels[-1] = np.sort(np.concatenate([self._levels[-1], top]), kind="stable")
        return np.zeros(0, dtype=object)


@frozen
class StreamSummary:
    """What :func:`stream_assess` did: enterprises and rows read, batches, and outcome counts."""

    enterprises: int
    rows: int
    batches: int
    #: ``{tier: {outcome: count}}``.
    counts: Mapping[str, Mapping[str, int]]
    output: Path | None = None
    findings: Path | None = None
    #: Enterprises that could not be assessed, listed with the reason in ``rejected_file``.
    rejected: int = 0
    rejected_file: Path | None = None
    #: Cells that could not be used (read as missing) and warnings, listed in ``problems_file``.
    problems: int = 0
    problems_file: Path | None = None


class _TableWriter:
    """Appends frames to one CSV or Parquet file, keeping the schema of the first frame."""

    def __init__(self, path: Path, *, index: bool, as_text: tuple[str, ...] = ()) -> None:
        self.path = path
        self.index = index
        #: Object columns that mix numbers and codes (the findings' ``value``): written as text,
        #: which Parquet can store, with missing cells left empty.
        self.as_text = as_text
        self._parquet: Any = None
        self._schema: Any = None
        self._started = False
        suffix = path.suffix.lower()
        if suffix not in (".parquet", ".csv"):
            raise SystemExit(f"streamed output must be .parquet or .csv, not {suffix or 'a name without suffix'}")
        path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, frame: pd.DataFrame) -> None:
        if self.path.suffix.lower() == ".csv":
            # UTF-8 with a byte-order mark, as zjtx writes CSV for Excel; appended without one.
            frame.to_csv(self.path, mode="a" if self._started else "w", header=not self._started, index=self.index,
                         encoding="utf-8" if self._started else "utf-8-sig")
            self._started = True
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.as_text:
            names = frame.columns if self.as_text == ("*",) else [c for c in self.as_text if c in frame.columns]
            frame = frame.assign(**{str(c): _text_or_none(frame[c]) for c in names})
        table = pa.Table.from_pandas(frame, preserve_index=self.index)
        if self._parquet is None:
            self._schema = table.schema
            self._parquet = pq.ParquetWriter(self.path, self._schema)
        elif table.schema != self._schema:
            table = table.cast(self._schema)
        self._parquet.write_table(table)
        self._started = True

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()


def _text_or_none(column: pd.Series) -> pd.Series:
    text = column.astype(str).astype(object)
    text[column.isna().to_numpy()] = None
    return text


_Batch = tuple[pd.DataFrame, "pd.DataFrame | None", pd.DataFrame, pd.DataFrame, int]


def _assess_batch(frame: pd.DataFrame, kwargs: dict[str, Any], explain: bool) -> _Batch:
    """(verdicts, findings or None, rejected enterprises, cell problems, rows) of one batch."""
    from zjtx.assess import evaluate

    result = evaluate(frame, **kwargs)
    read = getattr(result, "roster", None)  # the Roster, when the batch needed the full reader
    rejected = getattr(result, "rejected", None)
    if rejected is None:
        rejected = pd.DataFrame(columns=["uscc", "name", "rows", "reason"])
    problems = pd.DataFrame()
    if read is not None and (len(read.rejected) or len(read.warnings)):
        both = pd.concat([read.rejected.assign(severity="rejected"), read.warnings.assign(severity="warning")],
                         ignore_index=True)
        problems = both[["severity", *[c for c in both.columns if c != "severity"]]].astype(object)
    return result.verdicts, (result.findings() if explain else None), rejected, problems, len(frame)


def _assess_file(path: Path, batch_rows: int, kwargs: dict[str, Any], explain: bool) -> list[_Batch]:
    # A worker streams one file (whose enterprises it holds whole) and returns its verdicts.
    return [_assess_batch(batch, kwargs, explain) for batch in iter_enterprise_batches([path], batch_rows)]


def stream_assess(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    as_of: dt.date | str | None = None,
    explain: bool = False,
    jurisdiction: str | None = None,
    rule_version: str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> StreamSummary:
    """Assess a directory of canonical Parquet files with bounded memory.

    Files are read in name order, in batches of about ``batch_rows`` rows; each batch is
    assessed and its verdicts appended to ``output`` (``.parquet`` or ``.csv``; none: only count
    the outcomes). With ``explain`` the findings go to ``<output stem>.findings<suffix>``.
    Cells that cannot be used are read as missing and listed in ``<output stem>.problems<suffix>``;
    enterprises that cannot be assessed at all are listed in ``<output stem>.rejected<suffix>``
    (row numbers count from the start of the batch, as each batch is read on its own).

    With ``workers == 1`` the rows of each enterprise must be contiguous in file order (an
    enterprise may continue from one file into the next). With more workers, files are assessed
    in parallel processes, so each file must hold its enterprises whole (as Dask's
    ``to_parquet`` writes a roster partitioned by enterprise). An enterprise met in two batches
    raises :class:`~zjtx.errors.RosterError`; memory for that check is 8 bytes per enterprise.
    ``progress(enterprises, rows)`` is called after every batch.
    """
    from zjtx.assess import _as_date

    files = _parquet_files(source)
    kwargs: dict[str, Any] = dict(as_of=_as_date(as_of), jurisdiction=jurisdiction, rule_version=rule_version,
                                  options=options)
    out_path = Path(output) if output is not None else None
    writer = _TableWriter(out_path, index=True) if out_path is not None else None
    f_path = out_path.with_name(f"{out_path.stem}.findings{out_path.suffix}") if (out_path and explain) else None
    f_writer = _TableWriter(f_path, index=False, as_text=("value",)) if f_path is not None else None
    r_path = out_path.with_name(f"{out_path.stem}.rejected{out_path.suffix}") if out_path else None
    r_writer = _TableWriter(r_path, index=False, as_text=("name", "rows", "reason")) if r_path is not None else None
    p_path = out_path.with_name(f"{out_path.stem}.problems{out_path.suffix}") if out_path else None
    p_writer = _TableWriter(p_path, index=False, as_text=("*",)) if p_path is not None else None
    seen = _SeenKeys()
    counts: dict[str, dict[str, int]] = {}
    totals = {"enterprises": 0, "rows": 0, "batches": 0, "rejected": 0, "problems": 0}

    def take(verdicts: pd.DataFrame, findings: pd.DataFrame | None, rejected: pd.DataFrame, problems: pd.DataFrame,
             rows: int) -> None:
        keys = verdicts.index.to_numpy(dtype=object)
        if len(rejected):
            keys = np.concatenate([keys, rejected["uscc"].to_numpy(dtype=object)])
        again = seen.add(keys)
        if len(again):
            raise RosterError(
                f"enterprise {again[0]} appears in two batches: its rows must be contiguous in file order"
                + (" and each file must hold its enterprises whole when workers > 1" if workers > 1 else ""),
                source=str(source),
            )
        for tier in ("innovative_sme", "srdi_sme", "little_giant"):
            if tier in verdicts.columns:
                tally = counts.setdefault(tier, {})
                for outcome, k in verdicts[tier].value_counts(sort=False).items():
                    tally[str(outcome)] = tally.get(str(outcome), 0) + int(k)
        if writer is not None:
            writer.write(verdicts)
        if f_writer is not None and findings is not None:
            f_writer.write(findings)
        if len(rejected):
            totals["rejected"] += len(rejected)
            if r_writer is not None:
                r_writer.write(rejected[["uscc", "name", "rows", "reason"]].astype(object))
        if len(problems):
            totals["problems"] += len(problems)
            if p_writer is not None:
                p_writer.write(problems)
        totals["enterprises"] += len(verdicts)
        totals["rows"] += rows
        totals["batches"] += 1
        if progress is not None:
            progress(totals["enterprises"], totals["rows"])

    try:
        if workers <= 1:
            for batch in iter_enterprise_batches(files, batch_rows):
                take(*_assess_batch(batch, kwargs, explain))
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for results in pool.map(_assess_file, files, [batch_rows] * len(files), [kwargs] * len(files),
                                        [explain] * len(files)):
                    for result in results:
                        take(*result)
    finally:
        for w in (writer, f_writer, r_writer, p_writer):
            if w is not None:
                w.close()
    return StreamSummary(totals["enterprises"], totals["rows"], totals["batches"], counts, out_path, f_path,
                         totals["rejected"], r_path if totals["rejected"] else None,
                         totals["problems"], p_path if totals["problems"] else None)


def stream_command(args: Any) -> int:
    """``zjtx assess DIRECTORY``: stream the Parquet files, write verdicts, print the counts."""
    from zjtx.commands._common import parse_options

    summary = stream_assess(
        args.roster, args.output, as_of=args.as_of, explain=args.explain, jurisdiction=args.jurisdiction,
        rule_version=args.rule_version, options=parse_options(args.option) or None,
        batch_rows=getattr(args, "batch_rows", None) or DEFAULT_BATCH_ROWS, workers=getattr(args, "workers", None) or 1,
    )
    print(f"assessed {summary.enterprises} enterprises ({summary.rows} rows, {summary.batches} batches)")
    for tier, tally in summary.counts.items():
        print(f"  {tier}: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    if summary.output is not None:
        print(f"wrote verdicts to {summary.output}")
    if summary.findings is not None:
        print(f"wrote findings to {summary.findings}")
    if summary.rejected or summary.problems:
        files = [str(f) for f in (summary.rejected_file, summary.problems_file) if f is not None]
        where = f"see {' and '.join(files)}" if files else "write them with --output FILE"
        print(f"zjtx assess: {args.roster}: {summary.rejected} enterprises rejected and {summary.problems} cells or "
              f"rows not used ({where}); fix the roster and run again", file=sys.stderr)
        return 1
    return 0
