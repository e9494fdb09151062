"""The renderers: Excel reopens with every number intact; HTML is self-contained; Markdown; terminal."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from zjtx.report import RENDERERS, Report, write_report
from zjtx.report.excel import CONTENTS_SHEET, sheet_names
from zjtx.report.formats import format_value


@pytest.fixture(scope="module")
def workbook(national_report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return national_report.write(tmp_path_factory.mktemp("xlsx") / "report.xlsx")


def _same(cell: object, value: object) -> bool:
    """A workbook cell holds exactly the table value (missing ↔ empty)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return cell is None
    if value == "":
        return cell in (None, "")  # openpyxl reads an empty string back as an empty cell
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and isinstance(cell, dt.datetime):
        return cell == value
    if isinstance(value, bool):
        return cell is value
    if isinstance(value, (int, float)):
        return isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell == value
    return cell == value


def test_excel_reopens_and_every_number_matches(national_report: Report, workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    names = sheet_names([s for s in national_report.sections if not s.display_table().empty], "zh")
    assert wb.sheetnames[0] == CONTENTS_SHEET["zh"]
    assert set(names.values()) <= set(wb.sheetnames)
    checked = 0
    for section in national_report.sections:
        table = section.display_table()
        if table.empty:
            assert section.id not in names
            continue
        ws = wb[names[section.id]]
        headers = [ws.cell(1, j + 1).value for j in range(len(table.columns))]
        assert headers == [section.header(str(c)) for c in table.columns]
        assert ws.max_row == len(table) + 1
        for j, column in enumerate(table.columns, start=1):
            for i, value in enumerate(table[column].tolist(), start=2):
                cell = ws.cell(i, j).value
                assert _same(cell, value), (section.id, column, i, cell, value)
                checked += 1
    assert checked > 500


def test_excel_layout_frozen_header_widths_and_number_formats(national_report: Report, workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    names = sheet_names([s for s in national_report.sections if not s.display_table().empty], "zh")
    for section_id, sheet in names.items():
        ws = wb[sheet]
        assert ws.freeze_panes == "A2", section_id
        assert ws.cell(1, 1).font.bold
        assert ws.column_dimensions["A"].width >= 8
    funnel = national_report.section("tier_funnel")
    ws = wb[names["tier_funnel"]]
    cols = list(funnel.display_table().columns)
    assert ws.cell(2, cols.index("eligible_share") + 1).number_format == "0.0%"
    assert ws.cell(2, cols.index("eligible") + 1).number_format == "#,##0"
    roadmap = national_report.section("roadmap_lines")
    if not roadmap.table.empty:
        ws = wb[names["roadmap_lines"]]
        cols = list(roadmap.display_table().columns)
        assert ws.cell(2, cols.index("change_total") + 1).number_format == "#,##0.00"
    assert ws._charts or names  # charts are drawn where a section has one
    assert wb[names["criteria_outcomes"]]._charts


def test_sheet_names_are_valid_and_distinct() -> None:
    from zjtx.report.sections import Section

    t = pd.DataFrame({"a": [1]})
    sections = [Section(id=f"s{i}", title="一个非常长的标题：超过三十一个字符的工作表名称需要截断[第一部分]/附表", table=t)
                for i in range(3)]
    names = sheet_names(sections)
    assert len(set(names.values())) == 3
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names.values())


def test_html_is_self_contained_with_inline_svg_text(national_report: Report, tmp_path: Path) -> None:
    path = national_report.write(tmp_path / "report.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # nothing to fetch: no external scripts, styles, images or fonts
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"(src|href)\s*=\s*[\"'](https?:)?//", page)
    assert "@import" not in page
    assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", page))  # clip paths in the page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # several inline SVGs share one id space
    assert page.count("<svg") >= 8
    charts = re.findall(r'<figure class="chart" data-section="([a-z_]+)">', page)
    assert {"tier_funnel", "criteria_outcomes", "prefectures"} <= set(charts)
    # labels stay text (svg.fonttype none), in Chinese, with a CJK font stack
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", page)
    assert "梯度培育漏斗：符合条件与有效认定" in texts
    assert any("昆明" in t for t in texts)
    assert "Noto Sans CJK SC" in page and "Microsoft YaHei" in page
    assert "合成数据" in page


def test_html_tables_format_units(national_report: Report, tmp_path: Path) -> None:
    page = national_report.write(tmp_path / "r.htm").read_text(encoding="utf-8")
    share = national_report.section("tier_funnel").table["eligible_share"].iat[0]
    assert format_value(share, "%") in page


def test_format_value() -> None:
    assert format_value(0.1234, "%") == "12.3%"
    assert format_value(1234.5, "万元") == "1,234.50"
    assert format_value(1234, "家") == "1,234"
    assert format_value(float("nan"), "万元") == "—"
    assert format_value(None) == "—"
    assert format_value(True) == "是"


def test_markdown_with_chart_files(national_report: Report, tmp_path: Path) -> None:
    path = national_report.write(tmp_path / "report.md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# {national_report.title}")
    assert "| 梯度层级 |" in text
    links = re.findall(r"!\[[^\]]*\]\(([^)]+\.svg)\)", text)
    assert links and all((tmp_path / link).exists() for link in links)


def test_text_summary(national_report: Report, tmp_path: Path) -> None:
    text = national_report.write(tmp_path / "report.txt").read_text(encoding="utf-8")
    assert national_report.title in text
    assert "梯度培育漏斗" in text and "█" in text


def test_terminal_print(national_report: Report) -> None:
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=160, color_system=None)
    national_report.print(console)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "总览" in out and "各项条件判定结果" in out


def test_unknown_extension_is_refused(national_report: Report, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="xlsx"):
        write_report(national_report, tmp_path / "report.pdf")
    assert {".xlsx", ".html", ".md", ".txt"} <= set(RENDERERS)
