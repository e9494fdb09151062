"""Reports: hook-contributed sections rendered to Excel, HTML with charts, Markdown or a terminal.

>>> from zjtx.report import build_report                                     # doctest: +SKIP
>>> report = build_report("roster.csv", jurisdiction="yunnan", year=2025)    # doctest: +SKIP
>>> report.write("out/report.xlsx"); report.write("out/report.html")         # doctest: +SKIP

:func:`build_report` reads the roster, assesses it, runs the pipeline (validity, seed banks,
roadmaps, progress; see :mod:`zjtx.report.context` for the keys handed to the hooks) and asks
every plug-in for its sections (``zjtx_report_sections``). :meth:`Report.write` picks the
renderer by the file's extension (:data:`RENDERERS`): ``.xlsx`` (one sheet per section, Chinese
headers, frozen header row, number formats in 万元 and %), ``.html`` (one self-contained file,
charts inline as SVG with text kept as text), ``.md`` (Markdown, charts as SVG files beside it)
and ``.txt`` (the terminal summary as plain text). :meth:`Report.print` shows the summary in a
terminal with rich.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
from attrs import field, frozen

from zjtx.report.sections import CHART_KINDS, UNITS, Chart, ColumnSpec, Lang, Section, dedupe

__all__ = [
    "CHART_KINDS", "Chart", "ColumnSpec", "Lang", "RENDERERS", "Report", "Section", "UNITS", "build_report",
    "write_report", "dedupe",
]  # fmt: skip


def _meta(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@frozen(kw_only=True)
class Report:
    """A built report: its title, what it covers and its sections in order.

    ``meta`` holds what the title page shows (rule version, roster, enterprises, whether the
    roster is the synthetic sample…); ``skipped`` the steps that could not run, with reasons.
    """

    title: str
    title_en: str
    jurisdiction: str
    year: int
    as_of: dt.date
    lang: Lang = "zh"
    sections: tuple[Section, ...] = field(converter=tuple)
    meta: Mapping[str, Any] = field(factory=dict, converter=_meta, eq=False)
    skipped: Mapping[str, str] = field(factory=dict, converter=_meta, eq=False)
    _svg: dict[str, str | None] = field(factory=dict, init=False, eq=False, repr=False)

    def chart_svg(self, section: Section) -> str | None:
        """The SVG of a section's chart in the report's language (drawn once per report)."""
        if section.id not in self._svg:
            from zjtx.report.charts import render_svg

            self._svg[section.id] = render_svg(section, self.lang)
        return self._svg[section.id]

    def heading(self, lang: Lang | None = None) -> str:
        """The title in ``lang`` (default the report's language)."""
        return self.title_en if (lang or self.lang) == "en" else self.title

    def section(self, id: str) -> Section:
        """The section with id ``id`` (KeyError if there is none)."""
        for s in self.sections:
            if s.id == id:
                return s
        raise KeyError(f"no section {id!r}; sections: {[s.id for s in self.sections]}")

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the report to ``path``; the extension picks the renderer (:data:`RENDERERS`)."""
        return write_report(self, path)

    def print(self, console: Any = None, *, rows: int = 12) -> None:
        """Show the report's summary in a terminal (rich)."""
        from zjtx.report.terminal import print_report

        print_report(self, console=console, rows=rows)


def _excel(report: Report, path: Path) -> None:
    from zjtx.report.excel import write_excel

    write_excel(report, path)


def _html(report: Report, path: Path) -> None:
    from zjtx.report.html import write_html

    write_html(report, path)


def _markdown(report: Report, path: Path) -> None:
    from zjtx.report.markdown import write_markdown

    write_markdown(report, path)


def _text(report: Report, path: Path) -> None:
    from zjtx.report.terminal import write_text

    write_text(report, path)


#: Renderer of each file extension.
RENDERERS: Mapping[str, Callable[[Report, Path], None]] = MappingProxyType({
    ".xlsx": _excel, ".html": _html, ".htm": _html, ".md": _markdown, ".markdown": _markdown, ".txt": _text,
})  # fmt: skip


def write_report(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write ``report`` to ``path`` with the renderer of its extension; returns the path."""
    path = Path(path)
    render = RENDERERS.get(path.suffix.lower())
    if render is None:
        raise ValueError(f"cannot write a report as {path.suffix or 'a file without extension'!r}; "
                         f"use one of {sorted(RENDERERS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    render(report, path)
    return path


def build_report(
    roster: str | os.PathLike[str] | pd.DataFrame,
    *,
    jurisdiction: str | None = None,
    year: int | None = None,
    as_of: dt.date | str | None = None,
    lang: Lang = "zh",
    options: Any = None,
    rule_version: str | None = None,
    plugins: Any = None,
    pipeline: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Assess a roster, run the pipeline and collect every plug-in's report sections.

    Parameters
    ----------
    roster
        A roster file (CSV, Excel, Parquet…) or a canonical DataFrame.
    jurisdiction
        A jurisdiction served by an installed plug-in (``"yunnan"``); default national.
    year
        The report year: seed banks and targets of that year (default ``as_of``'s year).
    as_of
        The assessment date (default: today in the current year, 31 December of a past year).
    lang
        ``"zh"`` or ``"en"``: the language of titles, headers and labels.
    options, rule_version
        Interpretation options and a pinned rule version, as for :func:`zjtx.assess`.
    plugins
        A :class:`~zjtx.plugins.PluginFacade` (default the process-wide one).
    pipeline
        Run the pipeline steps (seed banks, roadmaps, progress); ``False`` reports the
        assessment only.
    progress
        Called with each step's name (:data:`zjtx.report.context.STEPS`) as it starts.
    """
    from zjtx.plugins import facade
    from zjtx.report.context import report_context
    from zjtx.sample import SYNTHETIC_MARK

    plugins = plugins or facade()
    ctx = report_context(roster, jurisdiction=jurisdiction, year=year, as_of=as_of, lang=lang, options=options,
                         rule_version=rule_version, plugins=plugins, pipeline=pipeline, progress=progress)
    if progress is not None:
        progress("sections")
    sections = dedupe(plugins.report_sections(ctx["jurisdiction"], ctx))
    jur = plugins.jurisdiction(ctx["jurisdiction"])
    names = ctx["verdicts"]["name"].dropna().astype(str)
    synthetic = bool(len(names)) and bool(names.str.endswith(SYNTHETIC_MARK).all())
    rules = ctx["assessment"].rules
    from zjtx import __version__

    meta = {
        "jurisdiction_name": jur.name, "enterprises": len(ctx["verdicts"]), "rule_version": rules.version.id,
        "provisional": rules.provisional, "source": ctx.get("source") or "", "synthetic": synthetic,
        "generator": f"zjtx {__version__}",
    }  # fmt: skip
    year_ = ctx["year"]
    return Report(
        title=f"{jur.name}{year_}年优质中小企业梯度培育报告",
        title_en=f"Quality-SME cultivation report: {jur.id} {year_}",
        jurisdiction=ctx["jurisdiction"], year=year_, as_of=ctx["as_of"], lang=ctx["lang"], sections=sections,
        meta=meta, skipped=ctx["skipped"],
    )
