"""Assessment of rosters and enterprises: the verdicts, the scores and why.

:func:`assess` is the contract other systems rely on; :func:`evaluate` returns the richer
:class:`Assessment` with lazy explanations.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from zjtx.errors import RosterError
from zjtx.model.enterprise import Enterprise
from zjtx.model.tier import Tier
from zjtx.plugins import PluginFacade, facade
from zjtx.roster.canonical import canonicalize
from zjtx.roster.frame import Enterprises, build_context, grouped, latest
from zjtx.roster.schema import KEY, Kind, columns_with
from zjtx.rules.interpreter import ELIGIBLE, INSUFFICIENT, NOT_ELIGIBLE, Evaluation
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleSet

__all__ = ["Outcome", "OUTCOMES", "Assessment", "assess", "evaluate", "as_roster_frame", "with_rejected",
           "SCORE_COLUMNS", "REJECTED"]

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


def _read(roster: RosterLike, plugins: PluginFacade) -> tuple[pd.DataFrame, Any]:
    """The canonical frame of any roster-like input, and the :class:`~zjtx.roster.io.Roster`
    it came from when it was read (so rejected enterprises can be reported), else ``None``."""
    frame = getattr(roster, "frame", None)
    if isinstance(frame, pd.DataFrame):
        return frame, roster if hasattr(roster, "rejected_enterprises") else None
    if isinstance(roster, pd.DataFrame):
        extra = plugins.roster_columns()
        known = {c.name for c in columns_with(extra)}
        if set(map(str, roster.columns)) <= known:
            typed, problems = canonicalize(roster, extra_columns=extra)
            if not problems:
                return typed, None
        # Chinese headers, a wide layout or unusable cells: the full reader names every problem.
        from zjtx.roster.io import read_roster

        read = read_roster(roster, plugins=plugins)
        return read.frame, read
    if isinstance(roster, (str, os.PathLike)):
        from zjtx.roster.io import read_roster

        read = read_roster(roster, plugins=plugins)
        return read.frame, read
    items = list(roster)
    if not all(isinstance(e, Enterprise) for e in items):
        raise TypeError("roster must be a DataFrame, a path, a Roster or a list of Enterprise")
    return Enterprise.to_frame(items), None


def as_roster_frame(roster: RosterLike, *, plugins: PluginFacade | None = None) -> pd.DataFrame:
    """A canonical tidy frame from a DataFrame, a path, a :class:`~zjtx.roster.Roster` or enterprises.

    A DataFrame with canonical column names and usable values passes straight through; any other
    (Chinese headers, a wide layout, bad cells) goes through :func:`zjtx.read_roster`.
    """
    return _read(roster, plugins or facade())[0]


REJECTED = "rejected"


def with_rejected(verdicts: pd.DataFrame, roster: Any) -> pd.DataFrame:
    """The verdicts with a ``status`` and a ``reason`` column, followed by one row per rejected
    enterprise (status and tier outcomes ``rejected``), so every input enterprise appears."""
    out = verdicts.copy()
    tiers = [t.value for t in Tier.ladder() if t.value in out.columns]
    for c in tiers:
        out[c] = out[c].astype(object)
    reasons = roster.problems_by_enterprise()
    out.insert(0, "status", "assessed")
    out["reason"] = reasons.reindex(out.index).fillna("").to_numpy(dtype=object) if len(reasons) else ""
    rejected = roster.rejected_enterprises
    if not len(rejected):
        return out
    rows = pd.DataFrame(index=pd.Index(rejected["uscc"].to_numpy(dtype=object), name=out.index.name),
                        columns=out.columns, dtype=object)
    rows["status"] = REJECTED
    rows["name"] = rejected["name"].to_numpy(dtype=object)
    for c in tiers:
        rows[c] = REJECTED
    rows["reason"] = ("row " + rejected["rows"].astype(str) + ": " + rejected["reason"].astype(str)).to_numpy()
    for c in ("rule_version", "jurisdiction", "provisional"):
        if c in out.columns and len(out):
            rows[c] = out[c].iloc[0]
    return pd.concat([out.astype(object), rows], axis=0)


class Assessment:
    """The result of evaluating a rule set over a roster.

    ``verdicts`` is the one-row-per-enterprise table of :func:`assess`; :meth:`findings` explains
    every criterion (value, threshold, outcome, gap, clause), for all enterprises or some.
    """

    def __init__(self, rules: RuleSet, enterprises: Enterprises, evaluation: Evaluation, names: np.ndarray,
                 roster: Any = None) -> None:
        self.rules = rules
        self.enterprises = enterprises
        self.evaluation = evaluation
        self._names = names
        #: The :class:`~zjtx.roster.io.Roster` the input was read into, when it was read.
        self.roster = roster
        self._verdicts: pd.DataFrame | None = None

    @property
    def rejected(self) -> pd.DataFrame:
        """Enterprises of the input that could not be assessed (uscc, name, rows, reason)."""
        if self.roster is None:
            return pd.DataFrame(columns=["uscc", "name", "rows", "reason"])
        return self.roster.rejected_enterprises

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
        ladder = ["none"]
        highest = np.zeros(ev.n, dtype=np.int64)
        categories = pd.CategoricalDtype(list(OUTCOMES))
        for tier in Tier.ladder():
            if tier not in self.rules.tiers:
                continue
            codes = ev.outcome(tier)
            data[tier.value] = pd.Categorical.from_codes(codes.astype("int8"), dtype=categories)
            ladder.append(tier.value)
            highest[codes == ELIGIBLE] = len(ladder) - 1
        for tier in Tier.ladder():
            col = SCORE_COLUMNS.get(tier)
            if col is None:
                continue
            values = ev.headline_score(tier) if tier in self.rules.tiers else None
            data[col] = values if values is not None else np.full(ev.n, np.nan)
        data["highest_tier"] = _texts(highest, np.array(ladder, dtype=object))
        for tier in Tier.ladder():
            if tier in self.rules.tiers:
                data[f"{tier.value}_missing"] = _texts(*ev.missing_codes(tier))
        for col, value in (("rule_version", self.rules.version.id), ("jurisdiction", self.rules.jurisdiction)):
            data[col] = _texts(np.zeros(ev.n, dtype=np.int64), np.array([value], dtype=object)) \
                if isinstance(value, str) else value
        data["provisional"] = self.rules.provisional
        index = pd.Index(self.enterprises.uscc, name=KEY, dtype=object)
        return pd.DataFrame(data, index=index)

    def findings(self, uscc: str | Sequence[str] | None = None, *, tiers: Iterable[Tier | str] | None = None) -> pd.DataFrame:
        """The explanation table: one row per enterprise × criterion (see :mod:`zjtx.explain`)."""
        from zjtx.explain import findings

        return findings(self, uscc=uscc, tiers=tiers)

    def iter_findings(self, batch: int = 10_000, *, tiers: Iterable[Tier | str] | None = None) -> Iterator[pd.DataFrame]:
        """The findings table in batches of ``batch`` enterprises, each built when asked for.

        For rosters whose whole table (about 200 rows per enterprise) does not fit in memory:
        write each batch out (for instance to Parquet) before asking for the next.
        """
        if batch < 1:
            raise ValueError("batch must be at least 1")
        keys = self.enterprises.uscc
        for start in range(0, len(keys), batch):
            yield self.findings(list(keys[start:start + batch]), tiers=tiers)

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
    frame, read = _read(roster, plugins)  # input problems are reported first
    rules = plugins.rules(day, jurisdiction, version=rule_version, options=options)
    ents, ctx = build_context(frame, as_of=day, fields=rules.fields(), options=rules.options,
                              extra_columns=plugins.roster_columns())
    names = _names(frame, ents)
    return Assessment(rules, ents, Evaluation(rules, ctx), names, roster=read)


#: The dtype pandas gives a column of strings (``str``, Arrow-backed where pyarrow is installed).
_STR_DTYPE = pd.Series(["x"]).dtype


def _texts(codes: np.ndarray, labels: np.ndarray) -> Any:
    """The text column ``labels[codes]``, as pandas would type it, built without a per-row loop.

    With an Arrow-backed ``str`` dtype the strings are gathered by Arrow's ``take``; otherwise
    (or for no rows, which pandas leaves as object) the object array is handed to pandas.
    """
    fast = (len(codes) and getattr(_STR_DTYPE, "storage", None) == "pyarrow"
            and all(isinstance(v, str) for v in labels))
    if not fast:
        return labels[codes]
    import pyarrow as pa

    taken = pa.array(list(labels), type=pa.large_string()).take(pa.array(codes))
    return pd.array(taken, dtype=_STR_DTYPE)


def _names(frame: pd.DataFrame, ents: Enterprises) -> np.ndarray:
    """Each enterprise's name: from its last row (in roster order) that has one."""
    if "name" not in frame.columns:
        return np.full(len(ents), None, dtype=object)
    codes = ents.codes
    order = np.arange(len(codes)) if grouped(codes) else np.argsort(codes, kind="stable")
    return latest(frame["name"], order, codes[order], len(ents), Kind.TEXT)


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
        a list of :class:`~zjtx.model.enterprise.Enterprise`. A ``dask.dataframe.DataFrame``
        partitioned by enterprise is assessed partition by partition and gives lazy Dask frames
        (:func:`zjtx.scale.assess_dask`; needs the ``zjtx[dask]`` extra).
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
        tier undecided), ``rule_version``, ``jurisdiction`` and ``provisional``. When the roster
        was read and some cells could not be used, a ``status`` (``assessed`` / ``rejected``) and
        a ``reason`` column (row, column and reason of each unusable cell) are added, and each
        enterprise that could not be assessed at all is a row with tier outcomes ``rejected``:
        nothing is dropped silently.
        With ``explain=True``, a tuple ``(verdicts, findings)``.
    """
    if type(roster).__module__.split(".")[0] in ("dask", "dask_expr"):
        from zjtx.scale import assess_dask, is_dask_frame  # Dask is imported only for Dask input

        if is_dask_frame(roster):
            return assess_dask(roster, as_of=as_of, explain=explain, jurisdiction=jurisdiction,  # type: ignore[return-value]
                               rule_version=rule_version, options=options, plugins=plugins)
    result = evaluate(roster, as_of=as_of, jurisdiction=jurisdiction, rule_version=rule_version,
                      options=options, plugins=plugins)
    verdicts = result.verdicts
    if result.roster is not None and (len(result.roster.rejected) or len(result.rejected)):
        # Nothing is dropped silently: unusable cells are named in a reason column, and rejected
        # enterprises are rows too.
        verdicts = with_rejected(verdicts, result.roster)
    if explain:
        return verdicts, result.findings()
    return verdicts
