"""Charts of report sections, drawn with matplotlib (no pyplot, no GUI, no network).

:func:`render_svg` draws a section's :class:`~zjtx.report.sections.Chart` as SVG whose text
stays text (``svg.fonttype = 'none'``), so Chinese labels render in any browser with the
viewer's own fonts; :func:`render_png` draws the same figure as PNG (for workbooks and terminals
that want a picture). Layout is measured with an installed CJK font when one exists (Noto Sans
CJK, WenQuanYi…); the SVG names a font stack that covers Windows, macOS and Linux.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from zjtx.report.sections import Chart, Lang, Section

__all__ = ["render_svg", "render_png", "FONT_STACK", "PALETTE", "cjk_fonts", "figure"]

#: Fonts asked for by the SVG text, in order; the browser takes the first it has.
FONT_STACK = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC",
              "SimHei", "Droid Sans Fallback", "DejaVu Sans", "Arial", "sans-serif")  # fmt: skip
#: Series colours (the first three are the tiers' colours in every chart).
PALETTE = ("#3b6ea8", "#e8862a", "#c8463d", "#4f9d8f", "#6a9f3f", "#d4b13f", "#9a6b9e", "#8c6d5a")
_CSS_STACK = ", ".join(f"'{f}'" if " " in f else f for f in FONT_STACK)


@functools.lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """The installed fonts of :data:`FONT_STACK` that matplotlib can use to lay out Chinese."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(f for f in FONT_STACK if f in installed and f not in ("DejaVu Sans", "Arial"))


def _rc(salt: str) -> dict[str, object]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": salt,  # distinct clip-path ids for several charts inlined in one page
        "font.family": "sans-serif",
        "font.sans-serif": [*cjk_fonts(), "DejaVu Sans"],
        "axes.unicode_minus": False,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
    }


def figure(section: Section, lang: Lang = "zh"):  # type: ignore[no-untyped-def]
    """The matplotlib :class:`~matplotlib.figure.Figure` of a section's chart (None without one)."""
    from matplotlib.figure import Figure

    chart = section.chart
    if chart is None:
        return None
    table = section.display_table()
    if chart.limit is not None:
        table = table.head(chart.limit)
    missing = [c for c in (chart.x, *chart.y, *chart.target) if c not in table.columns]
    if missing:
        raise ValueError(f"section {section.id!r}: chart columns {missing} are not in its table")
    n = len(table)
    entries = len(chart.y) + len(chart.target)
    legend_rows = 0 if entries < 2 else -(-entries // 3)
    height = 3.4
    if chart.kind in ("barh", "funnel"):
        groups = 1 if chart.stacked or chart.kind == "funnel" else len(chart.y)
        height = max(2.2, min(12.0, 0.7 + n * (0.2 + 0.08 * groups)))
    legend_space = 0.22 * legend_rows + (0.08 if legend_rows else 0.0)
    height += legend_space
    labels = [str(v) for v in table[chart.x].tolist()]
    fig = Figure(figsize=(7.6, height), dpi=100)
    # Fixed margins from the labels' width: a layout engine would lay the text out several
    # times, and CJK text layout is most of a chart's cost.
    from zjtx.report.formats import display_width

    if chart.kind in ("barh", "funnel"):
        left = min(0.55, (max([display_width(t) for t in labels] + [4]) * 0.067 + 0.35) / 7.6)
        bottom = (0.45 + legend_space) / height
    else:
        left = 0.75 / 7.6
        rotated = len(labels) > 6
        bottom = (0.45 + (0.6 if rotated else 0.0) + legend_space) / height
    fig.subplots_adjust(left=left, right=0.97, top=1 - 0.45 / height, bottom=bottom)
    ax = fig.add_subplot()
    series = {c: pd.to_numeric(table[c], errors="coerce").to_numpy(dtype=float) for c in (*chart.y, *chart.target)}
    names = {c: section.spec(c).label_en or section.spec(c).label if lang == "en" else section.spec(c).label
             for c in (*chart.y, *chart.target)}
    draw = {"bar": _bars, "barh": _bars, "line": _lines, "funnel": _funnel}[chart.kind]
    draw(ax, chart, labels, series, names)
    if chart.reference is not None and chart.kind != "funnel":
        line = ax.axvline if chart.kind == "barh" else ax.axhline
        line(chart.reference, color="#444444", linestyle=":", linewidth=1.2, zorder=4)
    if chart.percent:
        from matplotlib.ticker import PercentFormatter

        (ax.xaxis if chart.kind == "barh" else ax.yaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))
    title = chart.heading(lang) or section.heading(lang)
    ax.set_title(title, loc="left")
    y_label = chart.y_label_en or chart.y_label if lang == "en" else chart.y_label
    if y_label:
        (ax.set_xlabel if chart.kind == "barh" else ax.set_ylabel)(y_label)
    if legend_rows:
        # below the plot, so it never hides a bar
        fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=min(entries, 3), frameon=False,
                   fontsize=8, bbox_to_anchor=(0.5, 0.0))
    return fig


def _bars(ax: Any, chart: Chart, labels: Sequence[str], series: dict[str, np.ndarray],
          names: dict[str, str]) -> None:
    n = len(labels)
    pos = np.arange(n)
    horizontal = chart.kind == "barh"
    k = len(chart.y)
    width = 0.8 if chart.stacked or k == 1 else 0.8 / k
    base = np.zeros(n)
    for i, c in enumerate(chart.y):
        values = np.nan_to_num(series[c])
        offset = 0.0 if chart.stacked or k == 1 else (i - (k - 1) / 2) * width
        kw = {"color": PALETTE[i % len(PALETTE)], "label": names[c]}
        if horizontal:
            bars = ax.barh(pos + offset, values, height=width, left=base if chart.stacked else None, **kw)
        else:
            bars = ax.bar(pos + offset, values, width=width, bottom=base if chart.stacked else None, **kw)
        if n * (1 if chart.stacked else k) <= 24 and not chart.stacked:
            fmt = "{:.0%}" if chart.percent else "{:,.0f}"
            ax.bar_label(bars, labels=[fmt.format(v) if v else "" for v in values], fontsize=7, padding=2)
        if chart.stacked:
            base = base + values
    for j, c in enumerate(chart.target):
        values = series[c]
        ok = ~np.isnan(values)
        marker = "|" if horizontal else "_"
        xy = (values[ok], pos[ok]) if horizontal else (pos[ok], values[ok])
        ax.scatter(*xy, marker=marker, s=260, linewidths=2.2, color="#222222" if j == 0 else "#777777",
                   label=names[c], zorder=3)
    if horizontal:
        ax.set_yticks(pos, labels)
        ax.invert_yaxis()
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    else:
        ax.set_xticks(pos, labels, rotation=30 if n > 6 else 0, ha="right" if n > 6 else "center")
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _lines(ax: Any, chart: Chart, labels: Sequence[str], series: dict[str, np.ndarray],
           names: dict[str, str]) -> None:
    pos = np.arange(len(labels))
    for i, c in enumerate(chart.y):
        ax.plot(pos, series[c], marker="o", color=PALETTE[i % len(PALETTE)], label=names[c], linewidth=2)
    for j, c in enumerate(chart.target):
        ax.plot(pos, series[c], linestyle="--", marker="x", color=PALETTE[j % len(PALETTE)], alpha=0.8,
                label=names[c], linewidth=1.4)
    ax.set_xticks(pos, labels)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _funnel(ax: Any, chart: Chart, labels: Sequence[str], series: dict[str, np.ndarray],
            names: dict[str, str]) -> None:
    pos = np.arange(len(labels))
    widest = max([np.nanmax(v) if len(v) and not np.all(np.isnan(v)) else 0 for v in series.values()] + [1])
    for i, c in enumerate(chart.y):
        values = np.nan_to_num(series[c])
        height = 0.8 if i == 0 else 0.45
        bars = ax.barh(pos, values, left=(widest - values) / 2, height=height, color=PALETTE[i % len(PALETTE)],
                       alpha=0.55 if i == 0 and len(chart.y) > 1 else 1.0, label=names[c])
        # inner bars too narrow for their number leave it to the table
        texts = [f"{v:,.0f}" if i == 0 or v >= 0.08 * widest else "" for v in values]
        ax.bar_label(bars, labels=texts, label_type="center" if i else "edge", fontsize=8, padding=3,
                     color="black" if i == 0 else "white")
    ax.set_yticks(pos, labels)
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.set_xlim(-0.02 * widest, widest * 1.12)


def _save(section: Section, lang: Lang, fmt: str, dpi: int = 100) -> bytes | None:
    import matplotlib

    with matplotlib.rc_context(_rc(section.id)), warnings.catch_warnings():
        # Without a CJK font installed, layout falls back to DejaVu Sans and warns per glyph;
        # the SVG still carries the text and the browser's font draws it.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        fig = figure(section, lang)
        if fig is None:
            return None
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None)
    return buf.getvalue()


def render_svg(section: Section, lang: Lang = "zh") -> str | None:
    """The section's chart as an inline ``<svg>`` element (no XML prolog), or None."""
    data = _save(section, lang, "svg")
    if data is None:
        return None
    svg = data.decode("utf-8")
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"font-family: [^;\"]*", f"font-family: {_CSS_STACK}", svg)
    # Element ids (figure_1, axes_1, clip paths) repeat from chart to chart: prefix them with the
    # section's id so several charts inlined in one page keep distinct ids and references.
    prefix = re.sub(r"[^A-Za-z0-9_-]", "_", section.id)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    title = chart_title(section, lang)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_escape(title)}" ', 1)


def render_png(section: Section, lang: Lang = "zh", dpi: int = 110) -> bytes | None:
    """The section's chart as PNG bytes, or None."""
    return _save(section, lang, "png", dpi)


def chart_title(section: Section, lang: Lang = "zh") -> str:
    """The title shown on a section's chart."""
    chart = section.chart
    return (chart.heading(lang) if chart is not None else "") or section.heading(lang)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
