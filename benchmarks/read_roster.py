"""Benchmark: reading a roster of N enterprises × 3 fiscal years (default 100,000 enterprises).

Writes a synthetic canonical roster (``benchmarks/_data.py``) as tidy CSV, optionally with a
share of bad cells, then times :func:`zjtx.read_roster` on it, and on the same roster as Parquet
and as a wide Chinese-header CSV or workbook (``2024年营业收入(万元)`` columns, always from the
clean roster). Prints wall and CPU seconds, rows per second and the peak memory of the process.

    python benchmarks/read_roster.py                  # 100,000 enterprises
    python benchmarks/read_roster.py --n 20000 --bad 0.01 --formats csv
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from _data import generate  # noqa: E402

import zjtx  # noqa: E402
from zjtx.roster.io import write_roster  # noqa: E402
from zjtx.roster.schema import KEY, YEAR  # noqa: E402


def spoil(frame: pd.DataFrame, share: float, seed: int = 1) -> pd.DataFrame:
    """Replace ``share`` of the non-key cells with text that is not a valid value."""
    rng = np.random.default_rng(seed)
    out = frame.astype(object)
    cols = [c for c in out.columns if c not in (KEY, YEAR, "name")]
    n_bad = int(share * len(out) * len(cols))
    rows = rng.integers(0, len(out), n_bad)
    which = rng.integers(0, len(cols), n_bad)
    values = out[cols].to_numpy(dtype=object)
    values[rows, which] = "不详#"
    out[cols] = values
    return out


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, path: Path, n_rows: int, repeat: int) -> zjtx.roster.Roster:
    """Best wall time of ``repeat`` reads, with the CPU time of that read (all threads)."""
    best, cpu = float("inf"), float("inf")
    roster = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        roster = zjtx.read_roster(path)
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    assert roster is not None
    size = path.stat().st_size / 2**20
    print(f"{label:<28} {size:7.1f} MiB  wall {best:6.2f} s  cpu {cpu:6.2f} s  {n_rows / best:>9,.0f} rows/s  "
          f"rejected cells {len(roster.rejected):>7,}  rejected enterprises {len(roster.rejected_enterprises):>5,}")
    return roster


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="enterprises (× 3 fiscal years)")
    parser.add_argument("--bad", type=float, default=0.0, help="share of cells spoiled (0.01 = 1%%)")
    parser.add_argument("--formats", default="csv,parquet,wide-csv", help="comma-separated: csv, parquet, wide-csv, xlsx")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)

    clean = generate(args.n, seed=0)
    # spoiled cells go into the tidy files; the wide files are written from the clean roster
    frame = spoil(clean, args.bad) if args.bad else clean
    n_rows = len(frame)
    print(f"zjtx {zjtx.__version__}: {args.n:,} enterprises × 3 years = {n_rows:,} rows, "
          f"{frame.shape[1]} columns, {args.bad:.1%} bad cells; numpy {np.__version__}, pandas {pd.__version__}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for fmt in formats:
            if fmt == "csv":
                path = tmpdir / "roster.csv"
                frame.to_csv(path, index=False, encoding="utf-8-sig")
                timed("tidy CSV (canonical)", path, n_rows, args.repeat)
            elif fmt == "parquet":
                path = tmpdir / "roster.parquet"
                (frame.astype(str) if args.bad else frame).to_parquet(path, index=False)
                timed("tidy Parquet", path, n_rows, args.repeat)
            elif fmt == "wide-csv":
                path = tmpdir / "roster-wide.csv"
                write_roster(clean, path, layout="wide", chinese=True)
                timed("wide CSV (Chinese headers)", path, n_rows, args.repeat)
            elif fmt == "xlsx":
                path = tmpdir / "roster-wide.xlsx"
                write_roster(clean, path, layout="wide", chinese=True)
                timed("wide .xlsx (Chinese headers)", path, n_rows, args.repeat)
            else:
                parser.error(f"unknown format {fmt!r}")
    print(f"peak memory {peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
