"""The canonical roster schema (roster-schema.md), declared once.

A roster is tidy: one row per enterprise per fiscal year. Each :class:`Column` says what a column
holds (its :class:`Kind`), its unit, its Chinese headers and, for coded columns, the codes it
accepts. Readers, validation, the :class:`~zjtx.model.enterprise.Enterprise` model and the docs
all read this one declaration.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from attrs import field, frozen

from zjtx.model import codes

__all__ = [
    "Kind",
    "Role",
    "Column",
    "COLUMNS",
    "CANONICAL",
    "ANNUAL",
    "STATIC",
    "IDENTITY",
    "KEY",
    "YEAR",
    "column",
    "columns_with",
]


class Kind(enum.StrEnum):
    """What a column holds, which decides its dtype in the canonical frame."""

    TEXT = "text"  #: free text (object)
    MONEY = "money"  #: 万元 (float64)
    NUMBER = "number"  #: a count, persons, a year, a level (float64 so that empty is NaN)
    FRACTION = "fraction"  #: a share as a fraction 0–1 (float64)
    BOOL = "bool"  #: yes/no (pandas ``boolean``)
    CODE = "code"  #: one code of :attr:`Column.codes` (object)
    SET = "set"  #: ``;``-separated codes, sorted; '' is the empty set (object)
    DATE = "date"  #: a calendar date (datetime64[ns])


class Role(enum.StrEnum):
    """Where a column sits in a roster."""

    IDENTITY = "identity"  #: the enterprise's identity, static
    ANNUAL = "annual"  #: a figure of one fiscal year
    STATIC = "static"  #: an attribute as of the assessment date (latest non-empty value is used)


@frozen
class Column:
    """One canonical column: name, role, kind, unit, Chinese headers and allowed codes."""

    name: str
    role: Role
    kind: Kind
    label: str
    aliases: tuple[str, ...] = field(default=(), converter=tuple)
    unit: str = ""
    codes: frozenset[str] | None = field(default=None, converter=lambda v: None if v is None else frozenset(v))
    description: str = ""
    #: Lower and upper bounds for numbers (inclusive); None: unbounded.
    minimum: float | None = None
    maximum: float | None = None
    #: The plug-in that declared this column (``national`` for the canonical ones).
    source: str = "national"

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header this column is recognised by: the canonical name, label and aliases."""
        return (self.name, self.label, *self.aliases)


_I, _A, _S = Role.IDENTITY, Role.ANNUAL, Role.STATIC
_FIELD_CODES = frozenset(f.code for f in codes.PRODUCT_FIELDS)

COLUMNS: tuple[Column, ...] = (
    # identity
    Column("uscc", _I, Kind.TEXT, "统一社会信用代码", ("社会信用代码", "信用代码"),
           description="key; GB 32100-2015 check character; chars 3–8 are the division code"),
    Column("name", _I, Kind.TEXT, "企业名称", ("名称", "单位名称")),
    Column("region_code", _I, Kind.TEXT, "行政区划代码", ("所属地区代码", "区划代码"),
           description="6 digits; defaults to USCC chars 3–8; the prefecture is its first 4 digits"),
    Column("prefecture", _I, Kind.TEXT, "所属州(市)", ("州市", "所属州市", "所属地市", "地市")),
    Column("industry", _I, Kind.TEXT, "所属行业", ("国民经济行业代码", "行业代码", "行业"),
           description="GB/T 4754-2017 code (C3985) or a size-standard sector key"),
    # annual figures
    Column("fiscal_year", _A, Kind.NUMBER, "年度", ("会计年度", "年份"), minimum=1949),
    Column("operating_revenue", _A, Kind.MONEY, "营业收入", ("营业收入总额",), "万元", minimum=0),
    Column("main_business_revenue", _A, Kind.MONEY, "主营业务收入", ("主营业务收入总额",), "万元", minimum=0),
    Column("rd_expense", _A, Kind.MONEY, "研发费用", ("研发费用总额", "研发投入"), "万元", minimum=0),
    Column("net_profit", _A, Kind.MONEY, "净利润", (), "万元"),
    Column("total_assets", _A, Kind.MONEY, "资产总额", ("总资产",), "万元", minimum=0),
    Column("total_liabilities", _A, Kind.MONEY, "负债总额", ("总负债",), "万元", minimum=0),
    Column("employees", _A, Kind.NUMBER, "从业人员", ("职工总数", "从业人数", "员工人数"), "人", minimum=0),
    Column("rd_staff", _A, Kind.NUMBER, "研发人员", ("研发人员数",), "人", minimum=0),
    Column("new_equity_financing", _A, Kind.MONEY, "新增股权融资(合格机构投资者实缴)",
           ("新增股权融资", "新增股权融资额"), "万元", minimum=0),
    # market, product and innovation
    Column("niche_since_year", _S, Kind.NUMBER, "从事细分市场起始年份", ("细分市场起始年份",), minimum=1900),
    Column("main_product", _S, Kind.TEXT, "主导产品"),
    Column("main_product_field", _S, Kind.CODE, "主导产品所属领域", codes=_FIELD_CODES),
    Column("strategic_emerging", _S, Kind.BOOL, "属于战略性新兴产业", ("战略性新兴产业",)),
    Column("chain_role", _S, Kind.CODE, "产业链作用", codes=codes.CHAIN_ROLES),
    Column("chain_support_attested", _S, Kind.BOOL, "产业链配套"),
    Column("national_market_share", _S, Kind.FRACTION, "全国细分市场占有率", ("细分市场占有率", "市场占有率"),
           minimum=0, maximum=1),
    Column("own_brand", _S, Kind.BOOL, "自主品牌", ("拥有自主品牌",)),
    Column("ip_class1_high_value", _S, Kind.NUMBER, "Ⅰ类高价值知识产权数", ("I类高价值知识产权数",), "项", minimum=0),
    Column("ip_class1_self_developed", _S, Kind.NUMBER, "自主研发Ⅰ类知识产权数", ("自主研发I类知识产权数",), "项", minimum=0),
    Column("ip_class1", _S, Kind.NUMBER, "Ⅰ类知识产权数", ("I类知识产权数",), "项", minimum=0),
    Column("ip_class1_in_use", _S, Kind.NUMBER, "已应用并产生效益的Ⅰ类知识产权数",
           ("已应用并产生效益的I类知识产权数",), "项", minimum=0),
    Column("ip_class2", _S, Kind.NUMBER, "Ⅱ类知识产权数", ("II类知识产权数",), "项", minimum=0),
    Column("invention_patents", _S, Kind.NUMBER, "发明专利数", ("发明专利",), "项", minimum=0),
    Column("rd_institution", _S, Kind.CODE, "研发机构级别", codes=codes.RD_INSTITUTION_LEVELS),
    Column("digital_level", _S, Kind.NUMBER, "数字化水平等级", ("数字化水平",), "级", minimum=1, maximum=4),
    Column("info_systems", _S, Kind.SET, "信息系统", codes=codes.INFO_SYSTEMS),
    Column("management_certified", _S, Kind.BOOL, "管理体系认证"),
    Column("product_certified_abroad", _S, Kind.BOOL, "发达国家产品认证", ("产品认证",)),
    Column("quality_award", _S, Kind.BOOL, "省级以上质量奖", ("质量奖",)),
    Column("standards_drafted", _S, Kind.BOOL, "参与制修订标准"),
    Column("audit_filed", _S, Kind.BOOL, "审计报告报备"),
    # awards, honours and financing events
    Column("st_award_level", _S, Kind.CODE, "科技奖励级别", codes=codes.AWARD_LEVELS),
    Column("st_award_rank", _S, Kind.NUMBER, "获奖单位排名", minimum=1),
    Column("st_award_year", _S, Kind.NUMBER, "获奖年份", minimum=1949),
    Column("makers_china", _S, Kind.CODE, "创客中国全国排名组", ("创客中国",), codes=codes.MAKERS_CHINA),
    Column("makers_china_year", _S, Kind.NUMBER, "创客中国年份", minimum=2000),
    Column("honours", _S, Kind.SET, "有效荣誉", codes=codes.HONOURS),
    # compliance
    Column("abnormal_operations", _S, Kind.BOOL, "列入经营异常名录", ("经营异常名录",)),
    Column("serious_dishonesty", _S, Kind.BOOL, "列入严重失信主体名单", ("严重失信主体名单",)),
    Column("major_incident_3y", _S, Kind.BOOL, "近三年重大安全/质量/环境事故", ("近三年重大事故",)),
    Column("tax_violation_3y", _S, Kind.BOOL, "近三年偷漏税等违法违规", ("近三年违法违规",)),
    Column("restricted_products", _S, Kind.BOOL, "产品属于禁止、限制或淘汰类", ("禁止限制淘汰类产品",)),
    # current recognitions
    Column("innovative_recognised_on", _S, Kind.DATE, "创新型中小企业公告日期", ("创新型中小企业认定日期",)),
    Column("srdi_recognised_on", _S, Kind.DATE, "专精特新中小企业认定日期"),
    Column("little_giant_recognised_on", _S, Kind.DATE, "小巨人认定日期", ("专精特新小巨人认定日期",)),
    Column("revoked_on", _S, Kind.DATE, "撤销日期"),
    # read only by the provisional national-2026 rules (national-2026.md §3); empty → insufficient_data
    Column("tech_sme", _S, Kind.BOOL, "科技型中小企业", ("有效期内科技型中小企业", "科技型中小企业入库"),
           description="holds a valid 科技型中小企业 入库登记编号 on the assessment date (2026 SRDI N1)"),
    Column("srdi_dev_score", _A, Kind.NUMBER, "专精特新发展评价得分", ("中小企业专精特新发展评价得分",), "分",
           minimum=0, maximum=100, description="platform score of the year (工信厅企业〔2024〕75号); 2026 N9/M7 read year Y"),
    Column("intl_market_share", _S, Kind.FRACTION, "国际细分市场占有率", ("主导产品国际细分市场占有率",),
           minimum=0, maximum=1),
    Column("domestic_market_rank", _S, Kind.NUMBER, "国内细分市场排名", ("主导产品国内细分市场排名",), minimum=1),
    Column("market_position_attested", _S, Kind.BOOL, "细分市场占有率较为靠前", ("市场占有率较为靠前",),
           description="reviewer-attested 较为靠前 (2026 SRDI N8)"),
    Column("ip_top3_holder", _S, Kind.BOOL, "Ⅰ类知识产权前三位权利人", ("I类知识产权前三位权利人",)),
    Column("ip_class1_transferred_in", _S, Kind.NUMBER, "受让取得的已应用Ⅰ类知识产权数",
           ("受让取得的已应用I类知识产权数",), "项", minimum=0),
)  # fmt: skip

#: Columns by canonical name.
CANONICAL: Mapping[str, Column] = MappingProxyType({c.name: c for c in COLUMNS})
#: The enterprise key and the year column.
KEY, YEAR = "uscc", "fiscal_year"
IDENTITY = tuple(c.name for c in COLUMNS if c.role is Role.IDENTITY)
ANNUAL = tuple(c.name for c in COLUMNS if c.role is Role.ANNUAL and c.name != YEAR)
STATIC = tuple(c.name for c in COLUMNS if c.role is Role.STATIC)


def column(name: str, extra: Iterable[Column] = ()) -> Column:
    """The declaration of a canonical (or plug-in ``extra``) column."""
    for c in extra:
        if c.name == name:
            return c
    try:
        return CANONICAL[name]
    except KeyError:
        raise KeyError(f"unknown roster column {name!r}") from None


def columns_with(extra: Iterable[Column] = ()) -> tuple[Column, ...]:
    """The canonical columns followed by plug-in columns (a plug-in may not redefine one)."""
    extra = tuple(extra)
    clash = [c.name for c in extra if c.name in CANONICAL]
    if clash:
        raise ValueError(f"plug-in columns redefine canonical columns: {clash}")
    return COLUMNS + extra
