"""A corpus of broken rosters: each yields the right message and loses no enterprise.

For every roster that can be read at all, the enterprises of the input are the assessed ones
plus the rejected ones (``assessed_plus_rejected``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from roster_corpus import AS_OF, assessed_plus_rejected, examples_frame, synthetic, uscc

import zjtx
from zjtx.errors import RosterError
from zjtx.roster.io import read_roster, write_roster

N_EXAMPLES = 24


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return examples_frame()


def _reasons(roster: zjtx.roster.Roster) -> str:
    return " | ".join(roster.rejected["reason"].astype(str))


# -- files that cannot be read at all: one clear message naming the file -----------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match=r"nope\.csv: file not found; check the path"):
        read_roster(tmp_path / "nope.csv")


def test_empty_file_and_header_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(RosterError, match=r"empty\.csv: the file is empty"):
        read_roster(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("统一社会信用代码,年度,营业收入\n", encoding="utf-8")
    with pytest.raises(RosterError, match=r"header\.csv: no enterprise rows under the header"):
        read_roster(header_only)


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"uscc,fiscal_year\n\xff\x80\xfe\x00garbage\n")
    with pytest.raises(RosterError, match=r"binary\.csv: cannot be decoded as UTF-8 or GB18030.*CSV UTF-8"):
        read_roster(path)


def test_wrong_encoding_leaves_no_recognisable_column(tmp_path: Path) -> None:
    # GB18030 bytes of the headers read as if they were another code page: nothing matches
    path = tmp_path / "mojibake.csv"
    text = "统一社会信用代码,年度,营业收入\n" + f"{uscc(1)},2024,100\n"
    path.write_text(text.encode("gb18030").decode("latin-1"), encoding="utf-8")
    with pytest.raises(RosterError, match=r"mojibake\.csv: no 统一社会信用代码 \(uscc\) column was recognised "
                                         r"\(headers seen: .*\); name the key column"):
        read_roster(path)


def test_no_fiscal_year_at_all(tmp_path: Path) -> None:
    path = tmp_path / "static.csv"
    path.write_text(f"统一社会信用代码,企业名称\n{uscc(1)},甲\n", encoding="utf-8")
    with pytest.raises(RosterError, match=r"static\.csv: no fiscal year: add a 年度"):
        read_roster(path)


def test_old_xls_truncated_xlsx_and_truncated_parquet(tmp_path: Path, frame: pd.DataFrame) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(RosterError, match=r"old\.xls: is an old Excel \.xls workbook; save it as \.xlsx"):
        read_roster(xls)
    good = write_roster(frame, tmp_path / "good.xlsx", layout="wide", chinese=True)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(RosterError, match=r"cut\.xlsx: is not a readable \.xlsx workbook.*save it again"):
        read_roster(cut)
    parquet = write_roster(frame, tmp_path / "good.parquet")
    cut_pq = tmp_path / "cut.parquet"
    cut_pq.write_bytes(parquet.read_bytes()[: parquet.stat().st_size // 2])
    with pytest.raises(RosterError, match=r"cut\.parquet: is not a readable Parquet file"):
        read_roster(cut_pq)


def test_empty_sheets(tmp_path: Path, frame: pd.DataFrame) -> None:
    book = Workbook()
    book.active.title = "空表"
    book.create_sheet("也是空的")
    empty = tmp_path / "empty.xlsx"
    book.save(empty)
    with pytest.raises(RosterError, match=r"empty\.xlsx: every sheet is empty"):
        read_roster(empty)
    with pytest.raises(RosterError, match=r"sheet '空表' is empty"):
        read_roster(empty, sheet="空表")
    # an empty first sheet before the roster is skipped
    path = write_roster(frame, tmp_path / "roster.xlsx", layout="wide", chinese=True)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.create_sheet("Sheet1", 0)
    wb.save(path)
    roster = read_roster(path)
    assert roster.sheet == "企业名单" and assessed_plus_rejected(roster) == N_EXAMPLES


def test_a_merged_title_over_the_whole_header_is_not_a_header(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["2025年企业名单"])
    ws.append([uscc(1), "甲", 2024, 100])
    ws.merge_cells("A1:D1")
    path = tmp_path / "noheader.xlsx"
    book.save(path)
    with pytest.raises(RosterError, match=r"noheader\.xlsx: no 统一社会信用代码 \(uscc\) column.*2025年企业名单"):
        read_roster(path)


# -- files with problems: messages, and nothing lost ------------------------------------------


def test_truncated_csv(tmp_path: Path, frame: pd.DataFrame) -> None:
    full = write_roster(frame, tmp_path / "full.csv", layout="wide", chinese=True)
    data = full.read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[: data.rstrip(b"\r\n").rfind(b"\n") + 200])  # 200 bytes into the last row
    roster = read_roster(cut)
    assert "the file ends inside this row" in _reasons(roster) and "truncated" in _reasons(roster)
    last = roster.rejected_enterprises
    assert len(last) == 1 and last["uscc"].iloc[0] == frame["uscc"].iloc[-1]
    assert "truncated" in last["reason"].iloc[0]
    assert assessed_plus_rejected(roster) == N_EXAMPLES


def test_truncated_inside_a_quoted_cell(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text(f'uscc,fiscal_year,name\n{uscc(1)},2024,甲\n{uscc(2)},2024,"乙公司\n', encoding="utf-8")
    roster = read_roster(path)
    assert "the file ends inside this row" in _reasons(roster)
    assert roster.rejected_enterprises["uscc"].tolist() == [uscc(2)]
    assert assessed_plus_rejected(roster) == 2


def test_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(f"uscc,fiscal_year,operating_revenue\n{uscc(1)},2024,1,234\n{uscc(2)},2024\n{uscc(3)},2024,5\n",
                    encoding="utf-8")
    roster = read_roster(path)
    rej = roster.rejected.set_index("row")
    assert "the row has 4 fields but the header has 3" in rej.loc[2, "reason"]
    assert "the row has 2 of 3 fields" in rej.loc[3, "reason"]
    assert roster.rejected_enterprises["uscc"].tolist() == [uscc(1)]
    assert assessed_plus_rejected(roster) == 3


def test_text_in_number_columns(tmp_path: Path, frame: pd.DataFrame) -> None:
    spoiled = frame.astype(object).copy()
    e7 = "91530300MA6K00073T"  # an SRDI SME in the examples: its 2024 R&D expense is needed
    row = spoiled.index[(spoiled["uscc"] == e7) & (spoiled["fiscal_year"] == 2024)][0]
    spoiled.loc[row, "rd_expense"] = "约200万"
    spoiled.loc[0, "employees"] = "一百二十"
    spoiled.loc[1, "operating_revenue"] = "2,000.0"  # a thousands separator is fine
    path = write_roster(spoiled, tmp_path / "text.xlsx", layout="wide", chinese=True)
    roster = read_roster(path)
    rej = roster.rejected
    assert sorted(rej["column"]) == ["2022年从业人员(人)", "2024年研发费用(万元)"]
    assert (rej["reason"].str.startswith("not a number")).all()
    assert set(rej["uscc"]) == {e7, frame["uscc"].iloc[0]}
    assert roster.frame.loc[1, "operating_revenue"] == 2000
    # the row keeps its other cells; a criterion that needs the bad cell gets insufficient_data
    kept = roster.frame[(roster.frame["uscc"] == e7) & (roster.frame["fiscal_year"] == 2024)].iloc[0]
    assert pd.isna(kept["rd_expense"]) and kept["operating_revenue"] > 0
    result = zjtx.evaluate(roster, as_of=AS_OF)
    findings = result.findings(e7)
    needs = findings[findings["missing"].astype(str).str.contains("rd_expense")]
    assert len(needs) and (needs["outcome"] == "insufficient_data").all()
    assert "rd_expense" in str(result.verdicts.loc[e7, "srdi_sme_missing"])
    assert assessed_plus_rejected(roster) == N_EXAMPLES


def test_duplicated_rows(tmp_path: Path, frame: pd.DataFrame) -> None:
    doubled = pd.concat([frame, frame.iloc[[3]], frame.iloc[[5]].assign(net_profit=1.0)], ignore_index=True)
    roster = read_roster(doubled)
    assert len(roster.frame) == len(frame)
    assert "repeats row 5 exactly: ignored" in roster.warnings["reason"].tolist()
    assert roster.rejected["reason"].str.contains(r"a second row for this enterprise and fiscal year \(first: row 7\)").all()
    assert assessed_plus_rejected(roster) == N_EXAMPLES
    # the duplicates are caught at read time: assessing does not raise
    zjtx.assess(roster, as_of=AS_OF)


def test_rows_without_a_key_or_with_a_wrong_check_character(frame: pd.DataFrame) -> None:
    f = frame.astype(object).copy()
    f.loc[0, "uscc"] = None  # a lost row of E1, whose other rows carry its code
    f.loc[f["uscc"] == frame["uscc"].iloc[3], "uscc"] = frame["uscc"].iloc[3][:-1] + "X"  # E2: all rows
    extra = f.iloc[[2]].assign(uscc=None, name="无代码企业")
    roster = read_roster(pd.concat([f, extra], ignore_index=True))
    rej = roster.rejected_enterprises.set_index("name")
    assert "check character is wrong" in rej.loc[frame["name"].iloc[3], "reason"]
    assert "no 统一社会信用代码" in rej.loc["无代码企业", "reason"]
    assert frame["uscc"].iloc[0] in set(roster.frame["uscc"])
    assert "the row is not used (the enterprise's rows with its code are)" in _reasons(roster)
    assert assessed_plus_rejected(roster) == N_EXAMPLES + 1  # plus the enterprise without a code


def test_future_years_and_years_of_only_future_rows() -> None:
    rows = [[uscc(1), 2024, 100], [uscc(1), 2031, 100], [uscc(2), 2031, 50], [uscc(3), None, 10], [uscc(4), 2025, 5]]
    roster = read_roster(pd.DataFrame(rows, columns=["uscc", "fiscal_year", "operating_revenue"]),
                         today=dt.date(2025, 6, 30))
    assert roster.frame["uscc"].tolist() == [uscc(1), uscc(4)]
    assert "the fiscal year is in the future (after 2025)" in _reasons(roster)
    assert "no fiscal year (年度)" in _reasons(roster)
    assert roster.warnings["reason"].str.contains("fiscal year 2025 has not ended").any()
    assert set(roster.rejected_enterprises["uscc"]) == {uscc(2), uscc(3)}
    assert assessed_plus_rejected(roster) == 4


def test_100k_rows_with_one_percent_bad_cells(tmp_path: Path) -> None:
    source, expected = synthetic(100_000, bad_share=0.01)
    path = tmp_path / "big.csv"
    source.to_csv(path, index=False)
    roster = read_roster(path, today=dt.date(2025, 6, 30))
    assert len(roster.rejected) == expected["rejected_cells"]
    assert len(roster.rejected_enterprises) == expected["rejected_enterprises"]
    assert not len(roster.warnings)
    assert roster.rejected["row"].notna().all() and roster.rejected["reason"].str.len().gt(10).all()
    assert roster.input_enterprises == expected["enterprises"]
    verdicts = zjtx.assess(roster, as_of=AS_OF)
    assert (verdicts["status"] == "assessed").sum() + len(roster.rejected_enterprises) == expected["enterprises"]
    assert len(verdicts) == expected["enterprises"]
    # a spoiled cell is named by its row as the file numbers it (header = row 1)
    first = roster.rejected.iloc[0]
    assert str(source.loc[first["row"] - 2, first["field"]]) == str(first["value"])


def test_values_beyond_the_header_and_codes_stored_as_numbers(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["统一社会信用代码", "企业名称", "年度", "营业收入(万元)"])
    ws.append([uscc(1), "甲", 2024, 100, None, "备用"])
    ws.append([915301000000000123, "乙", 2024, 50])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    roster = read_roster(path, today=dt.date(2025, 6, 30))
    rej = roster.rejected.set_index("row")
    assert "values in columns without a header (from column 5): not read" in rej.loc[2, "reason"]
    assert "check character is wrong" in rej.loc[3, "reason"]
    assert "stored as a number, which keeps only 15 digits" in roster.warnings["reason"].iloc[0]
    assert roster.frame["operating_revenue"].tolist() == [100]
    assert assessed_plus_rejected(roster) == 2
