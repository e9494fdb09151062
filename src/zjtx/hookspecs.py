"""Every hook of zjtx: the extension surface province plug-ins implement.

A plug-in is a module or object with functions marked ``@zjtx.hookimpl`` whose names are the hook
names below; it is registered through the entry-point group ``zjtx``. Implementations may accept
any subset of a hook's arguments, so hooks can gain arguments later without breaking plug-ins
(pluggy passes only the arguments an implementation names). A ``zjtx_*`` attribute that is not a
hook below (a misspelt name) is refused when the plug-in is registered.

Two kinds of hook:

*first result*
    the implementations are asked in turn (province plug-ins first, the national plug-in last)
    and the first answer other than ``None`` is used;
*collected*
    every implementation's answer is used (lists are concatenated, mappings merged).

Every hook may return ``None`` to say "nothing from me" (for another jurisdiction, another rule
version, another year). The facade checks the type of everything else.

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

    Called once per facade, when a jurisdiction is first looked up (``zjtx.assess(...,
    jurisdiction=...)``, ``zjtx plugins``). Returns a list of
    :class:`~zjtx.model.jurisdiction.Jurisdiction`. Collected. Two plug-ins claiming one
    jurisdiction id is a :class:`~zjtx.errors.JurisdictionConflict` unless the user chooses one
    explicitly (``ZJTX_PLUGINS`` or ``ZJTX_DISABLE_PLUGINS``).
    """


@hookspec
def zjtx_rule_versions() -> Sequence[RuleVersion]:
    """The dated rule versions this plug-in provides (the national plug-in: 2022 and 2026).

    Called whenever rules are resolved for a date, and by ``zjtx plugins``. Returns a list of
    :class:`~zjtx.rules.ruleset.RuleVersion`. Collected; the version in force on a date is the
    latest-starting one that covers it, unless the caller pins one. Province plug-ins usually
    return nothing: they adjust the national versions with :func:`zjtx_adjust_rules`.
    """


# -- rules ---------------------------------------------------------------------------------------
@hookspec(firstresult=True)
def zjtx_base_rules(version: RuleVersion, options: Options, provinces: Sequence[str] | None) -> Mapping[Tier, TierRules] | None:
    """The rules of every tier for ``version``, before any province adjusts them.

    Called once per resolution (:meth:`zjtx.plugins.PluginFacade.rules`). ``options`` are the
    resolved interpretation options; ``provinces`` restricts precondition G1 to the
    jurisdiction's province codes (``None``: anywhere in China). Returns a mapping of
    :class:`~zjtx.model.tier.Tier` to :class:`~zjtx.rules.ruleset.TierRules`. First result: the
    plug-in that provides ``version`` answers and the others return ``None``.
    """


@hookspec
def zjtx_options(jurisdiction: str, version: RuleVersion, as_of: dt.date) -> Mapping[str, Any] | None:
    """Option overrides this plug-in sets for ``jurisdiction`` on ``as_of`` (e.g. Hubei's
    ``srdi_requires_innovative=True``).

    Called once per resolution, before :func:`zjtx_base_rules`. Returns a mapping of option names
    (:class:`~zjtx.rules.options.Options`) to values, or ``None``. Collected: the mappings are
    merged, and the caller's own options win over every plug-in's.
    """


@hookspec
def zjtx_adjust_rules(
    rules: TierRules, jurisdiction: str, version: RuleVersion, options: Options, as_of: dt.date
) -> TierRules | None:
    """Adjust one tier's rules: fill the 特色化 slot, change a pass mark, add a criterion.

    Called for each tier after :func:`zjtx_base_rules`, once per plug-in, province plug-ins
    first; each implementation receives the result of the previous one (a chain, not a first
    result). Return a new :class:`~zjtx.rules.ruleset.TierRules` (built with its ``replace``,
    ``with_threshold``, ``replace_indicator`` or ``add_criterion`` methods) or ``None`` to leave
    it unchanged. Implementations check ``jurisdiction``, ``version`` (or ``as_of``) and
    ``rules.tier`` themselves and leave everything else alone. The nodes a plug-in adds or changes
    are stamped with its name (``source``), so every finding names the plug-in behind it.
    """


@hookspec
def zjtx_roster_columns() -> Sequence[Column]:
    """Extra roster columns this plug-in's criteria read (its featured indicators).

    Called when a roster is coerced and when rules are resolved. Returns a list of
    :class:`~zjtx.roster.schema.Column` (canonical name, Chinese headers, kind, bounds).
    Collected; a column may not redefine a canonical one. An empty or absent extra column makes the
    criteria reading it ``insufficient_data``, naming it, like any canonical column.
    """


@hookspec
def zjtx_coaching_rules(tier: Tier, jurisdiction: str, as_of: dt.date) -> Sequence[TierRules] | None:
    """Goal lines a cultivation plan coaches seed enterprises toward (对标培育), never eligibility.

    Called by the pipeline and reports when they show how far seed enterprises of ``tier``
    stand from a plan's goal lines (Yunnan's plan: main-business growth over 5%, debt within 70%…).
    Returns a list of :class:`~zjtx.rules.ruleset.TierRules` whose ``tier`` is ``tier`` and whose
    ``precondition`` is usually ``None``; they are evaluated like rules (put them in a
    :class:`~zjtx.rules.ruleset.RuleSet` and use :class:`~zjtx.rules.interpreter.Evaluation`),
    but no verdict ever depends on them. Collected.
    """


# -- cultivation pipeline ------------------------------------------------------------------------
@hookspec
def zjtx_regions(jurisdiction: str) -> Sequence[Region] | None:
    """The prefectures (州市) of ``jurisdiction`` with their 4-digit division codes.

    Called by the pipeline and reports (banks and progress per prefecture). Returns a list of
    :class:`~zjtx.model.jurisdiction.Region`, or ``None`` for jurisdictions this plug-in does
    not serve. Collected.
    """


@hookspec
def zjtx_target_plans(jurisdiction: str) -> Sequence[TargetPlan] | None:
    """The cultivation plans (targets per tier: baseline, yearly increase, goal) of
    ``jurisdiction``.

    Called by progress reports and seed-bank sizing. Returns a list of
    :class:`~zjtx.model.jurisdiction.TargetPlan`, or ``None``. Collected; the plan in force for
    a year is one whose years cover it (where two do, the later-starting one).
    """


@hookspec(firstresult=True)
def zjtx_seed_bank_rule(tier: Tier, year: int, jurisdiction: str) -> SeedBankRule | None:
    """How the seed bank (种子库) of ``tier`` for ``year`` is built: size multiple of the year's
    growth target, who may enter, who builds it and by when.

    Called once per bank. Returns a :class:`~zjtx.pipeline.seedbank.SeedBankRule` or ``None``.
    First result, so a province's rule overrides the national default (registered
    ``trylast``); the facade stamps the rule with the plug-in's name (``source``).
    """


@hookspec
def zjtx_measures(jurisdiction: str) -> Mapping[str, str] | None:
    """A catalogue of measures (培育措施) keyed by criterion id, for roadmaps (施工路线图).

    Called when roadmaps are built. Returns a mapping of a rule node id, or an id prefix such as
    ``srdi.C2``, to the text of a measure; or ``None``. Collected: the mappings are merged and a
    province's entries override the national defaults.
    """


@hookspec
def zjtx_priority_tags(jurisdiction: str, roster: pd.DataFrame) -> pd.Series | None:
    """Priority-sector tags (重点产业) per enterprise, for seed-bank ranking and reports.

    Called with the enterprise-level frame (index ``uscc``; static columns such as ``industry``,
    ``main_product_field``, ``main_product``). Returns a :class:`pandas.Series` of ``;``-joined
    tags aligned to the frame (``""``: no tag), or ``None``. Collected: the tags of every plug-in
    are joined.
    """


# -- reporting -----------------------------------------------------------------------------------
@hookspec
def zjtx_report_sections(jurisdiction: str, context: Mapping[str, Any]) -> Sequence[Section] | None:
    """Report sections (a titled table and an optional chart) this plug-in contributes.

    Called once per report with the assessment, seed banks, progress and year in ``context``
    (keys documented by :mod:`zjtx.report`; read them with ``context.get`` as keys may be added).
    Returns a list of :class:`~zjtx.report.sections.Section`, or ``None``. Collected, in plug-in
    order (the national sections come last, as its plug-in is ``trylast``).
    """
