"""Every hook of zjtx: the extension surface province plug-ins implement.

A plug-in is a module or object with functions marked ``@zjtx.hookimpl`` whose names are the hook
names below; it is registered through the entry-point group ``zjtx``. Implementations may accept
any subset of a hook's arguments, so hooks can gain arguments later without breaking plug-ins
(pluggy passes only the arguments an implementation names).

The built-in national behaviour is itself a plug-in, registered ``trylast``, so a province
overrides it the way any third party would. Only :class:`zjtx.plugins.PluginFacade` calls
these hooks; it checks every returned value's type and names the plug-in when one misbehaves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import pandas as pd

    from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan
    from zjtx.model.tier import Tier
    from zjtx.pipeline.seedbank import SeedBankRule
    from zjtx.report.sections import Section
    from zjtx.roster.schema import Column
    from zjtx.rules.options import Options
    from zjtx.rules.ruleset import RuleVersion, TierRules

PROJECT = "zjtx"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

__all__ = ["PROJECT", "hookspec", "hookimpl"]


# -- identity ----------------------------------------------------------------------------------
@hookspec
def zjtx_jurisdictions() -> Sequence[Jurisdiction]:
    """The jurisdictions this plug-in serves.

    Called once when the plug-in manager is built. Returns a list of
    :class:`~zjtx.model.jurisdiction.Jurisdiction`. All results are collected; two plug-ins
    claiming one jurisdiction id is an error unless the user chooses one explicitly.
    """


@hookspec
def zjtx_rule_versions() -> Sequence[RuleVersion]:
    """The dated rule versions this plug-in provides (the national plug-in: 2022 and 2026).

    Called when rules are resolved for a date. Returns a list of
    :class:`~zjtx.rules.ruleset.RuleVersion`; all results are collected. Province plug-ins
    usually return nothing: they adjust the national versions.
    """


# -- rules ---------------------------------------------------------------------------------------
@hookspec(firstresult=True)
def zjtx_base_rules(version: RuleVersion, options: Options, provinces: Sequence[str] | None) -> Mapping[Tier, TierRules] | None:
    """The rules of every tier for ``version``, before any province adjusts them.

    Called once per resolution. First result wins: the plug-in that provides ``version``
    answers and others return ``None``. ``provinces`` restricts precondition G1 to the
    jurisdiction's province codes (``None``: anywhere in China).
    """


@hookspec
def zjtx_options(jurisdiction: str, version: RuleVersion, as_of: dt.date) -> Mapping[str, Any] | None:
    """Option overrides this plug-in sets for ``jurisdiction`` on ``as_of`` (e.g. Hubei's
    ``srdi_requires_innovative=True``).

    Called before the rules are built. Returns a mapping of option names to values, or ``None``.
    All results are merged; the caller's own options win over every plug-in's.
    """


@hookspec
def zjtx_adjust_rules(
    rules: TierRules, jurisdiction: str, version: RuleVersion, options: Options, as_of: dt.date
) -> TierRules | None:
    """Adjust one tier's rules: fill the 特色化 slot, change a pass mark, add a criterion.

    Called for each tier after :func:`zjtx_base_rules`, once per plug-in, in plug-in order; each
    implementation receives the result of the previous one. Return a new
    :class:`~zjtx.rules.ruleset.TierRules` (built with its ``replace``/``with_threshold``/
    ``replace_indicator`` methods) or ``None`` to leave it unchanged. Implementations must
    check ``jurisdiction`` and ``as_of`` themselves and leave other jurisdictions alone.
    """


@hookspec
def zjtx_roster_columns() -> Sequence[Column]:
    """Extra roster columns this plug-in's criteria read (its featured indicators).

    Called when a roster is read and when rules are resolved. Returns a list of
    :class:`~zjtx.roster.schema.Column` (canonical name, Chinese headers, kind). All results
    are collected; a column may not redefine a canonical one.
    """


# -- cultivation pipeline ------------------------------------------------------------------------
@hookspec
def zjtx_regions(jurisdiction: str) -> Sequence[Region] | None:
    """The prefectures (州市) of ``jurisdiction`` with their 4-digit division codes.

    Called by the pipeline and reports. All results are collected; return ``None`` for
    jurisdictions this plug-in does not serve.
    """


@hookspec
def zjtx_target_plans(jurisdiction: str) -> Sequence[TargetPlan] | None:
    """The cultivation plans (targets per tier, baseline, yearly increase, goal) of
    ``jurisdiction``.

    Called by progress and seed-bank sizing. All results are collected; the plan in force for a
    year is the one whose years cover it.
    """


@hookspec(firstresult=True)
def zjtx_seed_bank_rule(tier: Tier, year: int, jurisdiction: str) -> SeedBankRule | None:
    """How the seed bank (种子库) of ``tier`` for ``year`` is built: size multiple of the year's
    growth target, who may enter, ranking, who builds it and by when.

    Called once per bank. First result wins, so a province's rule overrides the national
    default (registered ``trylast``). Returns a
    :class:`~zjtx.pipeline.seedbank.SeedBankRule` or ``None``.
    """


@hookspec
def zjtx_measures(jurisdiction: str) -> Mapping[str, str] | None:
    """A catalogue of measures (培育措施) keyed by criterion id, for roadmaps (施工路线图).

    Called when roadmaps are built. All results are merged; a province's entries override the
    national defaults (a key of a rule node id, or of a prefix such as ``srdi.C2``).
    """


@hookspec
def zjtx_priority_tags(jurisdiction: str, roster: pd.DataFrame) -> pd.Series | None:
    """Priority-sector tags (重点产业) per enterprise, for seed-bank ranking and reports.

    Called with the enterprise-level frame (index ``uscc``). Returns a Series of ``;``-joined
    tags aligned to the frame, or ``None``. All results are joined.
    """


# -- reporting -----------------------------------------------------------------------------------
@hookspec
def zjtx_report_sections(jurisdiction: str, context: Mapping[str, Any]) -> Sequence[Section] | None:
    """Report sections (a titled table and an optional chart) this plug-in contributes.

    Called once per report with the assessment, seed banks, progress and year in ``context``.
    Returns a list of :class:`~zjtx.report.sections.Section`; all results are collected, in
    plug-in order (the national sections come last, as its plug-in is ``trylast``).
    """
