"""National defaults of the pipeline hooks: seed-bank rules and the catalogue of measures.

These are part of the built-in national plug-in (star-imported by :mod:`zjtx.national.plugin`),
registered ``trylast`` so a province's answers win.

Seed banks. 63号 sets no seed banks; the national default is a sensible ladder a province can
override (Yunnan: 2×/2×/3× with prefecture banks filed by 31 January):

* innovative-SME bank: enterprises not yet valid innovative SMEs, and not valid SRDI SMEs or
  little giants either (有效期内的专精特新中小企业和“小巨人”企业不再参与创新型中小企业评价);
* SRDI bank: **valid innovative SMEs** (the ladder: an enterprise below it belongs in the
  innovative bank first);
* little-giant bank: valid SRDI SMEs (the little-giant prerequisite).

Each is sized at 2 × the year's growth target of the plan in force (the bank holds twice as many
candidates as the year needs, as Yunnan's plan does for its lower tiers), built by the province,
with no filing deadline. Without a target plan the bank is the whole eligible pool.
"""

from __future__ import annotations

from collections.abc import Mapping

from zjtx.hookspecs import hookimpl
from zjtx.model.tier import Tier
from zjtx.national import metrics as nm
from zjtx.pipeline.seedbank import SeedBankRule
from zjtx.pipeline.validity import LITTLE_GIANT_VALID
from zjtx.rules.clause import Clause, Provenance
from zjtx.rules.nodes import AllOf, Op, Test

__all__ = ["zjtx_seed_bank_rule", "zjtx_measures"]

#: The national default size multiple of every bank.
DEFAULT_MULTIPLE = 2.0

_LIB = Clause("zjtx", "national seed-bank default", "63号未规定种子库：按梯度培育逐级入库的库默认规则", Provenance.LIBRARY)
_HIGHER = Clause("工信部企业〔2022〕63号", "附件1",
                 "有效期内的专精特新中小企业和专精特新“小巨人”企业不再参与创新型中小企业评价", Provenance.VERIFIED_ONE)


def _admits(tier: Tier) -> AllOf | Test:
    if tier is Tier.INNOVATIVE_SME:
        return AllOf(id="seedbank.innovative.admits", label="尚未认定(或已过有效期)的中小企业，且非有效期内的专精特新或小巨人企业",
                     clause=_HIGHER, parts=(
                         Test(id="seedbank.innovative.not_srdi", label="非有效期内的专精特新中小企业", metric=nm.SRDI_VALID,
                              op=Op.EQ, threshold=0, clause=_HIGHER),
                         Test(id="seedbank.innovative.not_lg", label="非有效期内的专精特新“小巨人”企业", metric=LITTLE_GIANT_VALID,
                              op=Op.EQ, threshold=0, clause=_HIGHER),
                     ))
    if tier is Tier.SRDI_SME:
        return Test(id="seedbank.srdi.admits", label="有效期内的创新型中小企业", metric=nm.INNOVATIVE_VALID, op=Op.EQ,
                    threshold=1, clause=_LIB)
    return Test(id="seedbank.lg.admits", label="有效期内的专精特新中小企业", metric=nm.SRDI_VALID, op=Op.EQ, threshold=1,
                clause=_LIB)


def default_seed_bank_rule(tier: Tier | str) -> SeedBankRule:
    """The national default rule of a tier's bank (see the module documentation)."""
    t = Tier.parse(tier)
    return SeedBankRule(tier=t, multiple=DEFAULT_MULTIPLE, admits=_admits(t), builder="province", deadline=None,
                        clause=_LIB, source="national", label=f"{t.label}种子库")


@hookimpl(trylast=True)
def zjtx_seed_bank_rule(tier: Tier, year: int, jurisdiction: str) -> SeedBankRule | None:
    del year, jurisdiction  # the national default is the same everywhere and every year
    return default_seed_bank_rule(tier)


#: The national catalogue of measures (培育措施), keyed by criterion id, id prefix or metric id.
MEASURES: Mapping[str, str] = {
    # general preconditions
    "general.G1": "在本省(区、市)完成工商注册登记，保持独立法人资格",
    "general.G2": "属于大型企业，不在中小企业梯度培育范围内",
    "general.G3": "完成整改并申请移出经营异常名录",
    "general.G4": "完成信用修复，申请移出严重失信主体名单",
    "general.G5": "调整产品结构，退出国家禁止、限制或淘汰类产品(服务)",
    "general.G6": "落实安全、质量、环保主体责任；待近三年无重大事故后申报",
    "general.G7": "依法纳税、合规经营；待近三年无违法违规记录后申报",
    "general.G8": "撤销后三年内不得再次申报：待禁止期满后申报",
    # innovative SME
    "innovative.score": "对照创新能力、成长性、专业化三类指标补齐短板，提升评价得分",
    "innovative.total": "对照评价指标补齐短板，使评价得分达到60分以上",
    "innovative.min_innovation": "加强知识产权布局、加大研发投入，使创新能力得分不低于20分",
    "innovative.min_growth": "提升主营业务收入增长、优化资产负债结构，使成长性得分不低于15分",
    "innovative.min_specialisation": "聚焦主业、提高主营业务收入占比，使专业化得分不低于15分",
    "innovative.D1": "申报省级以上科技奖励",
    "innovative.D2": "申报高新技术企业、知识产权优势(示范)企业等资质",
    "innovative.D3": "申报建设省部级以上研发机构",
    "innovative.D4": "对接合格机构投资者，引入股权融资",
    # SRDI SME
    "srdi.prerequisite": "先申报创新型中小企业",
    "srdi.C1": "持续深耕细分市场，待从事细分市场满2年后申报",
    "srdi.C2": "加大研发投入并规范研发费用归集(必要时开展研发费用专项审计)",
    "srdi.C3": "扩大营业收入规模，或引入合格机构投资者股权融资",
    "srdi.C4": "对照专业化、精细化、特色化、创新能力四类指标提升评价得分，或争取直通条件",
    "srdi.S1": "申报省级以上科技奖励",
    "srdi.S2": "加大研发投入",
    "srdi.S3": "对接合格机构投资者，引入股权融资",
    "srdi.S4": "组织参加“创客中国”中小企业创新创业大赛",
    # little giant
    "lg.prerequisite": "先认定为专精特新中小企业(有效期内)",
    "lg.L1": "持续深耕细分市场，待从事细分市场满3年后申报",
    "lg.L2": "聚焦主业，剥离或压减非主营业务，提高主营业务收入占比",
    "lg.L3": "开拓市场，提升主营业务收入增长率",
    "lg.L4": "推进数字化改造：研发设计(CAX)、生产制造(MES)、经营管理(ERP/OA)、客户服务(CRM)、供应链(SRM)至少1项核心业务采用信息系统",
    "lg.L5": "取得管理体系认证，或推动产品通过发达国家和地区产品认证(UL、CSA、ETL、GS等)",
    "lg.L6": "优化资本结构：偿还负债或引入股权融资，将资产负债率控制在70%以内",
    "lg.L7": "提升主导产品全国细分市场占有率，取得市场占有率证明材料",
    "lg.L8": "培育直接面向市场并具有竞争优势的自主品牌",
    "lg.L9": "加大研发投入，研发费用占营业收入比重达到所在营业收入档次的要求(近2年均需满足)",
    "lg.L10": "自建或与高等院校、科研机构联合建立研发机构(技术研究院、企业技术中心、工程中心、院士专家工作站、博士后工作站)",
    "lg.L11": "加强发明专利等Ⅰ类知识产权布局，推动与主导产品相关的知识产权实施应用并产生效益",
    "lg.L12": "申报国家级科技奖励",
    "lg.L13": "组织参加“创客中国”中小企业创新创业大赛",
    "lg.innovation": "加大研发投入、建设研发机构、布局Ⅰ类知识产权，或争取创新直通条件",
    "lg.L14": "融入重点产业链，围绕龙头企业开展配套，发挥补短板、锻长板、填空白作用",
    "lg.L15": "推动主导产品向工业“六基”、制造强国十大重点产业或网络强国建设领域聚焦",
    # by metric (used when no criterion id matches)
    "rd_intensity": "加大研发投入，提高研发费用占营业收入比重",
    "rd_expense": "加大研发投入",
    "debt_ratio": "优化资本结构，降低资产负债率",
    "main_business_share": "聚焦主业，提高主营业务收入占比",
    "niche_years": "持续深耕细分市场，待年限满足后申报",
    "equity_2y": "对接合格机构投资者，引入股权融资",
    "equity_3y": "对接合格机构投资者，引入股权融资",
    "*": "对照认定标准逐项整改，由包保责任人跟踪落实",
}


@hookimpl(trylast=True)
def zjtx_measures(jurisdiction: str) -> Mapping[str, str] | None:
    del jurisdiction
    return dict(MEASURES)
