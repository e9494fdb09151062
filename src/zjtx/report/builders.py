"""The national report sections: builders from the report context to :class:`Section` objects.

Each builder takes the context of :func:`zjtx.report.context.report_context` and returns a
section (or ``None`` when it has nothing to say, e.g. one prefecture only). Sections that need a
pipeline result the context lacks come back with an empty table and a note saying why. The
national plug-in contributes them through ``zjtx_report_sections``
(:mod:`zjtx.national.report_hooks`); a province plug-in replaces one by returning a section
with the same id.

=========================  =====  =========================================================
id                         order  content
=========================  =====  =========================================================
``overview``               10     the roster, the date, the rules, headline counts
``tier_funnel``            20     per tier: eligible, undecided, valid recognitions (funnel)
``criteria_outcomes``      30     which criteria fail most (pass / fail / undecided per criterion)
``score_distribution``     40     innovative-SME and SRDI scores in 10-point bins
``prefectures``            50     prefecture comparison of eligible enterprises per tier
``progress``               60     valid recognitions against the plan's targets (pipeline)
``progress_by_year``       61     projection to the plan's end against its pace, by year
``prefecture_progress``    62     this year's recognitions per prefecture against its share
``schedule``               63     the quarter's scheduling report per prefecture (季度调度)
``seed_banks``             70     the year's seed banks: required size, pool, size, shortfall
``seed_bank_prefectures``  71     prefecture-built banks: quota, size and shortfall
``target_list``            75     next year's little-giant target list, top :data:`TARGET_ROWS`
``roadmap_lines``          80     the shortfalls (指标短板) most common in the seed banks' roadmaps
``renewals``               90     recognitions valid, due for renewal, expired, revoked
``data_gaps``              95     fields whose absence leaves verdicts undecided
=========================  =====  =========================================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from zjtx.model.tier import Tier
from zjtx.report.labels import col, outcome_label, text, tier_label
from zjtx.report.sections import Chart, ColumnSpec, Lang, Section
from zjtx.rules.nodes import AllOf, Node

__all__ = ["NATIONAL_BUILDERS", "TARGET_ROWS", "national_sections", "criteria_of", "prefecture_names", "valid_counts"]

Context = Mapping[str, Any]


#: Short tier names for chart labels (Chinese, English).
_SHORT = {Tier.INNOVATIVE_SME: ("创新型", "innov."), Tier.SRDI_SME: ("专精特新", "SRDI"), Tier.LITTLE_GIANT: ("小巨人", "LG")}


def _clip(value: str, width: int) -> str:
    """``value`` cut to ``width`` display cells (CJK counts two), with an ellipsis."""
    from zjtx.report.formats import display_width

    if display_width(value) <= width * 2:
        return value
    out = ""
    for ch in value:
        if display_width(out + ch) > width * 2 - 2:
            return out + "…"
        out += ch
    return out


def _lang(ctx: Context) -> Lang:
    return "en" if ctx.get("lang") == "en" else "zh"


def _skipped(ctx: Context, id: str, order: int, title: str, title_en: str, step: str) -> Section:
    reason = (ctx.get("skipped") or {}).get(step, f"{step} not available")
    return Section(id=id, order=order, title=title, title_en=title_en, table=pd.DataFrame(),
                   notes=f"本节未生成：{reason}。", notes_en=f"Not produced: {reason}.")


def criteria_of(node: Node) -> list[Node]:
    """The criteria an enterprise must all meet: the parts of nested all-of nodes.

    Descends through all-of nodes and stops at anything else (a test, an any-of, a score pass
    mark), so every criterion returned is necessary on its own.
    """
    if isinstance(node, AllOf):
        return [c for part in node.parts for c in criteria_of(part)]
    return [node]


def prefecture_names(ctx: Context) -> dict[str, str]:
    """Prefecture code → name: the plug-ins' regions, else the roster's own labels."""
    names = {r.code: r.name for r in ctx.get("regions") or ()}
    roster = ctx.get("roster")
    if roster is not None and "prefecture" in roster.columns and "region_code" in roster.columns:
        pairs = roster[["region_code", "prefecture"]].dropna()
        for code, name in zip(pairs["region_code"].astype(str).str[:4], pairs["prefecture"].astype(str)):
            names.setdefault(code, name)
    return names


def _prefecture_codes(ctx: Context) -> np.ndarray:
    """The 4-digit prefecture of each assessed enterprise (region code, else USCC chars 3–6)."""
    verdicts: pd.DataFrame = ctx["verdicts"]
    roster: pd.DataFrame = ctx["roster"]
    region = pd.Series(index=verdicts.index, dtype=object)
    if "region_code" in roster.columns:
        latest = roster.dropna(subset=["region_code"]).drop_duplicates("uscc", keep="last").set_index("uscc")
        region = latest["region_code"].reindex(verdicts.index)
    keys = pd.Series(verdicts.index, index=verdicts.index, dtype=object)
    region = region.where(region.notna(), keys.str[2:8])
    return region.astype(str).str[:4].to_numpy(dtype=object)


def valid_counts(ctx: Context) -> dict[Tier, int] | None:
    """Valid recognitions per tier on the report date (from the pipeline's validity table)."""
    table = ctx.get("validity")
    if table is None:
        return None
    valid = table[table["valid"].astype(bool)]
    return {t: int((valid["tier"] == t.value).sum()) for t in Tier.ladder()}


def _valid_sets(ctx: Context) -> dict[Tier, set[str]] | None:
    table = ctx.get("validity")
    if table is None:
        return None
    valid = table[table["valid"].astype(bool)]
    return {t: set(valid.loc[valid["tier"] == t.value, "uscc"]) for t in Tier.ladder()}


# ---------------------------------------------------------------------------------------------
def overview(ctx: Context) -> Section:
    """总览: what was assessed, when, under which rules, and the headline counts."""
    lang = _lang(ctx)
    assessment = ctx["assessment"]
    verdicts: pd.DataFrame = ctx["verdicts"]
    rules = assessment.rules
    rows: list[tuple[str, str, object]] = [
        ("jurisdiction", text("辖区", "jurisdiction", lang), ctx["jurisdiction"]),
        ("year", text("报告年度", "report year", lang), ctx["year"]),
        ("as_of", text("评价日期", "assessment date", lang), ctx["as_of"].isoformat()),
        ("rule_version", text("适用规则版本", "rule version", lang),
         rules.version.id + (text("(暂行)", " (provisional)", lang) if rules.provisional else "")),
        ("plugins", text("规则来源", "rule sources", lang), ", ".join(rules.sources)),
        ("enterprises", text("企业数", "enterprises", lang), len(verdicts)),
    ]
    valid = valid_counts(ctx)
    for tier in Tier.ladder():
        if tier.value in verdicts.columns:
            rows.append((f"{tier.value}_eligible", text(f"符合{tier.label}条件", f"eligible: {tier.label_en}", lang),
                         int((verdicts[tier.value] == "eligible").sum())))
        if valid is not None:
            rows.append((f"{tier.value}_valid", text(f"有效期内{tier.label}", f"valid {tier.label_en}", lang),
                         valid[tier]))
    table = pd.DataFrame(rows, columns=["item", "label", "value"])[["label", "value"]]
    source = ctx.get("source")
    notes = text(f"名册：{source}。" if source else "", f"Roster: {source}." if source else "", lang)
    return Section(id="overview", order=10, title="总览", title_en="Overview", table=table,
                   columns={"label": ColumnSpec("项目", "item"), "value": ColumnSpec("数值", "value")},
                   notes=notes, notes_en=notes)


def tier_funnel(ctx: Context) -> Section:
    """梯度漏斗: per tier, how many are eligible, undecided, recognised and eligible-but-not-recognised."""
    lang = _lang(ctx)
    verdicts: pd.DataFrame = ctx["verdicts"]
    valid = _valid_sets(ctx)
    rows = []
    for tier in Tier.ladder():
        if tier.value not in verdicts.columns:
            continue
        outcome = verdicts[tier.value].astype(str)
        eligible = set(verdicts.index[outcome == "eligible"])
        row: dict[str, object] = {
            "tier": tier_label(tier, lang), "assessed": len(verdicts), "eligible": len(eligible),
            "insufficient_data": int((outcome == "insufficient_data").sum()),
            "not_eligible": int((outcome == "not_eligible").sum()),
            "eligible_share": len(eligible) / len(verdicts) if len(verdicts) else np.nan,
        }
        if valid is not None:
            row["valid"] = len(valid[tier])
            row["eligible_not_recognised"] = len(eligible - valid[tier])
            row["recognised_not_eligible"] = len(valid[tier] - eligible)
        rows.append(row)
    table = pd.DataFrame(rows)
    y = ("eligible", "valid") if valid is not None else ("eligible",)
    notes = text("“有效期内已认定”为评价日有效的认定（三年有效期，撤销即失效）；“符合条件未认定”是当年可申报的潜在新增。",
                 "Valid recognitions are those in force on the assessment date (3 years; a revocation cancels); "
                 "eligible but not recognised enterprises are the potential new recognitions.", lang)
    return Section(
        id="tier_funnel", order=20, title="梯度培育漏斗", title_en="Tier funnel", table=table, notes=notes,
        columns={c: col(c) for c in table.columns},
        chart=Chart(kind="funnel", x="tier", y=y, title="梯度培育漏斗：符合条件与有效认定",
                    title_en="Tier funnel: eligible and valid recognitions"),
    )


def criteria_outcomes(ctx: Context) -> Section:
    """各项条件判定结果: pass / fail / undecided per necessary criterion, most-failed first."""
    lang = _lang(ctx)
    assessment = ctx["assessment"]
    ev = assessment.evaluation
    n = ev.n
    # One row per criterion id; one shared by every tier with the same outcomes (the general
    # preconditions G1–G8) is listed once, as common to all tiers.
    found: dict[str, dict[str, Any]] = {}
    for tier in Tier.ladder():
        if tier not in assessment.rules.tiers:
            continue
        nodes = criteria_of(assessment.rules[tier].eligibility)
        results = [ev.node(node) for node in nodes]
        failing = np.array([r.false for r in results]) if results else np.zeros((0, n), bool)
        sole = failing & (failing.sum(axis=0) == 1)
        for i, (node, r) in enumerate(zip(nodes, results)):
            counts = (int(r.true.sum()), int(r.false.sum()), int(r.unknown.sum()))
            hit = found.get(node.id)
            if hit is not None and hit["counts"] == counts:
                hit["tiers"].append(tier)
                hit["sole"] |= sole[i]
                continue
            key = node.id if hit is None else f"{node.id}@{tier.value}"
            found[key] = {"node": node, "tiers": [tier], "counts": counts, "sole": sole[i].copy()}
    rows = []
    every = [t for t in Tier.ladder() if t in assessment.rules.tiers]
    for item in found.values():
        node, tiers = item["node"], item["tiers"]
        passes, fails, unknown = item["counts"]
        label = node.label_en or node.label if lang == "en" else node.label
        common = len(tiers) > 1 and tiers == every
        tier_text = text("各层级通用", "all tiers", lang) if common else "、".join(tier_label(t, lang) for t in tiers)
        short = text("通用", "all", lang) if common else "/".join(_SHORT[t][lang == "en"] for t in tiers)
        rows.append({
            "tier": tier_text, "criterion": node.id, "label": label, "clause": str(node.clause) if node.clause else "",
            "pass": passes, "fail": fails, "insufficient_data": unknown, "fail_share": fails / n if n else np.nan,
            "sole_failure": int(item["sole"].sum()), "chart_label": _clip(f"{short}·{label}", 20),
        })
    table = pd.DataFrame(rows)
    if len(table):
        table = table.sort_values(["fail", "criterion"], ascending=[False, True], kind="stable").reset_index(drop=True)
    columns = {
        "tier": col("tier"), "criterion": ColumnSpec("条件编号", "criterion id"),
        "label": ColumnSpec("条件", "criterion"), "clause": ColumnSpec("依据条款", "clause"),
        "pass": ColumnSpec("满足", "pass", "家"), "fail": ColumnSpec("不满足", "fail", "家"),
        "insufficient_data": ColumnSpec("数据不足", "insufficient data", "家"),
        "fail_share": ColumnSpec("不满足占比", "fail share", "%"),
        "sole_failure": ColumnSpec("仅此一项不满足", "only failing criterion", "家"),
        "chart_label": ColumnSpec("图示标签", "chart label", hidden=True),
    }
    notes = text("每个层级须同时满足的条件（一般性条件G1–G8及各项认定条件）；“仅此一项不满足”的企业补齐该项即可达标。",
                 "The criteria each tier requires together (general preconditions G1–G8 and the tier's own); "
                 "enterprises failing only one criterion qualify once they meet it.", lang)
    return Section(
        id="criteria_outcomes", order=30, title="各项条件判定结果（不满足最多的条件）",
        title_en="Outcomes by criterion (most failed first)", table=table, columns=columns, notes=notes,
        chart=Chart(kind="barh", x="chart_label", y=("fail_share",), percent=True, limit=15,
                    title="不满足最多的条件（占评价企业比例）", title_en="Most-failed criteria (share of enterprises)"),
    )


def score_distribution(ctx: Context) -> Section | None:
    """评价得分分布: innovative-SME and SRDI scores in 10-point bins (pass mark 60)."""
    lang = _lang(ctx)
    verdicts: pd.DataFrame = ctx["verdicts"]
    scores = [(c, t) for c, t in (("innovative_score", Tier.INNOVATIVE_SME), ("srdi_score", Tier.SRDI_SME))
              if c in verdicts.columns]
    if not scores:
        return None
    edges = list(range(0, 101, 10))
    labels = [f"{lo}–{lo + 9}" if lo < 90 else "90–100" for lo in edges[:-1]]
    table = pd.DataFrame({"bin": labels})
    notes_zh, notes_en = [], []
    for column, tier in scores:
        values = pd.to_numeric(verdicts[column], errors="coerce").dropna().to_numpy()
        idx = np.minimum((values // 10).astype(int), 9)
        table[column] = np.bincount(idx, minlength=10)[:10].astype(int)
        if len(values):
            notes_zh.append(f"{tier.label}得分：{len(values)}家有得分，中位数{np.median(values):g}分，"
                            f"60分以上{int((values >= 60).sum())}家")
            notes_en.append(f"{tier.label_en} score: {len(values)} scored, median {np.median(values):g}, "
                            f"{int((values >= 60).sum())} at 60 or more")
    columns = {"bin": ColumnSpec("得分区间", "score band", "分"),
               "innovative_score": ColumnSpec(f"{Tier.INNOVATIVE_SME.label}", "innovative SME", "家"),
               "srdi_score": ColumnSpec(f"{Tier.SRDI_SME.label}", "SRDI SME", "家")}
    return Section(
        id="score_distribution", order=40, title="评价得分分布", title_en="Score distributions", table=table,
        columns=columns, notes="；".join(notes_zh) + ("。" if notes_zh else ""), notes_en="; ".join(notes_en) + ".",
        chart=Chart(kind="bar", x="bin", y=tuple(c for c, _ in scores), title="评价得分分布（企业数，60分为通过线）",
                    title_en="Score distributions (enterprises; pass mark 60)"),
    )


def prefectures(ctx: Context) -> Section | None:
    """州市对比: enterprises, eligible and valid per tier in each prefecture."""
    lang = _lang(ctx)
    verdicts: pd.DataFrame = ctx["verdicts"]
    codes = _prefecture_codes(ctx)
    if len(set(codes)) < 2:
        return None
    names = prefecture_names(ctx)
    frame = pd.DataFrame({"prefecture": codes}, index=verdicts.index)
    valid = _valid_sets(ctx)
    for tier in Tier.ladder():
        if tier.value in verdicts.columns:
            frame[f"{tier.value}_eligible"] = (verdicts[tier.value] == "eligible").to_numpy()
        if valid is not None:
            frame[f"{tier.value}_valid"] = verdicts.index.isin(list(valid[tier]))
    table = frame.groupby("prefecture", sort=True).agg(
        enterprises=("prefecture", "size"), **{c: (c, "sum") for c in frame.columns if c != "prefecture"})
    table = table.reset_index()
    table.insert(1, "prefecture_name", [names.get(c, c) for c in table["prefecture"]])
    for c in table.columns[2:]:
        table[c] = table[c].astype(int)
    table = table.sort_values(["enterprises", "prefecture"], ascending=[False, True]).reset_index(drop=True)
    columns = {"prefecture": col("prefecture"), "prefecture_name": col("prefecture_name"),
               "enterprises": col("enterprises")}
    for tier in Tier.ladder():
        columns[f"{tier.value}_eligible"] = ColumnSpec(f"符合{tier.label}条件", f"eligible {tier.label_en}", "家")
        columns[f"{tier.value}_valid"] = ColumnSpec(f"有效期内{tier.label}", f"valid {tier.label_en}", "家")
    y = tuple(f"{t.value}_eligible" for t in Tier.ladder() if f"{t.value}_eligible" in table.columns)
    return Section(
        id="prefectures", order=50, title="州市对比", title_en="Prefecture comparison", table=table, columns=columns,
        chart=Chart(kind="barh", x="prefecture_name", y=y, title="各州市符合各层级条件的企业数",
                    title_en="Eligible enterprises per tier by prefecture"),
    )


def priority_sectors(ctx: Context) -> Section | None:
    """重点产业: enterprises, eligible and valid per tier, and seed-bank members, per priority tag.

    The tags come from the plug-ins (``zjtx_priority_tags``); a plug-in may replace this section
    (id ``priority_sectors``) with one that names its sectors.
    """
    lang = _lang(ctx)
    tags = ctx.get("priority_tags")
    if tags is None:
        return None
    verdicts: pd.DataFrame = ctx["verdicts"]
    tags = tags.reindex(verdicts.index).fillna("")
    exploded = tags.str.split(";").explode()
    exploded = exploded[exploded != ""]
    if exploded.empty:
        return None
    valid = _valid_sets(ctx)
    banks = ctx.get("seed_banks") or {}
    members = set().union(*[set(b.table["uscc"]) for b in banks.values()]) if banks else set()
    rows = []
    for tag, keys in exploded.groupby(exploded, sort=False):
        index = keys.index
        row: dict[str, object] = {"sector": str(tag), "enterprises": len(index)}
        for tier in Tier.ladder():
            if tier.value in verdicts.columns:
                row[f"{tier.value}_eligible"] = int((verdicts.loc[index, tier.value] == "eligible").sum())
            if valid is not None:
                row[f"{tier.value}_valid"] = len(valid[tier].intersection(index))
        if banks:
            row["bank_members"] = len(members.intersection(index))
        rows.append(row)
    table = pd.DataFrame(rows).sort_values(["enterprises", "sector"], ascending=[False, True]).reset_index(drop=True)
    columns = {"sector": ColumnSpec("重点产业", "priority sector"), "enterprises": col("enterprises"),
               "bank_members": ColumnSpec("种子库企业", "seed-bank members", "家")}
    for tier in Tier.ladder():
        columns[f"{tier.value}_eligible"] = ColumnSpec(f"符合{tier.label}条件", f"eligible {tier.label_en}", "家")
        columns[f"{tier.value}_valid"] = ColumnSpec(f"有效期内{tier.label}", f"valid {tier.label_en}", "家")
    y = tuple(f"{t.value}_eligible" for t in Tier.ladder() if f"{t.value}_eligible" in table.columns)
    untagged = int((tags == "").sum())
    return Section(
        id="priority_sectors", order=55, title="重点产业分布", title_en="Priority sectors", table=table,
        columns=columns,
        notes=text(f"重点产业标签由插件按行业代码、主导产品领域和产品关键词给出；一家企业可属多个产业，{untagged}家未归入重点产业。",
                   f"Sector tags come from the plug-ins (industry code, product field, product keywords); an "
                   f"enterprise may carry several; {untagged} carry none.", lang),
        notes_en=f"Sector tags come from the plug-ins (industry code, product field, product keywords); an enterprise "
                 f"may carry several; {untagged} carry none.",
        chart=Chart(kind="barh", x="sector", y=y, title="各重点产业符合各层级条件的企业数",
                    title_en="Eligible enterprises per tier by priority sector"),
    )


def progress(ctx: Context) -> Section:
    """目标进度: valid recognitions against the plan (baseline, this year's target, pace, goal)."""
    lang = _lang(ctx)
    title, title_en = "培育目标进度", "Progress against targets"
    p = ctx.get("progress")
    if p is None:
        return _skipped(ctx, "progress", 60, title, title_en, "progress")
    t = p.table.copy()
    table = pd.DataFrame({
        "tier": [tier_label(x, lang) for x in t["tier"]],
        "baseline": t["baseline"], "year_target": t["year_target"], "plan_pace": t["plan_pace"],
        "valid_now": t["valid_now"], "gained_this_year": t["gained_this_year"],
        "year_progress": pd.to_numeric(t["year_progress"], errors="coerce"),
        "pace_share": pd.to_numeric(t["valid_now"], errors="coerce") / pd.to_numeric(t["plan_pace"], errors="coerce"),
        "goal": t["goal"], "goal_year": t["goal_year"], "projected_end": t["projected_end"],
        "goal_share": pd.to_numeric(t["projected_end"], errors="coerce") / pd.to_numeric(t["goal"], errors="coerce"),
    })
    columns = {
        "tier": col("tier"), "baseline": ColumnSpec("基数", "baseline", "家"),
        "year_target": ColumnSpec("本年新增目标", "growth target this year", "家"),
        "plan_pace": ColumnSpec("本年末应达数量", "plan pace at year end", "家"),
        "valid_now": ColumnSpec("当前有效数量", "valid now", "家"),
        "gained_this_year": ColumnSpec("本年已新增", "gained this year", "家"),
        "year_progress": ColumnSpec("本年新增目标完成率", "growth target reached", "%"),
        "pace_share": ColumnSpec("当前数量/年末应达", "valid now / pace", "%"),
        "goal": ColumnSpec("规划目标", "goal", "家"), "goal_year": ColumnSpec("目标年份", "goal year", "年"),
        "projected_end": ColumnSpec("预计期末数量", "projected at plan end", "家"),
        "goal_share": ColumnSpec("预计期末/规划目标", "projected / goal", "%"),
    }
    plan = p.plan
    notes = text(f"对照规划：{plan.title}（{plan.id}）。" if plan else "未找到适用的培育规划，无目标可比。",
                 f"Plan: {plan.title} ({plan.id})." if plan else "No plan in force: nothing to compare with.", lang)
    notes_en = f"Plan: {plan.title} ({plan.id})." if plan else "No plan in force: nothing to compare with."
    return Section(
        id="progress", order=60, title=title, title_en=title_en, table=table, columns=columns, notes=notes,
        notes_en=notes_en,
        chart=Chart(kind="barh", x="tier", y=("year_progress", "pace_share", "goal_share"), percent=True,
                    reference=1.0, title="目标完成情况（100%为达标）", title_en="Against targets (100% = on target)"),
    )


def progress_by_year(ctx: Context) -> Section:
    """逐年进度: projected counts by year against the plan's pace, per tier."""
    lang = _lang(ctx)
    title, title_en = "逐年目标进度与预测", "Progress against targets by year"
    p = ctx.get("progress")
    if p is None:
        return _skipped(ctx, "progress_by_year", 61, title, title_en, "progress")
    proj = p.projection
    years = sorted(proj["year"].unique().tolist())
    table = pd.DataFrame({"year": [str(y) for y in years]})
    columns: dict[str, ColumnSpec] = {"year": col("year")}
    y, targets = [], []
    for tier in Tier.ladder():
        rows = proj[proj["tier"] == tier.value].set_index("year").reindex(years)
        count = pd.to_numeric(rows["count_end"], errors="coerce").to_numpy()
        pace = pd.to_numeric(rows["plan_pace"], errors="coerce").to_numpy()
        table[f"{tier.value}_count"] = count
        table[f"{tier.value}_pace"] = pace
        with np.errstate(divide="ignore", invalid="ignore"):
            table[f"{tier.value}_share"] = np.where(pace > 0, count / pace, np.nan)
        columns[f"{tier.value}_count"] = ColumnSpec(f"{tier.label}年末数量(预测)",
                                                    f"{tier.label_en} at year end (projected)", "家")
        columns[f"{tier.value}_pace"] = ColumnSpec(f"{tier.label}年末应达", f"{tier.label_en} plan pace", "家")
        columns[f"{tier.value}_share"] = ColumnSpec(f"{tier.label}完成度", f"{tier.label_en} vs pace", "%")
        y.append(f"{tier.value}_share")
    notes = ("预测方法：按近三年各层级来源池（年初持有下一级有效认定的企业）当年获认定的历史转化率推算，每年新增不超过"
             "当年种子库规模；来源池与种子库规模保持不变；到期认定假设均复核续期。")
    return Section(
        id="progress_by_year", order=61, title=title, title_en=title_en, table=table, columns=columns, notes=notes,
        notes_en="Projection from historical conversion rates and the year's seed banks; assumptions: "
                 + " ".join(p.assumptions),
        chart=Chart(kind="line", x="year", y=tuple(y), percent=True, reference=1.0,
                    title="各层级年末数量相对规划进度（100%为按计划）",
                    title_en="Year-end counts against the plan's pace (100% = on pace)"),
    )


def prefecture_progress(ctx: Context) -> Section | None:
    """州市进度: this year's recognitions per prefecture against its indicative share of the target."""
    lang = _lang(ctx)
    title, title_en = "各州市本年新增认定进度", "Prefecture progress this year"
    p = ctx.get("progress")
    if p is None:
        return _skipped(ctx, "prefecture_progress", 62, title, title_en, "progress")
    bp = p.by_prefecture
    if bp is None or bp.empty:
        return None
    names = prefecture_names(ctx)
    codes = sorted(bp["prefecture"].astype(str).unique().tolist())
    table = pd.DataFrame({"prefecture": codes, "prefecture_name": [names.get(c, c) for c in codes]})
    columns: dict[str, ColumnSpec] = {"prefecture": col("prefecture"), "prefecture_name": col("prefecture_name")}
    y = []
    for tier in Tier.ladder():
        rows = bp[bp["tier"] == tier.value].set_index("prefecture").reindex(codes)
        for field, zh, en, unit in (("valid_now", "当前有效", "valid now", "家"),
                                    ("gained_this_year", "本年新增", "gained this year", "家"),
                                    ("indicative_target", "参考目标", "indicative target", "家"),
                                    ("target_progress", "完成率", "progress", "%")):
            name = f"{tier.value}_{field}"
            table[name] = pd.to_numeric(rows[field], errors="coerce").to_numpy()
            columns[name] = ColumnSpec(f"{tier.label}{zh}", f"{tier.label_en} {en}", unit)
        y.append(f"{tier.value}_target_progress")
    return Section(
        id="prefecture_progress", order=62, title=title, title_en=title_en, table=table, columns=columns,
        notes=text("参考目标按年初有效数量比例分解全省本年新增目标。",
                   "Indicative targets split the province's growth target by each prefecture's valid count "
                   "on 1 January.",
                   lang),
        notes_en="Indicative targets split the province's growth target by each prefecture's valid count on 1 January.",
        chart=Chart(kind="barh", x="prefecture_name", y=tuple(y), percent=True, reference=1.0,
                    title="各州市本年新增认定完成率", title_en="Recognitions this year against indicative targets"),
    )


def schedule(ctx: Context) -> Section | None:
    """季度调度: per prefecture, the quarter's and the year's recognitions, seed-bank members
    recognised and progress against the indicative share of the year's target, per tier."""
    lang = _lang(ctx)
    year, quarter = ctx["year"], ctx.get("quarter") or 4
    title = f"{year}年第{quarter}季度调度情况（各州市）"
    title_en = f"Quarterly scheduling report {year} Q{quarter} by prefecture"
    sched = ctx.get("schedule")
    if sched is None:
        return _skipped(ctx, "schedule", 63, title, title_en, "schedule")
    if sched.empty:
        return None
    names = prefecture_names(ctx)
    codes = list(dict.fromkeys(sched["prefecture"].astype(str)))
    own = dict(zip(sched["prefecture"].astype(str), sched["prefecture_name"].astype(str)))
    table = pd.DataFrame({"prefecture": codes, "prefecture_name": [own.get(c) or names.get(c, c) for c in codes]})
    columns: dict[str, ColumnSpec] = {"prefecture": col("prefecture"), "prefecture_name": col("prefecture_name")}
    y = []
    deadlines_zh, deadlines_en = [], []
    for tier in Tier.ladder():
        rows = sched[sched["tier"] == tier.value]
        if rows.empty:
            continue
        rows = rows.assign(prefecture=rows["prefecture"].astype(str)).set_index("prefecture").reindex(codes)
        for field, zh, en, unit in (("bank_size", "种子库企业", "seed-bank members", "家"),
                                    ("bank_recognised", "种子库已认定", "seed-bank members recognised", "家"),
                                    ("recognitions_quarter", "本季度新增", "recognised this quarter", "家"),
                                    ("recognitions_ytd", "本年累计新增", "recognised this year", "家"),
                                    ("indicative_target", "参考目标", "indicative target", "家"),
                                    ("target_progress", "完成率", "progress", "%")):
            name = f"{tier.value}_{field}"
            table[name] = pd.to_numeric(rows[field], errors="coerce").to_numpy()
            columns[name] = ColumnSpec(f"{tier.label}{zh}", f"{tier.label_en} {en}", unit)
        y.append(f"{tier.value}_recognitions_quarter")
        deadline = rows["filing_deadline"].dropna()
        if len(deadline):
            day = deadline.iat[0]
            day = day.isoformat() if hasattr(day, "isoformat") else str(day)
            passed = bool(rows["deadline_passed"].dropna().any())
            deadlines_zh.append(f"{tier.label}{day}{'（已过）' if passed else ''}")
            deadlines_en.append(f"{tier.label_en} {day}{' (passed)' if passed else ''}")
    notes_zh = ("本季度新增与本年累计新增为认定日期落在该期间的认定；参考目标按年初有效数量比例分解全省本年新增目标"
                "（规划未下达州市目标，此为假设）。")
    notes_en = ("Recognitions this quarter and this year are those dated in the period; indicative targets split the "
                "province's growth target by each prefecture's valid count on 1 January (the plan sets no prefecture "
                "targets: an assumption).")
    if deadlines_zh:
        notes_zh += "种子库报送截止：" + "；".join(deadlines_zh) + "。"
        notes_en += " Seed-bank filing deadlines: " + "; ".join(deadlines_en) + "."
    return Section(
        id="schedule", order=63, title=title, title_en=title_en, table=table, columns=columns,
        notes=text(notes_zh, notes_en, lang), notes_en=notes_en,
        chart=Chart(kind="barh", x="prefecture_name", y=tuple(y), stacked=True,
                    title=f"各州市第{quarter}季度新增认定（企业数）",
                    title_en=f"Recognitions in Q{quarter} by prefecture"),
    )


#: Rows of the target list a report shows (the note gives the list's full length).
TARGET_ROWS = 50


def target_list(ctx: Context) -> Section:
    """小巨人目标名单: the first :data:`TARGET_ROWS` of next year's little-giant target list."""
    lang = _lang(ctx)
    nxt = ctx["year"] + 1
    title, title_en = f"{nxt}年专精特新“小巨人”目标名单", f"Little-giant target list {nxt}"
    tl = ctx.get("target_list")
    if tl is None:
        return _skipped(ctx, "target_list", 75, title, title_en, "target_list")
    total = len(tl)
    head = tl.head(TARGET_ROWS)
    outcome = head["little_giant"].astype(str)
    table = pd.DataFrame({
        "rank": head["rank"].astype(int).to_numpy(), "uscc": head["uscc"].astype(str).to_numpy(),
        "name": head["name"].to_numpy(), "prefecture_name": head["prefecture_name"].to_numpy(),
        "niche_years": head["niche_years"].to_numpy(), "srdi_score": pd.to_numeric(head["srdi_score"]).to_numpy(),
        "little_giant": [outcome_label(o, lang) for o in outcome],
        "failed": head["failed"].to_numpy(), "unknown": head["unknown"].to_numpy(),
        "gaps": head["gaps"].fillna("").astype(str).to_numpy(),
        "srdi_expires_on": [d.date().isoformat() if pd.notna(d) else None
                            for d in pd.to_datetime(head["srdi_expires_on"])],
    })
    columns = {
        "rank": ColumnSpec("排名", "rank"), "uscc": ColumnSpec("统一社会信用代码", "USCC"),
        "name": ColumnSpec("企业名称", "enterprise"), "prefecture_name": col("prefecture_name"),
        "niche_years": ColumnSpec("深耕细分领域", "years in the niche", "年"),
        "srdi_score": ColumnSpec("专精特新评价得分", "SRDI score", "分"),
        "little_giant": ColumnSpec("小巨人条件判定", "little-giant verdict"),
        "failed": ColumnSpec("不满足条件", "criteria failed", "项"),
        "unknown": ColumnSpec("数据不足条件", "criteria undecided", "项"),
        "gaps": ColumnSpec("指标短板", "shortfalls"),
        "srdi_expires_on": ColumnSpec("专精特新认定到期日", "SRDI recognition expires"),
    }
    ready = int((tl["little_giant"].astype(str) == "eligible").sum()) if total else 0
    from zjtx.pipeline.targetlist import niche_floor

    years = f"{niche_floor(ctx['assessment'].rules[Tier.LITTLE_GIANT]):g}"
    shown = min(total, TARGET_ROWS)
    as_of = ctx["as_of"].isoformat()
    notes_zh = (f"目标名单共{total}家（列出前{shown}家）：{as_of}持有有效专精特新中小企业认定、尚无有效“小巨人”认定、"
                f"满足一般性条件且深耕细分领域{years}年以上的企业，按距“小巨人”标准由近及远排序；其中{ready}家已符合"
                "“小巨人”条件。")
    notes_en = (f"The target list holds {total} enterprises ({shown} shown): valid SRDI SMEs on {as_of} without a valid "
                f"little-giant recognition, meeting the general preconditions and in their niche {years} years or more, "
                f"closest to the little-giant standard first; {ready} already meet it.")
    return Section(id="target_list", order=75, title=title, title_en=title_en, table=table, columns=columns,
                   notes=text(notes_zh, notes_en, lang), notes_en=notes_en)


def seed_banks(ctx: Context) -> Section:
    """种子库: each tier's bank of the year: required size, eligible pool, size, shortfall, deadline."""
    lang = _lang(ctx)
    title, title_en = f"{ctx['year']}年梯度培育种子库", f"Seed banks {ctx['year']}"
    banks = ctx.get("seed_banks")
    if banks is None:
        return _skipped(ctx, "seed_banks", 70, title, title_en, "seed_banks")
    rows = []
    for tier, bank in banks.items():
        rows.append({
            "tier": tier_label(tier, lang), "growth_target": bank.growth_target, "multiple": bank.rule.multiple,
            "required": bank.required, "pool": bank.pool, "size": bank.size, "shortfall": bank.shortfall,
            "undecided": bank.undecided, "builder": text({"prefecture": "各州市", "province": "省级"}.get(
                bank.rule.builder, bank.rule.builder), bank.rule.builder, lang),
            "deadline": bank.deadline.isoformat() if bank.deadline else None,
        })
    table = pd.DataFrame(rows)
    columns = {
        "tier": col("tier"), "growth_target": ColumnSpec("本年新增目标", "growth target", "家"),
        "multiple": ColumnSpec("入库倍数", "multiple"), "required": ColumnSpec("应入库数量", "required size", "家"),
        "pool": ColumnSpec("符合入库条件", "eligible pool", "家"), "size": ColumnSpec("入库数量", "bank size", "家"),
        "shortfall": ColumnSpec("缺口", "shortfall", "家"), "undecided": ColumnSpec("数据不足未入库", "undecided", "家"),
        "builder": ColumnSpec("建库主体", "built by"), "deadline": ColumnSpec("报送截止", "filing deadline"),
    }
    return Section(
        id="seed_banks", order=70, title=title, title_en=title_en, table=table, columns=columns,
        notes=text("应入库数量 = 入库倍数 × 本年新增目标；入库数量不足时如实报告缺口，不以不符合条件的企业补足。",
                   "Required size = multiple × this year's growth target; a bank short of eligible enterprises "
                   "reports its shortfall and is never padded.", lang),
        notes_en="Required size = multiple × this year's growth target; a bank short of eligible enterprises reports "
                 "its shortfall and is never padded.",
        chart=Chart(kind="bar", x="tier", y=("required", "pool", "size"), title="种子库：应入库、符合条件与入库数量",
                    title_en="Seed banks: required, eligible pool and size"),
    )


def seed_bank_prefectures(ctx: Context) -> Section | None:
    """州市种子库: quota, pool, size and shortfall of each prefecture's bank."""
    lang = _lang(ctx)
    banks = ctx.get("seed_banks")
    if banks is None:
        return None
    parts = [b.prefectures.assign(tier=t.value) for t, b in banks.items() if not b.prefectures.empty]
    if not parts:
        return None
    data = pd.concat(parts, ignore_index=True)
    names = prefecture_names(ctx)
    codes = sorted(data["prefecture"].astype(str).unique().tolist())
    table = pd.DataFrame({"prefecture": codes, "prefecture_name": [names.get(c, c) for c in codes]})
    columns: dict[str, ColumnSpec] = {"prefecture": col("prefecture"), "prefecture_name": col("prefecture_name")}
    y = []
    for tier in banks:
        rows = data[data["tier"] == tier.value].set_index("prefecture").reindex(codes)
        if rows["quota"].isna().all():
            continue
        for field, zh, en in (("quota", "应入库", "quota"), ("pool", "符合条件", "pool"), ("size", "入库", "size"),
                              ("shortfall", "缺口", "shortfall")):
            name = f"{tier.value}_{field}"
            table[name] = pd.to_numeric(rows[field], errors="coerce").to_numpy()
            columns[name] = ColumnSpec(f"{tier.label}{zh}", f"{tier.label_en} {en}", "家")
        y.append(f"{tier.value}_size")
    return Section(
        id="seed_bank_prefectures", order=71, title="各州市种子库入库情况", title_en="Seed banks by prefecture",
        table=table, columns=columns,
        notes=text("由各州市建库的层级，应入库数量按各州市符合条件企业占比分解。",
                   "Where prefectures build the bank, the required size is split by their share of the eligible pool.",
                   lang),
        notes_en="Where prefectures build the bank, the required size is split by their share of the eligible pool.",
        chart=Chart(kind="barh", x="prefecture_name", y=tuple(y), stacked=True, title="各州市种子库入库企业数",
                    title_en="Seed-bank members by prefecture"),
    )


def roadmap_lines(ctx: Context) -> Section:
    """路线图短板: the criteria most often in the way of seed-bank members, with the money to close them."""
    lang = _lang(ctx)
    title, title_en = "施工路线图：最常见的指标短板", "Roadmaps: the most common shortfalls"
    lines = ctx.get("roadmaps")
    if lines is None:
        return _skipped(ctx, "roadmap_lines", 80, title, title_en, "roadmaps")
    if "kind" in lines.columns:
        # The tier's criteria only: a province's coaching goal lines are not shortfalls of the standard.
        lines = lines[lines["kind"] != "coaching"]
    banks = ctx.get("seed_banks") or {}
    members = {t.value: b.size for t, b in banks.items()}
    if lines.empty:
        table = pd.DataFrame(columns=["tier", "criterion", "label", "enterprises", "share", "change_total",
                                      "change_median", "measure"])
    else:
        money = lines["change_unit"].astype(str).eq("万元") if "change_unit" in lines.columns else False
        frame = lines.assign(money_change=pd.to_numeric(lines.get("change"), errors="coerce").where(money))
        g = frame.groupby(["target_tier", "criterion"], sort=False)
        table = g.agg(label=("label", "first"), enterprises=("uscc", "nunique"),
                      change_total=("money_change", "sum"), change_median=("money_change", "median"),
                      measure=("measure", lambda s: s.mode().iat[0] if len(s.mode()) else "")).reset_index()
        table["share"] = [e / members[t] if members.get(t) else np.nan
                          for t, e in zip(table["target_tier"], table["enterprises"])]
        table["tier"] = [tier_label(t, lang) if t else "" for t in table["target_tier"]]
        table = table.sort_values(["enterprises", "criterion"], ascending=[False, True]).head(30).reset_index(drop=True)
        table["chart_label"] = [_clip(f"{_SHORT[Tier.parse(t)][lang == 'en'] if t else ''}·{lab}", 20)
                                for t, lab in zip(table["target_tier"], table["label"])]
        table = table[["tier", "criterion", "label", "enterprises", "share", "change_total", "change_median", "measure",
                       "chart_label"]]
    columns = {
        "tier": ColumnSpec("拟培育层级", "target tier"), "criterion": ColumnSpec("条件编号", "criterion id"),
        "label": ColumnSpec("指标短板", "shortfall"), "enterprises": ColumnSpec("涉及企业", "enterprises", "家"),
        "share": ColumnSpec("占该层级种子库比例", "share of the bank", "%"),
        "change_total": ColumnSpec("所需增加合计", "total change needed", "万元"),
        "change_median": ColumnSpec("每户所需增加中位数", "median change per enterprise", "万元"),
        "measure": ColumnSpec("培育措施", "measure"), "chart_label": ColumnSpec("图示标签", "chart label", hidden=True),
    }
    n_ent = int(lines["uscc"].nunique()) if len(lines) else 0
    if table.empty:
        return Section(id="roadmap_lines", order=80, title=title, title_en=title_en, table=table, columns=columns,
                       notes=text("种子库企业均已符合拟培育层级条件，无指标短板。",
                                  "Every seed-bank member already meets its tier.", lang),
                       notes_en="Every seed-bank member already meets its tier.")
    return Section(
        id="roadmap_lines", order=80, title=title, title_en=title_en, table=table, columns=columns,
        notes=text(f"{n_ent}家种子库企业尚有指标短板；金额为按当前数据使该项达标所需增加的数额。",
                   f"{n_ent} seed-bank enterprises have shortfalls; amounts are the increases that meet each "
                   "criterion at current figures.", lang),
        notes_en=f"{n_ent} seed-bank enterprises have shortfalls; amounts are the increases that meet each criterion "
                 "at current figures.",
        chart=Chart(kind="barh", x="chart_label", y=("enterprises",), limit=15,
                    title="种子库企业最常见的指标短板（企业数）", title_en="Most common shortfalls of seed-bank members"),
    )


def renewals(ctx: Context) -> Section:
    """有效期: recognitions valid, due for renewal within a year, expired and revoked, per tier."""
    lang = _lang(ctx)
    title, title_en = "认定有效期与到期复核", "Validity and renewals"
    table_v = ctx.get("validity")
    if table_v is None:
        return _skipped(ctx, "renewals", 90, title, title_en, "validity")
    rows = []
    for tier in Tier.ladder():
        t = table_v[table_v["tier"] == tier.value]
        status = t["status"].astype(str)
        rows.append({"tier": tier_label(tier, lang), "recognised": len(t), "valid": int((status == "valid").sum()),
                     "renewal_due": int(t["renewal_due"].astype(bool).sum()),
                     "expired": int((status == "expired").sum()), "revoked": int((status == "revoked").sum())})
    table = pd.DataFrame(rows)
    columns = {"tier": col("tier"), "recognised": ColumnSpec("有认定记录", "with a recognition", "家"),
               "valid": ColumnSpec("有效期内", "valid", "家"),
               "renewal_due": ColumnSpec("一年内到期", "expiring within a year", "家"),
               "expired": ColumnSpec("已过期", "expired", "家"), "revoked": ColumnSpec("已撤销", "revoked", "家")}
    return Section(
        id="renewals", order=90, title=title, title_en=title_en, table=table, columns=columns,
        notes=text("认定有效期三年；一年内到期的企业需安排复核。", "Recognitions are valid 3 years; those expiring within a "
                   "year need their renewal review.", lang),
        notes_en="Recognitions are valid 3 years; those expiring within a year need their renewal review.",
        chart=Chart(kind="bar", x="tier", y=("valid", "renewal_due", "expired"), title="认定有效期情况",
                    title_en="Recognitions: valid, due for renewal, expired"),
    )


def data_gaps(ctx: Context) -> Section | None:
    """数据缺失: the fields whose absence leaves verdicts undecided, by tier."""
    lang = _lang(ctx)
    verdicts: pd.DataFrame = ctx["verdicts"]
    counts: dict[str, dict[str, int]] = {}
    tiers = [t for t in Tier.ladder() if f"{t.value}_missing" in verdicts.columns]
    for tier in tiers:
        missing = verdicts[f"{tier.value}_missing"].astype(str)
        for field, n in missing[missing != ""].str.split(";").explode().value_counts().items():
            counts.setdefault(str(field), {})[tier.value] = int(n)
    if not counts:
        return None
    table = pd.DataFrame([{"field": f, **{t.value: c.get(t.value, 0) for t in tiers}} for f, c in counts.items()])
    table["total"] = table[[t.value for t in tiers]].sum(axis=1)
    table = table.sort_values(["total", "field"], ascending=[False, True]).head(20).reset_index(drop=True)
    columns = {"field": ColumnSpec("缺失字段", "missing field"), "total": ColumnSpec("合计", "total", "家"),
               **{t.value: ColumnSpec(f"{t.label}判定待定", f"{t.label_en} undecided", "家") for t in tiers}}
    return Section(
        id="data_gaps", order=95, title="数据缺失导致无法判定", title_en="Missing data behind undecided verdicts",
        table=table, columns=columns,
        notes=text("补齐这些字段即可得出确定结论（字段后方括号为年度）。",
                   "Filling these fields settles the verdicts (a year in brackets is the fiscal year).", lang),
        notes_en="Filling these fields settles the verdicts (a year in brackets is the fiscal year).",
        chart=Chart(kind="barh", x="field", y=tuple(t.value for t in tiers), stacked=True, limit=12,
                    title="导致判定待定的缺失字段", title_en="Missing fields behind undecided verdicts"),
    )


#: The national builders in report order.
NATIONAL_BUILDERS: tuple[Callable[[Context], Section | None], ...] = (
    overview, tier_funnel, criteria_outcomes, score_distribution, prefectures, priority_sectors, progress,
    progress_by_year,
    prefecture_progress, schedule, seed_banks, seed_bank_prefectures, target_list, roadmap_lines, renewals, data_gaps,
)


#: Decimals kept per unit: shares to 0.0001%, money to 1 元 (0.0001万元), points to 0.01.
_DECIMALS = {"%": 6, "万元": 4, "分": 2}


def rounded(section: Section) -> Section:
    """The section with its share, money and point columns rounded to :data:`_DECIMALS`.

    A workbook stores 16 significant digits, so a table holding only what it shows is the same
    number in every renderer and in the workbook read back.
    """
    table = section.table
    for column in table.columns:
        decimals = _DECIMALS.get(section.unit(str(column)))
        if decimals is not None and table[column].dtype.kind == "f":
            table[column] = table[column].round(decimals)
    return section


def national_sections(ctx: Context) -> list[Section]:
    """Every national section for a report context (those with nothing to show are left out)."""
    out = []
    for build in NATIONAL_BUILDERS:
        section = build(ctx)
        if section is not None:
            out.append(rounded(section))
    return out

