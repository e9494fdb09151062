"""The built-in national plug-in, registered ``trylast`` so any province overrides it.

It serves the national jurisdiction, provides the rule versions ``national-2022`` and
``national-2026`` (provisional) and the national defaults of every pipeline hook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from zjtx.hookspecs import hookimpl
from zjtx.model.jurisdiction import NATIONAL, Jurisdiction
from zjtx.model.tier import Tier
from zjtx.national import rules_2022
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleVersion, TierRules

_BUILDERS = {rules_2022.VERSION.id: rules_2022.tiers}
_VERSIONS = [rules_2022.VERSION]
try:  # the 2026 revision lives in its own module
    from zjtx.national import rules_2026

    _BUILDERS[rules_2026.VERSION.id] = rules_2026.tiers
    _VERSIONS.append(rules_2026.VERSION)
except ImportError:  # pragma: no cover - during development only
    pass


@hookimpl(trylast=True)
def zjtx_jurisdictions() -> Sequence[Jurisdiction]:
    return [NATIONAL]


@hookimpl(trylast=True)
def zjtx_rule_versions() -> Sequence[RuleVersion]:
    return list(_VERSIONS)


@hookimpl(trylast=True)
def zjtx_base_rules(version: RuleVersion, options: Options, provinces: Sequence[str] | None) -> Mapping[Tier, TierRules] | None:
    build = _BUILDERS.get(version.id)
    return None if build is None else build(options, provinces)


# National defaults of the pipeline and report hooks live in their own modules; importing their
# hook implementations here makes them part of this one ``trylast`` plug-in.
try:
    from zjtx.national.pipeline_hooks import *  # noqa: F403
except ImportError:  # pragma: no cover - until the module exists
    pass
try:
    from zjtx.national.report_hooks import *  # noqa: F403
except ImportError:  # pragma: no cover - until the module exists
    pass
