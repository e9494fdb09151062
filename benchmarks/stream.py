"""Benchmark: streaming ``zjtx assess DIRECTORY`` over a roster larger than memory.

Writes N enterprises × 3 fiscal years (``benchmarks/_data.py``, fixed seed) as a directory of
Parquet files, ``--chunk`` enterprises per file, generating one file at a time so the roster is
never in memory whole. Then runs ``zjtx assess DIRECTORY -o verdicts.parquet`` in a child process
and samples the resident memory of that process and its workers every 0.1 s. Prints the time,
enterprises per second, the peak resident memory (the largest process, and all processes
together) and checks that every enterprise got one verdict.

    python benchmarks/stream.py --n 2000000
    python benchmarks/stream.py --n 20000000 --chunk 500000 --workers 8 --dir /data/roster
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

AS_OF = "2025-06-30"
SEED = 20250630


def write_roster(directory: Path, n: int, chunk: int) -> tuple[int, float]:
    """``n`` enterprises as Parquet files of ``chunk`` enterprises; returns (files, seconds)."""
    from _data import generate

    directory.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    files = 0
    for offset in range(0, n, chunk):
        path = directory / f"part-{offset // chunk:05d}.parquet"
        if not path.exists():
            generate(min(chunk, n - offset), SEED, offset=offset).to_parquet(path, index=False, row_group_size=100_000)
        files += 1
        if sys.stdout.isatty():
            print(f"\r  wrote {min(offset + chunk, n):,} / {n:,} enterprises", end="", flush=True)
    if sys.stdout.isatty():
        print()
    return files, time.perf_counter() - start


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_stream(directory: Path, output: Path, workers: int, batch_rows: int | None) -> dict[str, float]:
    """Run ``zjtx assess`` on the directory, sampling memory; returns the figures."""
    cmd = [sys.executable, "-m", "zjtx.cli", "assess", str(directory), "-o", str(output), "--as-of", AS_OF,
           "--workers", str(workers)] + (["--batch-rows", str(batch_rows)] if batch_rows else [])
    peak = {"largest": 0, "total": 0}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def sample() -> None:
        while proc.poll() is None:
            sizes = [_rss(p) for p in _tree(proc.pid)]
            peak["largest"] = max(peak["largest"], max(sizes, default=0))
            peak["total"] = max(peak["total"], sum(sizes))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"zjtx assess failed ({proc.returncode}):\n{out}")
    print("  " + "\n  ".join(out.strip().splitlines()))
    return {"wall": wall, "largest": peak["largest"], "total": peak["total"]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=2_000_000, help="enterprises")
    p.add_argument("--chunk", type=int, default=100_000, help="enterprises per Parquet file")
    p.add_argument("--workers", type=int, default=1, help="files assessed in parallel (zjtx assess --workers)")
    p.add_argument("--batch-rows", type=int, help="rows per batch read from a file (default: zjtx's)")
    p.add_argument("--dir", help="directory for the roster (kept); default a temporary one (removed)")
    args = p.parse_args(argv)

    import pyarrow.parquet as pq

    from zjtx.scale import DEFAULT_BATCH_ROWS

    tmp = None if args.dir else tempfile.TemporaryDirectory(prefix="zjtx-stream-")
    root = Path(args.dir or tmp.name)  # type: ignore[union-attr]
    roster, output = root / "roster", root / "verdicts.parquet"
    try:
        print(f"writing {args.n:,} enterprises × 3 years to {roster} ({args.chunk:,} enterprises per file)")
        files, seconds = write_roster(roster, args.n, args.chunk)
        size = sum(f.stat().st_size for f in roster.glob("*.parquet"))
        print(f"  {files} files, {size / 2**30:.2f} GiB, written in {seconds:.0f} s")
        print(f"zjtx assess {roster} --workers {args.workers}")
        r = run_stream(roster, output, args.workers, args.batch_rows)
        verdicts = pq.ParquetFile(output).metadata.num_rows
        batch = args.batch_rows or DEFAULT_BATCH_ROWS
        print(f"\nenterprises {args.n:,}; verdicts written {verdicts:,} ({'all' if verdicts == args.n else 'MISSING'})")
        print(f"wall {r['wall']:.1f} s, {args.n / r['wall']:,.0f} enterprises/s")
        print(f"peak resident memory: largest process {r['largest'] / 2**20:,.0f} MiB, "
              f"all processes {r['total'] / 2**20:,.0f} MiB ({args.workers} worker(s), batches of {batch:,} rows, "
              f"files of {3 * args.chunk:,} rows)")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
