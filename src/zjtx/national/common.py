"""Building blocks shared by the national rule versions: clause helpers, band tables, G1–G8."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from zjtx.model.codes import PROVINCE_CODES
from zjtx.model.tier import Tier
from zjtx.national import metrics as m
from zjtx.national import sme_size
from zjtx.rules.clause import Clause, Provenance
from zjtx.rules.metrics import Metric
from zjtx.rules.nodes import AllOf, Band, Indicator, Node, Op, Test
from zjtx.rules.options import Options
from zjtx.rules.ruleset import TierRules

__all__ = ["DOC_2022", "assemble", "c63", "banded_indicator", "general_preconditions", "test"]

DOC_2022 = "工信部企业〔2022〕63号"


def c63(ref: str, text: str = "", provenance: Provenance = Provenance.VERIFIED_MULTI) -> Clause:
    """A clause of 63号."""
    return Clause(DOC_2022, ref, text, provenance)


def test(
    id: str,
    label: str,
    metric: Metric,
    op: Op | str,
    threshold: object,
    clause: Clause | None = None,
    *,
    label_en: str = "",
    banded: bool = False,
) -> Test:
    """Shorthand for a :class:`Test`."""
    return Test(id=id, label=label, label_en=label_en, metric=metric, op=Op(op), threshold=threshold,
                clause=clause, banded=banded)


def banded_indicator(
    id: str,
    label: str,
    *,
    category: str,
    max_points: float,
    metric: Metric,
    bands: Sequence[tuple[float, float]],
    otherwise: float = 0,
    op: Op = Op.GE,
    clause: Clause | None = None,
    shared_endpoints: bool = True,
    label_en: str = "",
) -> Indicator:
    """An indicator whose bands are bounds on one metric: ``[(points, bound), …]`` high to low.

    With ``shared_endpoints`` each bound is the endpoint shared with the next band and follows
    option ``band_endpoint``; otherwise (每满2年, integer levels) bounds are fixed.
    """
    return Indicator(
        id=id,
        label=label,
        label_en=label_en,
        category=category,
        max_points=max_points,
        clause=clause,
        bands=(
            *(
                Band(points, test(f"{id}.{points:g}", f"{label} {op.symbol} {metric.unit.format(bound)}",
                                  metric, op, bound, clause, banded=shared_endpoints))
                for points, bound in bands
            ),
            Band(otherwise, None, "其他"),
        ),
    )


def general_preconditions(options: Options, provinces: Iterable[str] | None = None) -> AllOf:
    """G1–G8 of 63号 (national-2022.md §1): registration, SME size, compliance, no bar.

    ``provinces`` limits G1 to a province's registrations (a province plug-in passes its code).
    """
    del options  # no option changes G1–G8; kept for a uniform signature
    where = sorted(provinces) if provinces is not None else sorted(PROVINCE_CODES)
    src = ("中华人民共和国境内工商注册登记、具有独立法人资格", "G1")
    return AllOf(
        id="general",
        label="基本条件(一般性条件)",
        label_en="general preconditions",
        clause=c63("第二章 申报条件", "在中华人民共和国境内工商注册登记、具有独立法人资格，符合《中小企业划型标准规定》"),
        parts=(
            test("general.G1", "境内(本省)工商注册登记", m.PROVINCE, Op.IN, where, c63(src[1], src[0]),
                 label_en="registered in the jurisdiction"),
            test("general.G2", "符合《中小企业划型标准规定》(非大型企业)", m.LARGE, Op.EQ, 0, sme_size.CLAUSE,
                 label_en="an SME under 300号"),
            test("general.G3", "未被列入经营异常名录", m.ABNORMAL, Op.EQ, 0, c63("G3", "未被列入经营异常名录"),
                 label_en="not on the abnormal-operations list"),
            test("general.G4", "未被列入严重失信主体名单", m.DISHONEST, Op.EQ, 0, c63("G4", "未被列入严重失信主体名单"),
                 label_en="not on the serious-dishonesty list"),
            test("general.G5", "提供的产品(服务)不属于国家禁止、限制或淘汰类", m.RESTRICTED, Op.EQ, 0,
                 c63("G5", "提供的产品（服务）不属于国家禁止、限制或淘汰类"), label_en="no prohibited products"),
            test("general.G6", "近三年未发生重大安全(含网络安全、数据安全)、质量、环境污染事故", m.INCIDENT, Op.EQ, 0,
                 c63("G6", "近三年未发生重大安全（含网络安全、数据安全）、质量、环境污染等事故"),
                 label_en="no major incident in 3 years"),
            test("general.G7", "近三年无偷漏税等违法违规行为", m.TAX, Op.EQ, 0,
                 c63("G7", "近三年未发生偷漏税等违法违规行为"), label_en="no tax evasion in 3 years"),
            test("general.G8", "不在撤销后三年禁止申报期内", m.BARRED, Op.EQ, 0,
                 c63("第七条 撤销", "至少三年内不得再次申报", Provenance.VERIFIED_ONE),
                 label_en="not barred after a revocation"),
        ),
    )


def assemble(
    builders: Mapping[Tier, Callable[[Options, Iterable[str] | None], TierRules]],
    options: Options,
    provinces: Iterable[str] | None,
) -> dict[Tier, TierRules]:
    """Every tier of a rule version, built with ``options``; band tests and the parts of a
    composite without a clause of their own cite the clause of the rule they belong to."""
    return {tier: build(options, provinces).with_inherited_clauses() for tier, build in builders.items()}
