"""The worked examples E1–E19 (examples.md): every expectation asserted."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import zjtx
from tests.conftest import AS_OF, EXAMPLES

TIERS = ("innovative_sme", "srdi_sme", "little_giant")


@pytest.fixture(scope="module")
def verdicts() -> pd.DataFrame:
    return zjtx.assess(EXAMPLES, as_of=AS_OF)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == b


@pytest.mark.parametrize("column", [*TIERS, "innovative_score", "srdi_score"])
def test_every_example_matches_the_expected_file(verdicts: pd.DataFrame, expected: pd.DataFrame, column: str) -> None:
    got = verdicts[column].astype(object).reindex(expected.index)
    want = expected[column].astype(object)
    wrong = {u: (got[u], want[u], expected.loc[u, "why"][:40]) for u in expected.index if not _same(got[u], want[u])}
    assert not wrong


def test_output_contract(verdicts: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert verdicts.index.name == "uscc"
    assert list(verdicts.columns[:7]) == ["name", *TIERS, "innovative_score", "srdi_score", "highest_tier"]
    assert set(verdicts.index) == set(expected.index)
    assert verdicts["rule_version"].eq("national-2022").all()
    for tier in TIERS:
        assert set(verdicts[tier].astype(str)) <= set(zjtx.OUTCOMES)


def test_highest_tier(verdicts: pd.DataFrame, example_ids: dict[str, str]) -> None:
    v = verdicts["highest_tier"]
    assert v[example_ids["E1"]] == "innovative_sme"
    assert v[example_ids["E2"]] == "none"
    assert v[example_ids["E7"]] == "srdi_sme"
    assert v[example_ids["E11"]] == "little_giant"


def test_no_example_is_insufficient(verdicts: pd.DataFrame) -> None:
    for tier in TIERS:
        assert (verdicts[tier] != "insufficient_data").all()
        assert (verdicts[f"{tier}_missing"] == "").all()


# examples.md §7: one option changed at a time
OPTION_CASES = [
    ({"band_endpoint": "unfavourable"}, "E5", {"innovative_sme": "not_eligible", "innovative_score": 65, "srdi_score": 43}),
    ({"band_endpoint": "unfavourable"}, "E12d", {"srdi_score": 58, "srdi_sme": "not_eligible"}),
    ({"lg_band_at_100m": "middle"}, "E11", {"little_giant": "not_eligible"}),
    ({"band_endpoint": "unfavourable"}, "E1", {"srdi_score": 29, "srdi_sme": "not_eligible"}),
    ({"band_endpoint": "unfavourable"}, "E2", {"srdi_score": 48}),
    ({"band_endpoint": "unfavourable"}, "E2b", {"srdi_score": 48}),
    ({"band_endpoint": "unfavourable"}, "E6", {"srdi_score": 45}),
    ({"band_endpoint": "unfavourable"}, "E17", {"srdi_score": 69, "srdi_sme": "eligible"}),
    ({"band_endpoint": "unfavourable"}, "E8", {"innovative_score": 90, "innovative_sme": "eligible"}),
    ({"band_endpoint": "unfavourable"}, "E11", {"innovative_score": 80, "srdi_score": 61}),
    ({"band_endpoint": "unfavourable"}, "E12a", {"innovative_score": 80, "srdi_score": 61}),
    ({"band_endpoint": "unfavourable"}, "E12b", {"innovative_score": 80, "srdi_score": 61}),
    ({"band_endpoint": "unfavourable"}, "E12c", {"innovative_score": 80, "srdi_score": 61}),
    ({"growth_2y": "cagr"}, "E11", {"srdi_score": 64}),
    ({"growth_2y": "cagr"}, "E12b", {"srdi_score": 64}),
    ({"growth_2y": "cagr"}, "E12c", {"srdi_score": 64}),
    ({"growth_2y": "cagr"}, "E12a", {"srdi_score": 63}),
    ({"growth_2y": "cagr"}, "E12d", {"srdi_score": 61}),
    ({"band_endpoint": "unfavourable"}, "E13", {"innovative_score": 90, "srdi_score": 70}),
    ({"band_endpoint": "unfavourable"}, "E14", {"innovative_score": 85, "srdi_score": 66}),
    ({"growth_2y": "cagr"}, "E13", {"srdi_score": 70}),
    ({"growth_2y": "cagr"}, "E14", {"srdi_score": 66}),
    ({"lg_band_at_50m": "lower"}, "E8", {"little_giant": "not_eligible"}),
    ({"lg_small_band_rd": "last_year"}, "E15", {"little_giant": "eligible"}),
]


@pytest.mark.parametrize(("options", "example", "want"), OPTION_CASES, ids=[f"{c[1]}-{next(iter(c[0].values()))}" for c in OPTION_CASES])
def test_dependence_on_options(options: dict, example: str, want: dict, example_ids: dict[str, str]) -> None:
    got = zjtx.assess(EXAMPLES, as_of=AS_OF, options=options).loc[example_ids[example]]
    for column, value in want.items():
        assert got[column] == value, column


@pytest.mark.parametrize("option", ["band_endpoint=unfavourable", "growth_2y=cagr", "lg_band_at_100m=middle"])
def test_options_change_only_the_listed_cases(option: str, verdicts: pd.DataFrame, example_ids: dict[str, str]) -> None:
    key, value = option.split("=")
    changed_examples = {c[1] for c in OPTION_CASES if c[0] == {key: value}}
    other = zjtx.assess(EXAMPLES, as_of=AS_OF, options={key: value})
    for eid, uscc in example_ids.items():
        if eid in changed_examples:
            continue
        for col in (*TIERS, "innovative_score", "srdi_score"):
            assert _same(other.loc[uscc, col], verdicts.loc[uscc, col]), (eid, col)


def test_findings_explain_every_criterion(example_ids: dict[str, str]) -> None:
    verdicts, findings = zjtx.assess(EXAMPLES, as_of=AS_OF, explain=True)
    assert set(findings["uscc"]) == set(verdicts.index)
    e8 = findings[findings["uscc"] == example_ids["E8"]].set_index("criterion")
    # R&D exactly 3.0% of exactly 5000万 meets 不低于3%
    c2 = e8.loc["srdi.C2.ratio"]
    assert c2["outcome"] == "pass" and c2["value"] == pytest.approx(0.03) and c2["threshold"] == 0.03
    assert c2["clause"].startswith("工信部企业〔2022〕63号")
    # The little-giant middle band needs 6%: the gap is in percentage points and in money
    y1 = e8.loc["lg.L9.middle.y1"]
    assert y1["outcome"] == "fail"
    assert y1["gap"] == pytest.approx(0.03)
    assert y1["gap_money"] == pytest.approx(150.0)
    assert "+3 percentage points" in y1["gap_text"] and "+150万元" in y1["gap_text"]
    assert e8.loc["srdi.i2", "points"] == 10
    assert (findings["source"] == "national").all()


def test_explain_text_names_the_deciding_criteria(example_ids: dict[str, str]) -> None:
    text = zjtx.evaluate(EXAMPLES, as_of=AS_OF).explain(example_ids["E1"], "srdi_sme")
    assert "not_eligible" in text
    assert "85.6万元" in text and "+14.4万元" in text
    assert "33" in text
