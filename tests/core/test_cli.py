"""The ``zjtx`` command line: assess and explain on the examples."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import AS_OF, EXAMPLES
from zjtx.cli import main


def test_assess_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(EXAMPLES), "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "91530400MA6K00081T" in out and "eligible" in out


def test_assess_writes_csv_with_findings(tmp_path: Path, expected: pd.DataFrame) -> None:
    out = tmp_path / "verdicts.csv"
    assert main(["assess", str(EXAMPLES), "--as-of", AS_OF, "--output", str(out), "--explain"]) == 0
    got = pd.read_csv(out, dtype={"uscc": str}).set_index("uscc")
    assert (got["srdi_sme"] == expected["srdi_sme"].reindex(got.index)).all()
    findings = pd.read_csv(tmp_path / "verdicts.findings.csv")
    assert {"criterion", "value", "threshold", "outcome", "gap", "clause"} <= set(findings.columns)


def test_assess_with_an_option(tmp_path: Path) -> None:
    out = tmp_path / "v.csv"
    assert main(["assess", str(EXAMPLES), "--as-of", AS_OF, "-o", str(out), "--option", "band_endpoint=unfavourable"]) == 0
    got = pd.read_csv(out, dtype={"uscc": str}).set_index("uscc")
    assert got.loc["91530102MA6K00057P", "innovative_sme"] == "not_eligible"


def test_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["assess", str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv" in capsys.readouterr().err


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(EXAMPLES), "91530100MA6K00014D", "--as-of", AS_OF, "--tier", "srdi_sme"]) == 0
    out = capsys.readouterr().out
    assert "专精特新中小企业" in out and "85.6万元" in out
