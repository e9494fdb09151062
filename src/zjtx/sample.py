"""A generated, province-sized synthetic roster (合成数据) for demos, reports and benchmarks.

:func:`generate` builds a canonical tidy roster (one row per enterprise × fiscal year, the
columns and dtypes of :mod:`zjtx.roster.schema`) from a fixed seed, with numpy vectorisation
and no per-enterprise Python loop, so a million enterprises take seconds. The enterprises are
invented: every name ends in ``(合成)``. Distributions are chosen so that a Yunnan-sized roster
looks like the province's cultivation pool (梯度培育库) in 2025:

* 16 prefectures (州市) weighted towards 昆明; USCCs registered there, with valid check
  characters (GB 32100-2015, computed through :func:`stdnum.cn.uscc.calc_check_digit`);
* industries drawn from the province's sectors (non-ferrous and rare metals, phosphorus
  chemicals and batteries, software, biomedicine, tea and coffee…), with GB/T 4754-2017 codes;
* a latent "strength" per enterprise that drives R&D, IP, growth, certifications and
  recognitions, so every tier has eligible enterprises and recognised ones are mostly strong;
* recognitions (innovative SME, SRDI SME, little giant) dated in announcement batches spread
  over past years, so that some have expired or expire during the reference year;
* a few percent of cells left empty, a few compliance problems and revocations.

The bundled default roster (:func:`load`, ``zjtx/data/sample-yunnan.parquet``) is
``generate()`` with the defaults below; ``python -m zjtx.sample -o FILE`` writes it again.

>>> from zjtx.sample import generate
>>> roster = generate(200, seed=1)
>>> len(roster), roster["uscc"].nunique()
(600, 200)
>>> sorted(roster["fiscal_year"].unique().tolist())
[2022.0, 2023.0, 2024.0]
>>> bool(roster["name"].str.endswith("(合成)").all())
True
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
from attrs import frozen
from stdnum.cn import uscc as _uscc

from zjtx.roster.schema import COLUMNS, Kind

__all__ = [
    "DEFAULT_SIZE",
    "DEFAULT_SEED",
    "REFERENCE_YEAR",
    "SAMPLE_FILE",
    "SYNTHETIC_MARK",
    "YUNNAN_PREFECTURES",
    "generate",
    "load",
    "sample_path",
    "snapshot_date",
    "main",
]

#: Enterprises in the bundled roster: about Yunnan's 2025 pool (3019 innovative, 1543 SRDI, 85 little giants).
DEFAULT_SIZE = 6000
#: The fixed seed of the bundled roster (the plan 云政办发〔2025〕27号 was issued 2025-06-06).
DEFAULT_SEED = 20250606
#: Default reference year Y: fiscal years Y−3, Y−2, Y−1 are generated.
REFERENCE_YEAR = 2025
#: Every generated name ends with this mark.
SYNTHETIC_MARK = "(合成)"
#: File name of the bundled roster in ``zjtx/data``.
SAMPLE_FILE = "sample-yunnan.parquet"

#: Yunnan's 16 prefectures (yunnan-2025.md): 4-digit division code → (name, short name, weight).
YUNNAN_PREFECTURES = MappingProxyType({
    "5301": ("昆明市", "昆明", 0.36), "5303": ("曲靖市", "曲靖", 0.10), "5304": ("玉溪市", "玉溪", 0.08),
    "5305": ("保山市", "保山", 0.035), "5306": ("昭通市", "昭通", 0.035), "5307": ("丽江市", "丽江", 0.02),
    "5308": ("普洱市", "普洱", 0.03), "5309": ("临沧市", "临沧", 0.025),
    "5323": ("楚雄彝族自治州", "楚雄", 0.05), "5325": ("红河哈尼族彝族自治州", "红河", 0.08),
    "5326": ("文山壮族苗族自治州", "文山", 0.04), "5328": ("西双版纳傣族自治州", "西双版纳", 0.02),
    "5329": ("大理白族自治州", "大理", 0.06), "5331": ("德宏傣族景颇族自治州", "德宏", 0.02),
    "5333": ("怒江傈僳族自治州", "怒江", 0.005), "5334": ("迪庆藏族自治州", "迪庆", 0.005),
})  # fmt: skip
# Kunming's districts and county-level cities commonly seen in registrations; other
# prefectures register at the prefecture level (XX00).
_KUNMING_COUNTIES = ("530102", "530103", "530111", "530112", "530114", "530115", "530181")


@frozen
class _Profile:
    """An industry of the synthetic province: code, name word, products, fields and scales."""

    industry: str
    word: str
    products: tuple[str, ...]
    fields: tuple[str, ...]
    strategic: float
    weight: float
    revenue_scale: float = 1.0
    revenue_per_head: float = 80.0  # 万元 per employee


_PROFILES: tuple[_Profile, ...] = (
    _Profile("C3252", "铝业", ("高性能铝合金型材", "电池用铝箔", "铝合金轮毂"), ("basic_materials", "new_materials", "nev"),
             0.5, 6, 1.6, 150),
    _Profile("C3251", "铜业", ("高精度电解铜箔", "铜合金精密带材"), ("basic_materials", "new_materials"), 0.5, 4, 1.6, 150),
    _Profile("C3240", "稀贵金属", ("高纯铟", "ITO靶材", "磷化铟单晶片", "锗单晶", "红外锗镜片", "铂族金属催化剂"),
             ("new_materials", "basic_materials", "components"), 0.9, 4, 1.3, 120),
    _Profile("C3985", "电子材料", ("电子级高纯材料", "半导体溅射靶材"), ("new_materials", "components", "next_gen_it"), 0.9, 3, 1.2),
    _Profile("C2613", "磷化工", ("电池级磷酸", "精细磷酸盐", "电子级磷酸"), ("basic_materials", "new_materials", "other"),
             0.5, 4, 1.5, 120),
    _Profile("C2662", "新能源材料", ("磷酸铁锂正极材料", "六氟磷酸锂电解质"), ("new_materials", "nev"), 0.9, 3, 1.5, 130),
    _Profile("C3841", "新能源", ("磷酸铁锂电池", "储能电池模组"), ("nev", "power_equipment"), 0.95, 3, 1.4, 110),
    _Profile("C2614", "化工", ("精细化工中间体", "有机硅单体"), ("basic_materials", "other"), 0.4, 3, 1.3, 120),
    _Profile("I6513", "软件", ("面向南亚东南亚的跨境贸易服务平台", "政务数据管理软件", "工业互联网平台"),
             ("key_software", "next_gen_it", "data_security", "core_tech", "other"), 0.7, 8, 0.5, 35),
    _Profile("I6531", "数字科技", ("数据中心运维服务", "网络安全监测系统", "智慧园区系统集成"),
             ("cybersecurity", "info_infrastructure", "next_gen_it", "other"), 0.6, 4, 0.6, 40),
    _Profile("C3360", "精密制造", ("精密零件表面硬化处理", "真空热处理加工"), ("basic_processes", "other"), 0.2, 4, 0.6, 60),
    _Profile("C3484", "机械", ("数控机床精密零部件", "高原型工程机械零部件"), ("basic_parts", "cnc_robotics", "other"), 0.4, 6, 0.8, 70),
    _Profile("C3823", "电气", ("智能配电开关设备", "高原型变压器"), ("power_equipment", "components"), 0.6, 4, 1.0, 90),
    _Profile("C3670", "汽车部件", ("新能源汽车电机壳体", "汽车线束总成"), ("nev", "basic_parts"), 0.7, 3, 1.1, 90),
    _Profile("C3981", "电子", ("片式电子元件", "光电子器件"), ("components", "next_gen_it"), 0.8, 2, 0.9, 70),
    _Profile("C4014", "仪器", ("光谱分析仪器", "在线水质监测仪"), ("components", "tech_foundation"), 0.7, 2, 0.6, 60),
    _Profile("C3581", "医疗器械", ("便携式超声诊断仪", "医用康复设备"), ("medical_devices",), 0.9, 2, 0.7, 60),
    _Profile("C2740", "药业", ("三七系列中成药", "灯盏花素制剂", "天麻系列制剂"), ("other",), 0.6, 6, 1.0, 70),
    _Profile("C2710", "生物医药", ("天然药物提取物", "青蒿素原料药"), ("other", "new_materials"), 0.6, 3, 1.0, 80),
    _Profile("C1530", "茶业", ("普洱茶", "滇红茶"), ("other",), 0.05, 5, 0.4, 50),
    _Profile("C1399", "咖啡", ("小粒咖啡深加工产品", "咖啡生豆精制"), ("other",), 0.05, 3, 0.5, 60),
    _Profile("A0143", "花卉", ("鲜切花种苗", "高原特色花卉"), ("other",), 0.2, 2, 0.3, 20),
    _Profile("F5199", "商贸", ("面向南亚东南亚的进出口贸易",), ("other",), 0.0, 2, 1.2, 300),
    _Profile("M7320", "技术研究院", ("检验检测技术服务", "工程技术研发服务"), ("tech_foundation", "other"), 0.5, 2, 0.4, 40),
)  # fmt: skip

_TRADE_CHARS = tuple("滇云彩金华瑞博恒宏鑫泰达晟源锦辉盛新创智远汇天海翔卓铭峰润康嘉兴腾越昊宸弘景森岳")
_FORMS = ("有限公司", "科技有限公司", "股份有限公司", "有限责任公司")
_INFO_SYSTEMS = (("ERP", 0.55), ("OA", 0.5), ("CAX", 0.25), ("CAM", 0.15), ("MES", 0.18),
                 ("CRM", 0.22), ("SRM", 0.08), ("SCM", 0.12))  # fmt: skip
_HONOURS = (("hnte", 0.16), ("ip_advantage", 0.03), ("ip_demo", 0.01), ("national_innovation_demo", 0.005))
_RD_LEVELS = ("national", "provincial", "city", "below_city", "none")
_CHAIN_ROLES = ("gap_filled", "foundation_or_leader_supplier", "none")
# Announcement batches (month, day) of each tier; little giants are announced nationally once a year.
_BATCHES = {"innovative": ((4, 15), (10, 15)), "srdi": ((5, 20), (11, 20)), "lg": ((7, 15),)}


def snapshot_date(reference_year: int = REFERENCE_YEAR) -> dt.date:
    """The day the generated recognitions are current to: 30 June of the reference year."""
    return dt.date(reference_year, 6, 30)


def sample_path() -> Path:
    """The path of the bundled roster file (``zjtx/data/sample-yunnan.parquet``)."""
    return Path(str(resources.files("zjtx") / "data" / SAMPLE_FILE))


def load() -> pd.DataFrame:
    """The bundled synthetic Yunnan roster (``generate()`` with the defaults), canonical dtypes."""
    frame = pd.read_parquet(sample_path())
    return _canonical_dtypes(frame)


# ---------------------------------------------------------------------------------------------
# identities
# ---------------------------------------------------------------------------------------------
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015 (no I, O, S, V, Z)


def _uscc_contributions() -> np.ndarray:
    """Each character's contribution to the check character at each of the 17 positions.

    The GB 32100 check character is a weighted sum modulo 31 and '0' counts as zero, so the
    check of a code is the sum (mod 31) of the checks of codes holding one of its characters
    among zeros. The table is read from :func:`stdnum.cn.uscc.calc_check_digit` itself.
    """
    table = np.zeros((17, len(_ALPHABET)), dtype=np.int64)
    for pos in range(17):
        for k, ch in enumerate(_ALPHABET):
            probe = "0" * pos + ch + "0" * (16 - pos)
            table[pos, k] = _ALPHABET.index(_uscc.calc_check_digit(probe))
    return table


_CONTRIB: np.ndarray | None = None


def _gb11714_check(body: np.ndarray) -> np.ndarray:
    """The GB 11714-1997 check character of 8-character organisation codes (values 0–35)."""
    weights = np.array([3, 7, 9, 10, 5, 8, 4, 2])
    c = 11 - (body * weights).sum(axis=1) % 11
    # 10 → 'X', 11 → '0', else the digit
    return np.where(c == 11, 0, np.where(c == 10, 33, c))  # 33: 'X' in 0-9A-Z values


def _usccs(region: np.ndarray, rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct USCCs ``91`` + region + ``MA`` + 6 characters + GB 11714 check + GB 32100 check."""
    global _CONTRIB
    if _CONTRIB is None:
        _CONTRIB = _uscc_contributions()
    space = len(_ALPHABET) ** 6
    if n > space:
        raise ValueError(f"at most {space} enterprises")
    # A bijection of 0..space-1 (multiplier coprime to 31) makes codes distinct yet scattered.
    offset = int(rng.integers(0, space))
    serial = (np.arange(n, dtype=np.int64) * 48_271 + offset) % space
    digits = np.empty((n, 6), dtype=np.int64)
    for k in range(5, -1, -1):
        digits[:, k] = serial % 31
        serial //= 31
    alpha = np.array(list(_ALPHABET))
    # values of the organisation-code characters in 0-9A-Z (A = 10 … Z = 35) for GB 11714
    gb_value = np.array([int(c, 36) for c in _ALPHABET])
    body_values = np.column_stack([np.full(n, 22), np.full(n, 10), gb_value[digits]])  # 'M' = 22, 'A' = 10
    check9 = _gb11714_check(body_values)
    check9_char = np.array(list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))[check9]
    chars = np.empty((n, 18), dtype="<U1")
    chars[:, 0], chars[:, 1] = "9", "1"
    kinds, which = np.unique(region, return_inverse=True)  # a few dozen distinct codes
    chars[:, 2:8] = np.array([list(r) for r in kinds], dtype="<U1").reshape(-1, 6)[which]
    chars[:, 8], chars[:, 9] = "M", "A"
    chars[:, 10:16] = alpha[digits]
    chars[:, 16] = check9_char
    index = {c: i for i, c in enumerate(_ALPHABET)}
    lookup = np.zeros(128, dtype=np.int64)
    for c, i in index.items():
        lookup[ord(c)] = i
    codes = lookup[chars[:, :17].view(np.uint32)]
    check = _CONTRIB[np.arange(17), codes].sum(axis=1) % 31
    chars[:, 17] = alpha[check]
    return np.ascontiguousarray(chars).view("<U18").ravel().astype(object)


def _regions(jurisdiction: str) -> tuple[list[str], list[str], list[str], np.ndarray]:
    """(4-digit codes, names, short names, weights) of the jurisdiction's prefectures."""
    if jurisdiction == "yunnan":
        codes = list(YUNNAN_PREFECTURES)
        names = [YUNNAN_PREFECTURES[c][0] for c in codes]
        short = [YUNNAN_PREFECTURES[c][1] for c in codes]
        weights = np.array([YUNNAN_PREFECTURES[c][2] for c in codes])
        return codes, names, short, weights / weights.sum()
    if jurisdiction == "national":
        # one registration area per province (its first prefecture-level code, XX01)
        from zjtx.model.codes import PROVINCE_CODES

        codes = [f"{p}01" for p in PROVINCE_CODES]
        names = list(PROVINCE_CODES.values())
        return codes, names, [n[:2] for n in names], np.full(len(codes), 1 / len(codes))
    from zjtx.plugins import facade

    regions = facade().regions(jurisdiction)
    if not regions:
        raise ValueError(f"no prefectures known for jurisdiction {jurisdiction!r}: install its plug-in, "
                         "or use 'yunnan' or 'national'")
    codes = [r.code for r in regions]
    names = [r.name for r in regions]
    return codes, names, [n[:2] for n in names], np.full(len(codes), 1 / len(codes))


# ---------------------------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------------------------
def generate(
    n_enterprises: int = DEFAULT_SIZE,
    *,
    seed: int = DEFAULT_SEED,
    jurisdiction: str = "yunnan",
    years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """A synthetic canonical roster of ``n_enterprises`` × ``len(years)`` rows.

    Parameters
    ----------
    n_enterprises
        Number of enterprises (each gets one row per fiscal year).
    seed
        Seed of the random generator: the same arguments always give the same roster.
    jurisdiction
        ``"yunnan"`` (its 16 prefectures are built in), ``"national"`` (one area per province)
        or another jurisdiction whose plug-in declares its regions (``zjtx_regions``; equal
        weights).
    years
        Fiscal years to generate, default ``(Y−3, Y−2, Y−1)`` for ``Y =``
        :data:`REFERENCE_YEAR`. The reference year is ``max(years) + 1``: recognitions are
        dated up to :func:`snapshot_date` of it.

    Returns
    -------
    pandas.DataFrame
        The canonical tidy roster (columns of :data:`zjtx.roster.schema.COLUMNS`, canonical
        dtypes), rows grouped by enterprise and ordered by fiscal year.
    """
    if n_enterprises < 0:
        raise ValueError("n_enterprises must be ≥ 0")
    years_t = tuple(sorted(int(y) for y in (years or range(REFERENCE_YEAR - 3, REFERENCE_YEAR))))
    if len(set(years_t)) != len(years_t) or not years_t:
        raise ValueError(f"years must be distinct and non-empty, got {years!r}")
    ref = years_t[-1] + 1
    n, k = int(n_enterprises), len(years_t)
    rng = np.random.default_rng(seed)
    u = rng.random  # uniform draws

    # -- identity -------------------------------------------------------------------------------
    pcodes, pnames, pshort, pweights = _regions(jurisdiction)
    pref = rng.choice(len(pcodes), size=n, p=pweights)
    pcode_arr = np.array(pcodes, dtype=object)[pref]
    region = np.array([c + "00" for c in pcodes], dtype=object)[pref]
    if "5301" in pcodes:
        kunming = np.flatnonzero(pcode_arr == "5301")
        pick = rng.integers(0, len(_KUNMING_COUNTIES), len(kunming))
        region[kunming] = np.array(_KUNMING_COUNTIES, dtype=object)[pick]
    uscc = _usccs(region.astype(str), rng, n)
    weights = np.array([p.weight for p in _PROFILES], dtype=float)
    prof = rng.choice(len(_PROFILES), size=n, p=weights / weights.sum())
    industry = np.array([p.industry for p in _PROFILES], dtype=object)[prof]
    # 州市 + a two-character trade name + industry word + legal form + (合成); built from two
    # small tables so each name costs one string join
    t = len(_TRADE_CHARS)
    t1, t2 = rng.integers(0, t, n), rng.integers(0, t, n)
    form = rng.choice(len(_FORMS), size=n, p=[0.55, 0.3, 0.08, 0.07])
    heads = np.array([s + a + b for s in pshort for a in _TRADE_CHARS for b in _TRADE_CHARS], dtype=object)
    tails = np.array([p.word + f + SYNTHETIC_MARK for p in _PROFILES for f in _FORMS], dtype=object)
    name = heads[(pref * t + t1) * t + t2] + tails[prof * len(_FORMS) + form]
    # main product and its field, chosen within the industry's lists
    product = np.empty(n, dtype=object)
    field = np.empty(n, dtype=object)
    strategic_p = np.empty(n)
    pick_p, pick_f = u(n), u(n)
    for i, p in enumerate(_PROFILES):  # one pass per industry (about 25), not per enterprise
        rows = prof == i
        product[rows] = np.array(p.products, dtype=object)[(pick_p[rows] * len(p.products)).astype(int)]
        field[rows] = np.array(p.fields, dtype=object)[(pick_f[rows] * len(p.fields)).astype(int)]
        strategic_p[rows] = p.strategic
    scale = np.array([p.revenue_scale for p in _PROFILES])[prof]
    per_head = np.array([p.revenue_per_head for p in _PROFILES])[prof]

    # -- latent strength: drives innovation, growth and recognitions -----------------------------
    q = rng.standard_normal(n)
    # The few "champions" (about 6%) have the little giant's profile: scale, niche share, chain
    # role, R&D. Independent draws alone would almost never line up a dozen criteria at once.
    elite = q > 1.55
    # their main product lies in a listed field wherever the industry has one
    for i, p in enumerate(_PROFILES):
        listed = tuple(f for f in p.fields if f != "other")
        rows = elite & (prof == i)
        if listed and rows.any():
            field[rows] = np.array(listed, dtype=object)[(pick_f[rows] * len(listed)).astype(int)]

    # -- annual figures (last year first, then backwards with yearly growth) ---------------------
    revenue = np.empty((n, k))
    size = np.exp(1.0 * rng.standard_normal(n) + 0.5 * q) * np.where(elite, 2.5, 1.0)
    revenue[:, -1] = np.clip(3000 * scale * size, 60, 90000)
    growth = 0.07 + 0.06 * q[:, None] + 0.04 * elite[:, None] + 0.14 * rng.standard_normal((n, k))
    for j in range(k - 2, -1, -1):
        revenue[:, j] = revenue[:, j + 1] / np.clip(1 + growth[:, j + 1], 0.4, 3.0)
    main_share = np.clip(0.35 + 0.6 * rng.beta(3.0, 1.6, n) + 0.06 * q, 0.2, 1.0)
    main_share = np.where(elite, np.maximum(main_share, 0.73 + 0.25 * u(n)), main_share)
    main = revenue * np.clip(main_share[:, None] + 0.015 * rng.standard_normal((n, k)), 0.15, 1.0)
    rd_int = np.clip(0.034 * np.exp(0.7 * q + 0.5 * rng.standard_normal(n)), 0.001, 0.45)
    rd_int = np.where(elite, np.maximum(rd_int, 0.075 + 0.03 * u(n)), rd_int)
    rd = revenue * np.clip(rd_int[:, None] * np.exp(0.12 * rng.standard_normal((n, k))), 0.0005, 0.6)
    margin = 0.04 + 0.035 * q[:, None] + 0.05 * rng.standard_normal((n, k))
    profit = revenue * margin
    assets = revenue * np.exp(0.1 + 0.45 * rng.standard_normal(n))[:, None] * np.exp(0.05 * rng.standard_normal((n, k)))
    debt = np.clip(rng.beta(4.0, 5.0, n)[:, None] - 0.04 * q[:, None] + 0.03 * rng.standard_normal((n, k)), 0.03, 0.98)
    liabilities = assets * debt
    heads = np.maximum(5, np.round(revenue / (per_head[:, None] * np.exp(0.35 * rng.standard_normal(n))[:, None])))
    rd_share = np.clip(rng.beta(2.0, 9.0, n) + 0.06 * q + 0.08 * (rd_int > 0.08), 0.0, 0.9)
    rd_staff = np.floor(heads * rd_share[:, None])
    raises = u((n, k)) < 0.06 + 0.05 * (q[:, None] > 1)
    equity = np.where(raises, np.round(800 * np.exp(1.0 * rng.standard_normal((n, k)) + 0.3 * q[:, None]), 0), 0.0)

    # -- static attributes -----------------------------------------------------------------------
    niche_years = np.clip(np.round(rng.gamma(2.2, 4.0, n) + 0.8 * q), 1, 40)
    niche_since = (ref - 1) - niche_years + 1
    strategic = u(n) < strategic_p
    chain_role = np.array(_CHAIN_ROLES, dtype=object)[_bucket(u(n) - 0.1 * q, (0.10, 0.38))]
    chain_support = u(n) < np.where(elite, 0.9, 1 / (1 + np.exp(-(1.6 * q - 2.4))))
    share = np.clip(0.012 * np.exp(1.1 * rng.standard_normal(n) + 0.9 * q), 0.0001, 0.85)
    share = np.where(elite & (u(n) < 0.9), np.maximum(share, 0.10 + 0.25 * rng.beta(1.5, 4.0, n)), share)
    own_brand = u(n) < np.where(elite, 0.95, 0.5 + 0.3 * np.tanh(q))
    ip1 = rng.poisson(np.exp(0.7 + 0.75 * q))
    ip_self = rng.binomial(ip1, 0.75)
    ip_hv = rng.binomial(ip_self, 0.25)
    ip_use = rng.binomial(ip1, 0.65)
    ip2 = rng.poisson(np.exp(1.3 + 0.3 * q))
    patents = rng.binomial(ip1, 0.6)
    rd_inst = np.array(_RD_LEVELS, dtype=object)[_bucket(u(n) - 0.22 * q - 0.3 * elite, (0.005, 0.09, 0.33, 0.52))]
    digital = 1 + _bucket(u(n) + 0.25 * q, (0.35, 0.75, 0.95)).astype(float)
    info = _set_column(rng, n, _INFO_SYSTEMS, boost=0.08 * q)
    mgmt = u(n) < np.where(elite, 0.95, 0.6 + 0.2 * np.tanh(q))
    abroad = u(n) < 0.05 + 0.05 * (q > 1)
    quality_award = u(n) < 0.03 + 0.07 * (q > 1.2)
    standards = u(n) < 0.1 + 0.3 * (q > 0.8)
    audit = u(n) < 0.55
    award = np.array(("national", "provincial", "none"), dtype=object)[_bucket(u(n) - 0.02 * (q > 1.5), (0.008, 0.06))]
    has_award = award != "none"
    award_rank = np.where(has_award, rng.integers(1, 9, n), np.nan)
    award_year = np.where(has_award, ref - rng.integers(1, 6, n), np.nan)
    makers = np.array(("top50", "top500", "none"), dtype=object)[_bucket(u(n), (0.006, 0.045))]
    makers_year = np.where(makers != "none", ref - rng.integers(1, 5, n), np.nan)
    honours = _set_column(rng, n, _HONOURS, boost=0.1 * q)
    # columns of the 2026 revision (national-2026.md; provisional rules)
    tech_sme = u(n) < 0.45 + 0.3 * np.tanh(q)
    dev_score = np.clip(np.round(58 + 11 * q[:, None] + 6 * rng.standard_normal((n, k))), 0, 100)
    # an international niche share below the national one
    abroad_factor = np.minimum(1.0, np.exp(-1.5 + 0.8 * rng.standard_normal(n)))
    intl_share = np.where(u(n) < 0.4, np.nan, np.clip(np.round(share * abroad_factor, 4), 0.0, 1.0))
    domestic_rank = np.clip(np.round(np.exp(2.6 - 0.8 * q + 0.6 * rng.standard_normal(n))), 1, 200)
    attested = u(n) < np.where(elite, 0.85, 0.05 + 0.1 * (q > 1))
    ip_top3 = u(n) < np.where(elite, 0.6, 0.05)
    transferred = rng.poisson(0.2, n).astype(float)
    abnormal, dishonest = u(n) < 0.012, u(n) < 0.003
    incident, tax, restricted = u(n) < 0.004, u(n) < 0.005, u(n) < 0.003

    # -- recognitions: the stronger, the likelier; batches spread over past years ----------------
    z = q + 0.6 * rng.standard_normal(n)
    order = np.argsort(np.argsort(-z)) / max(n, 1)  # 0 = strongest
    innov_on = _dates(rng, order < 0.63, ref, _BATCHES["innovative"], (4, 3, 2, 1, 0), (0.08, 0.22, 0.25, 0.25, 0.20))
    srdi_on = _dates(rng, order < 0.315, ref, _BATCHES["srdi"], (4, 3, 2, 1, 0), (0.05, 0.25, 0.25, 0.25, 0.20))
    lg_on = _dates(rng, order < 0.019, ref, _BATCHES["lg"], (5, 4, 3, 2, 1), (0.10, 0.15, 0.25, 0.25, 0.25))
    revoked = (u(n) < 0.004) & ~np.isnat(innov_on)
    revoked_day = np.datetime64(f"{ref - 2}-01-01") + rng.integers(0, 900, n).astype("timedelta64[D]")
    revoked_on = np.where(revoked, revoked_day,
                          np.datetime64("NaT")).astype("datetime64[ns]")
    revoked_on = np.minimum(revoked_on, np.datetime64(snapshot_date(ref)))  # NaT stays NaT
    innov_on = np.where(revoked, np.datetime64("NaT"), innov_on)

    # -- assemble the tidy frame -----------------------------------------------------------------
    def stat(values: np.ndarray) -> np.ndarray:
        return np.repeat(values, k)

    def ann(values: np.ndarray, decimals: int = 2) -> np.ndarray:
        return np.round(values, decimals).reshape(-1)

    data: dict[str, np.ndarray] = {
        "uscc": stat(uscc),
        "name": stat(name),
        "region_code": stat(region),
        "prefecture": stat(np.array(pnames, dtype=object)[pref]),
        "industry": stat(industry),
        "fiscal_year": np.tile(np.array(years_t, dtype="float64"), n),
        "operating_revenue": ann(revenue),
        "main_business_revenue": ann(np.minimum(main, revenue)),
        "rd_expense": ann(rd),
        "net_profit": ann(profit),
        "total_assets": ann(assets),
        "total_liabilities": ann(liabilities),
        "employees": ann(heads, 0),
        "rd_staff": ann(rd_staff, 0),
        "new_equity_financing": ann(equity, 0),
        "niche_since_year": stat(niche_since.astype(float)),
        "main_product": stat(product),
        "main_product_field": stat(field),
        "strategic_emerging": stat(strategic),
        "chain_role": stat(chain_role),
        "chain_support_attested": stat(chain_support),
        "national_market_share": stat(np.round(share, 4)),
        "own_brand": stat(own_brand),
        "ip_class1_high_value": stat(ip_hv.astype(float)),
        "ip_class1_self_developed": stat(ip_self.astype(float)),
        "ip_class1": stat(ip1.astype(float)),
        "ip_class1_in_use": stat(ip_use.astype(float)),
        "ip_class2": stat(ip2.astype(float)),
        "invention_patents": stat(patents.astype(float)),
        "rd_institution": stat(rd_inst),
        "digital_level": stat(digital),
        "info_systems": stat(info),
        "management_certified": stat(mgmt),
        "product_certified_abroad": stat(abroad),
        "quality_award": stat(quality_award),
        "standards_drafted": stat(standards),
        "audit_filed": stat(audit),
        "st_award_level": stat(award),
        "st_award_rank": stat(award_rank),
        "st_award_year": stat(award_year),
        "makers_china": stat(makers),
        "makers_china_year": stat(makers_year),
        "honours": stat(honours),
        "abnormal_operations": stat(abnormal),
        "serious_dishonesty": stat(dishonest),
        "major_incident_3y": stat(incident),
        "tax_violation_3y": stat(tax),
        "restricted_products": stat(restricted),
        "innovative_recognised_on": stat(innov_on),
        "srdi_recognised_on": stat(srdi_on),
        "little_giant_recognised_on": stat(lg_on),
        "revoked_on": stat(revoked_on),
        "tech_sme": stat(tech_sme),
        "srdi_dev_score": ann(dev_score, 0),
        "intl_market_share": stat(intl_share),
        "domestic_market_rank": stat(domestic_rank),
        "market_position_attested": stat(attested),
        "ip_top3_holder": stat(ip_top3),
        "ip_class1_transferred_in": stat(transferred),
    }
    masks = _blank(data, rng, n, k)
    return _typed_frame(data, masks)


# Missing cells: (column, share of enterprises, annual: a cell per year / static: all rows).
_GAPS = (
    ("rd_staff", 0.03, True), ("net_profit", 0.01, True), ("total_liabilities", 0.01, True),
    ("new_equity_financing", 0.04, True), ("main_business_revenue", 0.01, True),
    ("national_market_share", 0.12, False), ("digital_level", 0.04, False), ("niche_since_year", 0.02, False),
    ("audit_filed", 0.05, False), ("ip_class1_in_use", 0.03, False), ("rd_institution", 0.02, False),
    ("chain_support_attested", 0.05, False), ("own_brand", 0.02, False),
)  # fmt: skip


def _blank(data: dict[str, np.ndarray], rng: np.random.Generator, n: int, k: int) -> dict[str, np.ndarray]:
    """Empty a few percent of cells (insufficient_data must occur in every report).

    Returns the missing-value masks of boolean columns (their values stay plain ``bool``).
    """
    masks: dict[str, np.ndarray] = {}
    for name, share, annual in _GAPS:
        values = data[name]
        mask = rng.random(n * k if annual else n) < share
        if not annual:
            mask = np.repeat(mask, k)
        if values.dtype == bool:
            masks[name] = mask
            continue
        values = values.copy()
        values[mask] = None if values.dtype == object else np.nan
        data[name] = values
    return masks


def _bucket(x: np.ndarray, cuts: Sequence[float]) -> np.ndarray:
    """Index of the interval of ``cuts`` each value falls in (0 below the first cut)."""
    return np.searchsorted(np.asarray(cuts), x, side="right")


def _set_column(rng: np.random.Generator, n: int, items: Sequence[tuple[str, float]], boost: np.ndarray) -> np.ndarray:
    """A ``;``-joined sorted set column: each item held with its probability (+ boost)."""
    mask = np.zeros(n, dtype=np.int64)
    for bit, (_, p) in enumerate(items):
        mask |= (rng.random(n) < p + boost).astype(np.int64) << bit
    names = [name for name, _ in items]
    table = np.array([";".join(sorted(names[b] for b in range(len(items)) if m >> b & 1))
                      for m in range(1 << len(items))], dtype=object)
    return table[mask]


def _dates(
    rng: np.random.Generator,
    held: np.ndarray,
    ref: int,
    batches: Sequence[tuple[int, int]],
    years_back: Sequence[int],
    p: Sequence[float],
) -> np.ndarray:
    """Recognition dates for ``held`` enterprises: a batch of year ``ref − years_back``, not after the snapshot."""
    n = len(held)
    back = np.array(years_back)[rng.choice(len(years_back), size=n, p=np.asarray(p) / np.sum(p))]
    batch = rng.integers(0, len(batches), n)
    month = np.array([b[0] for b in batches])[batch]
    day = np.array([b[1] for b in batches])[batch]
    years = (ref - back - 1970).astype("datetime64[Y]")
    dates = (years.astype("datetime64[M]") + (month - 1).astype("timedelta64[M]")).astype("datetime64[D]") + (
        day - 1).astype("timedelta64[D]")
    # a batch after the snapshot has not been announced yet: the enterprise got the one a year before
    late = dates > np.datetime64(snapshot_date(ref))
    dates[late] = (years[late] - 1).astype("datetime64[M]").astype("datetime64[D]") + (
        (dates[late] - years[late].astype("datetime64[D]")))
    return np.where(held, dates.astype("datetime64[ns]"), np.datetime64("NaT", "ns"))


def _typed_frame(data: dict[str, np.ndarray], masks: dict[str, np.ndarray]) -> pd.DataFrame:
    """The canonical frame built straight from typed arrays (no dtype inference: fast)."""
    columns: dict[str, object] = {}
    rows = len(data["uscc"])
    for col in COLUMNS:
        values = data.get(col.name)
        if values is None:  # a column the generator does not know yet: empty
            values = np.full(rows, np.nan if col.kind not in (Kind.TEXT, Kind.CODE, Kind.SET) else None)
            if col.kind is Kind.BOOL:
                masks[col.name], values = np.ones(rows, bool), np.zeros(rows, bool)
            elif col.kind is Kind.DATE:
                values = np.full(rows, np.datetime64("NaT"), dtype="datetime64[ns]")
            elif col.kind is Kind.SET:
                values = np.full(rows, "", dtype=object)
        if col.kind is Kind.BOOL:
            mask = masks.get(col.name, np.zeros(len(values), bool))
            columns[col.name] = pd.arrays.BooleanArray(values.astype(bool), mask)
        elif col.kind is Kind.DATE:
            columns[col.name] = pd.Series(values.astype("datetime64[ns]"), copy=False)
        elif col.kind in (Kind.MONEY, Kind.NUMBER, Kind.FRACTION):
            columns[col.name] = pd.Series(values.astype("float64", copy=False), copy=False)
        else:
            columns[col.name] = pd.Series(values.astype(object, copy=False), dtype=object, copy=False)
    return pd.DataFrame(columns, copy=False)


def _canonical_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """The dtypes of the canonical frame (``zjtx.roster.canonical``), column by column."""
    out: dict[str, pd.Series | np.ndarray] = {}
    for col in COLUMNS:
        if col.name not in frame.columns:
            continue
        values = frame[col.name]
        if col.kind in (Kind.MONEY, Kind.NUMBER, Kind.FRACTION):
            out[col.name] = values.astype("float64")
        elif col.kind is Kind.BOOL:
            out[col.name] = values.astype("boolean")
        elif col.kind is Kind.DATE:
            out[col.name] = values.astype("datetime64[ns]")
        elif col.kind is Kind.SET:
            out[col.name] = values.astype(object).where(values.notna(), "")
        else:
            out[col.name] = values.astype(object).where(values.notna(), None)
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m zjtx.sample [-n N] [--seed S] [-o FILE]``: write a synthetic roster."""
    p = argparse.ArgumentParser(prog="python -m zjtx.sample", description=__doc__.split("\n", 1)[0])
    p.add_argument("-n", "--enterprises", type=int, default=DEFAULT_SIZE)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--jurisdiction", default="yunnan")
    p.add_argument("--year", type=int, default=REFERENCE_YEAR, help="reference year Y: fiscal years Y-3..Y-1")
    p.add_argument("-o", "--output", default=str(sample_path()), help="a .parquet or .csv file")
    args = p.parse_args(argv)
    frame = generate(args.enterprises, seed=args.seed, jurisdiction=args.jurisdiction,
                     years=range(args.year - 3, args.year))
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        frame.to_csv(out, index=False, encoding="utf-8-sig")
    else:
        frame.to_parquet(out, index=False, compression="zstd", compression_level=19)
    print(f"wrote {frame['uscc'].nunique()} enterprises × {frame['fiscal_year'].nunique()} years to {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
