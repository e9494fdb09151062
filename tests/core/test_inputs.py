"""What ``zjtx.assess`` accepts: canonical frames, Chinese-header frames, rosters with rejections."""

from __future__ import annotations

import pandas as pd

import zjtx
from tests.conftest import AS_OF, EXAMPLES


def test_chinese_header_frame_goes_through_the_reader() -> None:
    raw = pd.read_csv(EXAMPLES, dtype=str, keep_default_na=False)
    from zjtx.roster.schema import CANONICAL

    chinese = raw.rename(columns={c: CANONICAL[c].label for c in raw.columns})
    got = zjtx.assess(chinese, as_of=AS_OF)
    want = zjtx.assess(EXAMPLES, as_of=AS_OF)
    pd.testing.assert_frame_equal(got[["srdi_sme", "srdi_score"]], want[["srdi_sme", "srdi_score"]])


def test_rejected_enterprises_stay_in_the_output(tmp_path) -> None:
    raw = pd.read_csv(EXAMPLES, dtype=str, keep_default_na=False)
    bad_key = "91530100MA6K00014X"  # wrong check character
    raw.loc[raw["uscc"] == "91530100MA6K00014D", "uscc"] = bad_key
    path = tmp_path / "roster.csv"
    raw.to_csv(path, index=False)
    result = zjtx.evaluate(path, as_of=AS_OF)
    assert bad_key in set(result.rejected["uscc"])
    verdicts = zjtx.assess(path, as_of=AS_OF)
    assert len(verdicts) == raw["uscc"].nunique()
    row = verdicts.loc[bad_key]
    assert row["status"] == "rejected" and row["srdi_sme"] == "rejected" and row["reason"]
    assert (verdicts.drop(index=bad_key)["status"] == "assessed").all()
