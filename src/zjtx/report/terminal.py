"""The terminal renderer: a rich summary of every section, charts drawn as bars of text."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zjtx.report.formats import format_value
from zjtx.report.sections import Section

if TYPE_CHECKING:
    from zjtx.report import Report

__all__ = ["print_report", "write_text", "text_bars"]

_COLOURS = ("blue", "dark_orange", "red", "cyan", "green", "yellow", "magenta")


def text_bars(section: Section, lang: str = "zh", width: int = 36) -> list[tuple[str, list[tuple[str, float, str]]]]:
    """The chart of a section as rows of (label, [(series, value, text)]) for text bars."""
    chart = section.chart
    table = section.display_table()
    if chart is None or table.empty:
        return []
    if chart.limit is not None:
        table = table.head(chart.limit)
    del width
    rows = []
    for _, r in table.iterrows():
        values = []
        for c in chart.y:
            v = r[c]
            try:
                x = float(v)
            except (TypeError, ValueError):
                x = math.nan
            values.append((section.spec(c).label_en or c if lang == "en" else section.spec(c).label, x,
                           format_value(v, "%" if chart.percent else section.unit(c))))
        rows.append((str(r[chart.x]), values))
    return rows


def _bars(section: Section, lang: str, width: int = 32) -> Any:
    from rich.table import Table
    from rich.text import Text

    rows = text_bars(section, lang)
    finite = [v for _, vals in rows for _, v, _ in vals if not math.isnan(v)]
    top = max(finite + [0.0])
    if not rows or top <= 0:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, max_width=28)
    grid.add_column()
    for label, vals in rows:
        line = Text()
        for k, (_, v, txt) in enumerate(vals):
            n = 0 if math.isnan(v) else max(0, round(width * v / top))
            if k:
                line.append("  ")
            line.append("█" * n, style=_COLOURS[k % len(_COLOURS)])
            line.append(f" {txt}")
        grid.add_row(label, line)
    if len(section.chart.y) > 1:  # type: ignore[union-attr]
        legend = Text()
        for k, (name, _, _) in enumerate(rows[0][1]):
            legend.append("■ ", style=_COLOURS[k % len(_COLOURS)])
            legend.append(f"{name}  ")
        grid.add_row("", legend)
    return grid


def _render(report: Report, console: Any, rows: int) -> None:
    from rich.panel import Panel
    from rich.table import Table

    lang = report.lang
    meta = report.meta
    sub = (f"评价日期 {report.as_of.isoformat()} · 企业 {meta.get('enterprises', '')} 家 · 规则 {meta.get('rule_version', '')}"
           if lang == "zh" else
           f"assessed {report.as_of.isoformat()} · {meta.get('enterprises', '')} enterprises · "
           f"{meta.get('rule_version', '')}")
    if meta.get("synthetic"):
        sub += " · 合成示例数据" if lang == "zh" else " · synthetic sample data"
    console.print(Panel(sub, title=report.heading(), expand=False))
    for s in report.sections:
        table = s.display_table(hidden=False)
        console.rule(s.heading(lang), align="left")
        if s.note(lang):
            console.print(s.note(lang), style="dim", highlight=False)
        if table.empty:
            continue
        bars = _bars(s, lang) if s.chart is not None else None
        if bars is not None:
            console.print(bars)
        shown = table.head(rows)
        t = Table(show_edge=False, header_style="bold", pad_edge=False)
        cols = _fitting(s, shown, lang, console.width)
        for c in cols:
            numeric = shown[c].dtype.kind in "iuf"
            t.add_column(s.header(str(c), lang), justify="right" if numeric else "left", overflow="fold")
        for record in shown[cols].itertuples(index=False, name=None):
            t.add_row(*(format_value(v, s.unit(str(c))) for c, v in zip(cols, record)))
        console.print(t)
        more = []
        if len(table) > rows:
            more.append(f"共{len(table)}行" if lang == "zh" else f"{len(table)} rows in all")
        if len(cols) < len(table.columns):
            left = len(table.columns) - len(cols)
            more.append(f"另有{left}列见Excel报告" if lang == "zh" else f"{left} more columns in the workbook")
        if more:
            console.print("… " + "；".join(more) if lang == "zh" else "… " + "; ".join(more), style="dim")
    for step, reason in report.skipped.items():
        console.print(f"[dim]{step}: {reason}[/dim]")


def _fitting(section: Section, shown: Any, lang: str, width: int) -> list[Any]:
    """The columns that fit ``width`` side by side (the first always; the clause never)."""
    from zjtx.report.formats import display_width

    out, used = [], 0
    for c in shown.columns:
        if c == "clause":
            continue
        cells = [format_value(v, section.unit(str(c))) for v in shown[c].tolist()]
        header = section.header(str(c), lang)
        need = min(28, max([display_width(x) for x in cells] + [min(display_width(header), 12)])) + 3
        if out and used + need > width:
            break
        out.append(c)
        used += need
    return out


def print_report(report: Report, console: Any = None, *, rows: int = 12) -> None:
    """Print the report's summary to ``console`` (default: a rich console on stdout)."""
    from rich.console import Console

    _render(report, console or Console(), rows)


def write_text(report: Report, path: Path, *, rows: int = 12) -> None:
    """Write the terminal summary as plain text (no colours) to ``path``."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=140, record=True, color_system=None, force_terminal=False)
    _render(report, console, rows)
    path.write_text(console.export_text(), encoding="utf-8")
