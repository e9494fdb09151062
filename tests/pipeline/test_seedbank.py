"""Seed banks: entry, size, shortfall, prefecture split and determinism, as properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import zjtx
from zjtx import hookimpl
from zjtx.errors import PluginError
from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan, TierTarget
from zjtx.model.tier import Tier
from zjtx.national import metrics as nm
from zjtx.pipeline import SeedBankRule, build_seed_bank, seed_banks, validity
from zjtx.plugins import PluginFacade
from zjtx.roster.io import Roster, read_roster
from zjtx.rules.nodes import Op, Test

from .rosters import ARCHETYPES, PREFECTURES, make_roster

#: Rosters shrink slowly (each example assesses a roster): report the generated example as is.
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)

STATUS = {
    "none": {},
    "innovative": {"innovative_recognised_on": "2025-03-01"},
    "innovative_expired": {"innovative_recognised_on": "2022-03-01"},
    "srdi": {"srdi_recognised_on": "2025-03-01", "innovative_recognised_on": "2024-03-01"},
    "little_giant": {"little_giant_recognised_on": "2024-08-01", "srdi_recognised_on": "2023-08-01"},
    "revoked": {"srdi_recognised_on": "2024-01-10", "revoked_on": "2025-01-10"},
}


class SmallPlan:
    """A province with small, generated targets and bank rules."""

    def __init__(self, increments: tuple[int, int, int], multiple: float, builder: str,
                 quotas: dict[str, float] | None = None) -> None:
        self.increments, self.multiple, self.builder, self.quotas = increments, multiple, builder, quotas

    @hookimpl
    def zjtx_jurisdictions(self):
        return [Jurisdiction("testprov", "测试省", "53")]

    @hookimpl
    def zjtx_regions(self, jurisdiction):
        return [Region(c, f"州市{c}", "testprov") for c in PREFECTURES[:4]] if jurisdiction == "testprov" else None

    @hookimpl
    def zjtx_target_plans(self, jurisdiction):
        if jurisdiction != "testprov":
            return None
        day = dt.date(2025, 1, 1)
        return [TargetPlan("small", "small plan", "testprov", tuple(
            TierTarget(t, 10, day, 10 + 3 * inc, 2027, inc) for t, inc in zip(Tier.ladder(), self.increments)
        ), 2025, 2027)]

    @hookimpl
    def zjtx_seed_bank_rule(self, tier, year, jurisdiction):
        if jurisdiction != "testprov":
            return None
        from zjtx.national.pipeline_hooks import default_seed_bank_rule

        base = default_seed_bank_rule(tier)
        return SeedBankRule(tier=tier, multiple=self.multiple, admits=base.admits, builder=self.builder,
                            deadline=(1, 31), quotas=self.quotas)


groups = st.lists(
    st.fixed_dictionaries({
        "n": st.integers(1, 5),
        "archetype": st.sampled_from(sorted(ARCHETYPES)),
        "status": st.sampled_from(sorted(STATUS)),
        "prefectures": st.lists(st.sampled_from(PREFECTURES[:6]), min_size=1, max_size=3, unique=True),
    }),
    min_size=1, max_size=7,
)


def _roster(spec: list[dict]) -> Roster:
    """A roster read once (so the property tests do not coerce it again on every call)."""
    return read_roster(make_roster([{**{k: v for k, v in g.items() if k != "status"}, **STATUS[g["status"]]}
                                    for g in spec]))


def _subset(roster: Roster, usccs: pd.Series) -> Roster:
    return Roster(roster.frame.loc[roster.frame["uscc"].isin(usccs)].reset_index(drop=True))


def _check_bank(bank, roster: Roster, plugins: PluginFacade, held_all: pd.DataFrame | None = None) -> None:
    members = bank.table
    # sizing: never padded, shortfall reported
    assert bank.size == len(members) == members["uscc"].nunique()
    if bank.rule.builder == "province" or bank.rule.quotas is None:
        assert bank.size == min(bank.required, bank.pool)
        assert bank.shortfall == max(0, bank.required - bank.pool)
    else:
        prefs = bank.prefectures
        assert (prefs["size"] <= prefs["quota"]).all() and (prefs["size"] <= prefs["pool"]).all()
        assert bank.shortfall == int((prefs["quota"] - prefs["pool"]).clip(lower=0).sum())
        assert bank.size == int(np.minimum(prefs["quota"], prefs["pool"]).sum())
    if bank.rule.builder == "prefecture":
        assert int(bank.prefectures["quota"].sum()) == bank.required
    if members.empty:
        return
    # every member is eligible for the bank: G1–G8 known to pass (zjtx.evaluate, independently of
    # the builder), the entry rule known to pass
    assessment = zjtx.evaluate(_subset(roster, members["uscc"]), as_of=bank.as_of, jurisdiction=bank.jurisdiction,
                               plugins=plugins)
    ev = assessment.evaluation
    assert ev.node(assessment.rules[bank.tier].find("general")).true.all()
    if bank.rule.admits is not None:
        from zjtx.pipeline._cohort import Cohort

        cohort = Cohort(_subset(roster, members["uscc"]), as_of=bank.as_of, jurisdiction=bank.jurisdiction,
                        plugins=plugins, nodes=[bank.rule.admits])
        assert cohort.evaluation.node(bank.rule.admits).true.all()
    # no member holds a valid recognition of the bank's tier (or a higher one) on the bank's date
    held = held_all if held_all is not None else validity(roster, as_of=bank.as_of)
    held = held[held["valid"] & held["tier"].isin([t.value for t in Tier.ladder() if t >= bank.tier])]
    assert not set(held["uscc"]) & set(members["uscc"])
    recognised = roster.frame.groupby("uscc")[bank.tier.recognition_column].last()
    dates = recognised.reindex(members["uscc"])
    day = pd.Timestamp(bank.as_of)
    assert not ((dates <= day) & (dates + pd.DateOffset(years=3) > day)).any()
    # ranked by closeness: fewest failed criteria first
    ordered = members.sort_values("overall_rank")
    assert ordered["failed"].is_monotonic_increasing


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=NO_SHRINK)
@given(spec=groups, increments=st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 6)),
       multiple=st.sampled_from([1.0, 1.5, 2.0, 3.0]), builder=st.sampled_from(["province", "prefecture"]))
def test_bank_properties(spec, increments, multiple, builder) -> None:
    plugins = PluginFacade.create(plugins=[("small", SmallPlan(increments, multiple, builder))], entry_points=False)
    roster = _roster(spec)
    banks = seed_banks(roster, 2026, jurisdiction="testprov", plugins=plugins)
    held = validity(roster, as_of="2026-01-01")
    for tier, bank in banks.items():
        target = increments[tier.rank - 1]
        assert bank.required == int(np.ceil(multiple * target - 1e-9))
        assert bank.deadline == dt.date(2026, 1, 31)
        _check_bank(bank, roster, plugins, held)
    # the same input gives the same banks, whatever the row order
    shuffled = Roster(roster.frame.sample(frac=1.0, random_state=7).reset_index(drop=True))
    again = seed_banks(shuffled, 2026, jurisdiction="testprov", plugins=plugins)
    for tier in banks:
        pd.testing.assert_frame_equal(banks[tier].table, again[tier].table)


@settings(max_examples=6, deadline=None, phases=NO_SHRINK)
@given(spec=groups, weights=st.lists(st.integers(0, 5), min_size=4, max_size=4))
def test_prefecture_quotas_from_the_rule(spec, weights) -> None:
    quotas = dict(zip(PREFECTURES[:4], map(float, weights)))
    plugins = PluginFacade.create(plugins=[("small", SmallPlan((5, 5, 5), 2.0, "prefecture", quotas))],
                                  entry_points=False)
    roster = _roster(spec)
    for bank in seed_banks(roster, 2026, jurisdiction="testprov", plugins=plugins).values():
        _check_bank(bank, roster, plugins)
        prefs = bank.prefectures.set_index("prefecture")
        if sum(weights):
            # the required size is split in proportion to the weights
            exact = bank.required * np.array(weights) / sum(weights)
            got = prefs.loc[list(PREFECTURES[:4]), "quota"].to_numpy()
            assert (np.abs(got - exact) < 1).all()


def test_national_default_without_plan_is_the_whole_pool(national) -> None:
    roster = make_roster([
        {"n": 3, "archetype": "innov_ok"}, {"n": 2, "archetype": "bad"}, {"n": 2, "archetype": "weak"},
        {"n": 2, "archetype": "srdi_ok", **STATUS["innovative"]}, {"n": 1, "archetype": "strong", **STATUS["srdi"]},
    ])
    banks = seed_banks(roster, 2026, plugins=national)
    inn, srdi, lg = (banks[t] for t in Tier.ladder())
    assert (inn.required, inn.pool, inn.size, inn.shortfall) == (5, 5, 5, 0)  # bad ones fail G3
    assert "whole eligible pool" in inn.sizing and inn.plan is None
    assert set(inn.table["verdict"]) == {"eligible", "not_eligible"}
    assert list(inn.table["failed"]) == [0, 0, 0, 1, 1]  # innov_ok first, then weak
    assert srdi.size == 2 and set(srdi.table["verdict"]) == {"eligible"}
    assert lg.size == 1 and lg.table["failed"].iloc[0] == 0
    assert (inn.table["tier"] == "innovative_sme").all() and inn.table["reason"].str.contains("符合基本条件").all()


def test_rule_validation() -> None:
    with pytest.raises(ValueError):
        SeedBankRule(tier="srdi_sme", multiple=0)
    with pytest.raises(ValueError):
        SeedBankRule(tier="srdi_sme", multiple=2, builder="county")
    with pytest.raises(ValueError):
        SeedBankRule(tier="srdi_sme", multiple=2, deadline=(2, 30))
    with pytest.raises(ValueError):
        SeedBankRule(tier="srdi_sme", multiple=2, ranking=("size",))
    rule = SeedBankRule(tier="小巨人", multiple=3, deadline=[1, 31], quotas={"5301": 2})
    assert rule.tier is Tier.LITTLE_GIANT and rule.deadline_in(2026) == dt.date(2026, 1, 31)
    assert rule.quotas == (("5301", 2.0),)


class WrongType:
    @hookimpl
    def zjtx_seed_bank_rule(self, tier, year, jurisdiction):
        return {"multiple": 2}


def test_a_plugin_returning_the_wrong_type_is_named() -> None:
    plugins = PluginFacade.create(plugins=[("broken-bank", WrongType())], entry_points=False)
    with pytest.raises(PluginError, match="broken-bank"):
        build_seed_bank(make_roster([{"n": 1, "archetype": "innov_ok"}]), "innovative_sme", 2026, plugins=plugins)


def test_admits_reads_columns_the_rules_do_not(national) -> None:
    """An entry rule on a column no tier reads (invention patents) still sees the roster's values."""
    roster = make_roster([{"n": 2, "archetype": "strong", **STATUS["srdi"]},
                          {"n": 2, "archetype": "srdi_ok", **STATUS["srdi"]}])  # 3 vs 1 invention patents

    class Patents:
        @hookimpl
        def zjtx_seed_bank_rule(self, tier, year, jurisdiction):
            return SeedBankRule(tier=tier, multiple=1, admits=Test(
                id="x.patents", label="2项及以上发明专利", metric=nm.INVENTION_PATENTS, op=Op.GE, threshold=2))

    plugins = PluginFacade.create(plugins=[("patents", Patents())], entry_points=False)
    bank = build_seed_bank(roster, "little_giant", 2026, plugins=plugins)
    assert bank.size == 2 and all(n.startswith("strong") for n in bank.table["name"])
