"""zjtx: rules-as-code for China's tiered cultivation of quality SMEs.

创新型中小企业 → 专精特新中小企业 → 专精特新“小巨人”企业.

>>> import zjtx
>>> zjtx.Tier.SRDI_SME.label
'专精特新中小企业'
"""

from __future__ import annotations

from zjtx.assess import OUTCOMES, Assessment, Outcome, assess, evaluate
from zjtx.errors import (
    CellProblem, JurisdictionConflict, PluginError, RosterError, RuleError, UnknownJurisdiction,
    UnknownRuleVersion, ZjtxError,
)
from zjtx.hookspecs import hookimpl
from zjtx.model import AnnualFigures, Enterprise, Jurisdiction, Recognition, Region, TargetPlan, Tier, TierTarget
from zjtx.plugins import PluginFacade, facade
from zjtx.rules import Clause, Options, Provenance, RuleSet, RuleVersion, TierRules

__version__ = "0.1.0"

__all__ = [
    "OUTCOMES", "AnnualFigures", "Assessment", "CellProblem", "Clause", "Enterprise", "JurisdictionConflict",
    "Jurisdiction", "Options", "Outcome", "PluginError", "PluginFacade", "Provenance", "Recognition", "Region",
    "RosterError", "RuleError", "RuleSet", "RuleVersion", "TargetPlan", "Tier", "TierRules", "TierTarget",
    "UnknownJurisdiction", "UnknownRuleVersion", "ZjtxError", "__version__", "assess", "evaluate", "facade",
    "hookimpl", "read_roster", "rules_for",
]  # fmt: skip


def read_roster(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Read a roster file or frame into a :class:`~zjtx.roster.io.Roster` (see :func:`zjtx.roster.io.read_roster`)."""
    from zjtx.roster.io import read_roster as _read

    return _read(*args, **kwargs)


def rules_for(as_of=None, jurisdiction=None, *, version=None, options=None):  # type: ignore[no-untyped-def]
    """The :class:`RuleSet` in force for ``jurisdiction`` on ``as_of`` (see :meth:`PluginFacade.rules`)."""
    from zjtx.assess import _as_date

    return facade().rules(_as_date(as_of), jurisdiction, version=version, options=options)
