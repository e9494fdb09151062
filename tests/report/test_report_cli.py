"""``zjtx report``: renderer by extension, several outputs, --lang, -q, the summary without -o."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from zjtx.cli import main

from .conftest import AS_OF


@pytest.fixture(scope="module")
def roster_file(small_roster: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("roster") / "roster.parquet"
    small_roster.head(600).to_parquet(path)  # 200 enterprises × 3 years
    return path


def test_report_writes_each_output_by_extension(roster_file: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    xlsx, html = tmp_path / "out" / "report.xlsx", tmp_path / "out" / "report.html"
    code = main(["report", str(roster_file), "--jurisdiction", "national", "--year", "2025", "--as-of", AS_OF,
                 "-o", str(xlsx), "-o", str(html)])
    assert code == 0
    assert xlsx.stat().st_size > 0 and html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out = capsys.readouterr().out
    assert f"wrote {xlsx.resolve()}" in out and f"wrote {html.resolve()}" in out


def test_quiet_prints_nothing(roster_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "report.md"
    assert main(["report", str(roster_file), "--year", "2025", "--as-of", AS_OF, "--no-pipeline", "-q",
                 "-o", str(md)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert md.exists() and (tmp_path / "report_charts").is_dir()


def test_summary_without_output_in_english(roster_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(roster_file), "--year", "2025", "--as-of", AS_OF, "--no-pipeline", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Tier funnel" in out and "Quality-SME cultivation report" in out


def test_a_csv_roster_works(small_roster: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    small_roster.head(90).to_csv(path, index=False)
    out = tmp_path / "r.txt"
    assert main(["report", str(path), "--year", "2025", "--as-of", AS_OF, "--no-pipeline", "-q", "-o", str(out)]) == 0
    assert "梯度培育漏斗" in out.read_text(encoding="utf-8")


def test_unknown_extension_and_missing_roster(roster_file: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="cannot write"):
        main(["report", str(roster_file), "-q", "-o", str(tmp_path / "report.pdf")])
    assert main(["report", str(tmp_path / "nope.csv"), "-q"]) == 2
