"""``zjtx assess ROSTER``: verdicts per enterprise, optionally with the findings.

The roster may be CSV (UTF-8 or GB18030), an ``.xlsx`` workbook (tidy, or the officials' wide
layout with ``2024年营业收入(万元)`` columns) or Parquet. The output (``--output``) is CSV,
Excel or Parquet by its extension. Every enterprise of the roster appears in it: assessed, or
with status ``rejected`` and the reason; cells that could not be used are named in the
``reason`` column of their enterprise and listed in full in ``<output>.problems.<ext>``.

Exit codes: 0 success; 1 problems were found in the roster (the output is still written);
2 the roster cannot be used at all (missing file, unreadable, no recognisable columns).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from zjtx.assess import REJECTED, with_rejected
from zjtx.commands._common import add_assessment_options, parse_options, write_table

__all__ = ["register", "run", "with_rejected"]

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "assess", help="assess a roster against the three tiers",
        description="Assess every enterprise of a roster (CSV, .xlsx or Parquet; tidy or with yearly columns); "
                    "print a table or write CSV/Excel/Parquet. Exit 0: done; 1: problems found in the roster "
                    "(output still written); 2: the roster cannot be used.")
    p.add_argument("roster", help="roster file: .csv (UTF-8 or GB18030), .xlsx or .parquet; or a directory of "
                                  ".parquet files, streamed in batches with bounded memory")
    p.add_argument("--output", "-o", metavar="FILE", help="write verdicts to FILE (.csv, .xlsx, .parquet)")
    p.add_argument("--explain", action="store_true",
                   help="also write the findings (FILE with suffix .findings) or print them")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of a workbook (default: the first with a 统一社会信用代码 column)")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=COLUMN",
                   help="read a header as a canonical column, e.g. --map 企业营收=operating_revenue (repeatable)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="with a directory: assess N files at a time in parallel processes")
    p.add_argument("--batch-rows", type=int, metavar="ROWS", help="with a directory: rows read per batch")
    add_assessment_options(p)
    p.set_defaults(handler=run)


def _header_map(pairs: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for pair in pairs:
        header, sep, column = pair.partition("=")
        if not sep or not header.strip():
            raise SystemExit(f"--map needs HEADER=COLUMN, got {pair!r}")
        out[header.strip()] = column.strip() or None
    return out


def run(args: argparse.Namespace) -> int:
    import zjtx
    from zjtx.roster.io import read_roster

    if Path(args.roster).is_dir():  # a directory of Parquet files: streamed (zjtx.scale)
        from zjtx.scale import stream_command

        return stream_command(args)
    roster = read_roster(args.roster, sheet=_sheet(args.sheet), header_map=_header_map(args.map) or None)
    result = zjtx.evaluate(roster, as_of=args.as_of, jurisdiction=args.jurisdiction,
                           rule_version=args.rule_version, options=parse_options(args.option) or None)
    table = with_rejected(result.verdicts, roster)
    problems_path = None
    if args.output:
        path = Path(args.output)
        out = write_table(table, path)
        print(f"wrote {len(table)} enterprises ({len(result.verdicts)} assessed, "
              f"{len(roster.rejected_enterprises)} rejected) to {out}")
        if args.explain:
            f_out = write_table(result.findings(), path.with_name(f"{path.stem}.findings{path.suffix}"), index=False)
            print(f"wrote findings to {f_out}")
        if len(roster.rejected) or len(roster.warnings):
            problems_path = write_table(_problems(roster), path.with_name(f"{path.stem}.problems{path.suffix}"),
                                        index=False)
            print(f"wrote {len(roster.rejected)} problems and {len(roster.warnings)} warnings to {problems_path}")
    else:
        _print_table(table)
        if args.explain:
            for uscc in result.verdicts.index:
                print()
                print(result.explain(uscc))
        _print_problems(roster)
    if roster.has_problems:
        where = f"see {problems_path} and the reason column of {args.output}" if args.output else "see the list above"
        print(f"zjtx assess: {roster.source}: {len(roster.rejected_enterprises)} enterprises rejected and "
              f"{len(roster.rejected)} cells or rows not used ({where}); fix the roster and run again",
              file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _sheet(value: str | None) -> str | int | None:
    return int(value) if value is not None and value.isdigit() else value


def _problems(roster: object) -> pd.DataFrame:
    rejected = roster.rejected.assign(severity="rejected")  # type: ignore[attr-defined]
    warnings = roster.warnings.assign(severity="warning")  # type: ignore[attr-defined]
    both = pd.concat([rejected, warnings], ignore_index=True)
    return both[["severity", *[c for c in both.columns if c != "severity"]]].astype(object)


def _print_problems(roster: object, limit: int = 20) -> None:
    problems = _problems(roster)
    if not len(problems):
        return
    print(file=sys.stderr)
    for rec in problems.head(limit).itertuples(index=False):
        row = f"row {rec.row}" if pd.notna(rec.row) else "header"
        where = f", {rec.column}" if isinstance(rec.column, str) else ""
        value = f" (value {rec.value!r})" if rec.value is not None and not pd.isna(rec.value) else ""
        print(f"{rec.severity}: {row}{where}: {rec.reason}{value}", file=sys.stderr)
    if len(problems) > limit:
        print(f"… and {len(problems) - limit} more (write them with --output FILE)", file=sys.stderr)


def _print_table(verdicts: pd.DataFrame) -> None:
    cols = ["name", "innovative_sme", "srdi_sme", "little_giant", "innovative_score", "srdi_score", "highest_tier"]
    cols = [c for c in cols if c in verdicts.columns]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is a dependency
        print(verdicts[cols].to_string())
        return
    version = verdicts["rule_version"].dropna()
    table = Table(title=f"zjtx assessment — {version.iloc[0] if len(version) else ''}")
    table.add_column("uscc")
    for c in cols:
        table.add_column(c)
    style = {"eligible": "green", "not_eligible": "red", "insufficient_data": "yellow", REJECTED: "magenta"}
    for uscc, row in verdicts[cols].iterrows():
        cells = []
        for c in cols:
            v = row[c]
            text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else (
                f"{v:g}" if isinstance(v, float) else str(v))
            cells.append(f"[{style[text]}]{text}[/]" if text in style else text)
        table.add_row("" if uscc is None or pd.isna(uscc) else str(uscc), *cells)
    Console(file=sys.stdout, width=200).print(table)
