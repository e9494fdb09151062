"""``zjtx assess ROSTER``: verdicts per enterprise, optionally with the findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from zjtx.commands._common import add_assessment_options, parse_options, write_table

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("assess", help="assess a roster against the three tiers",
                       description="Assess every enterprise of a roster; print a table or write CSV/Excel/Parquet.")
    p.add_argument("roster", help="roster file (canonical CSV)")
    p.add_argument("--output", "-o", metavar="FILE", help="write verdicts to FILE (.csv, .xlsx, .parquet)")
    p.add_argument("--explain", action="store_true",
                   help="also write the findings (FILE with suffix .findings) or print them")
    add_assessment_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import zjtx

    result = zjtx.evaluate(args.roster, as_of=args.as_of, jurisdiction=args.jurisdiction,
                           rule_version=args.rule_version, options=parse_options(args.option) or None)
    verdicts = result.verdicts
    if args.output:
        out = write_table(verdicts, args.output)
        print(f"wrote {len(verdicts)} verdicts to {out}")
        if args.explain:
            path = Path(args.output)
            f_out = write_table(result.findings(), path.with_name(f"{path.stem}.findings{path.suffix}"), index=False)
            print(f"wrote findings to {f_out}")
    else:
        _print_table(verdicts)
        if args.explain:
            for uscc in verdicts.index:
                print()
                print(result.explain(uscc))
    return 0


def _print_table(verdicts: pd.DataFrame) -> None:
    cols = ["name", "innovative_sme", "srdi_sme", "little_giant", "innovative_score", "srdi_score", "highest_tier"]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is a dependency
        print(verdicts[cols].to_string())
        return
    table = Table(title=f"zjtx assessment — {verdicts['rule_version'].iloc[0] if len(verdicts) else ''}")
    table.add_column("uscc")
    for c in cols:
        table.add_column(c)
    style = {"eligible": "green", "not_eligible": "red", "insufficient_data": "yellow"}
    for uscc, row in verdicts[cols].iterrows():
        cells = []
        for c in cols:
            v = row[c]
            text = "" if pd.isna(v) else (f"{v:g}" if isinstance(v, float) else str(v))
            cells.append(f"[{style[text]}]{text}[/]" if text in style else text)
        table.add_row(str(uscc), *cells)
    Console(file=sys.stdout, width=200).print(table)
