"""Streaming a directory of Parquet files: same verdicts as the whole roster, bounded batches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import zjtx
from zjtx.cli import main
from zjtx.scale import iter_enterprise_batches, stream_assess

AS_OF = "2025-06-30"


@pytest.fixture(scope="module")
def parts(generate, tmp_path_factory) -> tuple[Path, pd.DataFrame]:  # type: ignore[no-untyped-def]
    """A roster of 4 × 1,500 enterprises written as 4 Parquet files (small row groups)."""
    directory = tmp_path_factory.mktemp("roster")
    frames = [generate(1_500, 5, offset=i * 1_500) for i in range(4)]
    for i, frame in enumerate(frames):
        frame.to_parquet(directory / f"part-{i:03d}.parquet", index=False, row_group_size=1_000)
    return directory, pd.concat(frames, ignore_index=True)


def _agree(got: pd.DataFrame, want: pd.DataFrame) -> None:
    got = got.loc[want.index]
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        a, b = got[col].astype(object), want[col].astype(object)
        assert ((a == b) | (a.isna() & b.isna())).all(), col


@pytest.mark.parametrize("batch_rows", [700, 2_500, 100_000])
def test_streamed_verdicts_equal_the_whole_roster(parts, tmp_path: Path, batch_rows: int) -> None:  # type: ignore[no-untyped-def]
    directory, whole = parts
    want = zjtx.assess(whole, as_of=AS_OF)
    out = tmp_path / "verdicts.parquet"
    summary = stream_assess(directory, out, as_of=AS_OF, batch_rows=batch_rows)
    got = pd.read_parquet(out)
    assert summary.enterprises == len(got) == len(want) == 6_000
    assert summary.rows == len(whole)
    assert got.index.is_unique
    _agree(got, want)
    counts = want["srdi_sme"].value_counts().to_dict()
    assert summary.counts["srdi_sme"] == {str(k): int(v) for k, v in counts.items()}


def test_batches_never_split_an_enterprise_and_stay_near_the_batch_size(parts) -> None:  # type: ignore[no-untyped-def]
    directory, _ = parts
    files = sorted(directory.glob("*.parquet"))
    seen: set[str] = set()
    for batch in iter_enterprise_batches(files, batch_rows=1_000):
        keys = set(batch["uscc"])
        assert not keys & seen  # an enterprise is in one batch only
        seen |= keys
        assert len(batch) <= 1_000 + 3  # at most one enterprise carried over
        assert (batch.groupby("uscc").size() == 3).all()
    assert len(seen) == 6_000


def test_parallel_workers_give_the_same_verdicts(parts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    directory, whole = parts
    out = tmp_path / "verdicts.csv"
    summary = stream_assess(directory, out, as_of=AS_OF, workers=2, batch_rows=2_000)
    got = pd.read_csv(out, dtype={"uscc": str}, encoding="utf-8-sig").set_index("uscc")
    assert summary.enterprises == 6_000
    want = zjtx.assess(whole, as_of=AS_OF)
    for col in ("innovative_sme", "srdi_sme", "little_giant", "highest_tier"):
        assert (got.loc[want.index, col].to_numpy() == want[col].astype(str).to_numpy()).all(), col
    assert np.allclose(got.loc[want.index, "srdi_score"], want["srdi_score"], equal_nan=True)


def test_an_enterprise_split_across_batches_is_an_error(generate, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    frame = generate(400, 9).sample(frac=1, random_state=2)  # rows of an enterprise scattered
    frame.to_parquet(tmp_path / "part-000.parquet", index=False)
    with pytest.raises(zjtx.RosterError, match="appears in two batches"):
        stream_assess(tmp_path, None, as_of=AS_OF, batch_rows=300)


def test_zjtx_assess_on_a_directory_streams_it(parts, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    directory, whole = parts
    out = tmp_path / "out" / "verdicts.parquet"
    code = main(["assess", str(directory), "-o", str(out), "--as-of", AS_OF, "--batch-rows", "3000", "--explain"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "assessed 6000 enterprises" in printed and "wrote verdicts to" in printed
    _agree(pd.read_parquet(out), zjtx.assess(whole, as_of=AS_OF))
    findings = pd.read_parquet(out.with_name("verdicts.findings.parquet"))
    assert findings["uscc"].nunique() == 6_000


def test_an_empty_directory_is_unusable(tmp_path: Path) -> None:
    with pytest.raises(zjtx.RosterError, match="no .parquet files"):
        stream_assess(tmp_path, None, as_of=AS_OF)


def test_unusable_cells_are_listed_not_dropped(generate, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    frame = generate(300, 12)
    frame["rd_expense"] = frame["rd_expense"].astype(str)  # figures as text, as some exports give them
    frame.loc[4, "rd_expense"] = "不详#"  # one cell that is not a number
    (tmp_path / "roster").mkdir()
    frame.to_parquet(tmp_path / "roster" / "part-000.parquet", index=False)
    out = tmp_path / "verdicts.csv"
    code = main(["assess", str(tmp_path / "roster"), "-o", str(out), "--as-of", AS_OF, "--batch-rows", "200"])
    assert code == 1
    verdicts = pd.read_csv(out, dtype={"uscc": str}, encoding="utf-8-sig")
    problems = pd.read_csv(tmp_path / "verdicts.problems.csv", encoding="utf-8-sig")
    rejected = tmp_path / "verdicts.rejected.csv"
    listed = len(pd.read_csv(rejected, encoding="utf-8-sig")) if rejected.exists() else 0
    assert len(verdicts) + listed == 300  # every enterprise is accounted for
    assert (problems["reason"].astype(str).str.contains("not a number")).any()
