"""``zjtx report ROSTER --jurisdiction J --year Y -o FILE``: the report people open.

The renderer follows each ``-o`` file's extension: ``.xlsx`` (a workbook, one sheet per
section), ``.html`` (one self-contained page with charts), ``.md`` (Markdown with its charts as
SVG files beside it) or ``.txt`` (the terminal summary). ``-o`` may be given several times; the
roster is assessed once. Without ``-o`` the summary is printed. Progress goes to stderr (a bar
per step); ``-q`` silences everything but errors.
"""

from __future__ import annotations

import argparse
import sys

from zjtx.commands._common import add_assessment_options, parse_options

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report", help="write the report (Excel, HTML with charts, Markdown) or print its summary",
        description="Assess a roster, build the year's seed banks, roadmaps and progress, and write the report. "
                    "The renderer follows the output extension: .xlsx, .html, .md, .txt.",
    )
    p.add_argument("roster", help="roster file (CSV, Excel, Parquet)")
    p.add_argument("--year", "-y", type=int, metavar="Y", help="report year: seed banks and targets of Y "
                   "(default: the year of --as-of, or this year)")
    p.add_argument("--output", "-o", action="append", default=[], metavar="FILE",
                   help="write the report to FILE (.xlsx, .html, .md, .txt); repeatable")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of titles and labels (default zh)")
    p.add_argument("--no-pipeline", action="store_true", help="report the assessment only (no seed banks, "
                   "roadmaps or progress)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bars and no summary")
    add_assessment_options(p)
    p.set_defaults(handler=run)


_LABELS = {
    "read": "读取名册 read roster", "assess": "评价 assess", "validity": "有效期 validity",
    "seed_banks": "种子库 seed banks", "roadmaps": "路线图 roadmaps", "progress": "目标进度 progress",
    "schedule": "季度调度 schedule", "target_list": "目标名单 target list",
    "sections": "报告章节 sections", "render": "生成文件 render",
}


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from zjtx.report import RENDERERS, build_report
    from zjtx.report.context import STEPS

    for out in args.output:
        if Path(out).suffix.lower() not in RENDERERS:
            raise SystemExit(f"zjtx report: cannot write {out!r}; use one of {sorted(RENDERERS)}")
    if not Path(args.roster).exists():
        raise FileNotFoundError(f"roster not found: {args.roster}")
    quiet = args.quiet
    options = parse_options(args.option) or None
    steps = [s for s in STEPS if s != "render" or args.output]
    total = len(steps) - 1 + max(1, len(args.output))

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    err = Console(file=sys.stderr, quiet=quiet)
    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, transient=False, disable=quiet)
    with bar:
        task = bar.add_task("zjtx report", total=total)
        started: list[str] = []

        def step(name: str) -> None:
            if started:
                bar.advance(task)
            started.append(name)
            bar.update(task, description=_LABELS.get(name, name))

        report = build_report(args.roster, jurisdiction=args.jurisdiction, year=args.year, as_of=args.as_of,
                              lang=args.lang, options=options, rule_version=args.rule_version,
                              pipeline=not args.no_pipeline, progress=step)
        written = []
        for out in args.output:
            step("render")
            bar.update(task, description=f"{_LABELS['render']} {Path(out).name}")
            written.append(report.write(out))
        bar.update(task, completed=total, description="完成 done")
    if not args.output and not quiet:
        report.print(Console(file=sys.stdout))
    for path in written:
        if not quiet:
            print(f"wrote {path.resolve()}")
    return 0
