"""Synthetic rosters with known outcomes for the pipeline tests.

Every enterprise is one of a few archetypes whose verdicts under the national 2022 rules are
known by construction (for an assessment in 2026: fiscal years 2023–2025 are read):

``strong``
    meets every criterion of all three tiers (little giant included);
``lg_near``
    like ``strong`` but its debt ratio is 72% (> 70%): fails little-giant L6 only;
``srdi_ok``
    meets the SRDI standard (and the innovative one) but not the little giant's (market share 3%);
``innov_ok``
    meets the innovative standard (score 80) but not SRDI (R&D 2% of revenue, < 3%);
``weak``
    meets neither (innovative score 15, no direct condition);
``bad``
    like ``innov_ok`` but on the abnormal-operations list (fails G3: ineligible for everything).

The figures are the same for every enterprise of an archetype, so counts are computed by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from stdnum.cn import uscc as stdnum_uscc

YEARS = (2022, 2023, 2024, 2025)

#: Yunnan's 16 prefectures (yunnan-2025.md).
PREFECTURES = ("5301", "5303", "5304", "5305", "5306", "5307", "5308", "5309", "5323", "5325", "5326", "5328",
               "5329", "5331", "5333", "5334")

_BASE_STATIC = {
    "industry": "C3985", "main_product": "传感器", "main_product_field": "basic_parts", "strategic_emerging": True,
    "chain_role": "none", "chain_support_attested": True, "national_market_share": 0.15, "own_brand": True,
    "ip_class1_high_value": 1, "ip_class1_self_developed": 2, "ip_class1": 3, "ip_class1_in_use": 3, "ip_class2": 2,
    "invention_patents": 3, "rd_institution": "provincial", "digital_level": 3, "info_systems": "ERP;MES",
    "management_certified": True, "product_certified_abroad": False, "quality_award": False,
    "standards_drafted": True, "audit_filed": True, "st_award_level": "none", "makers_china": "none",
    "honours": "", "abnormal_operations": False, "serious_dishonesty": False, "major_incident_3y": False,
    "tax_violation_3y": False, "restricted_products": False, "niche_since_year": 2015,
}

#: Per archetype: static overrides and annual figures of fiscal year 2025 (earlier years shrink
#: by the growth rate).
ARCHETYPES = {
    "strong": ({}, dict(revenue=12000.0, main_share=0.9, rd=0.04, debt=0.40, growth=0.10, margin=0.10, staff=300)),
    "lg_near": ({}, dict(revenue=12000.0, main_share=0.9, rd=0.04, debt=0.72, growth=0.10, margin=0.10, staff=300)),
    "srdi_ok": ({"national_market_share": 0.03, "niche_since_year": 2020, "invention_patents": 1},
                dict(revenue=3000.0, main_share=0.85, rd=0.05, debt=0.45, growth=0.08, margin=0.08, staff=120)),
    "innov_ok": ({"national_market_share": 0.01, "niche_since_year": 2021, "invention_patents": 0, "ip_class1": 1,
                  "ip_class1_self_developed": 1, "ip_class1_high_value": 0, "ip_class1_in_use": 1,
                  "rd_institution": "city"},
                 dict(revenue=2000.0, main_share=0.75, rd=0.02, debt=0.50, growth=0.12, margin=0.05, staff=80)),
    "weak": ({"national_market_share": 0.0, "niche_since_year": 2023, "invention_patents": 0, "ip_class1": 0,
              "ip_class1_self_developed": 0, "ip_class1_high_value": 0, "ip_class1_in_use": 0, "ip_class2": 0,
              "rd_institution": "none", "strategic_emerging": False, "info_systems": ""},
             dict(revenue=800.0, main_share=0.55, rd=0.005, debt=0.80, growth=-0.02, margin=0.01, staff=30)),
    "bad": ({"national_market_share": 0.01, "niche_since_year": 2021, "invention_patents": 0, "ip_class1": 1,
             "ip_class1_self_developed": 1, "ip_class1_high_value": 0, "ip_class1_in_use": 1,
             "rd_institution": "city", "abnormal_operations": True},
            dict(revenue=2000.0, main_share=0.75, rd=0.02, debt=0.50, growth=0.12, margin=0.05, staff=80)),
}

RECOGNITION_COLUMNS = ("innovative_recognised_on", "srdi_recognised_on", "little_giant_recognised_on", "revoked_on")


def usccs(prefectures: Sequence[str], start: int = 0) -> list[str]:
    """Valid USCCs (GB 32100-2015 check character) registered in the given prefectures."""
    out = []
    for i, p in enumerate(prefectures):
        body = f"91{p}01{start + i:09d}"
        out.append(body + stdnum_uscc.calc_check_digit(body))
    return out


def make_roster(groups: Sequence[dict[str, object]], *, years: Sequence[int] = YEARS) -> pd.DataFrame:
    """A canonical tidy roster from groups: ``{"n", "archetype", recognition dates…, "prefectures"}``.

    ``figures`` (revenue, main_share, rd, debt, growth, margin, staff) and ``static`` (column →
    value) override the archetype's.

    Enterprise ``k`` of a group is registered in ``prefectures[k % len(prefectures)]`` (default all
    16). Recognition dates (ISO strings or None) are shared by the group.
    """
    statics = []
    start = 0
    for g in groups:
        n = int(g["n"])  # type: ignore[arg-type]
        prefs = tuple(g.get("prefectures", PREFECTURES))  # type: ignore[arg-type]
        assigned = [prefs[k % len(prefs)] for k in range(n)]
        over, fig = ARCHETYPES[str(g["archetype"])]
        over = {**over, **dict(g.get("static", {}))}  # type: ignore[arg-type]
        fig = {**fig, **dict(g.get("figures", {}))}  # type: ignore[arg-type]
        frame = pd.DataFrame({"uscc": usccs(assigned, start), "region_code": [p + "01" for p in assigned]})
        frame["name"] = [f"{g['archetype']}-{start + k}(合成)" for k in range(n)]
        frame["archetype"] = g["archetype"]
        for key, value in {**_BASE_STATIC, **over}.items():
            frame[key] = value
        for col in RECOGNITION_COLUMNS:
            frame[col] = g.get(col)
        for key, value in fig.items():
            frame["_" + key] = value
        if "owner" in g:
            frame["owner"] = g["owner"]
        statics.append(frame)
        start += n
    ents = pd.concat(statics, ignore_index=True)
    rows = []
    last = max(years)
    for y in years:
        f = ents.copy()
        f["fiscal_year"] = y
        factor = (1 + f["_growth"]) ** (y - last)
        rev = (f["_revenue"] * factor).round(4)
        f["operating_revenue"] = rev
        f["main_business_revenue"] = (rev * f["_main_share"]).round(4)
        f["rd_expense"] = (rev * f["_rd"]).round(4)
        f["net_profit"] = (rev * f["_margin"]).round(4)
        f["total_assets"] = (rev * 1.2).round(4)
        f["total_liabilities"] = (f["total_assets"] * f["_debt"]).round(4)
        f["employees"] = f["_staff"]
        f["rd_staff"] = (f["_staff"] * 0.25).round()
        f["new_equity_financing"] = 0.0
        rows.append(f)
    out = pd.concat(rows, ignore_index=True).drop(columns=[c for c in ents.columns if c.startswith("_")])
    for col in RECOGNITION_COLUMNS:
        out[col] = pd.to_datetime(out[col])
    return out.sort_values(["uscc", "fiscal_year"], kind="stable").reset_index(drop=True)


def date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
