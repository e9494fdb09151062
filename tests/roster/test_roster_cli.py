"""``zjtx assess`` on every roster format: outputs by extension, rejected enterprises, exit codes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from roster_corpus import AS_OF, EXAMPLES, TIERS, examples_frame, uscc

from zjtx.cli import main
from zjtx.roster.example import example_path
from zjtx.roster.io import write_roster


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return examples_frame()


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype={"uscc": str}, keep_default_na=False, na_values=[""]).set_index("uscc")
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype={"uscc": str}).set_index("uscc")
    return pd.read_parquet(path)


@pytest.mark.parametrize("out_suffix", [".csv", ".xlsx", ".parquet"])
def test_the_bundled_workbook_assesses_to_every_output_format(tmp_path: Path, out_suffix: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"verdicts{out_suffix}"
    assert main(["assess", str(example_path()), "--as-of", AS_OF, "-o", str(out)]) == 0
    got = _read(out)
    assert len(got) == 24 and (got["status"] == "assessed").all()
    assert got.loc["91530300MA6K00073T", "srdi_sme"] == "eligible"
    assert "wrote 24 enterprises (24 assessed, 0 rejected)" in capsys.readouterr().out
    assert not (tmp_path / f"verdicts.problems{out_suffix}").exists()


@pytest.mark.parametrize("in_suffix", [".csv", ".xlsx", ".parquet"])
def test_every_input_format_gives_the_same_verdicts(tmp_path: Path, frame: pd.DataFrame, in_suffix: str) -> None:
    roster = write_roster(frame, tmp_path / f"in{in_suffix}", layout="wide" if in_suffix == ".xlsx" else "tidy",
                          chinese=in_suffix == ".xlsx")
    out, base = tmp_path / "v.csv", tmp_path / "base.csv"
    assert main(["assess", str(roster), "--as-of", AS_OF, "-o", str(out)]) == 0
    assert main(["assess", str(EXAMPLES), "--as-of", AS_OF, "-o", str(base)]) == 0
    pd.testing.assert_frame_equal(_read(out), _read(base))


def test_gb18030_csv_with_a_title_row(tmp_path: Path, frame: pd.DataFrame) -> None:
    utf8 = write_roster(frame, tmp_path / "u.csv", layout="wide", chinese=True, title="某州市企业名单")
    path = tmp_path / "gbk.csv"
    path.write_bytes(utf8.read_text(encoding="utf-8-sig").encode("gb18030"))
    assert main(["assess", str(path), "--as-of", AS_OF, "-o", str(tmp_path / "v.csv")]) == 0


def test_problems_exit_1_with_the_output_written_and_every_enterprise_in_it(
        tmp_path: Path, frame: pd.DataFrame, capsys: pytest.CaptureFixture[str]) -> None:
    f = frame.astype(object).copy()
    f.loc[0, "rd_expense"] = "abc"
    bad_key = f["uscc"].iloc[3][:-1] + "X"
    f.loc[f["uscc"] == f["uscc"].iloc[3], "uscc"] = bad_key
    path = write_roster(f, tmp_path / "broken.xlsx", layout="wide", chinese=True)
    out = tmp_path / "v.xlsx"
    assert main(["assess", str(path), "--as-of", AS_OF, "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.xlsx: 1 enterprises rejected and" in err[0] and "fix the roster" in err[0]
    got = _read(out)
    assert len(got) == 24 and (got["status"] == "rejected").sum() == 1
    rejected = got.loc[bad_key]
    assert (rejected[TIERS] == "rejected").all() and "check character is wrong" in rejected["reason"]
    assert "2022年研发费用(万元): not a number" in got.loc[frame["uscc"].iloc[0], "reason"]
    problems = pd.read_excel(tmp_path / "v.problems.xlsx")
    assert {"severity", "row", "column", "reason", "uscc"} <= set(problems.columns)
    assert len(problems) == 1 + 3  # the bad cell, and the bad key on each of the enterprise's 3 rows


def test_problems_printed_when_there_is_no_output_file(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"uscc,fiscal_year,employees\n{uscc(1)},2024,-5\n,2024,3\n", encoding="utf-8")
    assert main(["assess", str(path), "--as-of", AS_OF]) == 1
    captured = capsys.readouterr()
    assert "rejected" in captured.out
    assert "rejected: row 2, employees: below the minimum 0" in captured.err


@pytest.mark.parametrize(("content", "message"), [
    (None, "nope.csv: file not found"),
    (b"", "the file is empty"),
    ("企业名称,年度\n甲,2024\n".encode(), "no 统一社会信用代码 (uscc) column was recognised"),
    (b"uscc,fiscal_year\n\xff\x80\n", "cannot be decoded as UTF-8 or GB18030"),
])
def test_unusable_input_is_exit_2_with_one_line_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                content: bytes | None, message: str) -> None:
    path = tmp_path / "nope.csv"
    if content is not None:
        path.write_bytes(content)
    assert main(["assess", str(path), "--as-of", AS_OF, "-o", str(tmp_path / "v.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nope.csv" in err[0] and message in err[0]
    assert not (tmp_path / "v.csv").exists()


def test_map_and_sheet_options(tmp_path: Path, frame: pd.DataFrame) -> None:
    path = write_roster(frame.rename(columns={"operating_revenue": "营收"}), tmp_path / "r.xlsx", sheet_name="名单")
    out = tmp_path / "v.csv"
    assert main(["assess", str(path), "--as-of", AS_OF, "--sheet", "名单", "--map", "营收=operating_revenue",
                 "-o", str(out)]) == 0
    base = tmp_path / "base.csv"
    assert main(["assess", str(EXAMPLES), "--as-of", AS_OF, "-o", str(base)]) == 0
    pd.testing.assert_frame_equal(_read(out), _read(base))
    assert main(["assess", str(path), "--as-of", AS_OF, "--sheet", "Sheet9"]) == 2
