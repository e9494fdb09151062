"""The plan as data: targets, seed banks, prefectures, coaching lines, measures and sectors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from zjtx.model.tier import Tier
from zjtx.national import rules_2022
from zjtx.plugins import PluginFacade
from zjtx.roster.frame import build_context
from zjtx.rules.interpreter import Evaluation
from zjtx.rules.ruleset import RuleSet

from zjtx_yunnan import plan, sectors

from yunnan_testdata import AS_OF

DAY = dt.date.fromisoformat(AS_OF)


def _evaluate(node, frame: pd.DataFrame):
    """Evaluate one rule node over a canonical roster: (uscc, codes 1 pass / 0 fail / 2 unknown)."""
    metrics = [n.metric for n in node.walk() if hasattr(n, "metric")]
    inputs = tuple(dict.fromkeys(f for mt in metrics for f in mt.inputs))
    ents, ctx = build_context(frame, as_of=DAY, fields=inputs)
    return ents.uscc, Evaluation(RuleSet(version=rules_2022.VERSION, tiers={}), ctx).node(node).codes()


def test_targets_of_the_2025_2027_plan(yunnan: PluginFacade) -> None:
    plans = {p.id: p for p in yunnan.target_plans("yunnan")}
    assert set(plans) == {"yunnan-2023-2025", "yunnan-2025-2027"}
    p = plans["yunnan-2025-2027"]
    assert (p.start_year, p.end_year) == (2025, 2027)
    got = {t.tier: (t.baseline, t.baseline_date, t.goal, t.goal_year, t.yearly_increase) for t in p.targets}
    assert got == {
        Tier.INNOVATIVE_SME: (3019, dt.date(2025, 6, 6), 6000, 2027, 1000),
        Tier.SRDI_SME: (1543, dt.date(2025, 6, 6), 3000, 2027, 500),
        Tier.LITTLE_GIANT: (85, dt.date(2025, 6, 6), 170, 2027, None),
    }
    assert p.target(Tier.INNOVATIVE_SME).increase_for(2026) == 1000
    assert p.target(Tier.SRDI_SME).increase_for(2026) == 500


def test_little_giant_yearly_figure_is_derived() -> None:
    lg = plan.PLAN_2025.target(Tier.LITTLE_GIANT)
    assert lg.increase_for(2025) == 29  # ⌈(170 − 85) / 3⌉
    assert lg.increase_for(2026, current=110) == 30  # ⌈60 / 2⌉
    assert lg.increase_for(2027, current=170) == 0


def test_earlier_plan_goals() -> None:
    got = {t.tier: (t.goal, t.goal_year) for t in plan.PLAN_2023.targets}
    assert got == {Tier.INNOVATIVE_SME: (2800, 2025), Tier.SRDI_SME: (900, 2025), Tier.LITTLE_GIANT: (120, 2025)}
    assert (plan.PLAN_2023.start_year, plan.PLAN_2023.end_year) == (2023, 2025)


def test_other_jurisdictions_get_no_yunnan_data(yunnan: PluginFacade, national: PluginFacade) -> None:
    assert yunnan.target_plans("national") == national.target_plans("national")
    assert yunnan.regions("national") == national.regions("national")
    for tier in Tier:
        assert yunnan.seed_bank_rule(tier, 2026, "national") == national.seed_bank_rule(tier, 2026, "national")
    assert yunnan.coaching_rules(Tier.LITTLE_GIANT, "national", DAY) == []


@pytest.mark.parametrize(("tier", "multiple", "builder", "deadline"), [
    (Tier.INNOVATIVE_SME, 2, "prefecture", (1, 31)),
    (Tier.SRDI_SME, 2, "prefecture", (1, 31)),
    (Tier.LITTLE_GIANT, 3, "province", None),
])  # fmt: skip
def test_seed_bank_rules(yunnan: PluginFacade, tier: Tier, multiple: float, builder: str, deadline) -> None:
    for year in (2025, 2026, 2027):
        rule = yunnan.seed_bank_rule(tier, year, "yunnan")
        assert (rule.tier, rule.multiple, rule.builder, rule.deadline) == (tier, multiple, builder, deadline)
        assert rule.source == "yunnan"
        assert rule.clause is not None and rule.clause.document == "云政办发〔2025〕27号"
    # outside the plan's years the national default applies
    assert yunnan.seed_bank_rule(tier, 2028, "yunnan").source == "national"


def test_little_giant_bank_admits_valid_srdi_with_two_invention_patents(examples: pd.DataFrame) -> None:
    rule = plan.SEED_BANKS[Tier.LITTLE_GIANT]
    frame = examples.copy()
    last = frame["fiscal_year"] == 2024
    # E11 family and E13–E16, E19 hold valid SRDI status; vary the patents around the bound
    frame.loc[last, "invention_patents"] = np.resize([1.0, 2.0, 3.0], int(last.sum()))
    frame.loc[~last, "invention_patents"] = np.nan
    uscc, codes = _evaluate(rule.admits, frame)
    srdi_valid = frame.groupby("uscc", sort=False)["srdi_recognised_on"].last().notna().to_numpy()
    patents = frame[last].set_index("uscc").loc[uscc, "invention_patents"].to_numpy()
    expected = (srdi_valid & (patents >= 2)).astype(int)
    assert codes.tolist() == expected.tolist()
    assert 1 in codes and 0 in codes


def test_srdi_bank_admits_valid_innovative_smes(examples: pd.DataFrame, example_ids) -> None:
    frame = examples.copy()
    frame["innovative_recognised_on"] = pd.NaT
    frame.loc[frame["uscc"] == example_ids["E9"], "innovative_recognised_on"] = pd.Timestamp("2024-10-01")
    frame.loc[frame["uscc"] == example_ids["E10"], "innovative_recognised_on"] = pd.Timestamp("2021-10-01")  # expired
    uscc, codes = _evaluate(plan.SEED_BANKS[Tier.SRDI_SME].admits, frame)
    admitted = set(uscc[codes == 1])
    assert admitted == {example_ids["E9"]}


def test_sixteen_prefectures(yunnan: PluginFacade) -> None:
    regions = yunnan.regions("yunnan")
    assert len(regions) == 16
    codes = {r.code: r.name for r in regions}
    assert codes["5301"] == "昆明市" and codes["5334"] == "迪庆藏族自治州"
    assert all(c.startswith("53") for c in codes) and len(set(codes)) == 16


def test_coaching_lines_are_evaluated_but_never_decide_eligibility(
    examples: pd.DataFrame, yunnan: PluginFacade, example_ids
) -> None:
    (coaching,) = yunnan.coaching_rules(Tier.LITTLE_GIANT, "yunnan", DAY)
    assert {n.source for n in coaching.nodes()} == {"yunnan"}
    rules = yunnan.rules(DAY, "yunnan")
    assert not any(n.id.startswith("yunnan.coach") for t in rules.tiers.values() for n in t.nodes())
    ids = {n.id for n in coaching.nodes()}
    assert {"yunnan.coach.share", "yunnan.coach.growth", "yunnan.coach.main_share", "yunnan.coach.debt",
            "yunnan.coach.rd"} <= ids
    frame = examples[examples["uscc"].isin([example_ids["E11"], example_ids["E13"], example_ids["E12a"]])]
    uscc, _ = _evaluate(coaching.eligibility, frame)
    results = {}
    for node_id in ("yunnan.coach.share", "yunnan.coach.debt", "yunnan.coach.main_share", "yunnan.coach.rd"):
        _, codes = _evaluate(coaching.find(node_id), frame)
        results[node_id] = dict(zip(uscc, codes.tolist()))
    e11, e12a, e13 = example_ids["E11"], example_ids["E12a"], example_ids["E13"]
    # E11: share exactly 10% is not 超过10%; debt exactly 70% is 控制在70%以内; 75.04% > 70%
    assert results["yunnan.coach.share"][e11] == 0
    assert results["yunnan.coach.debt"][e11] == 1 and results["yunnan.coach.debt"][e12a] == 0
    assert results["yunnan.coach.main_share"][e11] == 1
    # R&D by revenue band: E11 1亿 at 3.0% (upper band), E13 8000万 at 6.5% (middle band)
    assert results["yunnan.coach.rd"][e11] == 1 and results["yunnan.coach.rd"][e13] == 1


def test_measures_override_the_national_catalogue(yunnan: PluginFacade, national: PluginFacade) -> None:
    merged = yunnan.measures("yunnan")
    assert "云政办发〔2025〕27号" in merged["lg.L7"]
    assert merged["lg.L7"] != national.measures("yunnan").get("lg.L7")
    assert yunnan.measures("national") == national.measures("national")


def test_priority_tags(yunnan: PluginFacade) -> None:
    frame = pd.DataFrame(
        {
            "industry": ["C3252", "C3985", "C3841", "I6513", "C3360", None, "C2613"],
            "main_product_field": ["other", "new_materials", "nev", "key_software", "other", "cnc_robotics", "other"],
            "main_product": ["铝合金型材", "ITO靶材", "磷酸铁锂电池", "工业软件", "表面处理", "数控机床", "磷酸"],
        },
        index=pd.Index(list("ABCDEFG"), name="uscc"),
    )
    tags = yunnan.priority_tags("yunnan", frame)
    assert tags["A"] == "nonferrous"
    assert tags["B"] == "rare_precious_materials;electronics_software"  # C3985 is in C39 too
    assert tags["C"] == "phosphorus_battery;advanced_equipment"
    assert tags["D"] == "electronics_software"
    assert tags["E"] == ""
    assert tags["F"] == "advanced_equipment"
    assert tags["G"] == "phosphorus_battery;petrochemical"
    assert yunnan.priority_tags("national", frame) is None
    assert set(sectors.SECTORS) >= {"nonferrous", "rare_precious_materials", "phosphorus_battery"}
