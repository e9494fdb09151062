"""``zjtx seedbank ROSTER --year Y``: the year's seed banks (种子库), sized, filtered and ranked."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from zjtx.commands._common import add_assessment_options, parse_options, write_table

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "seedbank", help="build the year's seed banks (种子库)",
        description="Build the seed bank of each tier for a year from a roster: who may enter, how many are required "
                    "(and any shortfall), in which order. With --output the members go to FILE (.csv, .xlsx, "
                    ".parquet) and the sizing to FILE with suffix .sizing.")
    p.add_argument("roster", help="roster file")
    p.add_argument("--year", "-y", type=int, required=True, help="the bank's year")
    p.add_argument("--tier", "-t", action="append", metavar="T",
                   help="only this tier (innovative_sme, srdi_sme, little_giant; repeatable)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the members of every bank to FILE")
    p.add_argument("--show", type=int, default=10, metavar="N", help="members shown per bank without --output")
    add_assessment_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from zjtx.pipeline import seed_banks

    banks = seed_banks(args.roster, args.year, tiers=args.tier, jurisdiction=args.jurisdiction, as_of=args.as_of,
                       options=parse_options(args.option) or None, rule_version=args.rule_version)
    for bank in banks.values():
        print(bank.summary())
    members = pd.concat([b.table for b in banks.values()], ignore_index=True)
    sizing = pd.concat([b.sizing_frame() for b in banks.values()], ignore_index=True)
    if args.output:
        out = write_table(members, args.output, index=False)
        path = Path(args.output)
        s_out = write_table(sizing, path.with_name(f"{path.stem}.sizing{path.suffix}"), index=False)
        print(f"wrote {len(members)} members to {out} and the sizing to {s_out}")
        return 0
    cols = ["tier", "prefecture", "rank", "uscc", "name", "failed", "unknown", "gap", "score", "gaps"]
    with pd.option_context("display.width", 200, "display.max_colwidth", 40):
        for bank in banks.values():
            if bank.size:
                print()
                print(bank.table[cols].head(args.show).to_string(index=False))
    return 0
