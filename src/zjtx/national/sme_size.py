"""SME size classes: 中小企业划型标准规定 (工信部联企业〔2011〕300号).

Precondition G2 of every tier: the enterprise must not be large. The table below is data: each
sector lists the metrics it is classified by and the lower bounds of large, medium and small.
300号 has its own convention: “X以下” excludes X and “X及以上” includes it (sme-size.md §1).

* Large only if **every** metric reaches the large bound (the SME ceiling is an OR).
* Medium and small need **every** lower bound (AND); micro is the rest.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from attrs import frozen

from zjtx.rules.clause import Clause, Provenance

__all__ = ["SizeStandard", "SIZE_STANDARDS", "CLAUSE", "sector_of", "large_enterprise", "size_class"]

CLAUSE = Clause(
    "工信部联企业〔2011〕300号",
    "第四条",
    "中小微型企业划分为中型、小型、微型三种类型，具体标准根据企业从业人员、营业收入、资产总额等指标，结合行业特点制定",
)


@frozen
class SizeStandard:
    """One sector's size bounds (万元, persons), in the order of ``metrics``."""

    sector: str
    label: str
    metrics: tuple[str, ...]
    large: tuple[float, ...]
    medium: tuple[float, ...]
    small: tuple[float, ...]
    provenance: Provenance = Provenance.VERIFIED_MULTI


_E, _R, _A = "employees", "operating_revenue", "total_assets"
_U = Provenance.UNVERIFIED

SIZE_STANDARDS: tuple[SizeStandard, ...] = (
    SizeStandard("industrial", "工业", (_E, _R), (1000, 40000), (300, 2000), (20, 300)),
    SizeStandard("construction", "建筑业", (_R, _A), (80000, 80000), (6000, 5000), (300, 300)),
    SizeStandard("wholesale", "批发业", (_E, _R), (200, 40000), (20, 5000), (5, 1000)),
    SizeStandard("retail", "零售业", (_E, _R), (300, 20000), (50, 500), (10, 100)),
    SizeStandard("software_it", "软件和信息技术服务业", (_E, _R), (300, 10000), (100, 1000), (10, 50)),
    SizeStandard("agriculture", "农、林、牧、渔业", (_R,), (20000,), (500,), (50,)),
    SizeStandard("transport", "交通运输业", (_E, _R), (1000, 30000), (300, 3000), (20, 200)),
    SizeStandard("warehousing", "仓储业", (_E, _R), (200, 30000), (100, 1000), (20, 100)),
    SizeStandard("postal", "邮政业", (_E, _R), (1000, 30000), (300, 2000), (20, 100)),
    SizeStandard("accommodation", "住宿业", (_E, _R), (300, 10000), (100, 2000), (10, 100)),
    SizeStandard("catering", "餐饮业", (_E, _R), (300, 10000), (100, 2000), (10, 100)),
    SizeStandard("info_transmission", "信息传输业", (_E, _R), (2000, 100000), (100, 1000), (10, 100)),
    SizeStandard("real_estate_dev", "房地产开发经营", (_R, _A), (200000, 10000), (1000, 5000), (100, 2000), _U),
    SizeStandard("property_mgmt", "物业管理", (_E, _R), (1000, 5000), (300, 1000), (100, 500), _U),
    SizeStandard("leasing_business", "租赁和商务服务业", (_E, _A), (300, 120000), (100, 8000), (10, 100), _U),
    SizeStandard("other", "其他未列明行业", (_E,), (300,), (100,), (10,), _U),
)

_BY_SECTOR = {s.sector: s for s in SIZE_STANDARDS}

#: GB/T 4754-2017 divisions (2 digits) → sector; None: not covered by 300号 (finance, public bodies).
_DIVISIONS: dict[int, str | None] = {}
for _lo, _hi, _sector in (
    (1, 5, "agriculture"), (6, 46, "industrial"), (47, 50, "construction"), (51, 51, "wholesale"),
    (52, 52, "retail"), (53, 53, "other"), (54, 58, "transport"), (59, 59, "warehousing"),
    (60, 60, "postal"), (61, 61, "accommodation"), (62, 62, "catering"), (63, 64, "info_transmission"),
    (65, 65, "software_it"), (66, 69, None), (70, 70, "other"), (71, 72, "leasing_business"),
    (73, 90, "other"), (91, 97, None),
):  # fmt: skip
    for _d in range(_lo, _hi + 1):
        _DIVISIONS[_d] = _sector
#: Sections whose every division maps to one sector.
_SECTIONS = {"A": "agriculture", "B": "industrial", "C": "industrial", "D": "industrial", "E": "construction",
             "L": "leasing_business", "M": "other", "N": "other", "O": "other", "P": "other", "Q": "other",
             "R": "other", "J": None, "S": None, "T": None}  # fmt: skip
_CODE = re.compile(r"^([A-T])?(\d{2,4})?$")


def sector_of(industry: object) -> str | None:
    """The size-standard sector of a sector key or a GB/T 4754-2017 code (None if not covered).

    >>> sector_of("C3985"), sector_of("I6513"), sector_of("K7020"), sector_of("software_it")
    ('industrial', 'software_it', 'property_mgmt', 'software_it')
    >>> sector_of("J6620") is None
    True
    """
    if industry is None or (isinstance(industry, float) and np.isnan(industry)):
        return None
    text = str(industry).strip()
    if text in _BY_SECTOR:
        return text
    m = _CODE.match(text.upper())
    if not m or not (m.group(1) or m.group(2)):
        raise ValueError(f"unknown industry code {industry!r}")
    letter, digits = m.group(1), m.group(2)
    if digits is None:
        if letter not in _SECTIONS:
            raise ValueError(f"section {letter} spans several size sectors; give the division (e.g. {letter}51)")
        return _SECTIONS[letter]
    division = int(digits[:2])
    if division not in _DIVISIONS:
        raise ValueError(f"unknown GB/T 4754-2017 division {division:02d}")
    if division == 70:
        return {"7010": "real_estate_dev", "7020": "property_mgmt"}.get(digits[:4], "other")
    return _DIVISIONS[division]


def _sector_or_none(value: object) -> str | None:
    try:
        return sector_of(value)
    except ValueError:
        return None


def _sector_codes(industry: np.ndarray) -> np.ndarray:
    """Per row, the position of its sector in :data:`SIZE_STANDARDS` (−1: none or unknown).

    Each distinct industry code is looked up once.
    """
    codes, uniques = pd.factorize(np.asarray(industry, dtype=object))
    position = {std.sector: i for i, std in enumerate(SIZE_STANDARDS)}
    found = [position.get(_sector_or_none(u), -1) for u in uniques]  # type: ignore[arg-type]
    return np.array(found + [-1], dtype=np.int64)[codes]


def _classify(industry: np.ndarray, employees: np.ndarray, revenue: np.ndarray, assets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(large: 1/0/NaN, class code 3 large … 0 micro, NaN unknown)."""
    n = len(industry)
    data = {_E: np.asarray(employees, float), _R: np.asarray(revenue, float), _A: np.asarray(assets, float)}
    sectors = _sector_codes(np.asarray(industry, dtype=object))
    large = np.full(n, np.nan)
    klass = np.full(n, np.nan)
    for i, std in enumerate(SIZE_STANDARDS):
        rows = sectors == i
        if not rows.any():
            continue
        values = [data[m][rows] for m in std.metrics]
        known = [~np.isnan(v) for v in values]

        def meets(bounds: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray]:
            # (known to meet every bound, known to miss one)  —  及以上 includes the bound
            yes = np.logical_and.reduce([k & (v >= b) for v, k, b in zip(values, known, bounds)])
            no = np.logical_or.reduce([k & (v < b) for v, k, b in zip(values, known, bounds)])
            return yes, no

        l_yes, l_no = meets(std.large)
        m_yes, m_no = meets(std.medium)
        s_yes, s_no = meets(std.small)
        lg = np.where(l_yes, 1.0, np.where(l_no, 0.0, np.nan))
        k = np.where(l_yes, 3.0, np.where(l_no & m_yes, 2.0, np.where(l_no & m_no & s_yes, 1.0,
                     np.where(l_no & m_no & s_no, 0.0, np.nan))))  # fmt: skip
        large[rows] = lg
        klass[rows] = k
    return large, klass


def large_enterprise(industry: np.ndarray, employees: np.ndarray, revenue: np.ndarray, assets: np.ndarray) -> np.ndarray:
    """1.0 if large under 300号, 0.0 if an SME, NaN if the inputs do not decide it."""
    return _classify(industry, employees, revenue, assets)[0]


_CLASS_NAMES = {3.0: "large", 2.0: "medium", 1.0: "small", 0.0: "micro"}


def size_class(industry: np.ndarray, employees: np.ndarray, revenue: np.ndarray, assets: np.ndarray) -> np.ndarray:
    """'large', 'medium', 'small', 'micro' or None per enterprise."""
    klass = _classify(industry, employees, revenue, assets)[1]
    names = np.array([_CLASS_NAMES[k] for k in (0.0, 1.0, 2.0, 3.0)] + [None], dtype=object)
    return names[np.where(np.isnan(klass), 4, klass).astype(np.int64)]
