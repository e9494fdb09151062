"""Benchmark: assessing national-sized rosters (N enterprises × 3 fiscal years).

For each size (10,000, 100,000 and ``--n``) it generates the synthetic canonical roster of
``benchmarks/_data.py`` (fixed seed) and measures, each step in a fresh process:

* ``read csv`` / ``read parquet``: :func:`zjtx.read_roster` of the roster written as tidy CSV and
  as Parquet (reading, validation and coercion included);
* ``assess``: :func:`zjtx.assess` of the roster already in memory (a :class:`zjtx.roster.io.Roster`,
  i.e. read and validated once), the headline figure;
* ``assess frame``: the same from a plain DataFrame, so validating its cells is included;
* ``assess+explain``: :func:`zjtx.evaluate` and the findings table: for every enterprise up to
  ``--explain-all`` enterprises, else for ``--explain-sample`` of them (findings are built only for
  the enterprises asked for; the whole table of a million enterprises is 2×10⁸ rows);
* ``seed banks`` and ``report``: the pipeline's seed banks and the whole report (HTML), when
  those modules are installed;
* ``naive``: the same rules evaluated one enterprise at a time in plain Python
  (``benchmarks/_naive.py``), on ``--naive-sample`` enterprises, extrapolated per enterprise.

It prints seconds (wall and CPU), enterprises per second, the peak memory beyond what the
process held before the step (input frame included in that baseline), the cost per enterprise
across sizes (linear growth shows as a flat column) and the speed-up over the naive baseline.

    python benchmarks/assess.py --n 1000000
    python benchmarks/assess.py --n 100000 --steps assess,naive
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STEPS = ("read csv", "read parquet", "assess", "assess frame", "assess+explain", "seed banks", "report", "naive")
SEED = 20250630


# -- measuring inside a child process ----------------------------------------------------------
def _status() -> dict[str, int]:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmHWM", "VmRSS")):
                out[line.split(":")[0]] = int(line.split()[1]) * 1024
    return out


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _measure(step: str, n: int, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    import zjtx
    from _data import AS_OF, generate
    from zjtx.roster.io import Roster

    csv, parquet = workdir / f"roster-{n}.csv", workdir / f"roster-{n}.parquet"
    frame = roster = None
    if step not in ("read csv", "read parquet"):
        frame = generate(n, SEED)
        roster = Roster(frame)
    extra: dict[str, Any] = {}

    def run() -> Any:
        if step == "read csv":
            return zjtx.read_roster(csv)
        if step == "read parquet":
            return zjtx.read_roster(parquet)
        if step == "assess":
            return zjtx.assess(roster, as_of=AS_OF)
        if step == "assess frame":
            return zjtx.assess(frame, as_of=AS_OF)
        if step == "assess+explain":
            result = zjtx.evaluate(roster, as_of=AS_OF)
            verdicts = result.verdicts
            if n <= args.explain_all:
                findings = result.findings()
                extra["explained"] = n
            else:
                pick = np.random.default_rng(1).choice(len(verdicts), args.explain_sample, replace=False)
                findings = result.findings(list(verdicts.index[np.sort(pick)]))
                extra["explained"] = args.explain_sample
            extra["finding_rows"] = len(findings)
            return verdicts, findings
        if step == "seed banks":
            from zjtx.pipeline.seedbank import seed_banks

            banks = seed_banks(roster, 2025, as_of=AS_OF)
            extra["bank_sizes"] = {t.value: b.size for t, b in banks.items()}
            return banks
        if step == "report":
            from zjtx.report import build_report, write_report

            report = build_report(frame, year=2025, as_of=AS_OF)
            return write_report(report, workdir / f"report-{n}.html")
        if step == "naive":
            from _naive import assess_naive

            sample = frame[frame["uscc"].isin(frame["uscc"].unique()[: args.naive_sample])]
            extra["sampled"] = int(sample["uscc"].nunique())
            naive = assess_naive(sample, zjtx.rules_for(AS_OF), dt.date.fromisoformat(AS_OF))
            fast = zjtx.assess(sample, as_of=AS_OF).loc[naive.index]
            agree = True
            for col in ("innovative_sme", "srdi_sme", "little_giant", "innovative_score", "srdi_score"):
                a, b = naive[col].astype(object), fast[col].astype(object)
                agree &= bool(((a == b) | (a.isna() & b.isna())).all())
            extra["agrees_with_zjtx"] = agree
            return naive
        raise ValueError(step)

    if step not in ("read csv", "read parquet", "naive"):
        zjtx.assess(frame.iloc[:30], as_of=AS_OF)  # warm imports and plug-in loading outside the timing
    gc.collect()
    base = _status()["VmRSS"]
    exact = _reset_peak()
    t0, c0 = time.perf_counter(), time.process_time()
    result = run()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _status()["VmHWM"] if exact else _maxrss()
    del result
    counted = extra.get("sampled", n)
    return {"step": step, "n": n, "counted": counted, "wall": wall, "cpu": cpu, "peak_extra": peak - base,
            "base": base, "exact_peak": exact, **extra}


def _maxrss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- the parent: data files, children, tables -----------------------------------------------------
def _write_files(n: int, workdir: Path, steps: list[str]) -> None:
    from _data import generate

    csv, parquet = workdir / f"roster-{n}.csv", workdir / f"roster-{n}.parquet"
    if not ({"read csv", "read parquet"} & set(steps)) or (csv.exists() and parquet.exists()):
        return
    frame = generate(n, SEED)
    if "read csv" in steps and not csv.exists():
        frame.to_csv(csv, index=False)
    if "read parquet" in steps and not parquet.exists():
        frame.to_parquet(parquet, index=False)


def _child(step: str, n: int, workdir: Path, args: argparse.Namespace) -> dict[str, Any] | None:
    cmd = [sys.executable, __file__, "--child", step, "--n", str(n), "--workdir", str(workdir),
           "--naive-sample", str(args.naive_sample), "--explain-sample", str(args.explain_sample),
           "--explain-all", str(args.explain_all)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        print(f"    {step} at {n:,}: failed: {' | '.join(tail)}", flush=True)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _machine() -> str:
    import numpy as np
    import pandas as pd

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; Python {platform.python_version()}, "
            f"pandas {pd.__version__}, NumPy {np.__version__}; load average {load:.1f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=1_000_000, help="largest roster (enterprises)")
    p.add_argument("--sizes", help="comma-separated sizes (default 10000,100000,N)")
    p.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated steps of: {', '.join(STEPS)}")
    p.add_argument("--naive-sample", type=int, default=5000, help="enterprises the naive baseline evaluates")
    p.add_argument("--explain-sample", type=int, default=10_000, help="enterprises explained beyond --explain-all")
    p.add_argument("--explain-all", type=int, default=10_000, help="explain every enterprise up to this size")
    p.add_argument("--workdir", help="directory for the roster files (default: a temporary one)")
    p.add_argument("--timeout", type=int, default=3600, help="seconds allowed per step")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.child:
        print(json.dumps(_measure(args.child, args.n, Path(args.workdir), args)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else sorted({s for s in (10_000, 100_000) if s < args.n} | {args.n})
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        p.error(f"unknown steps {unknown}")
    print(f"zjtx assess benchmark — {_machine()}")
    print(f"synthetic national roster (benchmarks/_data.py, seed {SEED}), 3 fiscal years per enterprise\n")
    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="zjtx-bench-")
    workdir = Path(args.workdir or tmp.name)  # type: ignore[union-attr]
    workdir.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    naive_cost = None
    header = f"{'step':<16}{'enterprises':>12}{'wall s':>10}{'cpu s':>9}{'ent/s':>12}{'peak MiB':>10}  notes"
    try:
        for n in sizes:
            print(f"N = {n:,} enterprises ({3 * n:,} rows)")
            print(header)
            _write_files(n, workdir, steps)
            for step in steps:
                if step == "naive" and n != sizes[0]:
                    continue  # its cost per enterprise does not depend on N
                r = _child(step, n, workdir, args)
                if r is None:
                    continue
                results.append(r)
                rate = r["counted"] / r["wall"] if r["wall"] else float("inf")
                notes = []
                if step == "naive":
                    naive_cost = r["cpu"] / r["counted"]
                    notes.append(f"{r['counted']:,} sampled; {naive_cost * 1e3:.2f} ms CPU per enterprise; "
                                 f"agrees with zjtx: {r['agrees_with_zjtx']}")
                if "explained" in r:
                    notes.append(f"{r['explained']:,} explained, {r['finding_rows']:,} finding rows")
                if "bank_sizes" in r:
                    notes.append(", ".join(f"{k} {v:,}" for k, v in r["bank_sizes"].items()))
                if not r["exact_peak"]:
                    notes.append("peak from ru_maxrss")
                print(f"{step:<16}{r['counted']:>12,}{r['wall']:>10.2f}{r['cpu']:>9.2f}{rate:>12,.0f}"
                      f"{r['peak_extra'] / 2**20:>10,.0f}  {'; '.join(notes)}", flush=True)
            print()
    finally:
        if tmp is not None:
            tmp.cleanup()

    assess = [r for r in results if r["step"] == "assess"]
    if assess:
        print("assess of the in-memory roster — cost per enterprise (flat = linear growth)")
        print(f"{'enterprises':>12}{'wall s':>10}{'µs/ent wall':>13}{'µs/ent cpu':>12}{'peak MiB':>10}"
              + (f"{'× naive':>10}" if naive_cost else ""))
        for r in assess:
            line = (f"{r['n']:>12,}{r['wall']:>10.2f}{r['wall'] / r['n'] * 1e6:>13.2f}{r['cpu'] / r['n'] * 1e6:>12.2f}"
                    f"{r['peak_extra'] / 2**20:>10,.0f}")
            if naive_cost:
                line += f"{naive_cost / (r['cpu'] / r['n']):>10,.0f}"
            print(line)
        if naive_cost:
            print(f"naive baseline: {naive_cost * 1e3:.2f} ms CPU per enterprise, measured on "
                  f"{next(r['counted'] for r in results if r['step'] == 'naive'):,} enterprises and extrapolated "
                  f"(a million would take {naive_cost * 1e6 / 60:,.0f} min); speed-up = naive CPU per enterprise / "
                  "zjtx CPU per enterprise")
        big = assess[-1]
        print(f"\ntargets at {big['n']:,}: assess {big['wall']:.2f} s wall / {big['cpu']:.2f} s CPU (< 3 s), "
              f"peak beyond the input {big['peak_extra'] / 2**30:.2f} GiB (< 3 GB)"
              + (f", {naive_cost / (big['cpu'] / big['n']):,.0f}× the naive baseline (≥ 100×)" if naive_cost else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
