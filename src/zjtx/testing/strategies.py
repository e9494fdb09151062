"""Hypothesis strategies for zjtx: enterprises, annual figures, rosters and threshold cases.

Everything here is generated *constructively*: an enterprise meant to be eligible for a tier is
built from value ranges that satisfy that tier's criteria, not drawn at random and filtered, so
eligible enterprises of every tier come out often and no health check trips. Importing this module
registers :func:`enterprises` for :class:`~zjtx.model.enterprise.Enterprise`, so
``st.from_type(Enterprise)`` works.

Amounts are in 万元 with at most four decimals: each is an integer number of 元 divided by 10000,
as a roster holds them. Figures cover the three fiscal years Y−3…Y−1 before the assessment year Y.

The threshold strategies read the rule declarations themselves: :func:`boundary_values` gives, for
every numeric :class:`~zjtx.rules.nodes.Test`, values just below, at and just above its threshold;
:func:`threshold_cases` gives enterprises whose *input amounts* land exactly on each bound (R&D
150万 on revenue 5000万 is exactly 3%), so the whole path from roster to verdict is exercised at
every boundary.

>>> from hypothesis import given
>>> from zjtx.testing import strategies as zst
>>> @given(zst.enterprises(tier="srdi_sme"))
... def test_srdi(enterprise): ...

This module needs the optional extra ``zjtx[testing]`` (hypothesis); the core never imports it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs
import pandas as pd
from attrs import frozen
from hypothesis import strategies as st
from stdnum.cn import uscc as uscc_code

from zjtx.model import codes
from zjtx.model.enterprise import AnnualFigures, Enterprise
from zjtx.model.tier import Tier
from zjtx.roster.schema import CANONICAL, Column, Kind, Role
from zjtx.rules.metrics import (
    Amount,
    CompoundGrowth,
    Field,
    Growth,
    Mean,
    MeanGrowth,
    Ratio,
    SetSize,
    Total,
    Unit,
    YearsBefore,
)
from zjtx.rules.nodes import Op, Test
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleSet, TierRules

__all__ = [
    "DEFAULT_AS_OF",
    "YUNNAN_PREFECTURES",
    "uscc_codes",
    "annual_figures",
    "enterprises",
    "rosters",
    "Side",
    "BoundaryCase",
    "ThresholdCase",
    "threshold_tests",
    "boundary_points",
    "boundary_values",
    "threshold_cases",
    "landed_case",
    "landable",
    "step_of",
]

#: The default assessment date of generated data (上年度 is fiscal year 2024).
DEFAULT_AS_OF = dt.date(2025, 6, 30)

#: Yunnan's prefectures (州市) by 4-digit division code (yunnan-2025.md).
YUNNAN_PREFECTURES: Mapping[str, str] = {
    "5301": "昆明市", "5303": "曲靖市", "5304": "玉溪市", "5305": "保山市", "5306": "昭通市",
    "5307": "丽江市", "5308": "普洱市", "5309": "临沧市", "5323": "楚雄彝族自治州",
    "5325": "红河哈尼族彝族自治州", "5326": "文山壮族苗族自治州", "5328": "西双版纳傣族自治州",
    "5329": "大理白族自治州", "5331": "德宏傣族景颇族自治州", "5333": "怒江傈僳族自治州", "5334": "迪庆藏族自治州",
}  # fmt: skip

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: GB/T 4754-2017 codes of manufacturing (工业: large only with ≥1000 staff and ≥4亿 revenue).
_INDUSTRIAL = ("C3985", "C3360", "C2614", "C3562", "C2710", "C3841", "C3399", "C2651", "C3981", "C3311")
#: Other sectors seen in rosters (软件和信息技术服务业, 研究和试验发展, 批发业).
_OTHER = ("I6513", "I6511", "M7320", "F5179")
_PROFILES = ("free", Tier.INNOVATIVE_SME.value, Tier.SRDI_SME.value, Tier.LITTLE_GIANT.value)
_FIELDS_NOT_OTHER = tuple(f.code for f in codes.PRODUCT_FIELDS if f.code != "other")
_ALL_FIELDS = tuple(f.code for f in codes.PRODUCT_FIELDS)
_CHAIN_ROLES = tuple(sorted(codes.CHAIN_ROLES))
_RD_LEVELS = tuple(sorted(codes.RD_INSTITUTION_LEVELS))
_AWARD_LEVELS = tuple(sorted(codes.AWARD_LEVELS))
_MAKERS = tuple(sorted(codes.MAKERS_CHINA))
_HONOURS = frozenset(codes.HONOURS)
#: SRDI indicator 6 (质量管理水平): two or more of these give its full points.
_QUALITY_ITEMS = st.sets(st.sampled_from(("management_certified", "quality_award", "own_brand", "standards_drafted")),
                         min_size=2)
_YES_NO = (
    "strategic_emerging", "chain_support_attested", "own_brand", "management_certified",
    "product_certified_abroad", "quality_award", "standards_drafted", "audit_filed",
)  # fmt: skip
_ANNUAL_BLANKABLE = (
    "operating_revenue", "main_business_revenue", "rd_expense", "net_profit", "total_assets",
    "total_liabilities", "employees", "rd_staff", "new_equity_financing",
)  # fmt: skip
_STATIC_BLANKABLE = (
    "niche_since_year", "main_product_field", "strategic_emerging", "chain_role", "chain_support_attested",
    "national_market_share", "own_brand", "ip_class1_high_value", "ip_class1_self_developed", "ip_class1",
    "ip_class1_in_use", "ip_class2", "invention_patents", "rd_institution", "digital_level",
    "management_certified", "product_certified_abroad", "quality_award", "standards_drafted",
    "st_award_level", "makers_china", "abnormal_operations", "serious_dishonesty", "major_incident_3y",
    "tax_violation_3y", "restricted_products",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# identities
# ---------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _region_codes(province: str, prefectures: Sequence[str] | None) -> st.SearchStrategy[str]:
    if prefectures is None:
        prefectures = tuple(YUNNAN_PREFECTURES) if province == "53" else tuple(f"{province}{i:02d}" for i in range(1, 16))
    bad = [p for p in prefectures if len(p) != 4 or not p.isdigit() or not p.startswith(province)]
    if bad:
        raise ValueError(f"prefecture codes {bad} are not 4-digit codes in province {province}")
    # County part: 00 is the prefecture itself, 01–29 its districts and counties.
    return st.builds(lambda p, c: f"{p}{c:02d}", st.sampled_from(tuple(prefectures)), st.integers(0, 29))


@functools.lru_cache(maxsize=None)
def uscc_codes(region_code: str | st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    """Valid 统一社会信用代码 (GB 32100-2015): ``91`` + division code + organisation code + check.

    ``region_code`` fixes characters 3–8 (a code or a strategy of codes; default Yunnan).
    """
    regions = _region_codes("53", None) if region_code is None else (
        st.just(region_code) if isinstance(region_code, str) else region_code)

    def build(region: str, org: str) -> str:
        body = f"91{region}{org}"
        return body + uscc_code.calc_check_digit(body)

    return st.builds(build, regions, st.text(alphabet=_USCC_ALPHABET, min_size=9, max_size=9))


# ---------------------------------------------------------------------------------------------
# number helpers (all amounts are integers of 元 until the very end)
# ---------------------------------------------------------------------------------------------
#: Cached strategy constructors: building a strategy is costly next to drawing from it.
_int = functools.lru_cache(maxsize=None)(st.integers)
_pick = functools.lru_cache(maxsize=None)(st.sampled_from)


@functools.lru_cache(maxsize=None)
def _yuan(wan_low: int, wan_high: int) -> st.SearchStrategy[int]:
    """An amount in 元 between two bounds in 万元: whole 万元 plus a remainder of 元.

    Drawn in two parts so that shrinking goes to round amounts (remainder 0).
    """
    return st.builds(lambda w, r: w * 10000 + r, st.integers(wan_low, wan_high - 1), st.integers(0, 9999))


def _wan(yuan: int | None) -> float | None:
    return None if yuan is None else yuan / 10000


def _scale(yuan: int, basis_points: int) -> int:
    """``yuan × bp / 10000``, rounded down to a whole 元."""
    return yuan * basis_points // 10000


@functools.lru_cache(maxsize=None)
def _rarely(n: int) -> st.SearchStrategy[bool]:
    """True about once in ``n`` draws (shrinks to False)."""
    return st.integers(0, n - 1).map(lambda i: i == n - 1)


# ---------------------------------------------------------------------------------------------
# profiles: value ranges, per tier, that satisfy that tier's national criteria with a margin
# ---------------------------------------------------------------------------------------------
@frozen
class _Ranges:
    revenue_wan: tuple[int, int]  # operating revenue of Y−1, 万元
    growth_bp: tuple[int, int]  # yearly revenue growth, basis points
    main_share_bp: tuple[int, int]
    rd_bp_last: tuple[int, int]  # R&D intensity of Y−1 (and Y−2 for the strong profiles)
    rd_bp_other: tuple[int, int]
    margin_bp: tuple[int, int]
    assets_bp: tuple[int, int]  # total assets as a share of revenue
    debt_bp: tuple[int, int]
    employees: tuple[int, int]
    rd_staff_bp: tuple[int, int]
    niche_years: tuple[int, int]
    same_share: bool  # one main-business share for all three years (growth of main = of revenue)


_RANGES = {
    "free": _Ranges((50, 60000), (-3000, 6000), (3000, 10000), (0, 1500), (0, 1500), (-1500, 2500), (3000, 30000),
                    (500, 9500), (5, 1500), (0, 6000), (0, 25), False),
    Tier.INNOVATIVE_SME.value: _Ranges((300, 30000), (1600, 5000), (7200, 10000), (520, 1500), (300, 1500),
                                       (200, 2000), (5000, 20000), (1000, 5400), (20, 280), (500, 4000), (1, 20), True),
    Tier.SRDI_SME.value: _Ranges((2600, 30000), (1100, 4000), (8000, 10000), (600, 1500), (300, 1500),
                                 (1000, 2500), (5000, 20000), (1000, 5000), (20, 280), (2000, 5000), (2, 20), True),
    Tier.LITTLE_GIANT.value: _Ranges((5000, 39000), (600, 4000), (7500, 10000), (650, 1500), (650, 1500),
                                     (500, 2500), (5000, 20000), (1000, 6500), (50, 800), (1000, 5000), (3, 25), True),
}  # fmt: skip


@functools.lru_cache(maxsize=None)
def _between(bounds: tuple[int, int]) -> st.SearchStrategy[int]:
    return st.integers(*bounds)


@st.composite
def _figures(draw: st.DrawFn, profile: str, year: int) -> tuple[AnnualFigures, ...]:
    """Three consistent years of figures (Y−3, Y−2, Y−1) for a profile."""
    r = _RANGES[profile]
    revenue = [0, 0, draw(_yuan(*r.revenue_wan))]  # index 2 is Y−1
    g_last, g_prev = draw(_between(r.growth_bp)), draw(_between(r.growth_bp))
    revenue[1] = max(10000, revenue[2] * 10000 // (10000 + g_last))
    revenue[0] = max(10000, revenue[1] * 10000 // (10000 + g_prev))
    if r.same_share:
        share = draw(_between(r.main_share_bp))
        shares = [share, share, share]
    else:
        shares = [draw(_between(r.main_share_bp)) for _ in range(3)]
    rd_bp = [draw(_between(r.rd_bp_other)), draw(_between(r.rd_bp_last)), draw(_between(r.rd_bp_last))]
    margin = draw(_between(r.margin_bp))
    assets_bp = draw(_between(r.assets_bp))
    debt = draw(_between(r.debt_bp))
    if profile == "free" and draw(_rarely(12)):
        debt = draw(_int(10001, 13000))  # liabilities above assets: rare, but real
    employees = draw(_between(r.employees))
    staff_bp = draw(_between(r.rd_staff_bp))
    equity = [0, 0, 0]
    if draw(_rarely(4)) or profile == "free" and draw(_rarely(3)):
        equity = [draw(_pick((0, 0, 1))) * draw(_yuan(100, 5000)) for _ in range(3)]
    out = []
    for k, lag in enumerate((3, 2, 1)):
        assets = max(10000, _scale(revenue[k], assets_bp))
        staff = max(1, employees - (lag - 1) * max(1, employees // 20))
        out.append(AnnualFigures(year - lag, {
            "operating_revenue": _wan(revenue[k]),
            "main_business_revenue": _wan(_scale(revenue[k], shares[k])),
            "rd_expense": _wan(_scale(revenue[k], rd_bp[k])),
            "net_profit": _wan(_scale(revenue[k], margin)),
            "total_assets": _wan(assets),
            "total_liabilities": _wan(_scale(assets, debt)),
            "employees": float(staff),
            "rd_staff": float(staff * staff_bp // 10000),
            "new_equity_financing": _wan(equity[k]),
        }))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _subset(items: frozenset[str] | tuple[str, ...], *, min_size: int = 0) -> st.SearchStrategy[str]:
    pool = sorted(items)
    return st.sets(st.sampled_from(pool), min_size=min_size, max_size=len(pool)).map(lambda s: ";".join(sorted(s)))


@functools.lru_cache(maxsize=None)
def _recognised(as_of: dt.date, valid: bool | None) -> st.SearchStrategy[dt.date | None]:
    """A recognition date: valid on ``as_of`` (True), expired (False), or any/none (None)."""
    if valid is True:
        return st.integers(1, 3 * 365 - 30).map(lambda d: as_of - dt.timedelta(days=d))
    if valid is False:
        return st.integers(3 * 365 + 5, 6 * 365).map(lambda d: as_of - dt.timedelta(days=d))
    return st.one_of(st.none(), st.integers(1, 6 * 365).map(lambda d: as_of - dt.timedelta(days=d)))


@st.composite
def _attributes(draw: st.DrawFn, profile: str, as_of: dt.date) -> dict[str, Any]:
    """Static attributes (as of the assessment date) for a profile."""
    y = as_of.year
    r = _RANGES[profile]
    strong = profile != "free"
    a: dict[str, Any] = {}
    a["niche_since_year"] = (y - 1) - draw(_between(r.niche_years)) + 1
    compliance = ("abnormal_operations", "serious_dishonesty", "major_incident_3y", "tax_violation_3y",
                  "restricted_products")
    # a strong profile is in good standing; a free one now and then is not (one flag, ~1 in 15)
    breach = -1 if strong else draw(_int(0, 14 * len(compliance) - 1)) - 13 * len(compliance)
    for k, flag in enumerate(compliance):
        a[flag] = k == breach
    if not strong and draw(_rarely(20)):
        a["revoked_on"] = as_of - dt.timedelta(days=draw(_int(30, 5 * 365)))

    ip1 = draw(_int(0, 15))
    a["ip_class1"] = ip1
    a["ip_class1_high_value"] = draw(_int(0, ip1))
    a["ip_class1_self_developed"] = draw(_int(0, ip1))
    a["ip_class1_in_use"] = draw(_int(0, ip1))
    a["invention_patents"] = draw(_int(0, ip1))
    a["ip_class2"] = draw(_int(0, 30))
    a["main_product_field"] = draw(_pick(_ALL_FIELDS))
    a["chain_role"] = draw(_pick(_CHAIN_ROLES))
    a["national_market_share"] = draw(_int(0, 4000)) / 10000
    a["rd_institution"] = draw(_pick(_RD_LEVELS))
    a["digital_level"] = draw(_int(1, 4))
    a["info_systems"] = draw(_subset(codes.INFO_SYSTEMS))
    # yes/no attributes from one bit mask: one draw instead of eight, shrinking to all "no"
    bits = draw(_int(0, 2 ** len(_YES_NO) - 1))
    for k, flag in enumerate(_YES_NO):
        a[flag] = bool(bits >> k & 1)
    level = draw(_pick(_AWARD_LEVELS))
    a["st_award_level"] = level
    if level != "none":
        a["st_award_rank"] = draw(_int(1, 10))
        a["st_award_year"] = y - draw(_int(0, 6))
    makers = draw(_pick(_MAKERS))
    a["makers_china"] = makers
    if makers != "none":
        a["makers_china_year"] = y - draw(_int(0, 6))
    a["honours"] = draw(_subset(_HONOURS))
    for tier in Tier.ladder():
        a[tier.recognition_column] = draw(_recognised(as_of, None)) if not strong else None

    if profile == Tier.INNOVATIVE_SME.value:
        # the score path with a margin, or one of the direct conditions
        path = draw(_pick(("score", "honour", "institution", "equity")))
        if path == "score":
            a["ip_class1_high_value"] = a["ip_class1"] = max(1, ip1)
        elif path == "honour":
            a["honours"] = draw(_subset(_HONOURS, min_size=1))
        elif path == "institution":
            a["rd_institution"] = draw(_pick(("national", "provincial")))
        # "equity" is handled by the figures (see enterprises)
        a["_path"] = path
    elif profile == Tier.SRDI_SME.value:
        a["innovative_recognised_on"] = draw(_recognised(as_of, True))
        a["ip_class1"] = max(1, ip1)
        a["ip_class1_high_value"] = max(1, a["ip_class1_high_value"])
        a["digital_level"] = draw(_int(3, 4))
        a["rd_institution"] = draw(_pick(("national", "provincial")))
        items = draw(_QUALITY_ITEMS)
        for flag in items:
            a[flag] = True
    elif profile == Tier.LITTLE_GIANT.value:
        a["innovative_recognised_on"] = draw(_recognised(as_of, None))
        a["srdi_recognised_on"] = draw(_recognised(as_of, True))
        a["info_systems"] = draw(_subset(codes.INFO_SYSTEMS, min_size=1))
        mgmt, product = draw(_pick(((True, True), (True, False), (False, True))))
        a["management_certified"], a["product_certified_abroad"] = mgmt, product
        a["national_market_share"] = draw(_int(1100, 6000)) / 10000
        a["own_brand"] = True
        a["chain_support_attested"] = True
        a["main_product_field"] = draw(_pick(_FIELDS_NOT_OTHER))
        if draw(_int(0, 4)) == 4:  # the direct path: a recent national award, ranked ≤ 3
            a["st_award_level"] = "national"
            a["st_award_rank"] = draw(_int(1, 3))
            a["st_award_year"] = y - draw(_int(0, 2))
        else:
            a["rd_institution"] = draw(_pick(("national", "provincial", "city", "below_city")))
            in_use = draw(_int(2, 12))
            a["ip_class1"] = max(ip1, in_use)
            a["ip_class1_in_use"] = in_use
            a["invention_patents"] = draw(_int(2, a["ip_class1"]))
    return a


def _extra_values(columns: Iterable[Column]) -> st.SearchStrategy[dict[str, Any]]:
    """Values for plug-in columns, by kind and bounds."""
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for c in columns:
        if c.kind is Kind.BOOL:
            parts[c.name] = st.booleans()
        elif c.kind in (Kind.NUMBER, Kind.MONEY, Kind.FRACTION):
            lo = 0.0 if c.minimum is None else float(c.minimum)
            hi = (1.0 if c.kind is Kind.FRACTION else lo + 1000.0) if c.maximum is None else float(c.maximum)
            steps = int(round((hi - lo) * 10000)) if c.kind is not Kind.NUMBER else int(hi - lo)
            unit = 1 / 10000 if c.kind is not Kind.NUMBER else 1.0
            parts[c.name] = st.integers(0, max(0, steps)).map(lambda k, lo=lo, unit=unit: lo + k * unit)
        elif c.kind is Kind.CODE and c.codes:
            parts[c.name] = st.sampled_from(sorted(c.codes))
        elif c.kind is Kind.SET and c.codes:
            parts[c.name] = _subset(frozenset(c.codes))
        elif c.kind is Kind.DATE:
            parts[c.name] = st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31))
        else:
            parts[c.name] = st.text(alphabet="测试样例企业产品", min_size=1, max_size=6)
    return st.fixed_dictionaries(parts)


@functools.lru_cache(maxsize=None)
def _blanks(candidates: tuple[tuple[str, int | None], ...]) -> st.SearchStrategy[frozenset[tuple[str, int | None]]]:
    return st.frozensets(st.sampled_from(candidates), min_size=1, max_size=6)


def _blank(enterprise: Enterprise, blanks: Iterable[tuple[str, int | None]]) -> Enterprise:
    """A copy with some values missing: ``(column, lag)`` for a figure, ``(column, None)`` for an attribute."""
    attributes = dict(enterprise.attributes)
    identity: dict[str, Any] = {}
    by_year = {f.fiscal_year: dict(f.values) for f in enterprise.figures}
    last = max(by_year)
    for name, lag in blanks:
        if lag is None:
            if name == "industry":
                identity["industry"] = None
            else:
                attributes.pop(name, None)
        else:
            by_year.get(last + 1 - lag, {}).pop(name, None)
    figures = tuple(AnnualFigures(y, v) for y, v in by_year.items())
    return attrs.evolve(enterprise, attributes=attributes, figures=figures, **identity)


# ---------------------------------------------------------------------------------------------
# public strategies
# ---------------------------------------------------------------------------------------------
def annual_figures(
    *, as_of: dt.date = DEFAULT_AS_OF, tier: Tier | str | None = None
) -> st.SearchStrategy[tuple[AnnualFigures, ...]]:
    """Consistent figures of fiscal years Y−3, Y−2 and Y−1 (万元, persons).

    Main-business revenue ≤ revenue, R&D staff ≤ employees, liabilities now and then above
    assets. ``tier`` draws from the ranges an enterprise eligible for that tier has.
    """
    profiles = _profile_choice(tier)
    return profiles.flatmap(lambda p: _figures(p, as_of.year))


def _profile_choice(tier: Tier | str | None) -> st.SearchStrategy[str]:
    if tier is None:
        return st.sampled_from(_PROFILES)
    if tier == "free":
        return st.just("free")
    return st.just(Tier.parse(tier).value)


@st.composite
def _enterprise(
    draw: st.DrawFn,
    *,
    as_of: dt.date,
    tier: Tier | str | None,
    complete: bool,
    province: str,
    prefectures: Sequence[str] | None,
    extra_columns: tuple[Column, ...],
) -> Enterprise:
    profile = draw(_profile_choice(tier))
    region = draw(_region_codes(province, prefectures))
    code = draw(uscc_codes(region))
    strong = profile != "free"
    small = profile in (Tier.INNOVATIVE_SME.value, Tier.SRDI_SME.value)
    industry = draw(_pick(_INDUSTRIAL + (_OTHER if small or not strong else ())))
    figures = draw(_figures(profile, as_of.year))
    attributes = draw(_attributes(profile, as_of))
    if attributes.pop("_path", None) == "equity":
        # 近三年新增股权融资总额 500万元以上: put it in one year, the others stay as drawn
        k = draw(_int(0, 2))
        f = figures[k]
        figures = tuple(
            AnnualFigures(g.fiscal_year, {**g.values, "new_equity_financing": draw(_yuan(520, 3000)) / 10000})
            if g is f else g for g in figures
        )
    attributes = {k: v for k, v in attributes.items() if v is not None}
    extra = draw(_extra_values(extra_columns)) if extra_columns else {}
    prefecture = (YUNNAN_PREFECTURES.get(region[:4]) if province == "53" else None)
    enterprise = Enterprise(
        uscc=code,
        name=f"{prefecture or ''}样例{code[8:12]}科技有限公司",
        region_code=region,
        prefecture=prefecture,
        industry=industry,
        attributes=attributes,
        figures=figures,
        extra=extra,
    )
    if not complete:
        candidates = [(c, lag) for c in _ANNUAL_BLANKABLE for lag in (1, 2, 3)]
        candidates += [(c, None) for c in _STATIC_BLANKABLE] + [("industry", None)]
        candidates += [(c.name, None) for c in extra_columns]
        blanks = draw(_blanks(tuple(candidates)))
        enterprise = _blank(enterprise, blanks)
    return enterprise


def enterprises(
    *,
    as_of: dt.date = DEFAULT_AS_OF,
    tier: Tier | str | None = None,
    complete: bool = True,
    province: str = "53",
    prefectures: Sequence[str] | None = None,
    extra_columns: Iterable[Column] = (),
) -> st.SearchStrategy[Enterprise]:
    """Enterprises with a valid USCC, a region in ``province`` and three years of figures.

    Parameters
    ----------
    as_of
        The assessment date the data is meant for: figures are fiscal years Y−3…Y−1 and
        recognition dates lie before it.
    tier
        Bias the generation towards enterprises eligible for this tier under the national rules
        (built from value ranges that meet its criteria, never filtered); ``None`` mixes
        unconstrained enterprises with strong ones of every tier; ``"free"`` only unconstrained.
    complete
        With ``False`` one to six values are left blank (a figure of one year, an attribute,
        the industry), so ``insufficient_data`` and the three-valued logic are exercised.
    province
        The two-digit province code of ``region_code`` and of USCC characters 3–4 (default 53,
        Yunnan).
    prefectures
        The 4-digit prefecture codes to draw from (default: Yunnan's 16, or 01–15 elsewhere).
    extra_columns
        Plug-in columns (:class:`~zjtx.roster.schema.Column`) to fill, by their kind and bounds.
    """
    if len(province) != 2 or not province.isdigit():
        raise ValueError(f"province must be a 2-digit code, not {province!r}")
    return _enterprise(
        as_of=as_of, tier=tier, complete=complete, province=province,
        prefectures=None if prefectures is None else tuple(prefectures), extra_columns=tuple(extra_columns),
    )  # fmt: skip


def rosters(
    *,
    as_of: dt.date = DEFAULT_AS_OF,
    min_size: int = 1,
    max_size: int = 8,
    tier: Tier | str | None = None,
    complete: bool = True,
    province: str = "53",
    prefectures: Sequence[str] | None = None,
    extra_columns: Iterable[Column] = (),
) -> st.SearchStrategy[pd.DataFrame]:
    """Canonical tidy roster frames (:meth:`Enterprise.to_frame`) of distinct enterprises."""
    people = st.lists(
        enterprises(as_of=as_of, tier=tier, complete=complete, province=province, prefectures=prefectures,
                    extra_columns=extra_columns),
        min_size=min_size, max_size=max_size, unique_by=lambda e: e.uscc,
    )  # fmt: skip
    return people.map(Enterprise.to_frame)


# ---------------------------------------------------------------------------------------------
# thresholds read from the rule declarations
# ---------------------------------------------------------------------------------------------
Side = Literal["below", "at", "above"]
_ORDERED = (Op.GE, Op.GT, Op.LE, Op.LT)


def _tests_of(rules: RuleSet | TierRules | Iterable[Test]) -> list[Test]:
    if isinstance(rules, RuleSet):
        items: Iterable[Test] = (t for tr in rules.tiers.values() for t in tr.tests())
    elif isinstance(rules, TierRules):
        items = rules.tests()
    else:
        items = rules
    seen: dict[str, Test] = {}
    for t in items:
        seen.setdefault(t.id, t)
    return list(seen.values())


def threshold_tests(rules: RuleSet | TierRules | Iterable[Test]) -> list[Test]:
    """Every test with a numeric threshold and an ordering comparison (≥ > ≤ <), once each."""
    return [t for t in _tests_of(rules) if t.op in _ORDERED and isinstance(t.threshold, float)]


def step_of(unit: Unit) -> float:
    """The smallest meaningful change of a value in ``unit`` ("just below / above" a bound).

    1 元 for amounts, one person, item, year or level for counts, 10⁻⁶ for ratios.
    """
    if unit is Unit.WAN_YUAN:
        return 0.0001
    if unit is Unit.RATIO:
        return 1e-6
    if unit is Unit.POINTS:
        return 0.5
    return 1.0


def _effective(test: Test, options: Options) -> Op:
    """The comparison the interpreter applies (banded bounds follow ``band_endpoint``)."""
    if test.banded and options.band_endpoint == "unfavourable":
        return test.op.exclusive()
    return test.op


def _passes(op: Op, side: Side) -> bool:
    if side == "at":
        return op in (Op.GE, Op.LE)
    return (side == "above") == (op in (Op.GE, Op.GT))


@frozen
class BoundaryCase:
    """A value just below, at or just above a test's threshold, and whether the test passes it.

    ``passes`` follows the declared comparison (with option ``band_endpoint`` for banded bounds).
    """

    test: Test
    value: float
    side: Side
    passes: bool

    def describe(self) -> str:
        """``srdi.C2.amount: 100万元 (at ≥ 100万元) → pass``."""
        outcome = "pass" if self.passes else "fail"
        return f"{self.test.id}: {self.test.unit.format(self.value)} ({self.side} {self.test.describe_threshold()}) → {outcome}"


def boundary_points(test: Test, options: Options = Options()) -> list[BoundaryCase]:
    """The three cases of one test: threshold − step, threshold, threshold + step."""
    t = float(test.threshold)  # type: ignore[arg-type]
    step = step_of(test.unit)
    op = _effective(test, options)
    return [BoundaryCase(test, v, side, _passes(op, side))
            for v, side in ((t - step, "below"), (t, "at"), (t + step, "above"))]  # type: ignore[arg-type]


def boundary_values(
    rules: RuleSet | TierRules | Iterable[Test], *, options: Options | None = None
) -> st.SearchStrategy[BoundaryCase]:
    """Cases just below, at and just above every numeric threshold of the rules.

    ``options`` default to the rule set's own (:class:`Options` defaults for a tier).
    """
    if options is None:
        options = rules.options if isinstance(rules, RuleSet) else Options()
    cases = [c for t in threshold_tests(rules) for c in boundary_points(t, options)]
    if not cases:
        raise ValueError("these rules have no numeric threshold")
    return st.sampled_from(cases)


# -- inputs landing exactly on a bound ---------------------------------------------------------
_LANDABLE = (Amount, Ratio, Growth, MeanGrowth, CompoundGrowth, Total, Mean, YearsBefore, SetSize)
_NUMERIC = (Kind.MONEY, Kind.NUMBER, Kind.FRACTION)


def _columns(extra_columns: Iterable[Column] = ()) -> dict[str, Column]:
    return {**CANONICAL, **{c.name: c for c in extra_columns}}


def landable(test: Test, extra_columns: Iterable[Column] = ()) -> bool:
    """Whether :func:`threshold_cases` can build inputs landing exactly on this test's bound."""
    m = test.metric
    if not isinstance(m, _LANDABLE) or test.op not in _ORDERED or not isinstance(test.threshold, float):
        return False
    known = _columns(extra_columns)
    for f in m.inputs:
        col = known.get(f.column)
        if col is None:
            return False
        if f.lag is not None and f.column not in CANONICAL:
            return False  # plug-in annual columns cannot be written to AnnualFigures
        if isinstance(m, SetSize):
            if col.kind is not Kind.SET or (m.members is None and not col.codes):
                return False
        elif col.kind not in _NUMERIC:
            return False
    return True


@frozen
class ThresholdCase:
    """An enterprise whose inputs put ``test``'s metric exactly at (or one step beside) its bound.

    ``inputs`` are the values written, by field key (``rd_expense[Y-1]``); ``value`` is the
    metric's exact value (a fraction; for a compound rate off the bound, its nearest fraction);
    ``passes`` is the outcome the declared comparison implies for it.
    """

    test: Test
    enterprise: Enterprise
    side: Side
    value: Fraction
    inputs: Mapping[str, object]
    passes: bool

    def describe(self) -> str:
        """The case in words, for failure messages."""
        parts = ", ".join(f"{k}={_show(v)}" for k, v in self.inputs.items())
        return (f"{self.test.id} ({self.test.label}): inputs {parts} put {self.test.metric.id} "
                f"{self.side} the bound ({self.test.unit.format(float(self.value))} vs "
                f"{self.test.describe_threshold()}), so the test should {'pass' if self.passes else 'fail'}")


def _show(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return repr(v)


def _exact(t: float) -> Fraction:
    """The threshold as written in decimal (0.03 → 3/100, not the nearest binary double)."""
    return Fraction(repr(t))


def _resolution(col: Column) -> int:
    """Integer units per unit of a column: 10000 元 per 万元, 10⁶ for shares, 1 for counts."""
    return {Kind.MONEY: 10000, Kind.FRACTION: 1_000_000}.get(col.kind, 1)


@functools.lru_cache(maxsize=None)
def _multiples(q: int, low: int, high: int) -> st.SearchStrategy[int]:
    """Multiples of ``q`` roughly between ``low`` and ``high`` (at least one multiple)."""
    k_lo = max(1, -(-low // q))
    return st.integers(k_lo, max(k_lo, high // q)).map(lambda k: k * q)


def _realistic(col: Column) -> tuple[int, int]:
    """A realistic range of a denominator column, in integer units (1000万–4亿, 10–1500 persons)."""
    if col.kind is Kind.MONEY:
        return 1000 * 10000, 40000 * 10000
    return 10, 1500


@st.composite
def _landing(
    draw: st.DrawFn, test: Test, side: Side, year: int, known: Mapping[str, Column]
) -> tuple[dict[Field, object], Fraction, int]:
    """Inputs (by field, in the field's unit) putting the metric at/beside the bound.

    Returns the inputs, the metric's value and the sign of value − threshold (exact).
    """
    m = test.metric
    t = _exact(float(test.threshold))  # type: ignore[arg-type]
    shift = {"below": -1, "at": 0, "above": 1}[side]

    if isinstance(m, (Amount, Total, Mean)):
        fields = (m.field,) if isinstance(m, Amount) else m.fields
        unit = _resolution(known[fields[0].column])
        n = len(fields) if isinstance(m, Mean) else 1
        exact_total = t * n * unit
        whole = math.floor(exact_total) + shift if exact_total.denominator == 1 else math.floor(exact_total) + (shift > 0)
        cuts = sorted(draw(_int(0, max(whole, 0))) for _ in range(len(fields) - 1))
        points = [0, *cuts, whole]
        values = [b - a for a, b in zip(points, points[1:])]
        value = Fraction(whole, unit * n)
        return {f: v / unit for f, v in zip(fields, values)}, value, _sign(value - t)

    if isinstance(m, Ratio):
        nu, du = _resolution(known[m.numerator.column]), _resolution(known[m.denominator.column])
        c = t * Fraction(nu, du)  # numerator units per denominator unit
        den = draw(_multiples(c.denominator, *_realistic(known[m.denominator.column])))
        num = int(c * den) + shift
        value = Fraction(num, nu) / Fraction(den, du)
        return {m.numerator: num / nu, m.denominator: den / du}, value, _sign(value - t)

    if isinstance(m, Growth):
        unit = _resolution(known[m.base.column])
        base = draw(_multiples(t.denominator, 500 * unit, 20000 * unit))
        cur = int(base * (1 + t)) + shift
        value = Fraction(cur, base) - 1
        return {m.base: base / unit, m.current: cur / unit}, value, _sign(value - t)

    if isinstance(m, (MeanGrowth, CompoundGrowth)):
        # both yearly rates equal t: R₋₂ = R₋₃(1+t), R₋₁ = R₋₂(1+t); R₋₃ a multiple of q²
        f1, f2, f3 = (Field(m.column, k) for k in (1, 2, 3))
        unit = _resolution(known[m.column])
        q = t.denominator
        r3 = draw(_multiples(q * q, 500 * unit, 20000 * unit))
        r2 = int(r3 * (1 + t))
        r1 = int(r2 * (1 + t)) + shift
        if isinstance(m, MeanGrowth):
            value = (Fraction(r1, r2) - 1 + Fraction(r2, r3) - 1) / 2
            sign = _sign(value - t)
        else:  # √(R₋₁/R₋₃) − 1 against t: compare R₋₁/R₋₃ with (1+t)² exactly
            sign = _sign(Fraction(r1, r3) - (1 + t) ** 2)
            value = t if sign == 0 else Fraction(math.sqrt(r1 / r3) - 1).limit_denominator(10**9)
        return {f3: r3 / unit, f2: r2 / unit, f1: r1 / unit}, value, sign

    if isinstance(m, YearsBefore):
        v = math.floor(t) + shift if t.denominator == 1 else math.floor(t) + (shift > 0)
        return {m.field: float((year - m.reference_lag) + m.plus - v)}, Fraction(v), _sign(Fraction(v) - t)

    if isinstance(m, SetSize):
        pool = sorted(m.members) if m.members is not None else sorted(known[m.field.column].codes or ())
        k = math.floor(t) + shift if t.denominator == 1 else math.floor(t) + (shift > 0)
        k = max(0, min(len(pool), k))
        chosen = draw(st.permutations(pool))[:k]
        return {m.field: ";".join(sorted(chosen))}, Fraction(k), _sign(Fraction(k) - t)

    raise ValueError(f"{test.id}: cannot land inputs on a {type(m).__name__} metric")


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _in_bounds(inputs: Mapping[Field, object], known: Mapping[str, Column]) -> bool:
    for f, v in inputs.items():
        col = known[f.column]
        if isinstance(v, float) and (col.minimum is not None and v < col.minimum or col.maximum is not None and v > col.maximum):
            return False
    return True


def _write(enterprise: Enterprise, inputs: Mapping[Field, object], year: int) -> Enterprise:
    """A copy with the given inputs written (figures by fiscal year, attributes by name)."""
    for f, value in inputs.items():
        if f.lag is not None:
            enterprise = enterprise.with_figures(year - f.lag, **{f.column: value})  # type: ignore[arg-type]
        elif f.column in CANONICAL and CANONICAL[f.column].role is Role.STATIC:
            enterprise = enterprise.with_attributes(**{f.column: value})
        else:
            enterprise = attrs.evolve(enterprise, extra={**enterprise.extra, f.column: value})
    return _repair(enterprise, {f.key for f in inputs}, year)


def _repair(enterprise: Enterprise, fixed: set[str], year: int) -> Enterprise:
    """Restore part ≤ whole (main business, R&D ≤ revenue; R&D staff ≤ employees) without
    touching the inputs a case fixed."""
    for f in enterprise.figures:
        lag = year - f.fiscal_year
        v = dict(f.values)
        changes: dict[str, float] = {}
        for part, whole in (("main_business_revenue", "operating_revenue"), ("rd_expense", "operating_revenue"),
                            ("rd_staff", "employees")):
            p, w = changes.get(part, v.get(part)), changes.get(whole, v.get(whole))
            if p is None or w is None or p <= w:
                continue
            if f"{whole}[Y-{lag}]" not in fixed:
                changes[whole] = p
            elif f"{part}[Y-{lag}]" not in fixed:
                changes[part] = w
        if changes:
            enterprise = enterprise.with_figures(f.fiscal_year, **changes)
    return enterprise


def landed_case(
    test: Test, base: Enterprise, side: Side, *, as_of: dt.date = DEFAULT_AS_OF, options: Options = Options(),
    extra_columns: Iterable[Column] = (),
) -> st.SearchStrategy[ThresholdCase]:
    """One :class:`ThresholdCase`: ``base`` with ``test``'s inputs landing ``side`` its bound.

    Where the side cannot be reached within the columns' bounds (one item below a bound of one
    item is fine, below zero is not) the case lands on the bound itself.
    """
    return _landed(test, base, side, as_of, options, tuple(extra_columns))


@st.composite
def _landed(
    draw: st.DrawFn, test: Test, base: Enterprise, side: Side, as_of: dt.date, options: Options,
    extra_columns: tuple[Column, ...],
) -> ThresholdCase:
    known = _columns(extra_columns)
    inputs, value, sign = draw(_landing(test, side, as_of.year, known))
    if not _in_bounds(inputs, known):
        inputs, value, sign = draw(_landing(test, "at", as_of.year, known))
    enterprise = _write(base, inputs, as_of.year)
    op = _effective(test, options)
    reached: Side = "at" if sign == 0 else ("above" if sign > 0 else "below")
    shown = {f.key: v for f, v in inputs.items()}
    return ThresholdCase(test, enterprise, reached, value, shown, _passes(op, reached))


@st.composite
def _threshold_case(
    draw: st.DrawFn, tests: Sequence[Test], options: Options, as_of: dt.date, province: str,
    extra_columns: tuple[Column, ...],
) -> ThresholdCase:
    test = draw(_pick(tuple(tests)))
    side: Side = draw(_pick(("at", "below", "above")))
    base = draw(enterprises(as_of=as_of, tier="free", province=province, extra_columns=extra_columns))
    return draw(_landed(test, base, side, as_of, options, extra_columns))


def threshold_cases(
    rules: RuleSet | TierRules | Iterable[Test],
    *,
    as_of: dt.date = DEFAULT_AS_OF,
    options: Options | None = None,
    province: str = "53",
    extra_columns: Iterable[Column] = (),
) -> st.SearchStrategy[ThresholdCase]:
    """Enterprises whose input amounts land exactly on (or one step beside) a threshold.

    For a ratio the denominator is drawn as a multiple of the threshold's denominator in 元 (or
    persons) and the numerator is exactly threshold × denominator: R&D 150万 on revenue 5000万
    is 3%. Growth rates, two-year means, compound rates, totals, year counts and set sizes are
    built the same way; "beside" is one 元, person, item or year away. The rest of the
    enterprise is drawn freely (``tier="free"``).
    """
    if options is None:
        options = rules.options if isinstance(rules, RuleSet) else Options()
    extra = tuple(extra_columns)
    tests = [t for t in threshold_tests(rules) if landable(t, extra)]
    if not tests:
        raise ValueError("these rules have no threshold whose inputs can be constructed")
    return _threshold_case(_Quiet(tests), options, as_of, province, extra)


class _Quiet(tuple):  # type: ignore[type-arg]
    """Tests passed to a strategy, shown briefly in hypothesis' reports (not 90 kB of rules)."""

    def __repr__(self) -> str:
        return f"<{len(self)} tests: {', '.join(t.id for t in self[:3])}{'…' if len(self) > 3 else ''}>"


st.register_type_strategy(Enterprise, enterprises())
