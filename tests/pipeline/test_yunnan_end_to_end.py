"""Yunnan end to end on a generated province-sized roster, checked against hand-computed figures.

The roster (6360 enterprises over the 16 prefectures, fiscal years 2022–2025) is built from the
archetypes of :mod:`.rosters`, so every figure below is computed by hand:

====  =====  ==========  =====================================================================
grp   n      archetype   recognitions
====  =====  ==========  =====================================================================
A1    600    srdi_ok     innovative 2024-05-20
A2    1500   innov_ok    innovative 2025-05-20
A3    1000   innov_ok    innovative 2023-09-01 (expires 2026-09-01)
B1    100    strong      SRDI 2024-07-20 (3 invention patents)
B2    50     lg_near     SRDI 2024-07-20 (3 invention patents; debt 72%)
B3    1450   srdi_ok     SRDI 2025-07-20 (1 invention patent)
C     90     strong      little giant 2024-08-01
D1    1000   innov_ok    none
D2    200    innov_ok    innovative 2026-03-15 (after the banks' date)
D3    200    weak        none
D4    100    bad         none (abnormal operations: fails G3)
E     50     innov_ok    innovative 2022-05-20 (expired)
F     20     srdi_ok     SRDI 2024-03-01, revoked 2025-03-01 (barred until 2028-03-01)
====  =====  ==========  =====================================================================

It runs against the plan as ``yunnan-2025.md`` states it (a stand-in plug-in), and against the real
Yunnan plug-in when it is installed.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from zjtx.model.tier import Tier
from zjtx.pipeline import progress, roadmaps, schedule, seed_banks, target_list, validity
from zjtx.plugins import PluginFacade
from zjtx.roster.io import read_roster

from .rosters import PREFECTURES, make_roster

GROUPS = [
    {"n": 600, "archetype": "srdi_ok", "innovative_recognised_on": "2024-05-20"},
    {"n": 1500, "archetype": "innov_ok", "innovative_recognised_on": "2025-05-20"},
    {"n": 1000, "archetype": "innov_ok", "innovative_recognised_on": "2023-09-01"},
    {"n": 100, "archetype": "strong", "srdi_recognised_on": "2024-07-20"},
    {"n": 50, "archetype": "lg_near", "srdi_recognised_on": "2024-07-20"},
    {"n": 1450, "archetype": "srdi_ok", "srdi_recognised_on": "2025-07-20"},
    {"n": 90, "archetype": "strong", "little_giant_recognised_on": "2024-08-01"},
    {"n": 1000, "archetype": "innov_ok"},
    {"n": 200, "archetype": "innov_ok", "innovative_recognised_on": "2026-03-15"},
    {"n": 200, "archetype": "weak"},
    {"n": 100, "archetype": "bad"},
    {"n": 50, "archetype": "innov_ok", "innovative_recognised_on": "2022-05-20"},
    {"n": 20, "archetype": "srdi_ok", "srdi_recognised_on": "2024-03-01", "revoked_on": "2025-03-01"},
]


@pytest.fixture(scope="module")
def roster():
    return read_roster(make_roster(GROUPS))


@pytest.fixture(scope="module")
def banks(roster, province):
    return seed_banks(roster, 2026, jurisdiction="yunnan", plugins=province)


def _archetypes(roster, usccs) -> pd.Series:
    names = roster.frame.drop_duplicates("uscc").set_index("uscc")["archetype"]
    return names.reindex(usccs).value_counts()


def test_roster_is_province_sized(roster) -> None:
    frame = roster.frame
    assert frame["uscc"].nunique() == 6360
    assert set(frame["region_code"].str[:4]) == set(PREFECTURES)
    # 3100 valid innovative SMEs on the banks' date (A) — 3300 once D2 is recognised
    valid = validity(roster, as_of="2026-01-01")
    assert int((valid["valid"] & (valid["tier"] == "innovative_sme")).sum()) == 3100


def test_innovative_bank(banks, roster) -> None:
    bank = banks[Tier.INNOVATIVE_SME]
    # pool: D1 1000 + D2 200 (recognised only in March) + D3 200 + E 50 (expired); not D4 (G3), F (G8)
    assert (bank.growth_target, bank.required, bank.pool, bank.size, bank.shortfall) == (1000, 2000, 1450, 1450, 550)
    assert bank.deadline == dt.date(2026, 1, 31) and bank.rule.builder == "prefecture"
    assert _archetypes(roster, bank.table["uscc"]).to_dict() == {"innov_ok": 1250, "weak": 200}
    assert int((bank.table["failed"] == 0).sum()) == 1250
    prefs = bank.prefectures
    assert len(prefs) == 16 and prefs["quota"].sum() == 2000 and prefs["size"].sum() == 1450
    assert prefs["shortfall"].sum() == 550 and (prefs["size"] == prefs["pool"]).all()
    # within each prefecture the weak ones come last
    for _, part in bank.table.groupby("prefecture"):
        assert part.sort_values("rank")["failed"].is_monotonic_increasing


def test_srdi_bank(banks, roster) -> None:
    bank = banks[Tier.SRDI_SME]
    assert (bank.growth_target, bank.required, bank.pool, bank.size, bank.shortfall) == (500, 1000, 3100, 1000, 0)
    # every SRDI-eligible candidate (A1, 600) is in, the rest are the best of A2/A3
    assert _archetypes(roster, bank.table["uscc"]).to_dict() == {"srdi_ok": 600, "innov_ok": 400}
    prefs = bank.prefectures
    assert prefs["quota"].sum() == 1000 and (prefs["size"] == prefs["quota"]).all()
    # quotas follow the pool's prefecture shares (3100 spread as evenly as k % 16 spreads them)
    assert (np.abs(prefs["quota"] - 1000 * prefs["pool"] / 3100) < 1).all()


def test_little_giant_bank_and_target_list(banks, roster, province) -> None:
    bank = banks[Tier.LITTLE_GIANT]
    # 85 → 170 over 2025–2027 gives 29, then 28 in 2026; × 3 = 84, from B1 + B2 (2+ invention patents)
    assert (bank.growth_target, bank.required, bank.pool, bank.size, bank.shortfall) == (28, 84, 150, 84, 0)
    assert bank.deadline is None and bank.prefectures.empty
    assert _archetypes(roster, bank.table["uscc"]).to_dict() == {"strong": 84}
    assert list(bank.table["rank"]) == list(range(1, 85))

    listed = target_list(roster, 2026, jurisdiction="yunnan", plugins=province)
    assert len(listed) == 1600  # B1 + B2 + B3: valid SRDI, niche ≥ 3 years; not F (revoked)
    kinds = _archetypes(roster, listed["uscc"][:150])
    assert kinds.to_dict() == {"strong": 100, "lg_near": 50}
    assert (listed["gaps"][100:150] == "lg.L6").all() and (listed["failed"][:100] == 0).all()
    assert listed["rank"].tolist() == list(range(1, 1601))


def test_roadmaps_of_the_near_misses(banks, roster, province) -> None:
    near = roster.frame.loc[roster.frame["archetype"] == "lg_near", "uscc"].unique()
    table = roadmaps(roster, tier="little_giant", uscc=near, as_of="2026-01-01", jurisdiction="yunnan",
                     plugins=province)
    assert len(table) == 50 and set(table["criterion"]) == {"lg.L6"}
    assert (table["change"] == -288).all() and table["confirmed"].all() and (table["planned_year"] == 2027).all()
    assert (table["measure"] == "省定措施：优化资本结构").all()


def test_progress_and_projection(banks, roster, province) -> None:
    p = progress(roster, as_of="2026-06-30", jurisdiction="yunnan", plugins=province, banks=banks)
    t = p.table.set_index("tier")
    assert t.loc["innovative_sme", ["valid_now", "gained_this_year", "year_target", "plan_pace"]].tolist() == \
        [3300, 200, 1000, 5019]
    assert t.loc["srdi_sme", ["valid_now", "gained_this_year", "year_target", "plan_pace"]].tolist() == [1600, 0, 500, 2543]
    assert t.loc["little_giant", ["valid_now", "year_target", "plan_pace", "goal"]].tolist() == [90, 28, 142, 170]
    # conversion rates by hand: innovative 3100 recognised out of 6310 + 5310 + 4450 candidates
    rates = p.conversion.set_index("tier")
    assert (rates.loc["innovative_sme", "recognised"], rates.loc["innovative_sme", "source"]) == (3100, 16070)
    assert Fraction(rates.loc["innovative_sme", "rate"]).limit_denominator(20000) == Fraction(3100, 16070)
    assert rates.loc["srdi_sme", "rate"] == 0 and rates.loc["little_giant", "source"] == 170
    # projection: 1370 without a tier now; round(3100/16070 × 1370) = 264 a year, 64 more in 2026
    proj = p.projection[p.projection["tier"] == "innovative_sme"].set_index("year")
    assert proj.loc[2026, ["source", "recognitions", "added", "count_end"]].tolist() == [1370, 264, 64, 3364]
    assert proj.loc[2027, "count_end"] == 3628 and t.loc["innovative_sme", "projected_end"] == 3628
    assert not t.loc["innovative_sme", "on_track"]
    assert any("renewed" in a for a in p.assumptions) and any("16070" in a for a in p.assumptions)
    by_pref = p.by_prefecture
    assert by_pref.groupby("tier")["valid_now"].sum().to_dict() == {"innovative_sme": 3300, "little_giant": 90,
                                                                       "srdi_sme": 1600}
    assert by_pref.groupby("tier")["indicative_target"].sum().to_dict() == {"innovative_sme": 1000,
                                                                              "little_giant": 28, "srdi_sme": 500}
    # renewals due within a year of 2026-06-30: A3 (2026-09-01) and A1 (2027-05-20)
    due = validity(roster, as_of="2026-06-30")
    assert int(due["renewal_due"].sum()) == 1600


def test_quarterly_schedule(banks, roster, province) -> None:
    report = schedule(roster, 2026, 1, jurisdiction="yunnan", plugins=province, banks=banks)
    assert len(report) == 16 * 3
    inn = report[report["tier"] == "innovative_sme"]
    assert inn["recognitions_quarter"].sum() == 200 and inn["bank_recognised"].sum() == 200
    assert inn["bank_size"].sum() == 1450 and inn["bank_required"].sum() == 2000 and inn["bank_shortfall"].sum() == 550
    assert inn["deadline_passed"].all() and inn["indicative_target"].sum() == 1000
    lg = report[report["tier"] == "little_giant"]
    assert lg["bank_size"].sum() == 84 and lg["filing_deadline"].isna().all()
    q2 = schedule(roster, 2026, 2, jurisdiction="yunnan", plugins=province, banks=banks)
    assert q2.loc[q2["tier"] == "innovative_sme", "recognitions_quarter"].sum() == 0
    assert q2.loc[q2["tier"] == "innovative_sme", "recognitions_ytd"].sum() == 200


def test_with_the_real_yunnan_plugin(roster) -> None:
    pytest.importorskip("zjtx_yunnan")
    plugins = PluginFacade.create()
    if "yunnan" not in plugins.jurisdictions():
        pytest.skip("the Yunnan plug-in is not registered")
    banks = seed_banks(roster, 2026, jurisdiction="yunnan", plugins=plugins)
    sizes = {t.value: (b.required, b.pool, b.size, b.shortfall) for t, b in banks.items()}
    assert sizes == {"innovative_sme": (2000, 1450, 1450, 550), "srdi_sme": (1000, 3100, 1000, 0),
                     "little_giant": (84, 150, 84, 0)}
    assert banks[Tier.INNOVATIVE_SME].deadline == dt.date(2026, 1, 31)
    lg = banks[Tier.LITTLE_GIANT].table
    patents = roster.frame.drop_duplicates("uscc").set_index("uscc")["invention_patents"]
    assert (patents.reindex(lg["uscc"]) >= 2).all()


def test_on_the_bundled_sample_generator(province) -> None:
    """The sample roster generator (zjtx.sample), where it exists: the bank properties hold."""
    sample = pytest.importorskip("zjtx.sample")
    frame = sample.generate(3500, seed=11)
    year = int(frame["fiscal_year"].max()) + 1
    held = read_roster(frame)
    banks = seed_banks(held, year, jurisdiction="yunnan", plugins=province)
    valid = validity(held, as_of=dt.date(year, 1, 1))
    for tier, bank in banks.items():
        assert bank.size == min(bank.required, bank.pool) and bank.shortfall == max(0, bank.required - bank.pool)
        holders = valid[valid["valid"] & valid["tier"].isin([t.value for t in Tier.ladder() if t >= tier])]
        assert not set(holders["uscc"]) & set(bank.table["uscc"])
