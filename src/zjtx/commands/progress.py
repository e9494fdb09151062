"""``zjtx progress ROSTER --jurisdiction J``: counts against the plan, per prefecture, and a projection."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from zjtx.commands._common import add_assessment_options, parse_options, write_table

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "progress", help="progress against the cultivation plan, with a projection",
        description="Count valid recognitions per tier on a date, per prefecture, against the plan's targets; project "
                    "to the plan's end from the seed banks and historical conversion rates (assumptions printed). "
                    "With --quarter, also the quarterly scheduling report (季度调度) per prefecture. With --output "
                    "the tier table goes to FILE and the others to FILE with suffixes .by_prefecture, .projection, "
                    ".assumptions (and .schedule).")
    p.add_argument("roster", help="roster file")
    p.add_argument("--output", "-o", metavar="FILE", help="write the progress tables (.csv, .xlsx, .parquet)")
    p.add_argument("--quarter", "-q", type=int, choices=(1, 2, 3, 4), help="also the quarterly report of this quarter")
    p.add_argument("--no-banks", action="store_true", help="project from conversion rates alone (faster)")
    add_assessment_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from zjtx.pipeline import progress, schedule

    options = parse_options(args.option) or None
    result = progress(args.roster, as_of=args.as_of, jurisdiction=args.jurisdiction, options=options,
                      with_banks=not args.no_banks)
    frames = result.frames()
    if args.quarter:
        frames["schedule"] = schedule(args.roster, result.as_of.year, args.quarter, jurisdiction=result.jurisdiction,
                                      as_of=result.as_of, options=options, banks=result.banks)
    print(result.summary())
    print("assumptions:")
    for line in result.assumptions:
        print(f"  - {line}")
    if args.output:
        path = Path(args.output)
        out = write_table(frames.pop("progress"), path, index=False)
        written = [str(out)]
        for name, frame in frames.items():
            written.append(str(write_table(frame, path.with_name(f"{path.stem}.{name}{path.suffix}"), index=False)))
        print("wrote " + ", ".join(written))
        return 0
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        print()
        print(result.table.drop(columns=["label"]).to_string(index=False))
        print()
        print(result.projection.to_string(index=False))
        if "schedule" in frames:
            print()
            print(frames["schedule"].to_string(index=False))
    return 0
