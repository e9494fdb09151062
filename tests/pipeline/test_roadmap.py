"""Roadmaps: the deciding lines, their gaps and changes, measures, planned years, owners."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import zjtx
from zjtx.pipeline import apply_changes, roadmap, roadmaps, what_it_takes
from zjtx.roster.io import Roster, read_roster

from .rosters import make_roster

NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


def _lines(table: pd.DataFrame, uscc: str) -> dict[str, pd.Series]:
    return {row.criterion: row for row in table[table["uscc"] == uscc].itertuples(index=False)}  # type: ignore[misc]


def test_lg_near_has_one_line_the_debt_ratio(national) -> None:
    roster = read_roster(make_roster([{"n": 1, "archetype": "lg_near", "srdi_recognised_on": "2025-03-01",
                                       "owner": "张三"}]))
    table = roadmaps(roster, tier="little_giant", as_of="2026-01-01", plugins=national)
    assert list(table["criterion"]) == ["lg.L6"]
    line = table.iloc[0]
    # 2025 figures: assets 14400, liabilities 72% = 10368; 70% of assets is 10080 → repay 288万元
    assert line["outcome"] == "fail" and line["change_field"] == "total_liabilities" and line["change_year"] == 2025
    assert line["change_from"] == 10368 and line["change_to"] == 10080 and line["gap_money"] == -288
    assert bool(line["confirmed"]) and "or raise equity by 411.4286万元" in line["change_text"]
    assert line["planned_year"] == 2027 and line["earliest_year"] == 2027  # the 2026 figures count in 2027
    assert line["owner"] == "张三" and "资本结构" in line["measure"]


def test_lines_follow_the_deciding_branch_and_time(national) -> None:
    # srdi_ok toward little giant: market share 3% (L7), niche since 2020 = 6 years (ok), revenue
    # 3000万 sits in the lowest L9 band: a revenue band is a circumstance, never "raise revenue to
    # 1亿"; the innovation group's cheapest branch is the direct one (one failed test, 创客中国 top
    # 50, and its undecided year) rather than the lowest band's three failed tests
    roster = read_roster(make_roster([
        {"n": 1, "archetype": "srdi_ok", "srdi_recognised_on": "2025-03-01"},
        {"n": 1, "archetype": "strong", "srdi_recognised_on": "2025-03-01", "static": {"niche_since_year": 2024}},
    ]))
    table = roadmaps(roster, tier="little_giant", as_of="2026-01-01", plugins=national)
    ids = roster.frame["uscc"].unique()
    first = _lines(table, ids[0])
    assert "lg.L7" in first and not any(c.startswith("lg.L9.upper") or c.startswith("lg.L9.middle") for c in first)
    assert {"lg.L13.group", "lg.L13.recent"} <= set(first) and not any(c.startswith("lg.L9") for c in first)
    assert first["lg.L13.recent"].outcome == "insufficient_data" and first["lg.L13.recent"].missing == "makers_china_year"
    second = _lines(table, ids[1])
    assert list(second) == ["lg.L1"]  # niche since 2024: 2 years by the end of 2025, needs 3
    assert second["lg.L1"].earliest_year == 2027 and second["lg.L1"].planned_year == 2027
    assert second["lg.L1"].change_field == ""


def test_measures_fall_back_by_prefix_and_province_overrides(province, national) -> None:
    roster = read_roster(make_roster([{"n": 1, "archetype": "lg_near", "srdi_recognised_on": "2025-03-01"},
                                      {"n": 1, "archetype": "srdi_ok", "srdi_recognised_on": "2025-03-01"}]))
    nat = roadmaps(roster, tier="little_giant", as_of="2026-01-01", plugins=national)
    prov = roadmaps(roster, tier="little_giant", as_of="2026-01-01", plugins=province, jurisdiction="yunnan")
    assert prov.loc[prov["criterion"] == "lg.L6", "measure"].iloc[0] == "省定措施：优化资本结构"
    from zjtx.national.pipeline_hooks import MEASURES

    l13 = nat[nat["criterion"].str.startswith("lg.L13.")]
    assert len(l13) == 2 and (l13["measure"] == MEASURES["lg.L13"]).all()  # "lg.L13", the nearest prefix


def test_default_target_tier_and_eligible_enterprises(national) -> None:
    roster = read_roster(make_roster([
        {"n": 1, "archetype": "strong", "little_giant_recognised_on": "2025-03-01"},  # top of the ladder: no lines
        {"n": 1, "archetype": "strong", "srdi_recognised_on": "2025-03-01"},  # eligible for little giant: no lines
        {"n": 1, "archetype": "weak"},  # aims at innovative
    ]))
    table = roadmaps(roster, as_of="2026-01-01", plugins=national, owners={roster.frame["uscc"].iloc[-1]: "李四"})
    assert set(table["target_tier"]) == {"innovative_sme"}
    assert table["uscc"].nunique() == 1 and (table["owner"] == "李四").all()
    one = roadmap(roster, roster.frame["uscc"].iloc[-1], tier="innovative_sme", as_of="2026-01-01", plugins=national)
    assert list(one["criterion"]) == list(table["criterion"])


figures = st.fixed_dictionaries({
    "revenue": st.sampled_from([800.0, 999.0, 1000.0, 3000.0, 5000.0, 7000.0, 10000.0, 15000.0]),
    "rd": st.sampled_from([0.005, 0.02, 0.0299, 0.03, 0.045, 0.059, 0.06, 0.08]),
    "debt": st.sampled_from([0.3, 0.55, 0.6999, 0.7, 0.7001, 0.85]),
    "main_share": st.sampled_from([0.5, 0.65, 0.6999, 0.7, 0.9]),
    "growth": st.sampled_from([-0.05, 0.0, 0.04, 0.05, 0.12]),
    "margin": st.sampled_from([-0.02, 0.03, 0.1]),
})
statics = st.fixed_dictionaries({
    "national_market_share": st.sampled_from([0.02, 0.0999, 0.1, 0.3]),
    "ip_class1_in_use": st.sampled_from([0, 1, 2, 4]),
    "niche_since_year": st.sampled_from([2015, 2023, 2024]),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=NO_SHRINK)
@given(spec=st.lists(st.tuples(st.sampled_from(["strong", "srdi_ok", "innov_ok", "weak"]), figures, statics),
                     min_size=1, max_size=4),
       tier=st.sampled_from(["innovative_sme", "srdi_sme", "little_giant"]))
def test_applying_a_roadmaps_changes_closes_its_gaps(spec, tier) -> None:
    """Property: apply every money, ratio and count change of a roadmap, re-assess: those criteria pass."""
    plugins = zjtx.PluginFacade.create(entry_points=False)
    roster = read_roster(make_roster([
        {"n": 1, "archetype": a, "figures": f, "static": s, "srdi_recognised_on": "2025-03-01"} for a, f, s in spec
    ]))
    table = roadmaps(roster, tier=tier, as_of="2026-01-01", plugins=plugins)
    changed = table[table["change_field"] != ""]
    assert changed["confirmed"].all()
    assert (changed["change"] != 0).all()
    if changed.empty:
        return
    after = apply_changes(roster.frame, changed, as_of="2026-01-01")
    assessment = zjtx.evaluate(Roster(after), as_of="2026-01-01", plugins=plugins)
    rules = assessment.rules[tier]
    pos = pd.Index(assessment.enterprises.uscc)
    for line in changed.itertuples(index=False):
        node = rules.find(line.criterion)
        assert assessment.evaluation.node(node).true[pos.get_loc(line.uscc)], (line.criterion, line.change_text)
    # the changes move only the figures they name
    untouched = [c for c in roster.frame.columns if c not in set(changed["change_field"])]
    pd.testing.assert_frame_equal(after[untouched], roster.frame[untouched])


def test_what_it_takes_is_confirmed_by_reassessment(national) -> None:
    # innov_ok toward SRDI: R&D 2% of 2000万 = 40万 (C2 needs ≥ 100万 and ≥ 3%) and score 54 < 60
    roster = read_roster(make_roster([{"n": 1, "archetype": "innov_ok"},
                                      {"n": 1, "archetype": "lg_near", "srdi_recognised_on": "2025-03-01"}]))
    ids = list(roster.frame["uscc"].unique())
    w = what_it_takes(roster, ids, "little_giant", as_of="2026-01-01", plugins=national)
    summary = w.summary.set_index("uscc")
    assert summary.loc[ids[1], "verdict_now"] == "not_eligible" and summary.loc[ids[1], "eligible_after"] == "eligible"
    one = w.changes[w.changes["uscc"] == ids[1]]
    assert list(one["criterion"]) == ["lg.L6"] and bool(one["alone_passes"].iloc[0]) and bool(one["alone_eligible"].iloc[0])
    assert summary.loc[ids[0], "eligible_after"] != "eligible" and "lg.prerequisite" in summary.loc[ids[0], "remaining"]
    # the changed roster really is eligible
    again = zjtx.evaluate(Roster(w.frame), as_of="2026-01-01", plugins=national).verdicts
    assert again.loc[ids[1], "little_giant"] == "eligible"

    w2 = what_it_takes(roster, ids[0], "srdi_sme", as_of="2026-01-01", plugins=national)
    rd = w2.changes[w2.changes["change_field"] == "rd_expense"]
    assert not rd.empty and rd["change_to"].max() == 100  # 上年度研发费用不低于100万元 at revenue 2000万 (5%)
    assert (w2.changes["alone_passes"]).all()
    assert np.isin(w2.summary["eligible_after"], ["eligible", "not_eligible"]).all()
