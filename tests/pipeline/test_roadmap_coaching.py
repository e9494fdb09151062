"""Roadmaps with a plan's coaching lines (对标培育): the Yunnan plug-in's 二(三) goal lines."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from zjtx.pipeline import ROADMAP_COLUMNS, roadmap, roadmaps
from zjtx.pipeline.roadmap import coaching_circumstances
from zjtx.plugins import PluginFacade

pytest.importorskip("zjtx_yunnan")
from zjtx_yunnan import plan, plugin  # noqa: E402

ROSTER = str(Path(__file__).parents[1] / "data" / "national-2022.csv")
AS_OF = "2025-06-30"
#: Debt ratio 80% (liabilities 800万元 of assets 1000万元): fails the 70%以内 coaching line.
INDEBTED = "91530300MA6K00030D"


@pytest.fixture(scope="module")
def yunnan() -> PluginFacade:
    return PluginFacade.create(plugins=[("yunnan", plugin)], entry_points=False)


@pytest.fixture(scope="module")
def with_coaching(yunnan) -> pd.DataFrame:
    return roadmaps(ROSTER, tier="little_giant", as_of=AS_OF, jurisdiction="yunnan", plugins=yunnan)


@pytest.fixture(scope="module")
def without_coaching(yunnan) -> pd.DataFrame:
    return roadmaps(ROSTER, tier="little_giant", as_of=AS_OF, jurisdiction="yunnan", plugins=yunnan, coaching=False)


def test_a_failed_coaching_line_is_a_roadmap_line(with_coaching) -> None:
    assert list(with_coaching.columns) == list(ROADMAP_COLUMNS)
    mine = with_coaching[with_coaching["uscc"] == INDEBTED]
    coach = mine[mine["kind"] == "coaching"].set_index("criterion")
    assert "yunnan.coach.debt" in coach.index
    debt = coach.loc["yunnan.coach.debt"]
    assert debt["source"] == "yunnan" and debt["outcome"] == "fail" and debt["label"] == "资产负债率控制在70%以内"
    assert debt["clause"].startswith("云政办发〔2025〕27号")
    # 800 / 1000 → 70% at the same assets: 100万元 of liabilities to repay
    assert (debt["change_field"], debt["change_from"], debt["change_to"]) == ("total_liabilities", 800, 700)
    assert debt["gap_money"] == -100 and debt["confirmed"]
    assert debt["measure"]
    # coaching lines follow the criterion lines of the enterprise
    kinds = mine["kind"].tolist()
    assert kinds == sorted(kinds, key=lambda k: k == "coaching")


def test_only_failed_or_unknown_coaching_lines(with_coaching) -> None:
    coach = with_coaching[with_coaching["kind"] == "coaching"]
    assert len(coach) > 0
    assert set(coach["outcome"]) <= {"fail", "insufficient_data"}
    assert (coach["source"] == "yunnan").all() and (coach["target_tier"] == "little_giant").all()
    assert set(coach["criterion"]) <= {n.id for n in plan.COACHING.nodes()}
    # a revenue band is the enterprise's circumstance, never a line
    assert not set(coach["criterion"]) & coaching_circumstances(plan.COACHING)


def test_criterion_lines_are_unchanged(with_coaching, without_coaching) -> None:
    assert (without_coaching["kind"] == "criterion").all()
    assert not without_coaching["criterion"].str.startswith("yunnan.coach").any()
    criterion = with_coaching[with_coaching["kind"] == "criterion"].reset_index(drop=True)
    pd.testing.assert_frame_equal(criterion, without_coaching)
    # the planned year follows the eligibility lines: coaching lines never delay it
    planned = with_coaching.groupby("uscc")["planned_year"].first()
    assert planned.reindex(without_coaching["uscc"].unique()).tolist() == \
        without_coaching.groupby("uscc", sort=False)["planned_year"].first().tolist()


def test_national_jurisdiction_has_no_coaching_lines(yunnan) -> None:
    table = roadmaps(ROSTER, tier="little_giant", as_of=AS_OF, jurisdiction="national", plugins=yunnan)
    assert len(table) > 0 and (table["kind"] == "criterion").all()


def test_one_enterprise_opt_out(yunnan) -> None:
    on = roadmap(ROSTER, INDEBTED, tier="little_giant", as_of=AS_OF, jurisdiction="yunnan", plugins=yunnan)
    off = roadmap(ROSTER, INDEBTED, tier="little_giant", as_of=AS_OF, jurisdiction="yunnan", plugins=yunnan,
                  coaching=False)
    assert "yunnan.coach.debt" in set(on["criterion"]) and "yunnan.coach.debt" not in set(off["criterion"])
    assert set(off["criterion"]) == set(on.loc[on["kind"] == "criterion", "criterion"])


def test_coaching_circumstances_are_the_revenue_bands() -> None:
    assert coaching_circumstances(plan.COACHING) == {
        "yunnan.coach.rd.upper.band", "yunnan.coach.rd.middle.low", "yunnan.coach.rd.middle.high",
        "yunnan.coach.rd.lower",
    }
