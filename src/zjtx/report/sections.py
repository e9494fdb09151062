"""Report sections: a titled table and an optional chart, contributed by plug-ins.

A plug-in's ``zjtx_report_sections`` returns :class:`Section` objects. A section is data, not
drawing: its ``table`` (a DataFrame whose columns are ids such as ``eligible``), a
:class:`ColumnSpec` per column (Chinese and English headers, a unit that decides the number
format) and, optionally, a :class:`Chart` that says which columns to plot and how. Every
renderer (Excel, HTML, Markdown, terminal) reads the same section, so a number is the same
wherever it is shown.

>>> import pandas as pd
>>> s = Section(id="demo", title="示例", title_en="Demo",
...             table=pd.DataFrame({"tier": ["创新型中小企业"], "eligible": [12]}),
...             columns={"tier": ColumnSpec("梯度", "tier"), "eligible": ColumnSpec("符合条件", "eligible", unit="家")})
>>> s.heading("en"), s.header("eligible"), s.header("eligible", "en")
('Demo', '符合条件(家)', 'eligible (家)')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import pandas as pd
from attrs import field, frozen, validators

__all__ = ["Section", "ColumnSpec", "Chart", "CHART_KINDS", "UNITS", "Lang", "dedupe"]

Lang = Literal["zh", "en"]

#: Units a column may declare; each has a number format in Excel and a text format elsewhere.
#: ``%`` columns hold fractions (0.1 = 10%), as everywhere in zjtx.
UNITS = ("", "万元", "%", "家", "人", "项", "分", "年")

#: Chart kinds :mod:`zjtx.report.charts` draws.
CHART_KINDS = ("bar", "barh", "line", "funnel")


@frozen
class ColumnSpec:
    """How one column of a section's table is shown: Chinese and English headers and a unit."""

    label: str
    label_en: str = ""
    unit: str = field(default="", validator=validators.in_(UNITS))
    #: Kept in the workbook (charts may read it) but left out of HTML, Markdown and terminal tables.
    hidden: bool = False

    def header(self, lang: Lang = "zh") -> str:
        """The header with its unit: ``营业收入(万元)`` or ``revenue (万元)``."""
        text = self.label_en or self.label if lang == "en" else self.label
        if not self.unit:
            return text
        return f"{text} ({self.unit})" if lang == "en" else f"{text}({self.unit})"


def _frozen_mapping(value: Mapping[str, ColumnSpec] | None) -> Mapping[str, ColumnSpec]:
    return MappingProxyType(dict(value or {}))


def _columns(value: tuple[str, ...] | list[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@frozen(kw_only=True)
class Chart:
    """What to plot from a section's table (drawn by :func:`zjtx.report.charts.render_svg`).

    ``x`` is the column of categories (or years), ``y`` the value columns, one series each,
    labelled by their :class:`ColumnSpec`. Kinds:

    * ``bar`` / ``barh``: grouped (or ``stacked``) bars; ``barh`` suits long Chinese labels;
    * ``line``: one line per series over ``x``; ``target`` columns are drawn dashed;
    * ``funnel``: centred horizontal bars, widest first (the tier funnel); a second series is
      drawn inside the first.

    ``target`` names columns drawn as targets (markers on bars, dashed lines on lines);
    ``reference`` draws a line at one value (1.0 with ``percent``: the 100% mark);
    ``percent`` shows values as percentages; ``limit`` plots only the first rows.
    """

    kind: str = field(validator=validators.in_(CHART_KINDS))
    x: str
    y: tuple[str, ...] = field(converter=_columns)
    title: str = ""
    title_en: str = ""
    stacked: bool = False
    target: tuple[str, ...] = field(default=(), converter=_columns)
    percent: bool = False
    limit: int | None = None
    reference: float | None = None
    y_label: str = ""
    y_label_en: str = ""

    def heading(self, lang: Lang = "zh") -> str:
        """The chart title in ``lang``."""
        return self.title_en or self.title if lang == "en" else self.title


@frozen(kw_only=True)
class Section:
    """One section of a report: ``table`` under ``title`` (Chinese) and ``title_en``.

    ``columns`` gives headers and units per column (a column without one is shown under its
    own name); ``chart`` an optional :class:`Chart` of the table; ``notes`` (and ``notes_en``)
    a sentence or two shown under the title, e.g. why a section is empty. Sections are shown
    by ``order``, then as contributed. ``source`` names the plug-in (filled in by the report).
    """

    id: str
    title: str
    table: pd.DataFrame = field(eq=False)
    title_en: str = ""
    notes: str = ""
    #: Lower numbers come first.
    order: int = 100
    source: str = "national"
    notes_en: str = ""
    columns: Mapping[str, ColumnSpec] = field(factory=dict, converter=_frozen_mapping, eq=False)
    chart: Chart | None = None

    def heading(self, lang: Lang = "zh") -> str:
        """The title in ``lang``."""
        return self.title_en or self.title if lang == "en" else self.title

    def note(self, lang: Lang = "zh") -> str:
        """The notes in ``lang``."""
        return self.notes_en or self.notes if lang == "en" else self.notes

    def spec(self, column: str) -> ColumnSpec:
        """The :class:`ColumnSpec` of a column (its own name as header if none was given)."""
        return self.columns.get(column) or ColumnSpec(str(column))

    def header(self, column: str, lang: Lang = "zh") -> str:
        """The header of a column in ``lang``, with its unit."""
        return self.spec(column).header(lang)

    def unit(self, column: str) -> str:
        """The unit of a column ('' if none)."""
        return self.spec(column).unit

    def display_table(self, *, hidden: bool = True) -> pd.DataFrame:
        """The table as renderers show it: a named index becomes the first column(s); without
        ``hidden``, the columns whose spec is ``hidden`` are left out."""
        table = self.table
        if any(name is not None for name in table.index.names):
            table = table.reset_index()
        if not hidden:
            table = table[[c for c in table.columns if not self.spec(str(c)).hidden]]
        return table


def dedupe(sections: list[Section]) -> list[Section]:
    """The first section of each id, sorted by ``order`` (stable).

    Plug-ins are called before the national plug-in, so a province section with a national
    section's id replaces it.
    """
    seen: set[str] = set()
    out = []
    for s in sections:
        if s.id in seen:
            continue
        seen.add(s.id)
        out.append(s)
    return sorted(out, key=lambda s: s.order)
