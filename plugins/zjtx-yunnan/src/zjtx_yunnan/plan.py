"""The Yunnan plans as data: targets, seed banks, prefectures, coaching lines and measures.

Everything here is declared once and read by the hook implementations in
:mod:`zjtx_yunnan.plugin`. Sources: 云政办发〔2025〕27号 (``yunnan-2025.md``) and, for the earlier
plan, ``provinces.md`` §4.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan, TierTarget
from zjtx.model.tier import Tier
from zjtx.national import metrics as m
from zjtx.national.common import test
from zjtx.pipeline.seedbank import SeedBankRule
from zjtx.rules.clause import Clause, Provenance
from zjtx.rules.nodes import AllOf, AnyOf, Op
from zjtx.rules.ruleset import TierRules

from zjtx_yunnan import JURISDICTION_ID

__all__ = [
    "YUNNAN", "PLAN_2025", "PLAN_2023", "PLANS", "REGIONS", "SEED_BANKS", "seed_bank_rule",
    "COACHING", "MEASURES", "c27",
]  # fmt: skip

DOC_2025 = "云政办发〔2025〕27号"
V1 = Provenance.VERIFIED_ONE


def c27(ref: str, text: str = "") -> Clause:
    """A clause of 《云南省专精特新企业倍增三年行动计划(2025—2027年)》."""
    return Clause(DOC_2025, ref, text, V1)


YUNNAN = Jurisdiction(JURISDICTION_ID, "云南省", "53")

# -- targets (一、工作目标) ------------------------------------------------------------------------
_ISSUED = dt.date(2025, 6, 6)

#: 2025–2027: 3019 / 1543 / 85 at issue → about 6000 / 3000 / 170 by the end of 2027. The plan
#: states +1000 and +500 a year; it states no yearly little-giant figure, so it is derived
#: (:meth:`~zjtx.model.jurisdiction.TierTarget.increase_for`: the remaining gap spread evenly over
#: the remaining years, rounded up — 29 a year from 85).
PLAN_2025 = TargetPlan(
    id="yunnan-2025-2027",
    title="云南省专精特新企业倍增三年行动计划(2025—2027年)",
    jurisdiction=JURISDICTION_ID,
    start_year=2025,
    end_year=2027,
    targets=(
        TierTarget(Tier.INNOVATIVE_SME, baseline=3019, baseline_date=_ISSUED, goal=6000, goal_year=2027,
                   yearly_increase=1000),
        TierTarget(Tier.SRDI_SME, baseline=1543, baseline_date=_ISSUED, goal=3000, goal_year=2027, yearly_increase=500),
        TierTarget(Tier.LITTLE_GIANT, baseline=85, baseline_date=_ISSUED, goal=170, goal_year=2027),
    ),
    clause=c27("一", "目前，全省已培育3019户创新型中小企业、1543户专精特新中小企业、85户国家级专精特新“小巨人”企业。"
                     "力争到2027年年底，创新型中小企业达到6000户左右，年均增加1000户；专精特新中小企业达到3000户左右，"
                     "年均增加500户；国家级专精特新“小巨人”企业达到170户左右"),
)

#: 2023–2025 (issued 2023-09-28): goals 2800 / 900 / 120 for 2025. The plan's own starting counts
#: are not in our sources, so each target's baseline is the latest count known inside the plan
#: period — the counts at 2025-06-06 restated by 27号 — never an invented figure. No yearly
#: increase is stated.
PLAN_2023 = TargetPlan(
    id="yunnan-2023-2025",
    title="云南省专精特新企业培育三年行动计划(2023—2025年)",
    jurisdiction=JURISDICTION_ID,
    start_year=2023,
    end_year=2025,
    targets=(
        TierTarget(Tier.INNOVATIVE_SME, baseline=3019, baseline_date=_ISSUED, goal=2800, goal_year=2025),
        TierTarget(Tier.SRDI_SME, baseline=1543, baseline_date=_ISSUED, goal=900, goal_year=2025),
        TierTarget(Tier.LITTLE_GIANT, baseline=85, baseline_date=_ISSUED, goal=120, goal_year=2025),
    ),
    clause=Clause("云南省专精特新企业培育三年行动计划(2023—2025年)", "目标",
                  "到2025年创新型中小企业2800户、专精特新中小企业900户、专精特新“小巨人”120户(单项冠军目标数未见)；"
                  "基数为云政办发〔2025〕27号所载2025年6月数据，非该计划原始基数", V1),
)

PLANS = (PLAN_2023, PLAN_2025)

# -- seed banks (二(二) 建立梯度培育种子库) -----------------------------------------------------------
_BANKS = c27("二(二)", "每年按照不少于年度增长目标数2倍的比例，建立创新型中小企业种子库；每年从有效期内创新型中小企业中筛选，"
                        "按照不少于年度增长目标数2倍的比例，建立专精特新中小企业种子库。各州(市)于每年1月31日前将创新型中小企业、"
                        "专精特新中小企业种子库报省工业和信息化厅备案。省工业和信息化厅商省知识产权局等部门，每年按照不少于"
                        "年度增长目标数3倍的比例，从有效期内专精特新中小企业中筛选具有2项及以上发明专利的企业，"
                        "建立国家级专精特新“小巨人”企业种子库")

#: The three banks. The builder also keeps out enterprises already holding the bank's tier.
SEED_BANKS = MappingProxyType({
    Tier.INNOVATIVE_SME: SeedBankRule(tier=Tier.INNOVATIVE_SME, multiple=2, admits=None, builder="prefecture",
                                      deadline=(1, 31), clause=_BANKS, label="创新型中小企业种子库"),
    Tier.SRDI_SME: SeedBankRule(
        tier=Tier.SRDI_SME, multiple=2, builder="prefecture", deadline=(1, 31), clause=_BANKS, label="专精特新中小企业种子库",
        admits=test("yunnan.bank.srdi", "有效期内的创新型中小企业", m.INNOVATIVE_VALID, Op.EQ, 1, _BANKS),
    ),
    Tier.LITTLE_GIANT: SeedBankRule(
        tier=Tier.LITTLE_GIANT, multiple=3, builder="province", deadline=None, clause=_BANKS,
        label="国家级专精特新“小巨人”企业种子库",
        admits=AllOf(id="yunnan.bank.lg", label="有效期内的专精特新中小企业且具有2项及以上发明专利", clause=_BANKS, parts=(
            test("yunnan.bank.lg.srdi", "有效期内的专精特新中小企业", m.SRDI_VALID, Op.EQ, 1, _BANKS),
            test("yunnan.bank.lg.patents", "具有2项及以上发明专利", m.INVENTION_PATENTS, Op.GE, 2, _BANKS),
        )),
    ),
})  # fmt: skip


def seed_bank_rule(tier: Tier, year: int) -> SeedBankRule | None:
    """Yunnan's bank of ``tier`` for ``year``: the plan's years only (else the national default)."""
    if not PLAN_2025.start_year <= year <= PLAN_2025.end_year:
        return None
    return SEED_BANKS.get(Tier.parse(tier))


# -- prefectures (州市) ----------------------------------------------------------------------------
REGIONS = tuple(
    Region(code, name, JURISDICTION_ID)
    for code, name in (
        ("5301", "昆明市"), ("5303", "曲靖市"), ("5304", "玉溪市"), ("5305", "保山市"), ("5306", "昭通市"),
        ("5307", "丽江市"), ("5308", "普洱市"), ("5309", "临沧市"), ("5323", "楚雄彝族自治州"),
        ("5325", "红河哈尼族彝族自治州"), ("5326", "文山壮族苗族自治州"), ("5328", "西双版纳傣族自治州"),
        ("5329", "大理白族自治州"), ("5331", "德宏傣族景颇族自治州"), ("5333", "怒江傈僳族自治州"),
        ("5334", "迪庆藏族自治州"),
    )
)  # fmt: skip

# -- coaching lines (二(三) 对标专精特新“小巨人”企业标准) -----------------------------------------------
_C1 = c27("二(三)1", "力争主导产品在全国细分市场占有率超过10%；力争主营业务收入增长率高于5%，主营业务收入总额占营业收入总额"
                     "比重高于70%，资产负债率控制在70%以内；至少1项核心业务采用信息系统支撑")
_C2 = c27("二(三)2", "力争年度营业收入总额在1亿元以上的企业，研发费用占营业收入总额比重达到3%以上；年度营业收入总额在"
                     "5000万元—1亿元的企业，研发费用占营业收入总额比重达到6%以上")

#: The goal lines seed enterprises are coached toward. They are the plan's own wording (超过,
#: 高于 exclude the bound; 以内, 以上 include it) and never decide eligibility: the national
#: standard does (e.g. market share 达到10%以上 there, 超过10% here).
COACHING = TierRules(
    tier=Tier.LITTLE_GIANT,
    precondition=None,
    eligibility=AllOf(id="yunnan.coach", label="对标“小巨人”标准的培育目标线(云政办发〔2025〕27号 二(三))",
                      label_en="Yunnan plan coaching lines", clause=c27("二(三)"), parts=(
        test("yunnan.coach.share", "主导产品全国细分市场占有率超过10%", m.MARKET_SHARE, Op.GT, 0.10, _C1),
        test("yunnan.coach.growth", "主营业务收入增长率高于5%", m.MAIN_GROWTH, Op.GT, 0.05, _C1),
        test("yunnan.coach.main_share", "主营业务收入占营业收入比重高于70%", m.MAIN_SHARE, Op.GT, 0.70, _C1),
        test("yunnan.coach.debt", "资产负债率控制在70%以内", m.DEBT_RATIO, Op.LE, 0.70, _C1),
        test("yunnan.coach.info", "至少1项核心业务采用信息系统支撑", m.INFO_SYSTEMS, Op.GE, 1, _C1),
        AnyOf(id="yunnan.coach.rd", label="研发投入按营业收入分档(1亿元以上3%，5000万元—1亿元6%)", clause=_C2, parts=(
            AllOf(id="yunnan.coach.rd.upper", label="营业收入1亿元以上：研发费用占比达到3%以上", clause=_C2, parts=(
                test("yunnan.coach.rd.upper.band", "营业收入1亿元以上", m.REVENUE, Op.GE, 10000, _C2),
                test("yunnan.coach.rd.upper.ratio", "研发费用占比达到3%以上", m.RD_INTENSITY, Op.GE, 0.03, _C2),
            )),
            AllOf(id="yunnan.coach.rd.middle", label="营业收入5000万元—1亿元：研发费用占比达到6%以上", clause=_C2, parts=(
                test("yunnan.coach.rd.middle.low", "营业收入5000万元以上", m.REVENUE, Op.GE, 5000, _C2),
                test("yunnan.coach.rd.middle.high", "营业收入不足1亿元", m.REVENUE, Op.LT, 10000, _C2),
                test("yunnan.coach.rd.middle.ratio", "研发费用占比达到6%以上", m.RD_INTENSITY, Op.GE, 0.06, _C2),
            )),
            test("yunnan.coach.rd.lower", "营业收入5000万元以下：计划未设研发强度目标线", m.REVENUE, Op.LT, 5000, _C2),
        )),
    ),
))  # fmt: skip

# -- measures (培育措施), keyed by criterion id or id prefix ---------------------------------------
_DEPT = "(云政办发〔2025〕27号 {})"
MEASURES = MappingProxyType({
    # little giant, 2022 ids (lg.L*) and 2026 ids (lg.M*)
    "lg.L1": "每年筛选从事特定细分市场3年以上的种子企业，引导深耕产业链某一环节或某一产品" + _DEPT.format("二(三)1"),
    "lg.L2": "引导企业坚持专业化发展道路，主营业务收入占比力争高于70%" + _DEPT.format("二(三)1"),
    "lg.L3": "引导企业稳健生产经营，力争主营业务收入增长率高于5%" + _DEPT.format("二(三)1"),
    "lg.L4": "“一企一策”推动数字化水平提升，至少1项核心业务(CAX/CAM/ERP/OA/CRM/SRM)采用信息系统支撑" + _DEPT.format("二(三)1"),
    "lg.L5": "指导获取质量、环境、职业安全等管理体系认证，申请UL、CSA、ETL、GS等发达国家和地区产品认证(省市场监管局)"
             + _DEPT.format("二(三)3"),
    "lg.L6": "引导企业稳健经营，资产负债率控制在70%以内" + _DEPT.format("二(三)1"),
    "lg.L7": "组织专家服务团队深入分析细分市场、论证市场占有率，加大产品推广力度，力争全国细分市场占有率超过10%"
             + _DEPT.format("二(三)1"),
    "lg.L8": "支持申请商标，打造直接面向市场并具有竞争优势的自主品牌(省市场监管局)" + _DEPT.format("二(三)3"),
    "lg.L9": "引导加大研发投入：营业收入1亿元以上研发占比达到3%以上，5000万元—1亿元达到6%以上" + _DEPT.format("二(三)2"),
    "lg.L10": "支持自建或与高等院校、科研院所联合建立技术研究院、企业技术中心、工程中心、院士专家工作站、博士后工作站"
              + _DEPT.format("二(三)2"),
    "lg.L11": "鼓励申报、受让发明专利等Ⅰ类知识产权(省市场监管局、省知识产权局)" + _DEPT.format("二(三)3"),
    "lg.L12": "推荐种子企业承担国家重大科技项目、国家级技术创新类项目，申报国家级科技奖励" + _DEPT.format("二(三)2"),
    "lg.L13": "组织种子企业参加“创客中国”云南省中小企业创新创业大赛" + _DEPT.format("二(三)1"),
    "lg.L14": "瞄准产业链关键环节卡位入链，为知名大企业配套，在关键领域“补短板”“锻长板”“填空白”" + _DEPT.format("二(三)2"),
    "lg.M2": "引导企业坚持专业化发展道路，提高主营业务收入占比" + _DEPT.format("二(三)1"),
    "lg.M4": "引导企业稳健经营，控制资产负债率" + _DEPT.format("二(三)1"),
    "lg.M5": "引导加大研发投入" + _DEPT.format("二(三)2"),
    "lg.M6": "鼓励申报发明专利等Ⅰ类知识产权(受让取得的不计入2026年标准)" + _DEPT.format("二(三)3"),
    "lg.M7": "组织专家服务团队论证市场占有率，加大产品推广力度" + _DEPT.format("二(三)1"),
    # compliance (both tiers)
    "general.G3": "完成整改后依法依规及时移出“经营异常名录”" + _DEPT.format("二(三)4"),
    "general.G4": "完成整改后依法依规及时移出“严重失信主体名单”" + _DEPT.format("二(三)4"),
    "general.G6": "建立健全安全生产责任制，做好产品质量控制，落实环境影响评价和排污许可要求" + _DEPT.format("二(三)4"),
    "general.G7": "诚信纳税；已完成处罚整改的，有关部门及时出具凭证" + _DEPT.format("二(三)4"),
    # SRDI
    "srdi.C2": "引导加大研发投入，建设研发机构" + _DEPT.format("二(三)2"),
    "srdi.N6": "引导加大研发投入，建设研发机构" + _DEPT.format("二(三)2"),
    "srdi.i5": "“一企一策”靶向推动数字化水平系统提升" + _DEPT.format("二(三)1"),
    "srdi.i6": "指导获取管理体系认证，主持或参与标准制修订，打造自主品牌" + _DEPT.format("二(三)3"),
    # coaching lines
    "yunnan.coach.share": "组织专家服务团队论证市场占有率，加大产品推广力度" + _DEPT.format("二(三)1"),
    "yunnan.coach.rd": "引导加大研发投入，力争达到按营业收入分档的研发强度" + _DEPT.format("二(三)2"),
})  # fmt: skip
