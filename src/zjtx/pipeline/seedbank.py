"""Seed banks (梯度培育种子库): who may enter a tier's yearly bank, how many, in which order.

A plug-in answers the hook ``zjtx_seed_bank_rule`` with a :class:`SeedBankRule` for each tier and
year (the national default is in :mod:`zjtx.national.pipeline_hooks`). :func:`build_seed_bank` and
:func:`seed_banks` build the banks from a roster:

* **Entry.** An enterprise enters the bank of tier *T* only if it is known to pass the general
  preconditions (G1–G8: a bank never admits the ineligible, and one whose preconditions lack data
  is counted as ``undecided``, not admitted), is known to pass the rule's ``admits`` node, and
  holds no valid recognition of *T* or of a higher tier on the bank's date.
* **Size.** ``required = ceil(multiple × the year's growth target)`` of *T* under the plan in
  force (:mod:`zjtx.pipeline.targets`). Without a plan or a target for *T*, the bank is the whole
  eligible pool (``required = pool``). A pool smaller than ``required`` yields the whole pool and a
  ``shortfall = required − pool``; the bank is never padded.
* **Ranking.** By closeness to *T*'s standard (:class:`~zjtx.pipeline.gaps.Gaps`): fewest failed
  criteria (then fewest unknown ones), priority-sector tags from ``zjtx_priority_tags``, smallest
  summed normalised gaps, highest score (the tier's headline score, else the score of the tier
  below), and the USCC as the final tie-break, so a bank is the same for the same input. The
  order of these keys is the rule's ``ranking``.
* **Prefecture banks.** Where ``builder == "prefecture"``, each prefecture (the first four digits
  of ``region_code``) builds its own bank by the filing deadline. The required size is split by
  the rule's ``quotas`` weights if given, else by each prefecture's share of the eligible pool,
  with largest remainders (ties by code) so the parts add up to ``required``. Each prefecture
  takes its best-ranked members up to its quota; a prefecture whose pool is smaller reports its
  own shortfall.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from attrs import field, frozen, validators

from zjtx.assess import OUTCOMES, SCORE_COLUMNS, RosterLike
from zjtx.model.tier import Tier
from zjtx.plugins import PluginFacade, facade
from zjtx.rules.clause import Clause
from zjtx.rules.nodes import Node
from zjtx.rules.options import Options

__all__ = [
    "SeedBankRule",
    "SeedBank",
    "RANKING_KEYS",
    "BANK_COLUMNS",
    "build_seed_bank",
    "seed_banks",
    "bank_date",
]

#: The keys a rule may rank by, in the default order.
RANKING_KEYS = ("failed", "priority", "gap", "score")

#: Columns of a seed bank's table, in order.
BANK_COLUMNS = (
    "uscc", "name", "tier", "year", "prefecture", "prefecture_name", "rank", "overall_rank", "reason",
    "failed", "unknown", "gap", "score", "verdict", "gaps", "priority", "deadline", "builder",
)  # fmt: skip


def _deadline(value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    month, day = (int(x) for x in value)  # type: ignore[union-attr]
    dt.date(2024, month, day)  # a leap year accepts every real (month, day); raises otherwise
    return (month, day)


def _quotas(value: Mapping[str, float] | Iterable[tuple[str, float]] | None) -> tuple[tuple[str, float], ...] | None:
    if value is None:
        return None
    items = value.items() if isinstance(value, Mapping) else value
    out = tuple(sorted((str(k), float(v)) for k, v in items))
    if any(v < 0 for _, v in out):
        raise ValueError("prefecture quota weights must not be negative")
    return out


def _ranking(value: Iterable[str]) -> tuple[str, ...]:
    keys = tuple(value)
    unknown = [k for k in keys if k not in RANKING_KEYS]
    if unknown:
        raise ValueError(f"unknown ranking key(s) {unknown}; use {list(RANKING_KEYS)}")
    return keys


@frozen(kw_only=True)
class SeedBankRule:
    """How the seed bank of ``tier`` is built for a year.

    * size: at least ``multiple`` × that year's growth target of the tier;
    * entry: ``admits`` (a rule node, evaluated like any criterion) must pass, and the
      enterprise must not already hold a valid recognition of ``tier``;
    * who builds it (``prefecture`` or ``province``) and by when (``deadline`` as month, day of
      the bank's year);
    * ``ranking``: the order of the ranking keys (see :data:`RANKING_KEYS`);
    * ``quotas``: prefecture weights (4-digit code → weight) splitting a prefecture-built bank's
      required size; ``None`` splits by each prefecture's share of the eligible pool.
    """

    tier: Tier = field(converter=Tier.parse)
    multiple: float = field(converter=float, validator=validators.gt(0))
    admits: Node | None = None
    builder: str = field(default="province", validator=validators.in_(("province", "prefecture")))
    deadline: tuple[int, int] | None = field(default=None, converter=_deadline)
    clause: Clause | None = None
    source: str = "national"
    ranking: tuple[str, ...] = field(default=RANKING_KEYS, converter=_ranking)
    quotas: tuple[tuple[str, float], ...] | None = field(default=None, converter=_quotas)
    label: str = ""

    def deadline_in(self, year: int) -> dt.date | None:
        """The filing deadline of the bank of ``year`` (``None`` where the rule sets none)."""
        return None if self.deadline is None else dt.date(year, *self.deadline)


@frozen(kw_only=True, eq=False)
class SeedBank:
    """A built seed bank: its members (``table``, one row per member) and its sizing.

    ``required`` is the size the rule asks for, ``pool`` the number of eligible enterprises,
    ``shortfall`` how many are missing (summed over prefectures for a prefecture-built bank),
    ``undecided`` the enterprises left out because data missing from the preconditions or the entry
    rule leaves their eligibility open. ``prefectures`` has one row per prefecture (quota, pool,
    size, shortfall) for a prefecture-built bank, and is empty otherwise.
    """

    tier: Tier
    year: int
    jurisdiction: str
    rule: SeedBankRule
    as_of: dt.date
    table: pd.DataFrame
    required: int
    pool: int
    shortfall: int
    growth_target: int | None
    plan: str | None
    sizing: str
    deadline: dt.date | None
    prefectures: pd.DataFrame
    undecided: int = 0

    @property
    def size(self) -> int:
        """Members in the bank."""
        return len(self.table)

    def summary(self) -> str:
        """One line for people: tier, year, size, required, shortfall, deadline."""
        text = (f"{self.tier.label} seed bank {self.year} ({self.jurisdiction}): {self.size} members, "
                f"required {self.required}, eligible pool {self.pool}, shortfall {self.shortfall}")
        if self.deadline is not None:
            text += f", filed by {self.deadline.isoformat()} ({self.rule.builder})"
        if self.undecided:
            text += f", {self.undecided} undecided for missing data"
        return text + f" — {self.sizing}"

    def sizing_frame(self) -> pd.DataFrame:
        """The bank's sizing as a one-row table (with the prefecture rows below, if any)."""
        head = pd.DataFrame([{
            "tier": self.tier.value, "year": self.year, "jurisdiction": self.jurisdiction, "prefecture": "",
            "prefecture_name": "", "required": self.required, "pool": self.pool, "size": self.size,
            "shortfall": self.shortfall, "undecided": self.undecided, "growth_target": self.growth_target,
            "multiple": self.rule.multiple, "plan": self.plan or "", "builder": self.rule.builder,
            "deadline": self.deadline, "sizing": self.sizing,
        }])
        if self.prefectures.empty:
            return head
        rest = self.prefectures.rename(columns={"quota": "required"}).assign(
            tier=self.tier.value, year=self.year, jurisdiction=self.jurisdiction, undecided=np.nan,
            growth_target=np.nan, multiple=self.rule.multiple, plan=self.plan or "", builder=self.rule.builder,
            deadline=self.deadline, sizing="prefecture share")
        return pd.concat([head, rest[head.columns]], ignore_index=True)

    def to_frame(self) -> pd.DataFrame:
        """The members table, with the sizing in ``DataFrame.attrs``."""
        out = self.table.copy()
        out.attrs.update({"tier": self.tier.value, "year": self.year, "required": self.required, "pool": self.pool,
                          "shortfall": self.shortfall, "sizing": self.sizing})
        return out


def bank_date(year: int) -> dt.date:
    """The default date a bank of ``year`` is built on: 1 January (上年度 is then ``year − 1``)."""
    return dt.date(year, 1, 1)


def _largest_remainder(total: int, codes: list[str], weights: np.ndarray) -> np.ndarray:
    """Whole parts of ``total`` in proportion to ``weights``, adding up to ``total`` exactly."""
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(codes), dtype=int)
    exact = total * weights / weights.sum()
    base = np.floor(exact + 1e-9).astype(int)
    left = total - int(base.sum())
    if left > 0:
        remainder = exact - base
        order = sorted(range(len(codes)), key=lambda i: (-remainder[i], codes[i]))
        for i in order[:left]:
            base[i] += 1
    return base


def _rule_for(plugins: PluginFacade, tier: Tier, year: int, jurisdiction: str) -> SeedBankRule:
    rule = plugins.seed_bank_rule(tier, year, jurisdiction)
    if rule is None:
        from zjtx.national.pipeline_hooks import default_seed_bank_rule

        rule = default_seed_bank_rule(tier)
    if rule.tier is not tier:
        from zjtx.errors import PluginError

        raise PluginError("?", "zjtx_seed_bank_rule", f"returned a rule for {rule.tier.value} when asked for {tier.value}")
    return rule


def _score(cohort: Any, tier: Tier) -> np.ndarray:
    ev = cohort.evaluation
    for t in (tier, *reversed([x for x in Tier.ladder() if x < tier])):
        if t in cohort.rules.tiers and t in SCORE_COLUMNS:
            values = ev.headline_score(t)
            if values is not None:
                return values
    return np.full(ev.n, np.nan)


def _joined_ids(lines: list[tuple[Node, np.ndarray]], n: int) -> np.ndarray:
    out = np.full(n, "", dtype=object)
    for node, mask in lines:
        if mask.any():
            out[mask] = np.where(out[mask] == "", node.id, out[mask] + ";" + node.id)
    return out


def _build(cohort: Any, tier: Tier, year: int, rule: SeedBankRule) -> SeedBank:
    from zjtx.pipeline.gaps import Gaps
    from zjtx.pipeline.targets import plan_for, yearly_target
    from zjtx.pipeline.validity import held_raw

    ev = cohort.evaluation
    rules = cohort.rules[tier]
    n = ev.n
    general = ev.node(rules.find(rules.precondition or "general"))
    admits = ev.node(rule.admits) if rule.admits is not None else None
    held = np.zeros(n, bool)
    for t in Tier.ladder():
        if t >= tier:
            held |= held_raw(ev, t)
    adm_true = admits.true if admits is not None else np.ones(n, bool)
    adm_false = admits.false if admits is not None else np.zeros(n, bool)
    eligible = general.true & adm_true & ~held
    undecided = ~held & ~general.false & ~adm_false & ~eligible
    pool_rows = np.flatnonzero(eligible)
    pool = len(pool_rows)

    gaps = Gaps(ev, rules)
    failed, unknown, gap = gaps.failed(), gaps.unknown(), gaps.gap()
    score = _score(cohort, tier)
    tags = cohort.priority_tags()
    prio = tags != ""
    keys_by_name = {
        "failed": [unknown, failed],  # lexsort: last is primary, so failed before unknown
        "priority": [(~prio).astype(int)],
        "gap": [np.round(gap, 9)],
        "score": [np.where(np.isnan(score), np.inf, -score)],
    }
    sort_keys: list[np.ndarray] = [cohort.uscc.astype(str)]
    for name in reversed(rule.ranking):
        sort_keys.extend(keys_by_name[name])
    order = np.lexsort([k[pool_rows] for k in sort_keys])
    ranked = pool_rows[order]  # eligible rows, best first
    overall = np.empty(n, dtype=int)
    overall[ranked] = np.arange(1, pool + 1)

    plan = plan_for(cohort.jurisdiction, year, plugins=cohort.plugins)
    target = yearly_target(plan, tier, year)
    if target is None:
        required = pool
        sizing = ("no target plan for this tier and year: the bank is the whole eligible pool"
                  if plan is None else f"plan {plan.id} sets no target for {tier.value}: the whole eligible pool")
    else:
        required = int(math.ceil(round(rule.multiple * target, 9)))
        sizing = f"ceil({rule.multiple:g} × growth target {target} of {year} under {plan.id}) = {required}"  # type: ignore[union-attr]
    deadline = rule.deadline_in(year)
    pref = cohort.prefecture()
    names = cohort.region_names()

    if rule.builder == "prefecture":
        codes_seen = sorted(set(pref[pool_rows].tolist()) | set(names))
        if rule.quotas is not None:
            weights_map = dict(rule.quotas)
            codes_seen = sorted(set(codes_seen) | set(weights_map))
            weights = np.array([weights_map.get(c, 0.0) for c in codes_seen])
        else:
            counts = pd.Series(pref[pool_rows], dtype=object).value_counts()
            weights = np.array([float(counts.get(c, 0)) for c in codes_seen])
        if weights.sum() <= 0:
            # Nothing to split by (an empty pool, or zero weights): every prefecture gets an even
            # share, so the shortfall is still reported in full.
            codes_seen = codes_seen or [""]
            weights = np.ones(len(codes_seen))
        quotas = _largest_remainder(required, codes_seen, weights)
        quota_of = dict(zip(codes_seen, quotas.tolist()))
        by_pref = pd.DataFrame({"row": ranked, "pref": pref[ranked]})
        by_pref["rank"] = by_pref.groupby("pref", sort=False).cumcount() + 1
        by_pref["quota"] = by_pref["pref"].map(quota_of).fillna(0).astype(int)
        chosen = by_pref[by_pref["rank"] <= by_pref["quota"]]
        member_rows = chosen["row"].to_numpy(dtype=int)
        local_rank = chosen["rank"].to_numpy(dtype=int)
        pool_by = pd.Series(pref[pool_rows], dtype=object).value_counts()
        size_by = pd.Series(pref[member_rows], dtype=object).value_counts()
        prefs = pd.DataFrame({
            "prefecture": codes_seen,
            "prefecture_name": [names.get(c, "") for c in codes_seen],
            "quota": quotas,
            "pool": [int(pool_by.get(c, 0)) for c in codes_seen],
            "size": [int(size_by.get(c, 0)) for c in codes_seen],
        })
        prefs["shortfall"] = (prefs["quota"] - prefs["pool"]).clip(lower=0)
        prefs["deadline"] = deadline
        shortfall = int(prefs["shortfall"].sum())
    else:
        take = min(required, pool)
        member_rows = ranked[:take]
        local_rank = np.arange(1, take + 1)
        prefs = pd.DataFrame(columns=["prefecture", "prefecture_name", "quota", "pool", "size", "shortfall", "deadline"])
        shortfall = max(0, required - pool)

    rows = member_rows
    lines = gaps.selected(rows=rows)
    gap_ids = _joined_ids(lines, n)[rows]
    f_m, u_m = failed[rows].astype(int), unknown[rows].astype(int)
    admit_text = (rule.admits.label if rule.admits is not None else "") or f"{tier.label}入库条件"
    closeness = pd.Series("差" + pd.Series(f_m).astype(str) + "项", dtype=object)
    closeness = closeness.where((f_m > 0) | (u_m > 0), "已符合")
    closeness = closeness.where(u_m == 0, closeness.where(f_m > 0, "") + "待补" + pd.Series(u_m).astype(str) + "项数据")
    closeness = closeness.str.replace("项待补", "项、待补", regex=False)
    reason = (f"{admit_text}; 符合基本条件(G1–G8); 未持有有效{tier.label}及以上认定; 距{tier.label}标准: " + closeness).to_numpy(dtype=object)
    reason = np.where(prio[rows], reason + "; 重点产业: " + tags[rows].astype(object), reason)
    verdict = np.asarray(OUTCOMES, dtype=object)[ev.outcome(tier)[rows]]
    table = pd.DataFrame({
        "uscc": cohort.uscc[rows], "name": cohort.names[rows], "tier": tier.value, "year": year,
        "prefecture": pref[rows], "prefecture_name": cohort.prefecture_names(pref[rows]),
        "rank": local_rank, "overall_rank": overall[rows], "reason": reason,
        "failed": f_m, "unknown": u_m, "gap": np.round(gap[rows], 6), "score": score[rows], "verdict": verdict,
        "gaps": gap_ids, "priority": tags[rows], "deadline": deadline, "builder": rule.builder,
    })
    sort_by = ["prefecture", "rank"] if rule.builder == "prefecture" else ["rank"]
    table = table.sort_values(sort_by, kind="stable").reset_index(drop=True)
    return SeedBank(
        tier=tier, year=year, jurisdiction=cohort.jurisdiction, rule=rule, as_of=cohort.as_of,
        table=table.loc[:, list(BANK_COLUMNS)], required=required, pool=pool, shortfall=shortfall,
        growth_target=target, plan=plan.id if plan is not None else None, sizing=sizing, deadline=deadline,
        prefectures=prefs, undecided=int(undecided.sum()),
    )


def seed_banks(
    roster: RosterLike,
    year: int,
    *,
    tiers: Iterable[Tier | str] | None = None,
    jurisdiction: str | None = None,
    as_of: dt.date | str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    rule_version: str | None = None,
) -> dict[Tier, SeedBank]:
    """The seed banks of ``year`` for every tier (or ``tiers``), built from one assessment.

    ``as_of`` is the date the roster is judged on (default 1 January of ``year``, so 上年度 is
    ``year − 1`` and recognitions are checked on that day). See the module documentation for
    entry, size, ranking and prefecture banks.

    >>> banks = seed_banks("roster.csv", 2026, jurisdiction="yunnan")  # doctest: +SKIP
    >>> banks[Tier.SRDI_SME].summary()  # doctest: +SKIP
    """
    from zjtx.pipeline._cohort import Cohort

    plugins = plugins or facade()
    jid = plugins.jurisdiction(jurisdiction).id
    chosen = [Tier.parse(t) for t in tiers] if tiers is not None else list(Tier.ladder())
    rules = {t: _rule_for(plugins, t, year, jid) for t in chosen}
    cohort = Cohort(roster, as_of=as_of or bank_date(year), jurisdiction=jid, options=options, plugins=plugins,
                    rule_version=rule_version, nodes=[r.admits for r in rules.values()])
    return {t: _build(cohort, t, year, rules[t]) for t in chosen}


def build_seed_bank(
    roster: RosterLike,
    tier: Tier | str,
    year: int,
    *,
    jurisdiction: str | None = None,
    as_of: dt.date | str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
    rule_version: str | None = None,
) -> SeedBank:
    """The seed bank of one ``tier`` for ``year`` (see :func:`seed_banks`)."""
    t = Tier.parse(tier)
    return seed_banks(roster, year, tiers=[t], jurisdiction=jurisdiction, as_of=as_of, options=options,
                      plugins=plugins, rule_version=rule_version)[t]
