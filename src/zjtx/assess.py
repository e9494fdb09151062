"""Assessment of rosters and enterprises: the verdicts, the scores and why.

:func:`assess` is the contract other systems rely on; :func:`evaluate` returns the richer
:class:`Assessment` with lazy explanations.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from zjtx.errors import RosterError
from zjtx.model.enterprise import Enterprise
from zjtx.model.tier import Tier
from zjtx.plugins import PluginFacade, facade
from zjtx.roster.canonical import canonicalize
from zjtx.roster.frame import Enterprises, build_context
from zjtx.roster.schema import KEY
from zjtx.rules.interpreter import ELIGIBLE, INSUFFICIENT, NOT_ELIGIBLE, Evaluation
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleSet

__all__ = ["Outcome", "OUTCOMES", "Assessment", "assess", "evaluate", "as_roster_frame", "SCORE_COLUMNS"]

#: The three outcome strings, indexed by the interpreter's outcome codes.
OUTCOMES = ("not_eligible", "eligible", "insufficient_data")


class Outcome:
    """The outcome strings of a tier verdict."""

    ELIGIBLE = OUTCOMES[ELIGIBLE]
    NOT_ELIGIBLE = OUTCOMES[NOT_ELIGIBLE]
    INSUFFICIENT_DATA = OUTCOMES[INSUFFICIENT]


#: Output column of each tier's headline score.
SCORE_COLUMNS = {Tier.INNOVATIVE_SME: "innovative_score", Tier.SRDI_SME: "srdi_score"}

RosterLike = pd.DataFrame | str | os.PathLike[str] | Iterable[Enterprise] | Any


def as_roster_frame(roster: RosterLike, *, plugins: PluginFacade | None = None) -> pd.DataFrame:
    """A canonical tidy frame from a DataFrame, a path, a :class:`~zjtx.roster.Roster` or enterprises."""
    plugins = plugins or facade()
    frame = getattr(roster, "frame", None)
    if isinstance(frame, pd.DataFrame):
        return frame
    if isinstance(roster, pd.DataFrame):
        typed, problems = canonicalize(roster, extra_columns=plugins.roster_columns())
        if problems:
            raise RosterError("roster values cannot be used", problems)
        return typed
    if isinstance(roster, (str, os.PathLike)):
        from zjtx.roster import read_roster

        return read_roster(roster).frame
    items = list(roster)
    if not all(isinstance(e, Enterprise) for e in items):
        raise TypeError("roster must be a DataFrame, a path, a Roster or a list of Enterprise")
    return Enterprise.to_frame(items)


class Assessment:
    """The result of evaluating a rule set over a roster.

    ``verdicts`` is the one-row-per-enterprise table of :func:`assess`; :meth:`findings` explains
    every criterion (value, threshold, outcome, gap, clause), for all enterprises or some.
    """

    def __init__(self, rules: RuleSet, enterprises: Enterprises, evaluation: Evaluation, names: np.ndarray) -> None:
        self.rules = rules
        self.enterprises = enterprises
        self.evaluation = evaluation
        self._names = names
        self._verdicts: pd.DataFrame | None = None

    @property
    def as_of(self) -> dt.date:
        """The assessment date."""
        return self.evaluation.ctx.as_of

    @property
    def verdicts(self) -> pd.DataFrame:
        """One row per enterprise (index ``uscc``): outcomes, scores, highest tier."""
        if self._verdicts is None:
            self._verdicts = self._build_verdicts()
        return self._verdicts

    def _build_verdicts(self) -> pd.DataFrame:
        ev = self.evaluation
        data: dict[str, Any] = {"name": self._names}
        highest = np.full(ev.n, "none", dtype=object)
        categories = pd.CategoricalDtype(list(OUTCOMES))
        for tier in Tier.ladder():
            if tier not in self.rules.tiers:
                continue
            codes = ev.outcome(tier)
            data[tier.value] = pd.Categorical.from_codes(codes.astype("int8"), dtype=categories)
            highest[codes == ELIGIBLE] = tier.value
        for tier in Tier.ladder():
            col = SCORE_COLUMNS.get(tier)
            if col is None:
                continue
            values = ev.headline_score(tier) if tier in self.rules.tiers else None
            data[col] = values if values is not None else np.full(ev.n, np.nan)
        data["highest_tier"] = highest
        for tier in Tier.ladder():
            if tier in self.rules.tiers:
                data[f"{tier.value}_missing"] = ev.missing_fields(tier)
        data["rule_version"] = self.rules.version.id
        data["jurisdiction"] = self.rules.jurisdiction
        data["provisional"] = self.rules.provisional
        index = pd.Index(self.enterprises.uscc, name=KEY, dtype=object)
        return pd.DataFrame(data, index=index)

    def findings(self, uscc: str | Sequence[str] | None = None, *, tiers: Iterable[Tier | str] | None = None) -> pd.DataFrame:
        """The explanation table: one row per enterprise × criterion (see :mod:`zjtx.explain`)."""
        from zjtx.explain import findings

        return findings(self, uscc=uscc, tiers=tiers)

    def explain(self, uscc: str, tier: Tier | str | None = None) -> str:
        """A readable explanation of one enterprise's verdicts."""
        from zjtx.explain import explain_text

        return explain_text(self, uscc, tier)


def evaluate(
    roster: RosterLike,
    *,
    as_of: dt.date | str | None = None,
    jurisdiction: str | None = None,
    rule_version: str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
) -> Assessment:
    """Evaluate the rules in force over a roster and return an :class:`Assessment`."""
    plugins = plugins or facade()
    day = _as_date(as_of)
    frame = as_roster_frame(roster, plugins=plugins)  # input problems are reported first
    rules = plugins.rules(day, jurisdiction, version=rule_version, options=options)
    ents, ctx = build_context(frame, as_of=day, fields=rules.fields(), options=rules.options,
                              extra_columns=plugins.roster_columns())
    names = _names(frame, ents)
    return Assessment(rules, ents, Evaluation(rules, ctx), names)


def _names(frame: pd.DataFrame, ents: Enterprises) -> np.ndarray:
    out = np.full(len(ents), None, dtype=object)
    if "name" in frame.columns:
        names = frame["name"].to_numpy(dtype=object)
        ok = np.flatnonzero(~pd.isna(names))
        out[ents.codes[ok]] = names[ok]
    return out


def _as_date(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@overload
def assess(roster: RosterLike, *, as_of: dt.date | str | None = ..., explain: Literal[False] = ...,
           jurisdiction: str | None = ..., rule_version: str | None = ...,
           options: Options | Mapping[str, Any] | None = ..., plugins: PluginFacade | None = ...) -> pd.DataFrame: ...
@overload
def assess(roster: RosterLike, *, as_of: dt.date | str | None = ..., explain: Literal[True],
           jurisdiction: str | None = ..., rule_version: str | None = ...,
           options: Options | Mapping[str, Any] | None = ...,
           plugins: PluginFacade | None = ...) -> tuple[pd.DataFrame, pd.DataFrame]: ...


def assess(
    roster: RosterLike,
    *,
    as_of: dt.date | str | None = None,
    explain: bool = False,
    jurisdiction: str | None = None,
    rule_version: str | None = None,
    options: Options | Mapping[str, Any] | None = None,
    plugins: PluginFacade | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Assess every enterprise of a roster against the three tiers.

    Parameters
    ----------
    roster
        A canonical tidy DataFrame, a path to a roster file, a :class:`~zjtx.roster.Roster`, or
        a list of :class:`~zjtx.model.enterprise.Enterprise`.
    as_of
        The assessment date (default today). 上年度 is fiscal year ``as_of.year − 1``.
    explain
        Also return the findings table (one row per enterprise × criterion).
    jurisdiction
        A jurisdiction served by an installed plug-in (``"yunnan"``); default national.
    rule_version
        Pin a rule version (``"national-2022"``) instead of the one in force on ``as_of``.
    options
        Interpretation options (:class:`~zjtx.rules.options.Options` or a mapping of overrides).

    Returns
    -------
    pandas.DataFrame
        Index ``uscc``; columns ``innovative_sme``, ``srdi_sme``, ``little_giant`` (each
        ``eligible`` / ``not_eligible`` / ``insufficient_data``), ``innovative_score``,
        ``srdi_score``, ``highest_tier``, then ``<tier>_missing`` (fields whose absence leaves a
        tier undecided), ``rule_version``, ``jurisdiction`` and ``provisional``. With
        ``explain=True``, a tuple ``(verdicts, findings)``.
    """
    result = evaluate(roster, as_of=as_of, jurisdiction=jurisdiction, rule_version=rule_version,
                      options=options, plugins=plugins)
    if explain:
        return result.verdicts, result.findings()
    return result.verdicts
