"""The roster, its assessment and the pipeline's extra inputs, built once per pipeline call.

Pipeline functions read more than the rules do: recognition dates of every tier, the division code
(prefecture), the fields of a seed bank's entry rule. :class:`Cohort` evaluates the rules in
force over a context that holds all of them, so that a metric evaluated for the pipeline never
reads a column the context left out (which would look like an empty cell).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from zjtx.assess import Assessment, RosterLike, _as_date, _names, as_roster_frame
from zjtx.model.tier import Tier
from zjtx.plugins import PluginFacade, facade
from zjtx.roster.frame import build_context
from zjtx.roster.schema import KEY, YEAR
from zjtx.rules.context import Context
from zjtx.rules.interpreter import Evaluation
from zjtx.rules.metrics import Field, Metric, static
from zjtx.rules.nodes import Node, Test
from zjtx.rules.options import Options

__all__ = ["Cohort", "PIPELINE_FIELDS", "as_date", "canonical_frame", "fields_of", "prefecture_of", "recognition_dates"]

#: Fields every pipeline step may read besides those of the rules.
PIPELINE_FIELDS: tuple[Field, ...] = (
    static("region_code"),
    static("innovative_recognised_on"),
    static("srdi_recognised_on"),
    static("little_giant_recognised_on"),
    static("revoked_on"),
)

#: Roster columns naming the person responsible for an enterprise (包保责任人), in order of preference.
OWNER_COLUMNS = ("owner", "包保责任人", "责任人")


def as_date(value: dt.date | str | None) -> dt.date:
    """A date from a date, an ISO string or ``None`` (today)."""
    return _as_date(value)


def canonical_frame(roster: RosterLike, plugins: PluginFacade) -> pd.DataFrame:
    """The canonical tidy frame of a roster (a frame's own index is dropped first: the pipeline
    never reads it, and coercion expects positions)."""
    if isinstance(roster, pd.DataFrame):
        roster = roster.reset_index(drop=True)
    return as_roster_frame(roster, plugins=plugins)


def fields_of(nodes: Iterable[Node | None] = (), metrics: Iterable[Metric] = ()) -> tuple[Field, ...]:
    """Every roster field the nodes' tests and the metrics read."""
    seen: dict[Field, None] = {}
    for node in nodes:
        if node is None:
            continue
        for n in node.walk():
            if isinstance(n, Test):
                for f in n.metric.inputs:
                    seen.setdefault(f, None)
    for m in metrics:
        for f in m.inputs:
            seen.setdefault(f, None)
    return tuple(seen)


def prefecture_of(region: np.ndarray) -> np.ndarray:
    """The 4-digit prefecture code (州市) of each division code; '' where unknown."""
    # Each distinct code is sliced once: rosters hold millions of rows but a few thousand codes.
    codes, uniques = pd.factorize(pd.Series(region, dtype=object), use_na_sentinel=True)
    heads = np.array([u[:4] if isinstance(u, str) and len(u) >= 4 else "" for u in uniques] + [""], dtype=object)
    return heads[codes]


def recognition_dates(ctx: Context, tier: Tier) -> np.ndarray:
    """The recognition dates of ``tier`` (datetime64, NaT where none) from a context."""
    return np.asarray(ctx.get(static(tier.recognition_column)), dtype="datetime64[ns]")


class Cohort:
    """A roster evaluated for the pipeline: the frame, the assessment, prefectures and names.

    Not part of the public API; pipeline functions build one per call.
    """

    def __init__(
        self,
        roster: RosterLike,
        *,
        as_of: dt.date | str | None,
        jurisdiction: str | None = None,
        options: Options | Mapping[str, Any] | None = None,
        plugins: PluginFacade | None = None,
        rule_version: str | None = None,
        nodes: Iterable[Node | None] = (),
        metrics: Iterable[Metric] = (),
        frame: pd.DataFrame | None = None,
    ) -> None:
        self.plugins = plugins or facade()
        self.as_of = as_date(as_of)
        self.jurisdiction = self.plugins.jurisdiction(jurisdiction).id
        self.frame = frame if frame is not None else canonical_frame(roster, self.plugins)
        self.rules = self.plugins.rules(self.as_of, self.jurisdiction, version=rule_version, options=options)
        wanted = dict.fromkeys((*self.rules.fields(), *PIPELINE_FIELDS, *fields_of(nodes, metrics)))
        ents, ctx = build_context(self.frame, as_of=self.as_of, fields=tuple(wanted), options=self.rules.options,
                                  extra_columns=self.plugins.roster_columns())
        self.assessment = Assessment(self.rules, ents, Evaluation(self.rules, ctx), _names(self.frame, ents))
        self._regions: dict[str, str] | None = None
        self._prefecture: np.ndarray | None = None
        self._tags: np.ndarray | None = None

    # -- shortcuts ------------------------------------------------------------------------------
    @property
    def evaluation(self) -> Evaluation:
        return self.assessment.evaluation

    @property
    def ctx(self) -> Context:
        return self.assessment.evaluation.ctx

    @property
    def uscc(self) -> np.ndarray:
        return self.assessment.enterprises.uscc

    @property
    def n(self) -> int:
        return len(self.uscc)

    @property
    def names(self) -> np.ndarray:
        return self.assessment._names

    @property
    def year(self) -> int:
        return self.as_of.year

    def prefecture(self) -> np.ndarray:
        """Prefecture code (region_code[:4]) per enterprise."""
        if self._prefecture is None:
            self._prefecture = prefecture_of(np.asarray(self.ctx.get(static("region_code")), dtype=object))
        return self._prefecture

    def region_names(self) -> dict[str, str]:
        """Prefecture code → name, from the plug-ins' regions of the jurisdiction."""
        if self._regions is None:
            self._regions = {r.code: r.name for r in self.plugins.regions(self.jurisdiction)}
        return self._regions

    def prefecture_names(self, codes: np.ndarray) -> np.ndarray:
        names = self.region_names()
        mapped = pd.Series(codes, dtype=object).map(names).to_numpy(dtype=object)
        mapped[pd.isna(mapped)] = ""
        return mapped

    def rows_of(self, uscc: str | Iterable[str] | None) -> np.ndarray:
        """Row positions of the given enterprises (all rows for ``None``); KeyError names unknown ones."""
        if uscc is None:
            return np.arange(self.n)
        wanted = [uscc] if isinstance(uscc, str) else [str(u) for u in uscc]
        index = pd.Index(self.uscc)
        pos = index.get_indexer(pd.Index([w.strip().upper() for w in wanted]))
        if (pos < 0).any():
            missing = [w for w, p in zip(wanted, pos) if p < 0]
            raise KeyError(f"not in the roster: {missing}")
        return pos

    def latest(self, columns: Iterable[str]) -> pd.DataFrame:
        """The latest non-empty value of each column per enterprise (index ``uscc``, roster order)."""
        cols = [c for c in columns if c in self.frame.columns]
        usable = self.frame[self.frame[YEAR].to_numpy(dtype="float64") <= self.year] if cols else self.frame
        if not cols:
            return pd.DataFrame(index=pd.Index(self.uscc, name=KEY))
        last = usable.sort_values(YEAR, kind="stable").groupby(KEY, sort=False)[cols].last()
        return last.reindex(pd.Index(self.uscc, name=KEY))

    def enterprise_frame(self) -> pd.DataFrame:
        """The enterprise-level frame (index ``uscc``) the ``zjtx_priority_tags`` hook receives."""
        columns = [c for c in self.frame.columns if c not in (KEY, YEAR)]
        return self.latest(columns)

    def priority_tags(self) -> np.ndarray:
        """The plug-ins' priority-sector tags per enterprise ('' where none)."""
        if self._tags is None:
            self._tags = self._priority_tags()
        return self._tags

    def _priority_tags(self) -> np.ndarray:
        impls = self.plugins.pm.hook.zjtx_priority_tags.get_hookimpls()
        if not impls:
            return np.full(self.n, "", dtype=object)
        tags = self.plugins.priority_tags(self.jurisdiction, self.enterprise_frame())
        if tags is None:
            return np.full(self.n, "", dtype=object)
        return tags.reindex(pd.Index(self.uscc)).fillna("").astype(str).to_numpy(dtype=object)

    def owners(self, owners: Mapping[str, str] | None = None) -> np.ndarray:
        """The person responsible (包保责任人) per enterprise: the mapping, else a roster column."""
        out = np.full(self.n, "", dtype=object)
        col = next((c for c in OWNER_COLUMNS if c in self.frame.columns), None)
        if col is not None:
            latest = self.latest([col])[col]
            values = latest.where(latest.notna(), "").astype(str).to_numpy(dtype=object)
            out = values
        if owners:
            mapped = pd.Series(self.uscc, dtype=object).map({str(k).strip().upper(): v for k, v in owners.items()})
            out = np.where(mapped.notna().to_numpy(), mapped.fillna("").to_numpy(dtype=object), out)
        return out


def evaluation_with(base: Evaluation, columns: Mapping[str, np.ndarray]) -> Evaluation:
    """A fresh evaluation of the same rules over ``base``'s context with some input arrays replaced."""
    ctx = base.ctx
    merged = dict(ctx.columns)
    merged.update(columns)
    return Evaluation(base.rules, Context(n=ctx.n, as_of=ctx.as_of, options=ctx.options, columns=merged))
