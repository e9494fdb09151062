"""``zjtx roadmap ROSTER --tier T``: roadmaps (施工路线图), one line per criterion in the way."""

from __future__ import annotations

import argparse

import pandas as pd

from zjtx.commands._common import add_assessment_options, parse_options, write_table

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "roadmap", help="roadmaps (施工路线图) toward a tier",
        description="For each enterprise (or those given with --uscc) and the tier it is aimed at: one line per failed "
                    "or unknown criterion, with the gap in its unit and in money, the figure change that closes it, "
                    "the measure, the planned application year and the owner.")
    p.add_argument("roster", help="roster file")
    p.add_argument("--tier", "-t", required=True, metavar="T",
                   help="the tier aimed at (innovative_sme, srdi_sme, little_giant), or 'next' for the tier above "
                        "each enterprise's highest valid recognition")
    p.add_argument("--uscc", "-u", action="append", metavar="ID", help="only this enterprise (repeatable)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the roadmap table to FILE (.csv, .xlsx, .parquet)")
    add_assessment_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from zjtx.pipeline import roadmaps

    tier = None if args.tier == "next" else args.tier
    table = roadmaps(args.roster, tier=tier, uscc=args.uscc, as_of=args.as_of, jurisdiction=args.jurisdiction,
                     options=parse_options(args.option) or None, rule_version=args.rule_version)
    if args.output:
        out = write_table(table, args.output, index=False)
        print(f"wrote {len(table)} roadmap lines for {table['uscc'].nunique()} enterprises to {out}")
        return 0
    if table.empty:
        print("no lines: every enterprise already meets its target tier")
        return 0
    cols = ["uscc", "target_tier", "criterion", "outcome", "value_text", "threshold_text", "gap_text", "change_text",
            "measure", "planned_year", "owner"]
    with pd.option_context("display.width", 250, "display.max_colwidth", 60, "display.max_rows", 500):
        print(table[cols].to_string(index=False))
    return 0
