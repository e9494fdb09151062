"""The Markdown renderer: headings, notes and pipe tables; charts as SVG files beside the document.

``report.md`` gets a folder ``report_charts/`` with one SVG per chart, linked from the text, so
the document previews with its charts on any forge and stays plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zjtx.report.formats import format_value
from zjtx.report.sections import Section

if TYPE_CHECKING:
    from zjtx.report import Report

__all__ = ["write_markdown", "render_markdown", "MAX_ROWS"]

#: Rows shown per table.
MAX_ROWS = 40


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(section: Section, lang: str) -> str:
    table = section.display_table(hidden=False)
    if table.empty:
        return ""
    headers = [_cell(section.header(str(c), lang)) for c in table.columns]
    units = [section.unit(str(c)) for c in table.columns]
    numeric = [table[c].dtype.kind in "iuf" for c in table.columns]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    for record in table.head(MAX_ROWS).itertuples(index=False, name=None):
        lines.append("| " + " | ".join(_cell(format_value(v, u)) for v, u in zip(record, units)) + " |")
    if len(table) > MAX_ROWS:
        lines.append("")
        lines.append(f"（仅显示前{MAX_ROWS}行，共{len(table)}行）" if lang == "zh" else
                     f"(first {MAX_ROWS} of {len(table)} rows)")
    return "\n".join(lines)


def render_markdown(report: Report, charts_dir: Path | None = None, link_prefix: str = "") -> str:
    """The report as Markdown; with ``charts_dir``, charts are written there as SVG and linked."""
    lang = report.lang
    zh = lang == "zh"
    meta = report.meta
    out = [f"# {report.heading()}", ""]
    out.append((f"评价日期 {report.as_of.isoformat()} · 报告年度 {report.year} · 企业 {meta.get('enterprises', '')} 家 · "
                f"规则 {meta.get('rule_version', '')}") if zh else
               (f"Assessed {report.as_of.isoformat()} · report year {report.year} · {meta.get('enterprises', '')} "
                f"enterprises · rules {meta.get('rule_version', '')}"))
    if meta.get("synthetic"):
        out += ["", "> " + ("示例数据：名册为合成数据（企业名称带“(合成)”），非真实企业。" if zh else
                           "Sample data: the roster is synthetic (names end in “(合成)”), not real enterprises.")]
    for s in report.sections:
        out += ["", f"## {s.heading(lang)}", ""]
        if s.note(lang):
            out += [s.note(lang), ""]
        if charts_dir is not None and s.chart is not None and not s.display_table().empty:
            svg = report.chart_svg(s)
            if svg:
                charts_dir.mkdir(parents=True, exist_ok=True)
                (charts_dir / f"{s.id}.svg").write_text(svg, encoding="utf-8")
                out += [f"![{s.heading(lang)}]({link_prefix}{s.id}.svg)", ""]
        table = _table(s, lang)
        if table:
            out.append(table)
    if report.skipped:
        out += ["", "---", ""]
        out += [f"- {step}: {reason}" for step, reason in report.skipped.items()]
    out += ["", f"<sub>{meta.get('generator', '')}</sub>", ""]
    return "\n".join(out)


def write_markdown(report: Report, path: Path) -> None:
    """Write ``report`` as Markdown at ``path`` with its charts in ``<stem>_charts/``."""
    charts = path.parent / f"{path.stem}_charts"
    path.write_text(render_markdown(report, charts, f"{charts.name}/"), encoding="utf-8")
