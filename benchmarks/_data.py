"""Synthetic national-scale rosters for the benchmarks (numpy-vectorised, fixed seed).

``generate(n, seed)`` returns a canonical tidy roster: ``n`` enterprises × fiscal years 2022–2024,
every canonical column with its canonical dtype (float64 numbers, pandas ``boolean`` flags,
object strings for text, codes and sets, ``datetime64[ns]`` dates), rows grouped by enterprise.
USCCs are unique and carry a valid GB 32100-2015 check character. Distributions are chosen so
that every outcome occurs: most enterprises are ordinary SMEs, some are innovative SMEs, fewer
SRDI SMEs, a few little giants, and a few percent have a missing figure (insufficient data).

``offset`` shifts the enterprise numbering so chunks generated separately never share a USCC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["generate", "YEARS", "AS_OF"]

YEARS = (2022, 2023, 2024)
#: The assessment date the benchmarks use (上年度 = 2024).
AS_OF = "2025-06-30"

_ALPHABET = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRTUWXY", dtype=np.uint8)
_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)

#: Region codes (行政区划代码) across provinces, weighted towards manufacturing provinces.
_REGIONS = np.array(["530100", "530300", "532300", "110108", "310115", "320500", "330100", "440300",
                     "440600", "370200", "510100", "420100", "610100", "350200", "340100", "430100"])
_INDUSTRIES = np.array(["C3985", "C3360", "C3484", "C2665", "C3511", "C4090", "I6513", "I6520", "F5179",
                        "M7320", "E4851", "C3976", "C3832", "C2710"])
_FIELDS = np.array(["basic_parts", "components", "key_software", "basic_materials", "next_gen_it",
                    "cnc_robotics", "new_materials", "medical_devices", "nev", "core_tech", "other"])
_SYSTEMS = np.array(["", "ERP", "ERP;MES", "CAX;ERP;MES", "OA", "CRM;ERP;OA"], dtype=object)
_HONOURS = np.array(["", "hnte", "hnte;ip_advantage", "ip_demo"], dtype=object)


def _uscc(index: np.ndarray, regions: np.ndarray) -> np.ndarray:
    """Unique, valid USCCs: 9 1 + region + a scrambled base-31 organisation code + check."""
    n = len(index)
    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, 0] = ord("9")
    chars[:, 1] = ord("1")
    chars[:, 2:8] = np.frombuffer("".join(_REGIONS).encode(), dtype=np.uint8).reshape(-1, 6)[regions]
    # A bijection of the index onto 31^8 codes, so codes look random but never repeat.
    space = 31**8
    code = (index.astype(np.int64) * 387_420_489 + 12_345_678) % space
    chars[:, 8] = _ALPHABET[22]  # 'M', as in MA… organisation codes
    digits = np.empty((n, 8), dtype=np.int64)
    for k in range(7, -1, -1):
        digits[:, k] = code % 31
        code //= 31
    chars[:, 9:17] = _ALPHABET[digits]
    values = np.searchsorted(_ALPHABET, chars[:, :17])  # _ALPHABET is sorted ASCII
    total = (values * _WEIGHTS).sum(axis=1)
    chars[:, 17] = _ALPHABET[(31 - total % 31) % 31]
    return chars.view("S18").ravel().astype("U18").astype(object)


def _bool(values: np.ndarray, missing: np.ndarray | None = None) -> pd.arrays.BooleanArray:
    mask = np.zeros(len(values), bool) if missing is None else missing
    return pd.arrays.BooleanArray(values.astype(bool), mask)


def _with_gaps(values: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    out = values.astype("float64", copy=True)
    out[rng.random(len(out)) < share] = np.nan
    return out


def _dates(rng: np.random.Generator, has: np.ndarray, start: str, end: str) -> np.ndarray:
    lo, hi = np.datetime64(start, "D").astype(np.int64), np.datetime64(end, "D").astype(np.int64)
    days = rng.integers(lo, hi + 1, len(has)).astype("datetime64[D]").astype("datetime64[ns]")
    days[~has] = np.datetime64("NaT")
    return days


def generate(n: int, seed: int = 0, *, offset: int = 0) -> pd.DataFrame:
    """A canonical tidy roster of ``n`` enterprises × :data:`YEARS` (see the module docstring)."""
    rng = np.random.default_rng([seed, offset])
    ny = len(YEARS)
    idx = np.arange(offset, offset + n, dtype=np.int64)
    # Latent quality: most are ordinary, a tail is strong enough for the higher tiers.
    quality = rng.beta(2.0, 5.0, n)
    strong = quality > 0.55

    region = rng.integers(0, len(_REGIONS), n)
    uscc = _uscc(idx, region)
    industry = _INDUSTRIES[rng.integers(0, len(_INDUSTRIES), n)].astype(object)
    industry[rng.random(n) < 0.01] = None

    # Annual figures: revenue with yearly growth, shares drawn per enterprise with yearly noise.
    base = np.exp(rng.normal(np.log(2500) + 2.5 * quality, 1.1, n))
    growth = rng.normal((0.02 + 0.25 * quality)[:, None], 0.12, (n, ny))
    growth[:, 0] = 0.0
    revenue = np.round(base[:, None] * np.cumprod(1 + growth, axis=1), 1)
    main_share = np.clip(rng.beta(6, 2, n)[:, None] + rng.normal(0, 0.03, (n, ny)), 0.2, 1.0)
    main = np.round(revenue * main_share, 1)
    intensity = np.clip(np.exp(rng.normal(np.log(0.02) + 2.0 * quality, 0.5, n))[:, None]
                        * (1 + rng.normal(0, 0.1, (n, ny))), 0, 0.6)
    rd = np.round(revenue * intensity, 1)
    margin = rng.normal(0.03 + 0.12 * quality, 0.05, n)[:, None] + rng.normal(0, 0.02, (n, ny))
    profit = np.round(revenue * margin, 1)
    assets = np.round(revenue * rng.uniform(0.6, 1.6, n)[:, None], 1)
    debt = np.clip(rng.normal(0.62 - 0.3 * quality, 0.15, n), 0.05, 1.2)[:, None]
    liabilities = np.round(assets * debt, 1)
    employees = np.maximum(np.round(revenue / rng.uniform(40, 120, n)[:, None]), 3)
    rd_staff = np.round(employees * np.clip(rng.normal(0.05 + 0.3 * quality, 0.06, n), 0, 0.9)[:, None])
    funded = rng.random((n, ny)) < 0.05 + 0.3 * quality[:, None]
    equity = np.where(funded, np.round(np.exp(rng.normal(np.log(800) + 3 * quality[:, None], 1.0, (n, ny))), 1), 0.0)

    def annual(values: np.ndarray, gaps: float = 0.0) -> np.ndarray:
        flat = values.reshape(-1)
        return _with_gaps(flat, rng, gaps) if gaps else flat.astype("float64")

    def rep(values: np.ndarray) -> np.ndarray:
        return np.repeat(values, ny)

    # Static attributes, repeated on every row of the enterprise.
    niche = _with_gaps(rng.integers(2005, 2024, n) - np.round(8 * quality), rng, 0.01)
    ip_hv = rng.poisson(2.0 * quality * strong)
    ip_self = ip_hv + rng.poisson(1.5 * quality)
    ip1 = ip_self + rng.poisson(2.0 * quality)
    ip_use = np.minimum(ip1, rng.poisson(3.5 * quality))
    ip2 = rng.poisson(3.0 * quality)
    rd_inst = np.where(quality > 0.7, "provincial", np.where(quality > 0.45, "city",
                       np.where(quality > 0.3, "below_city", "none"))).astype(object)
    rd_inst[rng.random(n) < 0.02] = "national"
    chain = np.where(rng.random(n) < quality, "gap_filled",
                     np.where(rng.random(n) < 0.3, "foundation_or_leader_supplier", "none")).astype(object)
    award = np.where(rng.random(n) < 0.08 * quality, "provincial", "none").astype(object)
    award[(award == "provincial") & (rng.random(n) < 0.2)] = "national"
    has_award = award != "none"
    makers = np.where(rng.random(n) < 0.05 * quality, "top500", "none").astype(object)
    makers[(makers == "top500") & (rng.random(n) < 0.3)] = "top50"
    honours = _HONOURS[np.where(rng.random(n) < 0.2 + 0.6 * quality, rng.integers(1, len(_HONOURS), n), 0)]
    systems = _SYSTEMS[np.minimum((quality * 8 + rng.integers(0, 3, n)).astype(int), len(_SYSTEMS) - 1)]
    innovative_on = _dates(rng, rng.random(n) < 0.15 + 0.6 * quality, "2022-06-01", "2025-05-31")
    srdi_on = _dates(rng, strong & (rng.random(n) < 0.8), "2022-06-01", "2025-05-31")
    giant_on = _dates(rng, strong & (rng.random(n) < 0.1), "2021-07-01", "2024-12-31")
    revoked_on = _dates(rng, rng.random(n) < 0.003, "2020-01-01", "2025-05-31")
    compliance = [rng.random(n) < p for p in (0.01, 0.004, 0.003, 0.002, 0.002)]

    frame = pd.DataFrame({
        "uscc": _obj(rep(uscc)),
        "name": _obj(rep(np.array([f"示例企业{i:08d}有限公司" for i in idx], dtype=object))),
        "region_code": _obj(rep(_REGIONS[region].astype(object))),
        "prefecture": _obj(np.full(n * ny, None, dtype=object)),
        "industry": _obj(rep(industry)),
        "fiscal_year": np.tile(np.array(YEARS, dtype="float64"), n),
        "operating_revenue": annual(revenue, 0.005),
        "main_business_revenue": annual(main, 0.005),
        "rd_expense": annual(rd, 0.01),
        "net_profit": annual(profit),
        "total_assets": annual(assets),
        "total_liabilities": annual(liabilities),
        "employees": annual(employees),
        "rd_staff": annual(rd_staff, 0.005),
        "new_equity_financing": annual(equity),
        "niche_since_year": rep(niche),
        "main_product": _obj(rep(np.full(n, "主导产品", dtype=object))),
        "main_product_field": _obj(rep(_FIELDS[rng.integers(0, len(_FIELDS), n)].astype(object))),
        "strategic_emerging": _bool(rep(rng.random(n) < 0.2 + 0.5 * quality)),
        "chain_role": _obj(rep(chain)),
        "chain_support_attested": _bool(rep(strong & (rng.random(n) < 0.6))),
        "national_market_share": rep(np.round(np.clip(rng.exponential(0.03 + 0.15 * quality * strong), 0, 1), 4)),
        "own_brand": _bool(rep(rng.random(n) < 0.4 + 0.5 * quality)),
        "ip_class1_high_value": rep(ip_hv.astype("float64")),
        "ip_class1_self_developed": rep(ip_self.astype("float64")),
        "ip_class1": rep(ip1.astype("float64")),
        "ip_class1_in_use": rep(ip_use.astype("float64")),
        "ip_class2": rep(ip2.astype("float64")),
        "invention_patents": rep(rng.poisson(4 * quality).astype("float64")),
        "rd_institution": _obj(rep(rd_inst)),
        "digital_level": rep(np.clip(np.round(1 + 3 * quality + rng.normal(0, 0.5, n)), 1, 4)),
        "info_systems": _obj(rep(systems)),
        "management_certified": _bool(rep(rng.random(n) < 0.3 + 0.6 * quality)),
        "product_certified_abroad": _bool(rep(rng.random(n) < 0.3 * quality)),
        "quality_award": _bool(rep(rng.random(n) < 0.1 * quality)),
        "standards_drafted": _bool(rep(rng.random(n) < 0.4 * quality)),
        "audit_filed": _bool(rep(rng.random(n) < 0.7)),
        "st_award_level": _obj(rep(award)),
        "st_award_rank": rep(np.where(has_award, rng.integers(1, 8, n), np.nan)),
        "st_award_year": rep(np.where(has_award, rng.integers(2019, 2025, n), np.nan)),
        "makers_china": _obj(rep(makers)),
        "makers_china_year": rep(np.where(makers != "none", rng.integers(2020, 2025, n), np.nan)),
        "honours": _obj(rep(honours)),
        "abnormal_operations": _bool(rep(compliance[0])),
        "serious_dishonesty": _bool(rep(compliance[1])),
        "major_incident_3y": _bool(rep(compliance[2])),
        "tax_violation_3y": _bool(rep(compliance[3])),
        "restricted_products": _bool(rep(compliance[4])),
        "innovative_recognised_on": rep(innovative_on),
        "srdi_recognised_on": rep(srdi_on),
        "little_giant_recognised_on": rep(giant_on),
        "revoked_on": rep(revoked_on),
    })  # fmt: skip
    return frame


def _obj(values: np.ndarray) -> pd.Series:
    # The canonical dtype of text, code and set columns is object (pandas 3 would infer ``str``).
    return pd.Series(values, dtype=object, copy=False)
