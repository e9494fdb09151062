"""The metrics the national rules read, each declared once (national-2022.md §3–§6).

Rules of every version and every province plug-in refer to these objects, so "R&D intensity"
means one formula everywhere. Names follow the roster columns; 上年度 is fiscal year Y−1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zjtx.national import sme_size
from zjtx.rules.metrics import (
    Amount,
    Code,
    CompoundGrowth,
    Derived,
    Flag,
    Growth,
    Mean,
    MeanGrowth,
    Ratio,
    RecognitionValid,
    RevocationBar,
    SetSize,
    Total,
    Unit,
    YearsBefore,
    annual,
    static,
)

# -- identity and compliance -----------------------------------------------------------------
def _province_of(region: np.ndarray) -> np.ndarray:
    """The province code (first two digits) of each 6-digit division code."""
    # Few distinct codes: slice each once (factorize: missing → −1 → the trailing None).
    codes, uniques = pd.factorize(np.asarray(region, dtype=object))
    sliced = [r[:2] if isinstance(r, str) and len(r) >= 2 else None for r in uniques] + [None]
    return np.array(sliced, dtype=object)[codes]


PROVINCE = Derived(
    id="province_code",
    label="注册地省级区划代码",
    label_en="province of registration",
    fields=(static("region_code"),),
    function=_province_of,
    categorical_values=True,
)
LARGE = Derived(
    id="large_enterprise",
    label="按300号划型为大型企业",
    label_en="large enterprise under 300号",
    fields=(static("industry"), annual("employees", 1), annual("operating_revenue", 1), annual("total_assets", 1)),
    function=sme_size.large_enterprise,
    unit=Unit.FLAG,
)
ABNORMAL = Flag(id="abnormal_operations", label="列入经营异常名录", field=static("abnormal_operations"))
DISHONEST = Flag(id="serious_dishonesty", label="列入严重失信主体名单", field=static("serious_dishonesty"))
RESTRICTED = Flag(id="restricted_products", label="产品属于禁止、限制或淘汰类", field=static("restricted_products"))
INCIDENT = Flag(id="major_incident_3y", label="近三年重大安全、质量、环境事故", field=static("major_incident_3y"))
TAX = Flag(id="tax_violation_3y", label="近三年偷漏税等违法违规", field=static("tax_violation_3y"))
BARRED = RevocationBar(id="revocation_bar", label="撤销后三年内不得再次申报", field=static("revoked_on"))

# -- recognitions ----------------------------------------------------------------------------
INNOVATIVE_VALID = RecognitionValid(
    id="innovative_valid", label="有效期内的创新型中小企业", field=static("innovative_recognised_on")
)
SRDI_VALID = RecognitionValid(id="srdi_valid", label="有效期内的专精特新中小企业", field=static("srdi_recognised_on"))

# -- annual figures, last year (上年度) -------------------------------------------------------
REVENUE = Amount(id="revenue", label="上年度营业收入总额", label_en="operating revenue (Y−1)",
                 field=annual("operating_revenue", 1))
RD = Amount(id="rd_expense", label="上年度研发费用总额", label_en="R&D expense (Y−1)", field=annual("rd_expense", 1))
RD_INTENSITY = Ratio(
    id="rd_intensity", label="上年度研发费用总额占营业收入总额比重", label_en="R&D intensity (Y−1)",
    numerator=annual("rd_expense", 1), denominator=annual("operating_revenue", 1),
)
RD_INTENSITY_Y2 = Ratio(
    id="rd_intensity_y2", label="上上年度研发费用总额占营业收入总额比重", label_en="R&D intensity (Y−2)",
    numerator=annual("rd_expense", 2), denominator=annual("operating_revenue", 2),
)
MAIN_SHARE = Ratio(
    id="main_business_share", label="上年度主营业务收入占营业收入比重", label_en="main-business share (Y−1)",
    numerator=annual("main_business_revenue", 1), denominator=annual("operating_revenue", 1),
)
MAIN_GROWTH = Growth(
    id="main_business_growth", label="上年度主营业务收入增长率", label_en="main-business growth (Y−1)",
    current=annual("main_business_revenue", 1), base=annual("main_business_revenue", 2),
)
MAIN_GROWTH_2Y_MEAN = MeanGrowth(
    id="main_business_growth_2y_mean", label="近2年主营业务收入平均增长率(算术平均)",
    label_en="2-year mean main-business growth", column="main_business_revenue",
)
MAIN_GROWTH_2Y_CAGR = CompoundGrowth(
    id="main_business_growth_2y_cagr", label="近2年主营业务收入平均增长率(复合)",
    label_en="2-year compound main-business growth", column="main_business_revenue",
)
REVENUE_GROWTH_2Y_CAGR = CompoundGrowth(
    id="revenue_growth_2y_cagr", label="近两年营业收入复合增长率",
    label_en="2-year compound revenue growth", column="operating_revenue",
)
DEBT_RATIO = Ratio(
    id="debt_ratio", label="上年度资产负债率", label_en="debt-to-asset ratio (Y−1)",
    numerator=annual("total_liabilities", 1), denominator=annual("total_assets", 1),
)
NET_MARGIN = Ratio(
    id="net_margin", label="上年度净利润率", label_en="net profit margin (Y−1)",
    numerator=annual("net_profit", 1), denominator=annual("operating_revenue", 1),
)
RD_STAFF_SHARE = Ratio(
    id="rd_staff_share", label="上年度研发人员占比", label_en="R&D staff share (Y−1)",
    numerator=annual("rd_staff", 1), denominator=annual("employees", 1), numerator_unit=Unit.PERSONS,
)
RD_MEAN_2Y = Mean(
    id="rd_expense_mean_2y", label="近两年研发费用总额均值", label_en="2-year mean R&D",
    fields=(annual("rd_expense", 2), annual("rd_expense", 1)),
)
RD_TOTAL_2Y = Total(
    id="rd_expense_total_2y", label="近2年研发费用总额", label_en="2-year R&D total",
    fields=(annual("rd_expense", 2), annual("rd_expense", 1)),
)
EQUITY_2Y = Total(
    id="equity_2y", label="近2年新增股权融资总额(合格机构投资者实缴)", label_en="new equity, last 2 years",
    fields=(annual("new_equity_financing", 2), annual("new_equity_financing", 1)),
)
EQUITY_3Y = Total(
    id="equity_3y", label="近三年新增股权融资总额(合格机构投资者实缴)", label_en="new equity, last 3 years",
    fields=(annual("new_equity_financing", 3), annual("new_equity_financing", 2), annual("new_equity_financing", 1)),
)

# -- static attributes -----------------------------------------------------------------------
NICHE_YEARS = YearsBefore(
    id="niche_years", label="从事特定细分市场时间(截至上年末)", label_en="years in the niche",
    field=static("niche_since_year"), reference_lag=1, plus=1,
)
MARKET_SHARE = Amount(id="national_market_share", label="主导产品全国细分市场占有率",
                      field=static("national_market_share"), unit=Unit.RATIO)
IP_HIGH_VALUE = Amount(id="ip_class1_high_value", label="Ⅰ类高价值知识产权数",
                       field=static("ip_class1_high_value"), unit=Unit.COUNT)
IP_SELF = Amount(id="ip_class1_self_developed", label="自主研发的Ⅰ类知识产权数",
                 field=static("ip_class1_self_developed"), unit=Unit.COUNT)
IP_CLASS1 = Amount(id="ip_class1", label="Ⅰ类知识产权数", field=static("ip_class1"), unit=Unit.COUNT)
IP_IN_USE = Amount(id="ip_class1_in_use", label="实际应用并产生经济效益的Ⅰ类知识产权数",
                   field=static("ip_class1_in_use"), unit=Unit.COUNT)
IP_CLASS2 = Amount(id="ip_class2", label="Ⅱ类知识产权数", field=static("ip_class2"), unit=Unit.COUNT)
INVENTION_PATENTS = Amount(id="invention_patents", label="发明专利数", field=static("invention_patents"), unit=Unit.COUNT)
STRATEGIC = Flag(id="strategic_emerging", label="主导产品属于《战略性新兴产业分类》", field=static("strategic_emerging"))
PRODUCT_FIELD = Code(id="main_product_field", label="主导产品所属领域", field=static("main_product_field"))
CHAIN_ROLE = Code(id="chain_role", label="产业链作用", field=static("chain_role"))
CHAIN_SUPPORT = Flag(id="chain_support_attested", label="位于产业链关键环节(评审认定)", field=static("chain_support_attested"))
DIGITAL = Amount(id="digital_level", label="数字化水平等级", field=static("digital_level"), unit=Unit.LEVEL)
QUALITY_AWARD = Flag(id="quality_award", label="获得省级以上质量奖荣誉", field=static("quality_award"))
MGMT_CERT = Flag(id="management_certified", label="取得管理体系认证", field=static("management_certified"))
PRODUCT_CERT = Flag(id="product_certified_abroad", label="产品通过发达国家和地区产品认证",
                    field=static("product_certified_abroad"))
OWN_BRAND = Flag(id="own_brand", label="拥有自主品牌", field=static("own_brand"))
STANDARDS = Flag(id="standards_drafted", label="参与制修订标准", field=static("standards_drafted"))
INFO_SYSTEMS = SetSize(id="info_systems", label="采用信息系统支撑的核心业务数", field=static("info_systems"))
RD_INSTITUTION = Code(id="rd_institution", label="研发机构级别", field=static("rd_institution"))
HONOURS = SetSize(
    id="honours", label="有效期内的荣誉数(高新技术企业等)", field=static("honours"),
    members=("hnte", "national_innovation_demo", "ip_advantage", "ip_demo"),
)
AWARD_LEVEL = Code(id="st_award_level", label="科技奖励级别", field=static("st_award_level"))
AWARD_RANK = Amount(id="st_award_rank", label="获奖单位排名", field=static("st_award_rank"), unit=Unit.COUNT)
AWARD_AGE = YearsBefore(id="st_award_age", label="科技奖励距评价年份年数", field=static("st_award_year"))
MAKERS = Code(id="makers_china", label="创客中国全国排名组", field=static("makers_china"))
MAKERS_AGE = YearsBefore(id="makers_china_age", label="创客中国入围距评价年份年数", field=static("makers_china_year"))

# -- national-2026 (provisional, national-2026.md §2) and province plug-ins ------------------
def _prefecture_of(region: np.ndarray) -> np.ndarray:
    """The prefecture code (first four digits) of each 6-digit division code."""
    return np.array([r[:4] if isinstance(r, str) and len(r) >= 4 else None for r in region], dtype=object)


def _own_in_use(in_use: np.ndarray, transferred: np.ndarray) -> np.ndarray:
    """Class-I IP in use less those transferred in (受让取得); unknown if either is missing."""
    return np.asarray(in_use, dtype="float64") - np.asarray(transferred, dtype="float64")


PREFECTURE = Derived(
    id="prefecture_code", label="注册地地级区划代码", label_en="prefecture of registration",
    fields=(static("region_code"),), function=_prefecture_of, categorical_values=True,
)
RD_Y2 = Amount(id="rd_expense_y2", label="上上年度研发费用总额", label_en="R&D expense (Y−2)", field=annual("rd_expense", 2))
TECH_SME = Flag(id="tech_sme", label="有效的科技型中小企业(入库登记编号)", label_en="valid tech-based SME",
                field=static("tech_sme"))
SRDI_DEV_SCORE = Amount(id="srdi_dev_score", label="当年度专精特新发展评价得分", label_en="SRDI development score (Y)",
                        field=annual("srdi_dev_score", 0), unit=Unit.POINTS)
SRDI_DEV_SCORE_Y1 = Amount(id="srdi_dev_score_y1", label="上年度专精特新发展评价得分",
                           label_en="SRDI development score (Y−1)", field=annual("srdi_dev_score", 1), unit=Unit.POINTS)
INTL_MARKET_SHARE = Amount(id="intl_market_share", label="主导产品国际细分市场占有率",
                           field=static("intl_market_share"), unit=Unit.RATIO)
DOMESTIC_RANK = Amount(id="domestic_market_rank", label="主导产品国内细分市场排名",
                       field=static("domestic_market_rank"), unit=Unit.COUNT)
MARKET_POSITION = Flag(id="market_position_attested", label="主导产品细分市场占有率较为靠前(评审认定)",
                       field=static("market_position_attested"))
IP_TOP3_HOLDER = Flag(id="ip_top3_holder", label="为Ⅰ类知识产权前三位权利人", field=static("ip_top3_holder"))
IP_IN_USE_OWN = Derived(
    id="ip_class1_in_use_own", label="实际应用的Ⅰ类知识产权数(不含受让取得)", label_en="own Class-I IP in use",
    fields=(static("ip_class1_in_use"), static("ip_class1_transferred_in")), function=_own_in_use, unit=Unit.COUNT,
)

# -- which way each metric is better (read by the testing kit's monotonicity check) ----------
#: Metric id → the direction in which it is better for an enterprise. A comparison on a metric
#: should pass more easily as the metric improves (``≥``/``>`` on ``higher``, ``≤``/``<`` on
#: ``lower``), except where it picks between alternative paths (以上 … 以下 bands). A plug-in's
#: own metrics declare it with :attr:`zjtx.rules.metrics.Metric.better`.
BETTER: dict[str, str] = {
    **dict.fromkeys((
        "revenue", "rd_expense", "rd_expense_y2", "rd_intensity", "rd_intensity_y2", "main_business_share",
        "main_business_growth", "main_business_growth_2y_mean", "main_business_growth_2y_cagr",
        "revenue_growth_2y_cagr", "net_margin", "rd_staff_share", "rd_expense_mean_2y", "rd_expense_total_2y",
        "equity_2y", "equity_3y", "niche_years", "national_market_share", "intl_market_share",
        "ip_class1_high_value", "ip_class1_self_developed", "ip_class1", "ip_class1_in_use",
        "ip_class1_in_use_own", "ip_class2", "invention_patents", "digital_level", "info_systems", "honours",
        "innovative_valid", "srdi_valid", "strategic_emerging", "chain_support_attested", "quality_award",
        "management_certified", "product_certified_abroad", "own_brand", "standards_drafted", "tech_sme",
        "srdi_dev_score", "srdi_dev_score_y1", "market_position_attested", "ip_top3_holder",
    ), "higher"),
    **dict.fromkeys((
        "debt_ratio", "st_award_rank", "st_award_age", "makers_china_age", "domestic_market_rank",
        "large_enterprise", "abnormal_operations", "serious_dishonesty", "restricted_products",
        "major_incident_3y", "tax_violation_3y", "revocation_bar",
    ), "lower"),
}  # fmt: skip
