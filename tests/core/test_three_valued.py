"""Three-valued outcomes (national-2022.md §0.1): decided only when the known inputs decide it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import zjtx
from tests.conftest import AS_OF
from tests.core.test_boundaries import E1, E11, outcome, variant


def test_missing_figure_leaves_the_tier_undecided_and_names_it(examples_frame: pd.DataFrame) -> None:
    rows = variant(examples_frame, E11, {2024: {"rd_expense": np.nan}})
    v = zjtx.assess(rows, as_of=AS_OF).iloc[0]
    assert v["srdi_sme"] == "insufficient_data"
    assert "rd_expense[2024]" in v["srdi_sme_missing"].split(";")
    assert v["little_giant"] == "insufficient_data"
    assert "rd_expense[2024]" in v["little_giant_missing"]


def test_missing_figure_does_not_matter_when_another_criterion_fails(examples_frame: pd.DataFrame) -> None:
    # E1 fails SRDI C2 on the amount; without its 2024 net profit the verdict is still decided.
    rows = variant(examples_frame, E1, {2024: {"net_profit": np.nan}})
    v = zjtx.assess(rows, as_of=AS_OF).iloc[0]
    assert v["srdi_sme"] == "not_eligible"
    assert v["srdi_sme_missing"] == ""
    assert np.isnan(v["srdi_score"])  # the score itself is a range now


def test_score_range_decides_when_the_missing_indicator_cannot_matter(examples_frame: pd.DataFrame) -> None:
    # E8 scores 69; net margin (10 points) unknown → 59–69: undecided for the pass mark 60.
    e8 = "91530400MA6K00081T"
    rows = variant(examples_frame, e8, {2024: {"net_profit": np.nan}})
    result = zjtx.evaluate(rows, as_of=AS_OF)
    f = result.findings().set_index("criterion")
    assert f.loc["srdi.C4.score", "value_text"] == "59–69分"
    assert result.verdicts.iloc[0]["srdi_sme"] == "insufficient_data"
    # digital level (5 points) unknown instead: 64–69 ≥ 60 either way → decided
    rows = variant(examples_frame, e8, digital_level=np.nan)
    assert zjtx.assess(rows, as_of=AS_OF).iloc[0]["srdi_sme"] == "eligible"


def test_zero_base_growth_is_not_computable(examples_frame: pd.DataFrame) -> None:
    rows = variant(examples_frame, E1, {2023: {"main_business_revenue": 0}})
    assert outcome(rows, "innovative.i3.20") == "insufficient_data"
    result = zjtx.evaluate(rows, as_of=AS_OF)
    f = result.findings().set_index("criterion")
    assert f.loc["innovative.i3", "outcome"] == "insufficient_data"
    # E1's innovative verdict hinges on growth (成长性 exactly 15): now undecided, naming the field
    v = result.verdicts.iloc[0]
    assert v["innovative_sme"] == "insufficient_data"
    assert "main_business_revenue[2023]" in v["innovative_sme_missing"]


def test_missing_compliance_flag(examples_frame: pd.DataFrame) -> None:
    rows = variant(examples_frame, E11, abnormal_operations=pd.NA)
    v = zjtx.assess(rows, as_of=AS_OF).iloc[0]
    for tier in ("innovative_sme", "srdi_sme", "little_giant"):
        assert v[tier] == "insufficient_data"
        assert "abnormal_operations" in v[f"{tier}_missing"]


def test_absent_column_reads_as_missing(examples_frame: pd.DataFrame) -> None:
    rows = variant(examples_frame, E11).drop(columns=["national_market_share"])
    v = zjtx.assess(rows, as_of=AS_OF).iloc[0]
    assert v["little_giant"] == "insufficient_data"
    assert v["little_giant_missing"] == "national_market_share"
    assert v["srdi_sme"] == "eligible"


def test_known_failure_beats_missing_data(examples_frame: pd.DataFrame) -> None:
    rows = variant(examples_frame, E11, abnormal_operations=True, national_market_share=np.nan)
    v = zjtx.assess(rows, as_of=AS_OF).iloc[0]
    assert (v[["innovative_sme", "srdi_sme", "little_giant"]] == "not_eligible").all()


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_missing_fiscal_year(examples_frame: pd.DataFrame, year: int) -> None:
    rows = variant(examples_frame, E11)
    rows = rows[rows["fiscal_year"] != year]
    v = zjtx.assess(rows, as_of=AS_OF).iloc[0]
    # a missing year never yields not_eligible for an otherwise eligible firm
    assert v["little_giant"] == "insufficient_data"
    assert f"[{year}]" in v["little_giant_missing"]
