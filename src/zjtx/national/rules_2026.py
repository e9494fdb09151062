"""The national rules of 2026: 优质中小企业梯度培育管理办法 (in force from 2026-04-01), provisional.

The revision is confirmed (news of 2026-01-17), but its thresholds are known only from third-party
compilations (``national-2026.md`` §2, marked [3P]), so this version is **provisional**: every
verdict under it carries the flag and every criterion cites [3P] provenance until the thresholds are
checked against 工信部企业〔2026〕2号.

What changes from ``national-2022`` (see :mod:`zjtx.national.rules_2022`):

* 创新型中小企业: the 63号 annex-1 scoring is carried over (Article 30, [3P]) until a merged
  科技和创新型 standard is issued; the tier is the 2022 one.
* 专精特新中小企业: the 60-point score, the direct conditions and the provincial 特色化 15 points
  are abolished; nine conditions N1–N9 must all hold.
* 专精特新“小巨人”: seven indicators M1–M7, all required.

Criteria that need columns rosters seldom carry yet (科技型 status, 专精特新发展评价得分,
international share, domestic rank, the reviewers' 较为靠前, top-3 right-holder, transferred-in IP)
come out ``insufficient_data`` naming those columns when they are empty, unless another condition
already decides the verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zjtx.model.tier import Tier
from zjtx.national import metrics as m
from zjtx.national import rules_2022
from zjtx.national.common import assemble, general_preconditions, test
from zjtx.rules.clause import Clause, Provenance
from zjtx.rules.nodes import AllOf, AnyOf, Node, NotAssessed, Op
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleVersion, TierRules

__all__ = ["DOC_2026", "VERSION", "c26", "innovative", "srdi", "little_giant", "tiers"]

#: The document number as reported by third-party compilations ([3P]).
DOC_2026 = "工信部企业〔2026〕2号"

VERSION = RuleVersion(
    id="national-2026",
    title="优质中小企业梯度培育管理办法(2026年修订，暂定)",
    document=DOC_2026,
    valid_from=dt.date(2026, 4, 1),
    valid_until=None,
    provisional=True,
)

P3 = Provenance.THIRD_PARTY


def c26(ref: str, text: str = "", provenance: Provenance = P3) -> Clause:
    """A clause of the 2026 办法 (third-party wording unless stated otherwise)."""
    return Clause(DOC_2026, ref, text, provenance)


def _recent_award(prefix: str, levels: set[str], rank: int, options: Options, clause: Clause) -> AllOf:
    """近三年 a science-and-technology award of ``levels``, ranked ``rank`` or better."""
    n = options.event_years_back
    names = "省部级以上" if "provincial" in levels else "国家级"
    return AllOf(id=prefix, label=f"近{n}年获{names}科技奖励排名前{rank}", clause=clause, parts=(
        test(f"{prefix}.level", "科技奖励级别", m.AWARD_LEVEL, Op.IN, levels, clause),
        test(f"{prefix}.rank", f"获奖单位中排名前{rank}", m.AWARD_RANK, Op.LE, rank, clause),
        test(f"{prefix}.recent", f"近{n}年内", m.AWARD_AGE, Op.LE, n, clause),
    ))


def _each_year_rd(prefix: str, *, amount: float | None, ratio: float, clause: Clause) -> AllOf:
    """近两年 R&D: each of Y−2 and Y−1 at least ``amount`` (if given) and ``ratio`` of revenue."""
    parts: list[Node] = []
    for lag, rd, intensity in ((2, m.RD_Y2, m.RD_INTENSITY_Y2), (1, m.RD, m.RD_INTENSITY)):
        year = "上上年度" if lag == 2 else "上年度"
        if amount is not None:
            parts.append(test(f"{prefix}.y{lag}.amount", f"{year}研发费用不低于{amount:g}万元", rd, Op.GE, amount, clause))
        parts.append(test(f"{prefix}.y{lag}.ratio", f"{year}研发费用占营业收入比重不低于{ratio:.0%}",
                          intensity, Op.GE, ratio, clause))
    label = f"近两年研发费用每年{'不低于' + format(amount, 'g') + '万元且' if amount is not None else ''}占比不低于{ratio:.0%}"
    return AllOf(id=prefix, label=label, clause=clause, parts=tuple(parts))


# ---------------------------------------------------------------------------------------------
# 创新型中小企业: the 2022 annex-1 standard, carried over
# ---------------------------------------------------------------------------------------------
def innovative(options: Options = Options(), provinces: Iterable[str] | None = None) -> TierRules:
    """The 63号 annex-1 standard, still used for the bottom tier (Article 30, [3P])."""
    return rules_2022.innovative(options, provinces)


# ---------------------------------------------------------------------------------------------
# 附件1: 专精特新中小企业认定标准 (2026)
# ---------------------------------------------------------------------------------------------
def srdi(options: Options = Options(), provinces: Iterable[str] | None = None) -> TierRules:
    """专精特新中小企业 (2026, as reported): general conditions and N1–N9, all required."""
    a1 = "附件1"
    n3 = c26(f"{a1} N3", "上年度营业收入不低于1500万元，或上年度营业收入低于1500万元但近两年新增股权融资总额不低于2000万元")
    n7 = c26(f"{a1} N7", "拥有1项以上与主导产品相关并实际应用、产生效益的Ⅰ类知识产权；近三年获省部级以上科技奖励(排名前三)"
                         "或拥有省部级以上研发机构的除外")
    parts: list[Node] = [
        general_preconditions(options, provinces),
        AnyOf(id="srdi.N1", label="已是科技和创新型中小企业(有效期内创新型或科技型中小企业)", label_en="tech or innovative SME",
              clause=c26(f"{a1} N1", "已认定为科技和创新型中小企业"), parts=(
            test("srdi.N1.innovative", "有效期内的创新型中小企业", m.INNOVATIVE_VALID, Op.EQ, 1),
            test("srdi.N1.tech", "有效的科技型中小企业", m.TECH_SME, Op.EQ, 1),
        )),
        test("srdi.N2", "截至上年末从事特定细分市场时间3年以上", m.NICHE_YEARS, Op.GE, 3,
             c26(f"{a1} N2", "截至上年末，从事特定细分市场时间达到3年以上")),
        AnyOf(id="srdi.N3", label="上年度营业收入1500万元以上或近两年股权融资2000万元以上", clause=n3, parts=(
            test("srdi.N3.revenue", "上年度营业收入不低于1500万元", m.REVENUE, Op.GE, 1500, n3),
            AllOf(id="srdi.N3.equity_path", label="营业收入低于1500万元但近两年新增股权融资2000万元以上", clause=n3, parts=(
                test("srdi.N3.small", "上年度营业收入低于1500万元", m.REVENUE, Op.LT, 1500, n3),
                test("srdi.N3.equity", "近两年新增股权融资总额不低于2000万元", m.EQUITY_2Y, Op.GE, 2000, n3),
            )),
        )),
        test("srdi.N4", "上年度主营业务收入占营业收入比重不低于80%", m.MAIN_SHARE, Op.GE, 0.80,
             c26(f"{a1} N4", "主营业务收入占营业收入比重不低于80%")),
        test("srdi.N5", "上年末资产负债率不高于80%", m.DEBT_RATIO, Op.LE, 0.80,
             c26(f"{a1} N5", "上年末资产负债率不高于80%")),
        _each_year_rd("srdi.N6", amount=100, ratio=0.03,
                      clause=c26(f"{a1} N6", "近两年研发费用每年不低于100万元且占营业收入比重不低于3%")),
        AnyOf(id="srdi.N7", label="拥有1项以上已应用的Ⅰ类知识产权(或获奖、研发机构豁免)", clause=n7, parts=(
            test("srdi.N7.ip", "与主导产品相关并实际应用的Ⅰ类知识产权1项以上", m.IP_IN_USE, Op.GE, 1, n7),
            _recent_award("srdi.N7.award", {"national", "provincial"}, 3, options, n7),
            test("srdi.N7.institution", "拥有省部级以上研发机构", m.RD_INSTITUTION, Op.IN, {"national", "provincial"}, n7),
        )),
        test("srdi.N8", "主导产品国内或国际细分市场占有率较为靠前(评审认定)", m.MARKET_POSITION, Op.EQ, 1,
             c26(f"{a1} N8", "主导产品在国内或国际细分市场占有率较为靠前")),
        test("srdi.N9", "当年度专精特新发展评价得分50分以上", m.SRDI_DEV_SCORE, Op.GE, 50,
             c26(f"{a1} N9", "当年度中小企业专精特新发展评价得分不低于50分(工信厅企业〔2024〕75号指标体系)")),
    ]
    return TierRules(
        tier=Tier.SRDI_SME,
        eligibility=AllOf(id="srdi", label="专精特新中小企业认定条件(2026)", label_en="SRDI SME (2026)",
                          clause=c26(a1, "专精特新中小企业认定标准：同时满足以下条件"), parts=tuple(parts)),
    )


# ---------------------------------------------------------------------------------------------
# 附件2: 专精特新“小巨人”企业认定标准 (2026)
# ---------------------------------------------------------------------------------------------
#: M6: Class-I IP items (in use, not transferred in); used by both M6 tests, declared once.
M6_ITEMS = 4


def little_giant(options: Options = Options(), provinces: Iterable[str] | None = None) -> TierRules:
    """专精特新“小巨人” (2026, as reported): general conditions and M1–M7, all required."""
    a2 = "附件2"
    m1 = c26(f"{a2} M1", "有效期内的专精特新中小企业，从事特定细分市场时间达到3年以上")
    m2 = c26(f"{a2} M2", "上年度营业收入不低于5000万元，主营业务收入占营业收入比重不低于90%")
    m6 = c26(f"{a2} M6", "拥有4项以上Ⅰ类知识产权(受让取得的不计)，且企业为前三位权利人；近三年获国家级科技奖励(排名前三)的除外")
    m7 = c26(f"{a2} M7", "主导产品国内或国际细分市场占有率10%以上或国内前三；属于工业“六基”或产业链关键环节；"
                         "专精特新发展评价得分60分以上(复核企业近两年任一年)")
    m3 = test("lg.M3", "近两年营业收入复合增长率不低于5%", m.REVENUE_GROWTH_2Y_CAGR, Op.GE, 0.05,
              c26(f"{a2} M3", "近两年营业收入复合增长率不低于5%(复核企业不作要求)"))
    field_test = AnyOf(id="lg.M7.field", label="主导产品属于重点领域或位于产业链关键环节", clause=m7, parts=(
        test("lg.M7.field.code", "主导产品属于工业“六基”、十大重点产业或网络强国领域", m.PRODUCT_FIELD, Op.NOT_IN, {"other"}, m7),
        test("lg.M7.field.chain", "位于产业链关键环节(评审认定)", m.CHAIN_SUPPORT, Op.EQ, 1, m7),
    ))
    score_now = test("lg.M7.score", "当年度专精特新发展评价得分60分以上", m.SRDI_DEV_SCORE, Op.GE, 60, m7)
    if options.renewal:
        score: Node = AnyOf(id="lg.M7.score_2y", label="近两年任一年专精特新发展评价得分60分以上(复核)", clause=m7, parts=(
            score_now,
            test("lg.M7.score_y1", "上年度专精特新发展评价得分60分以上", m.SRDI_DEV_SCORE_Y1, Op.GE, 60, m7),
        ))
    else:
        score = score_now
    m7_parts: list[Node] = [
        AnyOf(id="lg.M7.share", label="细分市场占有率10%以上或国内前三", clause=m7, parts=(
            test("lg.M7.share.national", "国内细分市场占有率10%以上", m.MARKET_SHARE, Op.GE, 0.10, m7),
            test("lg.M7.share.intl", "国际细分市场占有率10%以上", m.INTL_MARKET_SHARE, Op.GE, 0.10, m7),
            test("lg.M7.share.rank", "国内细分市场排名前三", m.DOMESTIC_RANK, Op.LE, 3, m7),
        )),
    ]
    reported: list[Node] = [
        NotAssessed(id="lg.qualitative", label="经营战略、治理、品牌影响力等定性要求(评审认定，不计入判定)",
                    clause=c26(a2, "定性描述由评审专家认定", Provenance.LIBRARY)),
    ]
    if options.lg_field_required:
        m7_parts.append(field_test)
    else:
        reported.append(field_test)
    m7_parts.append(score)
    parts: list[Node] = [
        general_preconditions(options, provinces),
        AllOf(id="lg.M1", label="有效期内的专精特新中小企业，细分市场3年以上", clause=m1, parts=(
            test("lg.M1.srdi", "有效期内的专精特新中小企业", m.SRDI_VALID, Op.EQ, 1, m1),
            test("lg.M1.niche", "从事特定细分市场时间达到3年以上", m.NICHE_YEARS, Op.GE, 3, m1),
        )),
        AllOf(id="lg.M2", label="营业收入5000万元以上，主营业务收入占比90%以上", clause=m2, parts=(
            test("lg.M2.revenue", "上年度营业收入不低于5000万元", m.REVENUE, Op.GE, 5000, m2),
            test("lg.M2.share", "主营业务收入占营业收入比重不低于90%", m.MAIN_SHARE, Op.GE, 0.90, m2),
        )),
    ]
    if options.renewal:
        reported.append(m3)
    else:
        parts.append(m3)
    parts += [
        test("lg.M4", "上年末资产负债率不高于75%", m.DEBT_RATIO, Op.LE, 0.75, c26(f"{a2} M4", "上年末资产负债率不高于75%")),
        AllOf(id="lg.M5", label="近两年研发费用合计1200万元以上且每年占比3%以上",
              clause=c26(f"{a2} M5", "近两年研发费用合计不低于1200万元，且每年占营业收入比重不低于3%"), parts=(
            test("lg.M5.total", "近两年研发费用合计不低于1200万元", m.RD_TOTAL_2Y, Op.GE, 1200,
                 c26(f"{a2} M5", "近两年研发费用合计不低于1200万元")),
            _each_year_rd("lg.M5.each", amount=None, ratio=0.03, clause=c26(f"{a2} M5", "每年占营业收入比重不低于3%")),
        )),
        AnyOf(id="lg.M6", label=f"Ⅰ类知识产权{M6_ITEMS}项以上且为前三位权利人(或国家级科技奖励豁免)", clause=m6, parts=(
            AllOf(id="lg.M6.ip", label=f"拥有{M6_ITEMS}项以上非受让Ⅰ类知识产权且为前三位权利人", clause=m6, parts=(
                test("lg.M6.ip.in_use", f"实际应用的Ⅰ类知识产权{M6_ITEMS}项以上", m.IP_IN_USE, Op.GE, M6_ITEMS, m6),
                test("lg.M6.ip.own", f"其中非受让取得的{M6_ITEMS}项以上", m.IP_IN_USE_OWN, Op.GE, M6_ITEMS, m6),
                test("lg.M6.ip.top3", "企业为前三位权利人", m.IP_TOP3_HOLDER, Op.EQ, 1, m6),
            )),
            _recent_award("lg.M6.award", {"national"}, 3, options, m6),
        )),
        AllOf(id="lg.M7", label="细分市场地位、重点领域与发展评价得分", clause=m7, parts=tuple(m7_parts)),
    ]
    return TierRules(
        tier=Tier.LITTLE_GIANT,
        eligibility=AllOf(id="lg", label="专精特新“小巨人”企业认定条件(2026)", label_en="little giant (2026)",
                          clause=c26(a2, "专精特新“小巨人”企业认定标准：同时满足以下七项指标"),
                          parts=tuple(parts)),
        reported=tuple(reported),
    )


def tiers(options: Options = Options(), provinces: Iterable[str] | None = None) -> dict[Tier, TierRules]:
    """All three tiers of the 2026 rules (the bottom tier carried over from 2022)."""
    return assemble({Tier.INNOVATIVE_SME: innovative, Tier.SRDI_SME: srdi, Tier.LITTLE_GIANT: little_giant},
                    options, provinces)
