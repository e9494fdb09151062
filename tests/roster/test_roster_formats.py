"""Reading rosters as officials and analysts hold them: CSV, Excel, Parquet; tidy and wide."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from roster_corpus import AS_OF, EXAMPLES, EXPECTED, TIERS, examples_frame, uscc

import zjtx
from zjtx.errors import RosterError
from zjtx.plugins import PluginFacade
from zjtx.roster.example import build_example_workbook, example_path
from zjtx.roster.io import Roster, read_roster, write_roster
from zjtx.roster.schema import Column, Kind, Role


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return examples_frame()


@pytest.fixture(scope="module")
def verdicts(frame: pd.DataFrame) -> pd.DataFrame:
    return zjtx.assess(frame, as_of=AS_OF)


def test_canonical_csv_chinese_wide_xlsx_and_parquet_give_identical_assessments(tmp_path: Path,
                                                                                 frame: pd.DataFrame) -> None:
    csv = tmp_path / "roster.csv"
    xlsx = tmp_path / "名单.xlsx"
    parquet = tmp_path / "roster.parquet"
    write_roster(frame, csv)
    write_roster(frame, xlsx, layout="wide", chinese=True, title="2025年企业名单")
    write_roster(frame, parquet)
    rosters = {p.suffix: read_roster(p) for p in (csv, xlsx, parquet)}
    assert rosters[".xlsx"].layout == "wide" and rosters[".csv"].layout == "tidy"
    header = pd.read_excel(xlsx, header=None, nrows=2).iloc[1].tolist()
    assert "统一社会信用代码" in header and "2024年营业收入(万元)" in header and "全国细分市场占有率(%)" in header
    results = {k: zjtx.assess(r, as_of=AS_OF, explain=True) for k, r in rosters.items()}
    base_verdicts, base_findings = results[".csv"]
    for suffix, (v, f) in results.items():
        pd.testing.assert_frame_equal(v, base_verdicts, obj=f"verdicts from {suffix}")
        pd.testing.assert_frame_equal(f, base_findings, obj=f"findings from {suffix}")
        pd.testing.assert_frame_equal(rosters[suffix].frame, rosters[".csv"].frame, obj=f"frame from {suffix}")
        assert not rosters[suffix].has_problems and not len(rosters[suffix].warnings)


@pytest.mark.parametrize("layout", ["tidy", "wide"])
@pytest.mark.parametrize("chinese", [False, True])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_every_format_and_layout_round_trips_the_examples(tmp_path: Path, frame: pd.DataFrame, layout: str,
                                                          chinese: bool, suffix: str) -> None:
    path = write_roster(frame, tmp_path / f"r{suffix}", layout=layout, chinese=chinese)  # type: ignore[arg-type]
    roster = read_roster(path)
    pd.testing.assert_frame_equal(roster.frame, frame)
    assert roster.layout == layout


def test_bundled_workbook_is_in_the_officials_layout_and_assesses_like_the_csv(expected: pd.DataFrame) -> None:
    path = example_path()
    assert path.exists()
    roster = read_roster(path)
    assert roster.layout == "wide" and roster.sheet == "企业名单" and not roster.has_problems
    pd.testing.assert_frame_equal(roster.frame, read_roster(example_path("examples-national-2022.csv")).frame)
    verdicts = zjtx.assess(path, as_of=AS_OF)
    got = verdicts[TIERS].astype(str)
    assert (got == expected[TIERS].reindex(got.index)).all().all()
    # its header row, under a title row: the way a bureau writes it
    top = pd.read_excel(path, header=None, nrows=2)
    assert str(top.iloc[0, 0]).startswith("专精特新") and top.iloc[1, 0] == "序号"
    assert "2024年研发费用(万元)" in top.iloc[1].tolist()


def test_bundled_workbook_is_what_the_generator_writes(tmp_path: Path) -> None:
    fresh = build_example_workbook(tmp_path / "ex.xlsx")
    pd.testing.assert_frame_equal(read_roster(fresh).frame, read_roster(example_path()).frame)


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return pd.read_csv(EXPECTED, dtype={"uscc": str}).set_index("uscc")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path: Path, frame: pd.DataFrame, encoding: str) -> None:
    path = tmp_path / "r.csv"
    write_roster(frame, tmp_path / "zh.csv", layout="wide", chinese=True)
    text = (tmp_path / "zh.csv").read_text(encoding="utf-8-sig")
    path.write_bytes(text.encode(encoding))
    pd.testing.assert_frame_equal(read_roster(path).frame, frame)


def _one(headers: list[str], row: list[object], **kwargs: object) -> Roster:
    return read_roster(pd.DataFrame([row], columns=headers), today=pd.Timestamp("2025-06-30").date(), **kwargs)


def test_headers_are_matched_after_trimming_and_unifying_widths() -> None:
    key = uscc(1)
    roster = _one([" 统一社会信用代码* ", "企业名称", "2024 年 营业收入（万元）", "2024年度研发费用【万元】", "2024年从业人员(人)",
                   "全国细分市场占有率（％）", "operating_revenue_2023", "Ⅰ类知识产权数(项)", "I类高价值知识产权数"],
                  [key, "甲", "2140", "85.6", "120", "12.5", "2000", "3", "1"])
    f = roster.frame.set_index("fiscal_year")
    assert f.loc[2024, "operating_revenue"] == 2140 and f.loc[2024, "rd_expense"] == 85.6
    assert f.loc[2024, "employees"] == 120 and f.loc[2023, "operating_revenue"] == 2000
    assert f.loc[2023, "national_market_share"] == 0.125  # a static value applies to every year
    assert f.loc[2024, "ip_class1"] == 3 and f.loc[2024, "ip_class1_high_value"] == 1
    assert not roster.has_problems


def test_units_are_converted_once_at_the_edge() -> None:
    roster = _one(["统一社会信用代码", "2024年营业收入(元)", "2024年研发费用(亿元)", "2024年净利润(千元)", "全国细分市场占有率(%)"],
                  [uscc(2), "21,400,000", "0.0150", "-1234", "7.3"])
    row = roster.frame.iloc[0]
    assert row["operating_revenue"] == 2140.0  # 元 → 万元
    assert row["rd_expense"] == 150.0  # 亿元 → 万元
    assert row["net_profit"] == -123.4  # 千元 → 万元
    assert row["national_market_share"] == 0.073  # exactly, no residue: 7.3% → 0.073


def test_percent_written_in_a_cell_and_bounds_in_the_source_unit() -> None:
    roster = _one(["uscc", "fiscal_year", "national_market_share"], [uscc(3), 2024, "12%"])
    assert roster.frame["national_market_share"].iloc[0] == 0.12
    roster = _one(["统一社会信用代码", "年度", "全国细分市场占有率(%)"], [uscc(3), 2024, "100.5"])
    assert roster.rejected["reason"].iloc[0].startswith("above the maximum 100")
    roster = _one(["统一社会信用代码", "年度", "全国细分市场占有率(%)"], [uscc(3), 2024, "100"])
    assert roster.frame["national_market_share"].iloc[0] == 1.0 and not roster.has_problems


@pytest.mark.parametrize(("word", "value"), [("是", True), ("否", False), ("Y", True), ("n", False), ("1", True),
                                             ("0", False), ("true", True), ("FALSE", False), ("有", True), ("无", False),
                                             ("", None), ("-", None)])
def test_yes_no_words(word: str, value: bool | None) -> None:
    roster = _one(["uscc", "fiscal_year", "own_brand"], [uscc(4), 2024, word])
    got = roster.frame["own_brand"].iloc[0]
    assert (got is pd.NA) if value is None else (got == value)
    assert not roster.has_problems


def test_two_row_header_under_merged_year_cells(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["企业名单(金额单位:万元)"])
    ws.append(["序号", "统一社会信用代码", "企业名称", "2023年", None, "2024年", None, "备注"])
    ws.append([None, None, None, "营业收入", "研发费用", "营业收入", "研发费用", None])
    ws.append([1, uscc(5), "甲公司", 1000, 50, 1200, 61, "新增"])
    ws.append([2, uscc(6), "乙公司", 800, None, 900, 40, None])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2", "H2:H3"):
        ws.merge_cells(cells)
    path = tmp_path / "merged.xlsx"
    book.save(path)
    roster = read_roster(path)
    f = roster.frame
    assert list(f["fiscal_year"]) == [2023, 2024, 2023, 2024]
    assert list(f["operating_revenue"]) == [1000, 1200, 800, 900]
    assert f["rd_expense"].iloc[2] != f["rd_expense"].iloc[2]  # empty cell: missing
    assert not roster.has_problems and not len(roster.warnings)


def test_workbook_sheet_choice(tmp_path: Path, frame: pd.DataFrame) -> None:
    path = tmp_path / "book.xlsx"
    write_roster(frame, path, layout="wide", chinese=True)
    from openpyxl import load_workbook

    book = load_workbook(path)
    notes = book.create_sheet("说明", 0)
    notes.append(["本表说明"])
    book.save(path)
    assert read_roster(path).sheet == "企业名单"  # the first sheet with a key column
    assert read_roster(path, sheet="企业名单").frame.equals(frame)
    assert read_roster(path, sheet=1).frame.equals(frame)
    with pytest.raises(RosterError, match="no sheet 'x'.*企业名单"):
        read_roster(path, sheet="x")


def test_header_map_names_and_ignores_columns() -> None:
    roster = _one(["代码", "年", "企业营收", "内部编号"], [uscc(7), 2024, "300", "A-1"],
                  header_map={"代码": "uscc", "年": "fiscal_year", "企业营收": "operating_revenue", "内部编号": None})
    assert roster.frame["operating_revenue"].iloc[0] == 300
    assert list(roster.frame.columns) == ["uscc", "fiscal_year", "operating_revenue"]
    assert not len(roster.warnings)
    with pytest.raises(ValueError, match="not a roster column"):
        _one(["uscc"], [uscc(7)], header_map={"x": "no_such_column"})


def test_unknown_columns_are_kept_with_a_warning() -> None:
    roster = _one(["uscc", "fiscal_year", "联系人"], [uscc(8), 2024, "张三"])
    assert roster.frame["联系人"].iloc[0] == "张三"
    assert roster.warnings["column"].tolist() == ["联系人"] and "not a roster column" in roster.warnings["reason"][0]
    assert not roster.has_problems


class _FeaturedPlugin:
    @staticmethod
    @zjtx.hookimpl
    def zjtx_roster_columns() -> list[Column]:
        return [Column("plateau_feature", Role.STATIC, Kind.BOOL, "高原特色产业", ("高原特色",))]


def test_plugin_columns_are_read_with_their_chinese_headers() -> None:
    plugins = PluginFacade.create([("featured", _FeaturedPlugin())], entry_points=False)
    roster = _one(["统一社会信用代码", "年度", "高原特色产业"], [uscc(9), 2024, "是"], plugins=plugins)
    assert roster.frame["plateau_feature"].iloc[0] == True  # noqa: E712 (pandas boolean)
    assert str(roster.frame["plateau_feature"].dtype) == "boolean"


def test_a_frame_indexed_by_uscc_and_a_roster_object_are_accepted(frame: pd.DataFrame,
                                                                 verdicts: pd.DataFrame) -> None:
    roster = read_roster(frame.set_index("uscc"))
    pd.testing.assert_frame_equal(roster.frame, frame)
    pd.testing.assert_frame_equal(zjtx.assess(roster, as_of=AS_OF), verdicts)
    pd.testing.assert_frame_equal(zjtx.assess(Roster.from_file(EXAMPLES), as_of=AS_OF), verdicts)


def test_a_static_value_in_a_yearly_column_belongs_to_its_year() -> None:
    roster = _one(["统一社会信用代码", "2023年营业收入(万元)", "2024年营业收入(万元)", "发明专利数", "2024年发明专利数"],
                  [uscc(10), "10", "20", "1", "3"])
    f = roster.frame.set_index("fiscal_year")
    assert f.loc[2023, "invention_patents"] == 1 and f.loc[2024, "invention_patents"] == 3


def test_a_year_without_any_figure_gives_no_row_but_no_enterprise_is_lost() -> None:
    headers = ["统一社会信用代码", "企业名称", "2023年营业收入(万元)", "2024年营业收入(万元)"]
    roster = read_roster(pd.DataFrame([[uscc(11), "甲", None, "20"], [uscc(12), "乙", None, None]], columns=headers))
    assert roster.frame[["uscc", "fiscal_year"]].values.tolist() == [[uscc(11), 2024], [uscc(12), 2024]]
    assert np.isnan(roster.frame["operating_revenue"].iloc[1])


def test_csv_header_cells_with_line_breaks_and_a_title_row(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('某市企业名单,,\n"统一社会\n信用代码","2024年\n营业收入(万元)",备注\n'
                    f'{uscc(13)},100,"第一行\n第二行"\n{uscc(14)},200,\n', encoding="utf-8")
    roster = read_roster(path)
    assert roster.frame["operating_revenue"].tolist() == [100, 200]
    assert not roster.has_problems
