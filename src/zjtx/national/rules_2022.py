"""The national rules of 2022: 优质中小企业梯度培育管理暂行办法 (工信部企业〔2022〕63号).

Annex 1 (创新型中小企业), annex 2 (专精特新中小企业) and annex 3 (专精特新“小巨人”企业), as set out
in ``national-2022.md``. Every threshold appears here once, with its clause; options
(:class:`~zjtx.rules.options.Options`) decide the readings the text leaves open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zjtx.model.codes import fields_in_group
from zjtx.model.tier import Tier
from zjtx.national import metrics as m
from zjtx.national.common import DOC_2022, assemble, banded_indicator, c63, general_preconditions, test
from zjtx.rules.clause import Provenance
from zjtx.rules.nodes import (
    AllOf,
    AnyOf,
    AtLeast,
    Band,
    Category,
    Indicator,
    NotAssessed,
    Op,
    Score,
    ScoreAtLeast,
)
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleVersion, TierRules

__all__ = ["VERSION", "innovative", "srdi", "little_giant", "tiers"]

VERSION = RuleVersion(
    id="national-2022",
    title="优质中小企业梯度培育管理暂行办法",
    document=DOC_2022,
    valid_from=dt.date(2022, 8, 1),
    valid_until=dt.date(2026, 3, 31),
)

V1, P3 = Provenance.VERIFIED_ONE, Provenance.THIRD_PARTY


def _recent(id: str, age_metric: object, options: Options, clause: object) -> object:
    """An event in 近三年 (option ``event_years_back``): year ≥ Y − n."""
    return test(id, f"近{options.event_years_back}年内", age_metric, Op.LE, options.event_years_back, clause)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Annex 1: 创新型中小企业
# ---------------------------------------------------------------------------------------------
def innovative(options: Options = Options(), provinces: Iterable[str] | None = None) -> TierRules:
    """创新型中小企业评价标准 (63号 附件1): score path or direct path, after G1–G8."""
    a1 = "附件1"
    cat = (
        Category("innovation", "创新能力", "innovation", 40),
        Category("growth", "成长性", "growth", 30),
        Category("specialisation", "专业化", "specialisation", 30),
    )
    score = Score(
        id="innovative.score",
        label="创新型中小企业评价得分",
        label_en="innovative-SME score",
        categories=cat,
        clause=c63(f"{a1} 二", "评价指标包括创新能力、成长性、专业化三类六个指标，评价结果依分值计算，满分为100分"),
        indicators=(
            Indicator(
                id="innovative.i1", label="与企业主导产品相关的有效知识产权数量", category="innovation", max_points=20,
                clause=c63(f"{a1} 二(一)1", "A.Ⅰ类高价值知识产权1项以上(20分) B.自主研发的Ⅰ类知识产权1项以上(15分) "
                                            "C.Ⅰ类知识产权1项以上(10分) D.Ⅱ类知识产权1项以上(5分) E.无(0分)"),
                bands=(
                    Band(20, test("innovative.i1.20", "Ⅰ类高价值知识产权1项以上", m.IP_HIGH_VALUE, Op.GE, 1)),
                    Band(15, test("innovative.i1.15", "自主研发的Ⅰ类知识产权1项以上", m.IP_SELF, Op.GE, 1)),
                    Band(10, test("innovative.i1.10", "Ⅰ类知识产权1项以上", m.IP_CLASS1, Op.GE, 1)),
                    Band(5, test("innovative.i1.5", "Ⅱ类知识产权1项以上", m.IP_CLASS2, Op.GE, 1)),
                    Band(0, None, "无"),
                ),
            ),
            banded_indicator(
                "innovative.i2", "上年度研发费用总额占营业收入总额比重", category="innovation", max_points=20,
                metric=m.RD_INTENSITY, bands=((20, 0.05), (15, 0.03), (10, 0.02), (5, 0.01)),
                clause=c63(f"{a1} 二(一)2", "A.5%以上(20分) B.3%-5%(15分) C.2%-3%(10分) D.1%-2%(5分) E.1%以下(0分)"),
            ),
            banded_indicator(
                "innovative.i3", "上年度主营业务收入增长率", category="growth", max_points=20,
                metric=m.MAIN_GROWTH, bands=((20, 0.15), (15, 0.10), (10, 0.05), (5, 0.0)),
                clause=c63(f"{a1} 二(二)3", "A.15%以上(20分) B.10%-15%(15分) C.5%-10%(10分) D.0%-5%(5分) E.0%以下(0分)"),
            ),
            banded_indicator(
                "innovative.i4", "上年度资产负债率", category="growth", max_points=10, op=Op.LE,
                metric=m.DEBT_RATIO, bands=((10, 0.55), (5, 0.75)),
                clause=c63(f"{a1} 二(二)4", "A.55%以下(10分) B.55%-75%(5分) C.75%以上(0分)"),
            ),
            Indicator(
                id="innovative.i5", label="主导产品所属领域情况", category="specialisation", max_points=10,
                clause=c63(f"{a1} 二(三)5", "A.属于《战略性新兴产业分类》(10分) B.属于其他领域(5分)"),
                bands=(
                    Band(10, test("innovative.i5.10", "属于《战略性新兴产业分类》", m.STRATEGIC, Op.EQ, 1)),
                    Band(5, None, "属于其他领域"),
                ),
            ),
            banded_indicator(
                "innovative.i6", "上年度主营业务收入总额占营业收入总额比重", category="specialisation", max_points=20,
                metric=m.MAIN_SHARE, bands=((20, 0.70), (15, 0.60), (10, 0.55), (5, 0.50)),
                clause=c63(f"{a1} 二(三)6", "A.70%以上(20分) B.60%-70%(15分) C.55%-60%(10分) D.50%-55%(5分) E.50%以下(0分)"),
            ),
        ),
    )
    score_path = AllOf(
        id="innovative.score_path",
        label="评价得分达到60分以上且各类分项满足最低分",
        label_en="score path",
        clause=c63(f"{a1} 一", "评价得分达到60分以上（其中创新能力指标得分不低于20分、成长性指标及专业化指标得分均不低于15分）"),
        parts=(
            ScoreAtLeast(id="innovative.total", label="评价得分达到60分以上", score=score.id, threshold=60,
                         clause=c63(f"{a1} 一", "评价得分达到60分以上")),
            ScoreAtLeast(id="innovative.min_innovation", label="创新能力指标得分不低于20分", score=score.id,
                         category="innovation", threshold=20, clause=c63(f"{a1} 一", "创新能力指标得分不低于20分")),
            ScoreAtLeast(id="innovative.min_growth", label="成长性指标得分不低于15分", score=score.id,
                         category="growth", threshold=15, clause=c63(f"{a1} 一", "成长性指标得分不低于15分")),
            ScoreAtLeast(id="innovative.min_specialisation", label="专业化指标得分不低于15分", score=score.id,
                         category="specialisation", threshold=15, clause=c63(f"{a1} 一", "专业化指标得分不低于15分")),
        ),
    )
    award = c63(f"{a1} 一(一)", "近三年内获得过国家级、省级科技奖励")
    direct = AnyOf(
        id="innovative.direct",
        label="满足下列条件之一(直通条件)",
        label_en="direct conditions",
        clause=c63(f"{a1} 一", "或满足下列条件之一"),
        parts=(
            AllOf(id="innovative.D1", label="近三年内获得过国家级、省级科技奖励", clause=award, parts=(
                test("innovative.D1.level", "国家级或省级科技奖励", m.AWARD_LEVEL, Op.IN, {"national", "provincial"}, award),
                _recent("innovative.D1.recent", m.AWARD_AGE, options, award),
            )),
            test("innovative.D2", "获得高新技术企业等有效期内荣誉", m.HONOURS, Op.GE, 1,
                 c63(f"{a1} 一(二)", "获得高新技术企业、国家级技术创新示范企业、知识产权优势企业和知识产权示范企业等荣誉（均为有效期内）")),
            test("innovative.D3", "拥有经认定的省部级以上研发机构", m.RD_INSTITUTION, Op.IN, {"national", "provincial"},
                 c63(f"{a1} 一(三)", "拥有经认定的省部级以上研发机构")),
            test("innovative.D4", "近三年新增股权融资总额500万元以上", m.EQUITY_3Y, Op.GE, 500,
                 c63(f"{a1} 一(四)", "近三年新增股权融资总额（合格机构投资者的实缴额）500万元以上")),
        ),
    )
    return TierRules(
        tier=Tier.INNOVATIVE_SME,
        eligibility=AllOf(
            id="innovative", label="创新型中小企业公告条件", label_en="innovative SME",
            clause=c63(a1, "创新型中小企业评价标准"),
            parts=(general_preconditions(options, provinces),
                   AnyOf(id="innovative.standard", label="评价得分或直通条件", parts=(score_path, direct))),
        ),
        scores=(score,),
        headline_score=score.id,
    )


# ---------------------------------------------------------------------------------------------
# Annex 2: 专精特新中小企业
# ---------------------------------------------------------------------------------------------
def _srdi_score(options: Options) -> Score:
    a2 = "附件2 二"
    six = fields_in_group("six_foundations")
    quality = c63(f"{a2}(二)6", "A.获得省级以上质量奖荣誉 B.建立质量管理体系,获得ISO9001等质量管理体系认证证书 "
                                "C.拥有自主品牌 D.参与制修订标准。每满足一项加3分,最高不超过5分")
    quality_items = (
        test("srdi.i6.award", "获得省级以上质量奖荣誉", m.QUALITY_AWARD, Op.EQ, 1, quality),
        test("srdi.i6.system", "获得ISO9001等质量管理体系认证", m.MGMT_CERT, Op.EQ, 1, quality),
        test("srdi.i6.brand", "拥有自主品牌", m.OWN_BRAND, Op.EQ, 1, quality),
        test("srdi.i6.standards", "参与制修订标准", m.STANDARDS, Op.EQ, 1, quality),
    )
    growth_metric = m.MAIN_GROWTH_2Y_MEAN if options.growth_2y == "arithmetic_mean" else m.MAIN_GROWTH_2Y_CAGR
    rd_input = c63(f"{a2}(四)11", "A.研发费用总额500万元以上或占营业收入总额比重在10%以上(10分) B.400-500万元或8%-10%(8分) "
                                  "C.300-400万元或6%-8%(6分) D.200-300万元或4%-6%(4分) E.100-200万元或3%-4%(2分)", V1)

    def rd_band(points: float, amount: float, ratio: float) -> Band:
        return Band(points, AnyOf(
            id=f"srdi.i11.{points:g}", label=f"研发费用{amount:g}万元以上或占比{ratio:.0%}以上", clause=rd_input,
            parts=(test(f"srdi.i11.{points:g}.amount", f"研发费用总额≥{amount:g}万元", m.RD, Op.GE, amount, rd_input, banded=True),
                   test(f"srdi.i11.{points:g}.ratio", f"研发费用占比≥{ratio:.0%}", m.RD_INTENSITY, Op.GE, ratio, rd_input,
                        banded=True)),
        ))

    return Score(
        id="srdi.score",
        label="专精特新中小企业评价得分",
        label_en="SRDI score",
        clause=c63("附件2 二", "评价指标包括专业化、精细化、特色化和创新能力四类十三个指标，评价结果依分值计算，满分为100分"),
        categories=(
            Category("specialisation", "专业化", "specialisation", 25),
            Category("refinement", "精细化", "refinement", 25),
            Category("featured", "特色化", "featured", 15),
            Category("innovation", "创新能力", "innovation", 35),
        ),
        indicators=(
            banded_indicator("srdi.i1", "上年度主营业务收入总额占营业收入总额比重", category="specialisation", max_points=5,
                             metric=m.MAIN_SHARE, bands=((5, 0.80), (3, 0.70), (1, 0.60)),
                             clause=c63(f"{a2}(一)1", "A.80%以上(5分) B.70%-80%(3分) C.60%-70%(1分) D.60%以下(0分)")),
            banded_indicator("srdi.i2", "近2年主营业务收入平均增长率", category="specialisation", max_points=10,
                             metric=growth_metric, bands=((10, 0.10), (8, 0.08), (6, 0.06), (4, 0.04), (2, 0.0)),
                             clause=c63(f"{a2}(一)2", "A.10%以上(10分) B.8%-10%(8分) C.6%-8%(6分) D.4%-6%(4分) "
                                                      "E.0%-4%(2分) F.0%以下(0分)")),
            banded_indicator("srdi.i3", "从事特定细分市场年限", category="specialisation", max_points=5,
                             metric=m.NICHE_YEARS, bands=((5, 10), (4, 8), (3, 6), (2, 4), (1, 2)), shared_endpoints=False,
                             clause=c63(f"{a2}(一)3", "每满2年得1分，最高不超过5分")),
            Indicator(
                id="srdi.i4", label="主导产品所属领域情况", category="specialisation", max_points=5,
                clause=c63(f"{a2}(一)4", "A.在产业链供应链关键环节及关键领域“补短板”“锻长板”“填空白”取得实际成效(5分) "
                                         "B.属于工业“六基”领域、中华老字号名录或企业主导产品服务关键产业链重点龙头企业(3分) C.不属于以上情况(0分)"),
                bands=(
                    Band(5, test("srdi.i4.5", "补短板、锻长板、填空白取得实际成效", m.CHAIN_ROLE, Op.IN, {"gap_filled"})),
                    Band(3, AnyOf(id="srdi.i4.3", label="属于工业“六基”领域、中华老字号或服务重点龙头企业", parts=(
                        test("srdi.i4.3.role", "中华老字号或服务关键产业链重点龙头企业", m.CHAIN_ROLE, Op.IN,
                             {"foundation_or_leader_supplier"}),
                        test("srdi.i4.3.field", "主导产品属于工业“六基”领域", m.PRODUCT_FIELD, Op.IN, six),
                    ))),
                    Band(0, None, "不属于以上情况"),
                ),
            ),
            banded_indicator("srdi.i5", "数字化水平", category="refinement", max_points=5, metric=m.DIGITAL,
                             bands=((5, 3), (3, 2)), shared_endpoints=False,
                             clause=c63(f"{a2}(二)5", "A.三级以上(5分) B.二级(3分) C.一级(0分)")),
            Indicator(
                id="srdi.i6", label="质量管理水平", category="refinement", max_points=5, clause=quality,
                bands=(
                    Band(5, AtLeast(id="srdi.i6.5", label="满足两项以上", n=2, parts=quality_items, clause=quality)),
                    Band(3, AtLeast(id="srdi.i6.3", label="满足一项", n=1, parts=quality_items, clause=quality)),
                    Band(0, None, "均不满足"),
                ),
            ),
            banded_indicator("srdi.i7", "上年度净利润率", category="refinement", max_points=10, metric=m.NET_MARGIN,
                             bands=((10, 0.10), (8, 0.08), (6, 0.06), (4, 0.04), (2, 0.02)),
                             clause=c63(f"{a2}(二)7", "A.10%以上(10分) B.8%-10%(8分) C.6%-8%(6分) D.4%-6%(4分) "
                                                      "E.2%-4%(2分) F.2%以下(0分)")),
            banded_indicator("srdi.i8", "上年度资产负债率", category="refinement", max_points=5, metric=m.DEBT_RATIO,
                             op=Op.LE, bands=((5, 0.50), (3, 0.60), (1, 0.70)),
                             clause=c63(f"{a2}(二)8", "A.50%以下(5分) B.50%-60%(3分) C.60%-70%(1分) D.70%以上(0分)")),
            Indicator(
                id="srdi.i9", label="地方特色指标(特色化，由省级主管部门设定)", category="featured", max_points=15,
                clause=c63(f"{a2}(三)9", "由各省级中小企业主管部门结合本地产业状况和中小企业发展实际自主设定1-3个指标进行评价"),
                bands=(Band(0, None, "国家规则不设特色化指标：0分，由省级插件填充"),),
            ),
            Indicator(
                id="srdi.i10", label="与企业主导产品相关的有效知识产权数量", category="innovation", max_points=10,
                clause=c63(f"{a2}(四)10", "A.Ⅰ类高价值知识产权1项以上(10分) B.自主研发Ⅰ类知识产权1项以上(8分) "
                                          "C.Ⅰ类知识产权1项以上(6分) D.Ⅱ类知识产权1项以上(2分) E.无(0分)", V1),
                bands=(
                    Band(10, test("srdi.i10.10", "Ⅰ类高价值知识产权1项以上", m.IP_HIGH_VALUE, Op.GE, 1)),
                    Band(8, test("srdi.i10.8", "自主研发Ⅰ类知识产权1项以上", m.IP_SELF, Op.GE, 1)),
                    Band(6, test("srdi.i10.6", "Ⅰ类知识产权1项以上", m.IP_CLASS1, Op.GE, 1)),
                    Band(2, test("srdi.i10.2", "Ⅱ类知识产权1项以上", m.IP_CLASS2, Op.GE, 1)),
                    Band(0, None, "无"),
                ),
            ),
            Indicator(
                id="srdi.i11", label="上年度研发费用投入", category="innovation", max_points=10, clause=rd_input,
                bands=(rd_band(10, 500, 0.10), rd_band(8, 400, 0.08), rd_band(6, 300, 0.06), rd_band(4, 200, 0.04),
                       rd_band(2, 100, 0.03), Band(0, None, "其他")),
            ),
            banded_indicator("srdi.i12", "上年度研发人员占比", category="innovation", max_points=5, metric=m.RD_STAFF_SHARE,
                             bands=((5, 0.20), (3, 0.10), (1, 0.05)),
                             clause=c63(f"{a2}(四)12", "A.20%以上(5分) B.10%-20%(3分) C.5%-10%(1分) D.5%以下(0分)", P3)),
            Indicator(
                id="srdi.i13", label="建立研发机构级别", category="innovation", max_points=10,
                clause=c63(f"{a2}(四)13", "A.国家级(10分) B.省级(8分) C.市级(4分) D.市级以下(2分) E.未建立研发机构(0分)", P3),
                bands=(
                    Band(10, test("srdi.i13.10", "国家级研发机构", m.RD_INSTITUTION, Op.IN, {"national"})),
                    Band(8, test("srdi.i13.8", "省级研发机构", m.RD_INSTITUTION, Op.IN, {"provincial"})),
                    Band(4, test("srdi.i13.4", "市级研发机构", m.RD_INSTITUTION, Op.IN, {"city"})),
                    Band(2, test("srdi.i13.2", "市级以下研发机构", m.RD_INSTITUTION, Op.IN, {"below_city"})),
                    Band(0, None, "未建立研发机构"),
                ),
            ),
        ),
    )


def srdi(options: Options = Options(), provinces: Iterable[str] | None = None) -> TierRules:
    """专精特新中小企业认定标准 (63号 附件2): C1–C4 after G1–G8."""
    a2 = "附件2 一"
    score = _srdi_score(options)
    c2 = c63(f"{a2}(二)", "上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%")
    c3 = c63(f"{a2}(三)", "上年度营业收入总额在1000万元以上，或上年度营业收入总额在1000万元以下，但近2年新增股权融资总额"
                          "（合格机构投资者的实缴额）达到2000万元以上")
    s1 = c63(f"{a2}(四)1", "近三年获得过省级科技奖励，并在获奖单位中排名前三；或获得国家级科技奖励，并在获奖单位中排名前五")
    s4 = c63(f"{a2}(四)4", "近三年进入“创客中国”中小企业创新创业大赛全国500强企业组名单")
    parts: list[object] = [general_preconditions(options, provinces)]
    if options.srdi_requires_innovative:
        parts.append(test("srdi.prerequisite", "有效期内的创新型中小企业", m.INNOVATIVE_VALID, Op.EQ, 1,
                          c63("option srdi_requires_innovative", "申报创新型中小企业后,方可申报省专精特新中小企业",
                              Provenance.UNVERIFIED)))
    parts += [
        test("srdi.C1", "从事特定细分市场时间达到2年以上", m.NICHE_YEARS, Op.GE, 2,
             c63(f"{a2}(一)", "从事特定细分市场时间达到2年以上")),
        AllOf(id="srdi.C2", label="上年度研发费用总额不低于100万元且占比不低于3%", clause=c2, parts=(
            test("srdi.C2.amount", "上年度研发费用总额不低于100万元", m.RD, Op.GE, 100, c2),
            test("srdi.C2.ratio", "研发费用占营业收入总额比重不低于3%", m.RD_INTENSITY, Op.GE, 0.03, c2),
        )),
        AnyOf(id="srdi.C3", label="上年度营业收入1000万元以上或近2年股权融资2000万元以上", clause=c3, parts=(
            test("srdi.C3.revenue", "上年度营业收入总额在1000万元以上", m.REVENUE, Op.GE, 1000, c3),
            AllOf(id="srdi.C3.equity_path", label="营业收入1000万元以下但近2年新增股权融资2000万元以上", clause=c3, parts=(
                test("srdi.C3.small", "上年度营业收入总额在1000万元以下", m.REVENUE, Op.LT, 1000, c3),
                test("srdi.C3.equity", "近2年新增股权融资总额达到2000万元以上", m.EQUITY_2Y, Op.GE, 2000, c3),
            )),
        )),
        AnyOf(id="srdi.C4", label="评价得分达到60分以上或满足直通条件之一",
              clause=c63(f"{a2}(四)", "评价得分达到60分以上或满足下列条件之一"), parts=(
            ScoreAtLeast(id="srdi.C4.score", label="评价得分达到60分以上", score=score.id, threshold=60,
                         clause=c63(f"{a2}(四)", "评价得分达到60分以上")),
            AllOf(id="srdi.S1", label="近三年获省级科技奖励排名前三或国家级排名前五", clause=s1, parts=(
                _recent("srdi.S1.recent", m.AWARD_AGE, options, s1),
                AnyOf(id="srdi.S1.rank", label="省级前三或国家级前五", clause=s1, parts=(
                    AllOf(id="srdi.S1.provincial", label="省级科技奖励排名前三", clause=s1, parts=(
                        test("srdi.S1.provincial.level", "省级科技奖励", m.AWARD_LEVEL, Op.IN, {"provincial"}, s1),
                        test("srdi.S1.provincial.rank", "获奖单位中排名前三", m.AWARD_RANK, Op.LE, 3, s1),
                    )),
                    AllOf(id="srdi.S1.national", label="国家级科技奖励排名前五", clause=s1, parts=(
                        test("srdi.S1.national.level", "国家级科技奖励", m.AWARD_LEVEL, Op.IN, {"national"}, s1),
                        test("srdi.S1.national.rank", "获奖单位中排名前五", m.AWARD_RANK, Op.LE, 5, s1),
                    )),
                )),
            )),
            test("srdi.S2", "近两年研发费用总额均值在1000万元以上", m.RD_MEAN_2Y, Op.GE, 1000,
                 c63(f"{a2}(四)2", "近两年研发费用总额均值在1000万元以上")),
            test("srdi.S3", "近两年新增股权融资总额6000万元以上", m.EQUITY_2Y, Op.GE, 6000,
                 c63(f"{a2}(四)3", "近两年新增股权融资总额（合格机构投资者的实缴额）6000万元以上")),
            AllOf(id="srdi.S4", label="近三年进入“创客中国”全国500强企业组名单", clause=s4, parts=(
                test("srdi.S4.group", "全国500强(含50强)企业组", m.MAKERS, Op.IN, {"top500", "top50"}, s4),
                _recent("srdi.S4.recent", m.MAKERS_AGE, options, s4),
            )),
        )),
    ]
    return TierRules(
        tier=Tier.SRDI_SME,
        eligibility=AllOf(id="srdi", label="专精特新中小企业认定条件", label_en="SRDI SME",
                          clause=c63("附件2", "同时满足以下四项条件"), parts=tuple(parts)),  # type: ignore[arg-type]
        scores=(score,),
        headline_score=score.id,
    )


# ---------------------------------------------------------------------------------------------
# Annex 3: 专精特新“小巨人”企业
# ---------------------------------------------------------------------------------------------
def little_giant(options: Options = Options(), provinces: Iterable[str] | None = None) -> TierRules:
    """专精特新“小巨人”企业认定标准 (63号 附件3): prerequisite and six groups, after G1–G8."""
    a3 = "附件3"
    growth_metric = m.MAIN_GROWTH_2Y_MEAN if options.growth_2y == "arithmetic_mean" else m.MAIN_GROWTH_2Y_CAGR
    l9 = c63(f"{a3} 四(一)1", "上年度营业收入总额在1亿元以上的企业，近2年研发费用总额占营业收入总额比重均不低于3%；"
                              "上年度营业收入总额在5000万元—1亿元的企业，近2年研发费用总额占营业收入总额比重均不低于6%；"
                              "上年度营业收入总额在5000万元以下的企业，同时满足近2年新增股权融资总额（合格机构投资者的实缴额）"
                              "8000万元以上，且研发费用总额3000万元以上、研发人员占企业职工总数比重50%以上")
    at_100m_upper = options.lg_band_at_100m == "upper"
    at_50m_middle = options.lg_band_at_50m == "middle"
    upper_band = test("lg.L9.upper.band", "上年度营业收入总额在1亿元以上", m.REVENUE, Op.GE if at_100m_upper else Op.GT, 10000, l9)
    middle_band = AllOf(id="lg.L9.middle.band", label="上年度营业收入总额在5000万元—1亿元", clause=l9, parts=(
        test("lg.L9.middle.band.low", "营业收入5000万元以上", m.REVENUE, Op.GE if at_50m_middle else Op.GT, 5000, l9),
        test("lg.L9.middle.band.high", "营业收入1亿元以下", m.REVENUE, Op.LT if at_100m_upper else Op.LE, 10000, l9),
    ))
    lower_band = test("lg.L9.lower.band", "上年度营业收入总额在5000万元以下", m.REVENUE, Op.LT if at_50m_middle else Op.LE, 5000, l9)
    rd_small = m.RD_TOTAL_2Y if options.lg_small_band_rd == "two_year_total" else m.RD
    l9_node = AnyOf(id="lg.L9", label="研发投入(按上年度营业收入分档)", clause=l9, parts=(
        AllOf(id="lg.L9.upper", label="1亿元以上：近2年研发费用占比均不低于3%", clause=l9, parts=(
            upper_band,
            test("lg.L9.upper.y2", "上上年度研发费用占比不低于3%", m.RD_INTENSITY_Y2, Op.GE, 0.03, l9),
            test("lg.L9.upper.y1", "上年度研发费用占比不低于3%", m.RD_INTENSITY, Op.GE, 0.03, l9),
        )),
        AllOf(id="lg.L9.middle", label="5000万元—1亿元：近2年研发费用占比均不低于6%", clause=l9, parts=(
            middle_band,
            test("lg.L9.middle.y2", "上上年度研发费用占比不低于6%", m.RD_INTENSITY_Y2, Op.GE, 0.06, l9),
            test("lg.L9.middle.y1", "上年度研发费用占比不低于6%", m.RD_INTENSITY, Op.GE, 0.06, l9),
        )),
        AllOf(id="lg.L9.lower", label="5000万元以下：股权融资、研发费用、研发人员同时满足", clause=l9, parts=(
            lower_band,
            test("lg.L9.lower.equity", "近2年新增股权融资总额8000万元以上", m.EQUITY_2Y, Op.GE, 8000, l9),
            test("lg.L9.lower.rd", "研发费用总额3000万元以上", rd_small, Op.GE, 3000, l9),
            test("lg.L9.lower.staff", "研发人员占企业职工总数比重50%以上", m.RD_STAFF_SHARE, Op.GE, 0.50, l9),
        )),
    ))
    l12 = c63(f"{a3} 四(二)1", "近三年获得国家级科技奖励，并在获奖单位中排名前三")
    l13 = c63(f"{a3} 四(二)2", "近三年进入“创客中国”中小企业创新创业大赛全国50强企业组名单")
    award_levels = {"national"} if options.lg_direct_award_levels == "national" else {"national", "provincial"}
    l3 = test("lg.L3", "近2年主营业务收入平均增长率不低于5%", growth_metric, Op.GE, 0.05,
              c63(f"{a3} 一(三)", "近2年主营业务收入平均增长率不低于5%"))
    l15 = test("lg.L15", "主导产品属于工业“六基”、制造强国十大重点产业或网络强国建设领域", m.PRODUCT_FIELD, Op.NOT_IN, {"other"},
               c63(f"{a3} 六", "主导产品原则上属于工业“六基”领域、制造强国战略十大重点产业领域或网络强国建设领域",
                   Provenance.VERIFIED_MULTI))
    specialisation = [
        test("lg.L1", "从事特定细分市场时间达到3年以上", m.NICHE_YEARS, Op.GE, 3,
             c63(f"{a3} 一(一)", "截至上年末，从事特定细分市场时间达到3年以上")),
        test("lg.L2", "主营业务收入总额占营业收入总额比重不低于70%", m.MAIN_SHARE, Op.GE, 0.70,
             c63(f"{a3} 一(二)", "主营业务收入总额占营业收入总额比重不低于70%")),
    ]
    reported: list[object] = [
        NotAssessed(id="lg.qualitative", label="经营战略、治理、质量国内领先、品牌知名度等定性要求(评审认定，不计入判定)",
                    clause=c63(a3, "定性描述由评审专家认定", Provenance.LIBRARY)),
    ]
    if options.renewal:
        reported.append(l3)  # 2022年认定的复核企业暂不要求 (renewal firms: not required)
    else:
        specialisation.append(l3)
    groups = [
        AllOf(id="lg.specialisation", label="一、专业化", clause=c63(f"{a3} 一"), parts=tuple(specialisation)),  # type: ignore[arg-type]
        AllOf(id="lg.refinement", label="二、精细化", clause=c63(f"{a3} 二"), parts=(
            test("lg.L4", "至少1项核心业务采用信息系统支撑", m.INFO_SYSTEMS, Op.GE, 1,
                 c63(f"{a3} 二(一)", "在研发设计、生产制造、供应链管理等环节，至少1项核心业务采用信息系统支撑")),
            AnyOf(id="lg.L5", label="取得相关管理体系认证或产品通过发达国家和地区产品认证",
                  clause=c63(f"{a3} 二(二)", "取得相关管理体系认证，或产品通过发达国家和地区产品认证（国际标准协会行业认证）"),
                  parts=(test("lg.L5.management", "取得相关管理体系认证", m.MGMT_CERT, Op.EQ, 1),
                         test("lg.L5.product", "产品通过发达国家和地区产品认证", m.PRODUCT_CERT, Op.EQ, 1))),
            test("lg.L6", "截至上年末资产负债率不高于70%", m.DEBT_RATIO, Op.LE, 0.70,
                 c63(f"{a3} 二(三)", "截至上年末，企业资产负债率不高于70%")),
        )),
        AllOf(id="lg.distinct", label="三、特色化", clause=c63(f"{a3} 三"), parts=(
            test("lg.L7", "主导产品全国细分市场占有率达到10%以上", m.MARKET_SHARE, Op.GE, 0.10,
                 c63(f"{a3} 三(一)", "主导产品在全国细分市场占有率达到10%以上，且享有较高知名度和影响力")),
            test("lg.L8", "拥有直接面向市场并具有竞争优势的自主品牌", m.OWN_BRAND, Op.EQ, 1,
                 c63(f"{a3} 三(二)", "拥有直接面向市场并具有竞争优势的自主品牌")),
        )),
        AnyOf(id="lg.innovation", label="四、创新能力(一般性条件或创新直通条件)", clause=c63(f"{a3} 四"), parts=(
            AllOf(id="lg.innovation.general", label="(一)一般性条件", clause=c63(f"{a3} 四(一)"), parts=(
                l9_node,
                test("lg.L10", "自建或与高等院校、科研机构联合建立研发机构", m.RD_INSTITUTION, Op.NOT_IN, {"none"},
                     c63(f"{a3} 四(一)2", "自建或与高等院校、科研机构联合建立研发机构")),
                test("lg.L11", "拥有2项以上与主导产品相关的Ⅰ类知识产权并实际应用", m.IP_IN_USE, Op.GE, 2,
                     c63(f"{a3} 四(一)3", "拥有2项以上与主导产品相关的Ⅰ类知识产权，且实际应用并已产生经济效益")),
            )),
            AnyOf(id="lg.innovation.direct", label="(二)创新直通条件", clause=c63(f"{a3} 四(二)"), parts=(
                AllOf(id="lg.L12", label="近三年获得国家级科技奖励并排名前三", clause=l12, parts=(
                    test("lg.L12.level", "国家级科技奖励", m.AWARD_LEVEL, Op.IN, award_levels, l12),
                    test("lg.L12.rank", "获奖单位中排名前三", m.AWARD_RANK, Op.LE, 3, l12),
                    _recent("lg.L12.recent", m.AWARD_AGE, options, l12),
                )),
                AllOf(id="lg.L13", label="近三年进入“创客中国”全国50强企业组名单", clause=l13, parts=(
                    test("lg.L13.group", "全国50强企业组", m.MAKERS, Op.IN, {"top50"}, l13),
                    _recent("lg.L13.recent", m.MAKERS_AGE, options, l13),
                )),
            )),
        )),
        test("lg.L14", "位于产业链关键环节，发挥补短板、锻长板、填空白作用", m.CHAIN_SUPPORT, Op.EQ, 1,
             c63(f"{a3} 五", "位于产业链关键环节，围绕重点产业链实现关键基础技术和产品的产业化应用，发挥“补短板”“锻长板”“填空白”等重要作用",
                 Provenance.UNVERIFIED)),
    ]
    if options.lg_field_required:
        groups.append(l15)
    else:
        reported.append(l15)
    prerequisite = test("lg.prerequisite", "有效期内的专精特新中小企业", m.SRDI_VALID, Op.EQ, 1,
                        c63(f"{a3}", "专精特新“小巨人”企业应为有效期内的省级专精特新中小企业", V1))
    return TierRules(
        tier=Tier.LITTLE_GIANT,
        eligibility=AllOf(
            id="lg", label="专精特新“小巨人”企业认定条件", label_en="little giant",
            clause=c63(a3, "同时满足专、精、特、新、链、品六个方面"),
            parts=(general_preconditions(options, provinces), prerequisite, *groups),  # type: ignore[arg-type]
        ),
        reported=tuple(reported),  # type: ignore[arg-type]
    )


def tiers(options: Options = Options(), provinces: Iterable[str] | None = None) -> dict[Tier, TierRules]:
    """All three tiers of the 2022 rules."""
    return assemble({Tier.INNOVATIVE_SME: innovative, Tier.SRDI_SME: srdi, Tier.LITTLE_GIANT: little_giant},
                    options, provinces)
