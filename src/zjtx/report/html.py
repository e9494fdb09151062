"""The HTML renderer: one self-contained file, charts inline as SVG, no network.

Nothing is fetched when the page opens: styles are inline, charts are inline ``<svg>`` elements
whose labels are text (not paths), so Chinese renders with whatever CJK font the viewer has and
stays searchable and copyable. Long tables show their first rows, saying how many there are.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from zjtx.report.charts import FONT_STACK
from zjtx.report.formats import format_value
from zjtx.report.sections import Section

if TYPE_CHECKING:
    from zjtx.report import Report

__all__ = ["write_html", "render_html", "MAX_ROWS"]

#: Rows shown per table (the workbook has them all).
MAX_ROWS = 60

_FONTS = ", ".join(f"'{f}'" if " " in f else f for f in FONT_STACK)
_CSS = """
:root { --ink: #1d2733; --muted: #5b6776; --line: #d9dee5; --head: #eef2f7; --accent: #3b6ea8; }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; color: var(--ink); margin: 0; background: #f6f7f9; line-height: 1.5; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
header h1 { font-size: 26px; margin: 8px 0 4px; }
header .meta { color: var(--muted); font-size: 14px; margin: 0; }
.banner { background: #fff4e5; border-left: 4px solid #e8862a; padding: 8px 12px; margin: 12px 0; font-size: 14px; }
nav { columns: 2; font-size: 14px; margin: 16px 0 8px; padding: 12px 16px; background: var(--head);
      border-radius: 6px; }
nav a { color: var(--accent); text-decoration: none; display: block; }
section { margin-top: 28px; padding-top: 8px; border-top: 1px solid var(--line); }
section h2 { font-size: 20px; margin: 4px 0 6px; }
p.note { color: var(--muted); font-size: 13px; margin: 4px 0 10px; }
figure { margin: 8px 0 12px; }
figure svg { width: 100%%; height: auto; max-width: 760px; display: block; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; min-width: 40%%; }
th, td { border: 1px solid var(--line); padding: 3px 8px; }
th { background: var(--head); font-weight: 600; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.more { color: var(--muted); font-size: 12px; }
footer { color: var(--muted); font-size: 12px; margin-top: 36px; }
""" % {"fonts": _FONTS}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(section: Section, lang: str) -> str:
    table = section.display_table(hidden=False)
    if table.empty:
        return ""
    shown = table.head(MAX_ROWS)
    head = "".join(f"<th>{_e(section.header(str(c), lang))}</th>" for c in table.columns)
    rows = []
    units = {c: section.unit(str(c)) for c in table.columns}
    numeric = {c: table[c].dtype.kind in "iuf" for c in table.columns}
    for record in shown.itertuples(index=False, name=None):
        cells = []
        for c, v in zip(table.columns, record):
            text = format_value(v, units[c])
            cls = ' class="num"' if numeric[c] or isinstance(v, (int, float)) and not isinstance(v, bool) else ""
            cells.append(f"<td{cls}>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if len(table) > MAX_ROWS:
        more = (f'<p class="more">仅显示前{MAX_ROWS}行，共{len(table)}行；完整数据见Excel报告。</p>' if lang == "zh" else
                f'<p class="more">First {MAX_ROWS} of {len(table)} rows; the Excel report has them all.</p>')
    return (f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>{more}')


def render_html(report: Report) -> str:
    """The report as one HTML document (a string)."""
    lang = report.lang
    meta = report.meta
    zh = lang == "zh"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.heading())}</title><style>{_CSS}</style></head><body><main>",
        "<header>",
        f"<h1>{_e(report.heading())}</h1>",
        '<p class="meta">' + _e(
            (f"评价日期 {report.as_of.isoformat()} · 报告年度 {report.year} · 企业 {meta.get('enterprises', '')} 家 · "
             f"规则 {meta.get('rule_version', '')}") if zh else
            (f"Assessed {report.as_of.isoformat()} · report year {report.year} · "
             f"{meta.get('enterprises', '')} enterprises · rules {meta.get('rule_version', '')}")) + "</p>",
    ]
    if meta.get("provisional"):
        parts.append('<div class="banner">' + _e("适用的规则版本为暂行（部分条款未经核实）。" if zh else
                                                 "The rule version in force is provisional (some clauses unverified).")
                     + "</div>")
    if meta.get("synthetic"):
        parts.append('<div class="banner">' + _e("示例数据：名册为合成数据（企业名称带“(合成)”），非真实企业。" if zh else
                                                 "Sample data: the roster is synthetic (names end in “(合成)”), "
                                                 "not real enterprises.") + "</div>")
    parts.append("</header><nav>")
    parts += [f'<a href="#{_e(s.id)}">{_e(s.heading(lang))}</a>' for s in report.sections]
    parts.append("</nav>")
    for s in report.sections:
        parts.append(f'<section id="{_e(s.id)}"><h2>{_e(s.heading(lang))}</h2>')
        if s.note(lang):
            parts.append(f'<p class="note">{_e(s.note(lang))}</p>')
        if s.chart is not None and not s.display_table().empty:
            svg = report.chart_svg(s)
            if svg:
                parts.append(f'<figure class="chart" data-section="{_e(s.id)}">{svg}</figure>')
        parts.append(_table(s, lang))
        parts.append("</section>")
    for step, reason in report.skipped.items():
        parts.append(f'<p class="note">{_e(step)}: {_e(reason)}</p>')
    parts.append(f"<footer>{_e(meta.get('generator', ''))} · {_e(meta.get('source', ''))}</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def write_html(report: Report, path: Path) -> None:
    """Write ``report`` as a self-contained ``.html`` file."""
    path.write_text(render_html(report), encoding="utf-8")
