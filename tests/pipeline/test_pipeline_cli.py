"""The command line: zjtx seedbank, roadmap and progress, printing and writing CSV or Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from zjtx.cli import main

from .rosters import make_roster


@pytest.fixture(scope="module")
def roster_file(tmp_path_factory) -> Path:
    frame = make_roster([
        {"n": 3, "archetype": "innov_ok"}, {"n": 1, "archetype": "weak"},
        {"n": 2, "archetype": "srdi_ok", "innovative_recognised_on": "2025-03-01"},
        {"n": 1, "archetype": "lg_near", "srdi_recognised_on": "2025-03-01", "owner": "王五"},
    ])
    path = tmp_path_factory.mktemp("cli") / "roster.csv"
    frame.to_csv(path, index=False)
    return path


def test_seedbank_prints_sizing(roster_file, capsys) -> None:
    assert main(["seedbank", str(roster_file), "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "创新型中小企业 seed bank 2026 (national): 4 members, required 4, eligible pool 4, shortfall 0" in out
    assert "little_giant" in out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_seedbank_writes_members_and_sizing(roster_file, tmp_path, suffix, capsys) -> None:
    out = tmp_path / f"banks{suffix}"
    assert main(["seedbank", str(roster_file), "--year", "2026", "--tier", "srdi_sme", "-o", str(out)]) == 0
    read = pd.read_csv if suffix == ".csv" else pd.read_excel
    members = read(out)
    assert list(members.columns[:7]) == ["uscc", "name", "tier", "year", "prefecture", "prefecture_name", "rank"]
    assert len(members) == 2 and set(members["tier"]) == {"srdi_sme"} and "reason" in members
    sizing = read(tmp_path / f"banks.sizing{suffix}")
    assert sizing.loc[0, ["required", "pool", "size", "shortfall"]].tolist() == [2, 2, 2, 0]


def test_roadmap_command(roster_file, tmp_path, capsys) -> None:
    out = tmp_path / "roadmap.csv"
    assert main(["roadmap", str(roster_file), "--tier", "little_giant", "--as-of", "2026-01-01", "-o", str(out)]) == 0
    table = pd.read_csv(out, dtype={"uscc": str})
    near = table[table["owner"] == "王五"]
    assert list(near["criterion"]) == ["lg.L6"] and near["planned_year"].iloc[0] == 2027
    assert main(["roadmap", str(roster_file), "--tier", "next", "--as-of", "2026-01-01",
                 "--uscc", near["uscc"].iloc[0]]) == 0
    assert "lg.L6" in capsys.readouterr().out


def test_progress_command(roster_file, tmp_path, capsys) -> None:
    assert main(["progress", str(roster_file), "--as-of", "2026-01-01", "--no-banks"]) == 0
    out = capsys.readouterr().out
    assert "progress of national on 2026-01-01" in out and "assumptions:" in out
    target = tmp_path / "progress.xlsx"
    assert main(["progress", str(roster_file), "--as-of", "2026-01-01", "-q", "1", "-o", str(target)]) == 0
    assert pd.read_excel(target)["tier"].tolist() == ["innovative_sme", "srdi_sme", "little_giant"]
    for name in ("by_prefecture", "projection", "assumptions", "schedule"):
        assert (tmp_path / f"progress.{name}.xlsx").exists()
