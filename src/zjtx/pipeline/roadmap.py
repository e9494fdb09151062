"""Roadmaps (施工路线图): for each enterprise and the tier it is cultivated for, what stands in the way.

One line per failed or unknown criterion of the target tier that decides the verdict (the walk of
:class:`~zjtx.pipeline.gaps.Gaps`: failing parts of failed all-ofs, the cheapest branch of a failed
any-of, score pass marks rather than every band test). Each line carries:

* the gap in the indicator's own unit (``gap``, ``gap_text``) and in money where it is money
  (``gap_money``: R&D to add at current revenue, new equity to raise, liabilities to repay);
* the change of one roster figure that closes it (``change_field``, ``change_year``,
  ``change_from`` → ``change_to``), where the criterion has such a lever
  (:mod:`zjtx.pipeline.levers`); all changes of an enterprise were applied together and
  re-evaluated, and ``confirmed`` says the criterion then passes;
* the measure (培育措施) from the plug-ins' catalogue (hook ``zjtx_measures``), looked up by the
  criterion id, then its id prefixes (``lg.L9.middle.y1`` → ``lg.L9``), its parents in the rule
  tree, its metric id, and finally ``*``;
* the earliest year it can hold (``earliest_year``) and the enterprise's planned application
  year (拟申报时间, ``planned_year``, the latest of its lines): a line whose data is missing can hold
  this year; a figure of fiscal year Y−k can be changed in the open fiscal year Y and first counts
  in year Y+k; a time-based criterion (years in the niche) holds after the years it lacks
  (``niche_years ≥ 3`` with 1 year → +2 years); any other failing criterion, next year;
* the owner (包保责任人), from an ``owner``/``包保责任人`` roster column or an ``owners`` mapping;
* ``kind``: ``criterion`` for a line of the tier's eligibility rules, ``coaching`` for a goal line
  of a cultivation plan (对标培育), and ``source``: the plug-in that declared the line's node.

Coaching lines come after the criterion lines of an enterprise. Where the jurisdiction's plug-ins
declare coaching rules for the target tier (hook ``zjtx_coaching_rules``, e.g. Yunnan's 二(三)
goal lines), each coaching criterion the enterprise fails or lacks data for becomes one more line,
with its gap, change and measure computed like a criterion line, by the same interpreter over the
same context. They never decide eligibility: criterion lines, verdicts and ``planned_year`` (the
latest ``earliest_year`` of the criterion lines only) are the same with or without them, and an
enterprise already eligible for its target tier may still have coaching lines. Inside a coaching
rule, a revenue test under an any-of (the revenue band of an R&D goal) is the enterprise's
circumstance, never a line of its own (:data:`COACHING_BAND_METRICS`). Pass ``coaching=False``
for eligibility lines only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from zjtx.assess import RosterLike
from zjtx.explain import _node_frame, _parents
from zjtx.model.tier import Tier
from zjtx.national import metrics as nm
from zjtx.pipeline._cohort import Cohort, as_date
from zjtx.pipeline.gaps import CIRCUMSTANCES, Gaps
from zjtx.pipeline.levers import Plan, plan_changes
from zjtx.pipeline.validity import holds
from zjtx.plugins import PluginFacade, facade
from zjtx.rules.interpreter import Evaluation
from zjtx.rules.metrics import Ratio, Unit, YearsBefore
from zjtx.rules.nodes import AnyOf, Node, ScoreAtLeast, Test
from zjtx.rules.options import Options
from zjtx.rules.ruleset import TierRules

__all__ = ["COACHING_BAND_METRICS", "ROADMAP_COLUMNS", "coaching_circumstances", "roadmap", "roadmaps", "measure_for", "target_tiers"]

#: Columns of the roadmap table, in order.
ROADMAP_COLUMNS = (
    "uscc", "name", "prefecture", "target_tier", "kind", "criterion", "label", "outcome", "value", "value_text",
    "threshold_text", "gap", "unit", "gap_text", "gap_money", "change_field", "change_year", "change_from",
    "change_to", "change", "change_unit", "change_text", "confirmed", "measure", "earliest_year", "planned_year",
    "owner", "missing", "clause", "source",
)  # fmt: skip

#: Metric ids whose tests, under an any-of of a coaching rule, place the enterprise in a band
#: (营业收入分档) rather than set a goal: they are circumstances (:mod:`zjtx.pipeline.gaps`).
COACHING_BAND_METRICS = frozenset({nm.REVENUE.id})


def measure_for(node: Node, catalogue: Mapping[str, str], parents: Mapping[str, str] | None = None) -> str:
    """The measure of a criterion: by id, id prefix, parent in the tree, metric id, then ``*``."""
    candidates = [node.id]
    parts = node.id.split(".")
    candidates += [".".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]
    p = (parents or {}).get(node.id)
    while p:
        candidates.append(p)
        p = (parents or {}).get(p)
    if isinstance(node, Test):
        candidates.append(node.metric.id)
    candidates.append("*")
    for c in candidates:
        text = catalogue.get(c)
        if text:
            return text
    return ""


def target_tiers(cohort: Cohort) -> np.ndarray:
    """The tier each enterprise is cultivated for (拟培育层级): the next above its highest valid one.

    ``''`` for a valid little giant (no tier above it).
    """
    out = np.full(cohort.n, Tier.INNOVATIVE_SME.value, dtype=object)
    for tier in Tier.ladder():
        up = tier.next
        out[holds(cohort.ctx, tier)] = up.value if up is not None else ""
    return out


def coaching_circumstances(rules: TierRules, metrics: frozenset[str] = COACHING_BAND_METRICS) -> frozenset[str]:
    """The ids of a coaching rule's band tests: tests of ``metrics`` lying under an any-of."""
    out: set[str] = set()
    for node in rules.eligibility.walk():
        if isinstance(node, AnyOf):
            out.update(n.id for n in node.walk() if isinstance(n, Test) and n.metric.id in metrics)
    return frozenset(out)


def _score_missing(ev: Evaluation, node: ScoreAtLeast, rows: np.ndarray) -> np.ndarray:
    out = np.full(len(rows), "", dtype=object)
    score = ev._scores[node.score]
    for ind in score.in_category(node.category):
        r = ev.indicator(ind)
        open_ = ~(r.low == r.high)[rows]
        if not open_.any():
            continue
        for band in ind.bands:
            if band.test is None:
                continue
            for leaf in band.test.walk():
                if not isinstance(leaf, Test):
                    continue
                for name, miss in ev.missing_inputs(leaf.metric):
                    named = np.array([name in str(s).split(";") for s in out], dtype=bool)
                    hit = open_ & miss[rows] & ~named
                    out[hit] = np.where(out[hit] == "", name, out[hit] + ";" + name)
    return out


def _lines_for_tier(cohort: Cohort, tier: Tier, rows: np.ndarray, catalogue: Mapping[str, str],
                    owner: np.ndarray, *, ev: Evaluation | None = None, rules: TierRules | None = None,
                    kind: str = "criterion",
                    circumstances: frozenset[str] = CIRCUMSTANCES) -> tuple[pd.DataFrame, Plan | None]:
    ev = ev if ev is not None else cohort.evaluation
    rules = rules if rules is not None else cohort.rules[tier]
    gaps = Gaps(ev, rules, circumstances=circumstances)
    lines = gaps.selected(rows=rows)
    if not lines:
        return pd.DataFrame(columns=list(ROADMAP_COLUMNS)), None
    plan = plan_changes(ev, lines, circumstances=circumstances)
    parents = _parents(rules)
    year = cohort.year
    pref = cohort.prefecture()
    frames = []
    for i, (node, mask) in enumerate(lines):
        r = np.flatnonzero(mask)
        cols = _node_frame(ev, rules, node, r, parents.get(node.id))
        k = len(r)
        outcome = np.asarray(cols["outcome"], dtype=object)
        change_field = np.full(k, "", dtype=object)
        change_year = np.full(k, np.nan)
        change_from = np.full(k, np.nan)
        change_to = np.full(k, np.nan)
        change_unit = np.full(k, "", dtype=object)
        lag = np.full(k, np.nan)
        for f, _up, unit, target in plan.line_changes[i].values():
            t = target[r]
            has = ~np.isnan(t)
            if not has.any():
                continue
            change_field[has] = f.column
            change_to[has] = t[has]
            change_from[has] = np.asarray(ev.ctx.get(f), dtype="float64")[r][has]
            change_unit[has] = unit.value
            if f.lag is not None:
                change_year[has] = year - f.lag
                lag[has] = f.lag
            else:
                lag[has] = 1
        change = change_to - change_from
        confirmed = plan.confirmed[i][r] & ~np.isnan(change_to)
        gap_money = np.asarray(cols["gap_money"], dtype="float64").copy()
        money_change = (change_unit == Unit.WAN_YUAN.value) & ~np.isnan(change)
        gap_money[money_change] = change[money_change]
        text = _change_texts(change_field, change_year, change_from, change_to, change_unit)
        if isinstance(node, Test) and isinstance(node.metric, Ratio) and node.metric.numerator.column == "total_liabilities":
            # The debt ratio also falls by raising equity (assets grow, liabilities stay).
            liab = np.asarray(ev.ctx.get(node.metric.numerator), dtype="float64")[r]
            assets = np.asarray(ev.ctx.get(node.metric.denominator), dtype="float64")[r]
            t = float(node.threshold)  # type: ignore[arg-type]
            equity = np.ceil((liab / t - assets) * 1e4 - 1e-6) / 1e4 if t > 0 else np.full(k, np.nan)
            alt = money_change & (equity > 0)
            text[alt] = text[alt] + " (or raise equity by " + np.array([Unit.WAN_YUAN.format(v) for v in equity[alt]], dtype=object) + ")"
        # earliest year the line can hold
        earliest = np.where(outcome == "insufficient_data", year, year + 1).astype(float)
        if isinstance(node, Test) and isinstance(node.metric, YearsBefore) and node.op.increasing:
            value = np.asarray(ev.metric(node.metric), dtype="float64")[r]
            more = np.ceil(float(node.threshold) - value - 1e-9)  # type: ignore[arg-type]
            earliest = np.where((outcome == "fail") & np.isfinite(more), year + np.maximum(more, 1), earliest)
        earliest = np.where(~np.isnan(lag) & (outcome == "fail"), year + np.maximum(lag, 1), earliest)
        missing = np.asarray(cols["missing"], dtype=object)
        if isinstance(node, ScoreAtLeast):
            missing = np.where(outcome == "insufficient_data", _score_missing(ev, node, r), missing)
        frames.append(pd.DataFrame({
            "_row": r, "_order": i,
            "uscc": cohort.uscc[r], "name": cohort.names[r], "prefecture": pref[r], "target_tier": tier.value,
            "kind": kind,
            "criterion": node.id, "label": node.label, "outcome": outcome, "value": cols["value"],
            "value_text": cols["value_text"], "threshold_text": cols["threshold_text"], "gap": cols["gap"],
            "unit": cols["unit"], "gap_text": cols["gap_text"], "gap_money": gap_money,
            "change_field": change_field, "change_year": pd.array(change_year, dtype="Int64") if k else change_year,
            "change_from": change_from, "change_to": change_to, "change": change, "change_unit": change_unit,
            "change_text": text, "confirmed": confirmed, "measure": measure_for(node, catalogue, parents),
            "earliest_year": earliest.astype(int), "owner": owner[r], "missing": missing, "clause": cols["clause"],
            "source": cols["source"],
        }))
    table = pd.concat(frames, ignore_index=True)
    return table, plan


def _change_texts(field: np.ndarray, year: np.ndarray, old: np.ndarray, new: np.ndarray, unit: np.ndarray) -> np.ndarray:
    out = np.full(len(field), "", dtype=object)
    for i in np.flatnonzero(field != ""):  # only lines with a change: a few per enterprise
        u = Unit(unit[i]) if unit[i] else Unit.WAN_YUAN
        where = f"{field[i]}[{int(year[i])}]" if not np.isnan(year[i]) else str(field[i])
        out[i] = f"{where}: {u.format(old[i])} → {u.format(new[i])} ({u.format_delta(new[i] - old[i])})"
    return out


def _coaching_rules(plugins: PluginFacade, tiers: Iterable[Tier], jurisdiction: str,
                    as_of: dt.date) -> dict[Tier, list[TierRules]]:
    """The coaching rules the plug-ins declare for each tier (tiers without any are left out)."""
    found = {t: plugins.coaching_rules(t, jurisdiction, as_of) for t in tiers}
    return {t: rs for t, rs in found.items() if rs}


def _build(cohort: Cohort, rows_by_tier: Mapping[Tier, np.ndarray], owners: Mapping[str, str] | None,
           coaching: Mapping[Tier, list[TierRules]] | None = None) -> tuple[pd.DataFrame, dict[Tier, Plan]]:
    catalogue = cohort.plugins.measures(cohort.jurisdiction)
    owner = cohort.owners(owners)
    frames, plans = [], {}
    # Coaching rules get an evaluation of their own over the same context, so that no cached
    # metric or node of the eligibility rules (or a plan of changes) is shared with them.
    coach_ev = Evaluation(cohort.rules, cohort.ctx) if coaching else None
    for tier, rows in rows_by_tier.items():
        if tier not in cohort.rules.tiers or len(rows) == 0:
            continue
        table, plan = _lines_for_tier(cohort, tier, rows, catalogue, owner)
        if plan is not None:
            plans[tier] = plan
        if not table.empty:
            frames.append(table.assign(_kind=0))
        for k, rules in enumerate((coaching or {}).get(tier, ()), start=1):
            extra, _ = _lines_for_tier(cohort, tier, rows, catalogue, owner, ev=coach_ev, rules=rules, kind="coaching",
                                       circumstances=CIRCUMSTANCES | coaching_circumstances(rules))
            if not extra.empty:
                frames.append(extra.assign(_kind=k))
    if not frames:
        return pd.DataFrame(columns=list(ROADMAP_COLUMNS)), plans
    table = pd.concat(frames, ignore_index=True).sort_values(["_row", "target_tier", "_kind", "_order"], kind="stable")
    # 拟申报时间 follows the eligibility lines only: coaching lines never delay an application.
    criterion = table["_kind"] == 0
    latest = table.loc[criterion].groupby("_row")["earliest_year"].max()
    table["planned_year"] = table["_row"].map(latest).fillna(cohort.year).astype(int)
    return table.drop(columns=["_row", "_order", "_kind"]).reset_index(drop=True).loc[:, list(ROADMAP_COLUMNS)], plans


def roadmaps(
    roster: RosterLike,
    *,
    tier: Tier | str | None = None,
    uscc: str | Iterable[str] | None = None,
    as_of: dt.date | str | None = None,
    jurisdiction: str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    owners: Mapping[str, str] | None = None,
    rule_version: str | None = None,
    coaching: bool = True,
) -> pd.DataFrame:
    """The roadmap table (施工路线图) for many enterprises: one line per criterion in the way.

    ``tier`` is the tier aimed at (拟培育层级); ``None`` takes, per enterprise, the tier above its
    highest valid recognition (:func:`target_tiers`; valid little giants get no lines). ``uscc``
    limits the enterprises (default all). Enterprises already eligible for their target tier have
    no criterion lines. ``as_of`` is the assessment date (default today). ``coaching`` adds the
    lines of the plug-ins' coaching rules (``kind`` ``coaching``) after the criterion lines;
    ``False`` leaves them out. See the module documentation for the columns.
    """
    plugins = plugins or facade()
    day = as_date(as_of)
    jid = plugins.jurisdiction(jurisdiction).id
    aimed = (Tier.parse(tier),) if tier is not None else Tier.ladder()
    coach = _coaching_rules(plugins, aimed, jid, day) if coaching else {}
    # The coaching rules read national metrics the tier's rules may not: the context holds their fields.
    nodes = [n for rs in coach.values() for r in rs for n in r.nodes()]
    cohort = Cohort(roster, as_of=day, jurisdiction=jid, options=options, plugins=plugins,
                    rule_version=rule_version, nodes=nodes)
    rows = cohort.rows_of(uscc)
    if tier is not None:
        by_tier = {Tier.parse(tier): rows}
    else:
        aims = target_tiers(cohort)[rows]
        by_tier = {t: rows[aims == t.value] for t in Tier.ladder()}
    return _build(cohort, by_tier, owners, coach)[0]


def roadmap(
    roster: RosterLike,
    uscc: str,
    *,
    tier: Tier | str | None = None,
    as_of: dt.date | str | None = None,
    jurisdiction: str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    owner: str | None = None,
    rule_version: str | None = None,
    coaching: bool = True,
) -> pd.DataFrame:
    """The roadmap of one enterprise toward ``tier`` (default: the tier above its highest valid one).

    ``coaching=False`` leaves out the coaching lines (see :func:`roadmaps`).

    >>> roadmap("roster.csv", "91530100MA6K00014D", tier="srdi_sme", as_of="2025-06-30")  # doctest: +SKIP
    """
    owners = {uscc: owner} if owner else None
    return roadmaps(roster, tier=tier, uscc=[uscc], as_of=as_of, jurisdiction=jurisdiction, options=options,
                    plugins=plugins, owners=owners, rule_version=rule_version, coaching=coaching)
