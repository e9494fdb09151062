"""Rules as data: metrics, criteria, composition, scores, rule sets and the interpreter."""

from zjtx.rules.clause import Clause, Provenance
from zjtx.rules.context import Context
from zjtx.rules.interpreter import TOLERANCE, Evaluation, Tri, compare
from zjtx.rules.metrics import (
    Amount, Code, CompoundGrowth, Derived, Field, Flag, Growth, Mean, MeanGrowth, Metric, Ratio,
    RecognitionValid, RevocationBar, SetSize, Total, Unit, YearsBefore, annual, static,
)
from zjtx.rules.nodes import (
    AllOf, AnyOf, AtLeast, Band, Category, Indicator, Node, NotAssessed, Op, Score, ScoreAtLeast, Test,
)
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleSet, RuleVersion, TierRules

__all__ = [
    "AllOf", "Amount", "AnyOf", "AtLeast", "Band", "Category", "Clause", "Code", "CompoundGrowth", "Context",
    "Derived", "Evaluation", "Field", "Flag", "Growth", "Indicator", "Mean", "MeanGrowth", "Metric", "Node",
    "NotAssessed", "Op", "Options", "Provenance", "Ratio", "RecognitionValid", "RevocationBar", "RuleSet",
    "RuleVersion", "Score", "ScoreAtLeast", "SetSize", "TOLERANCE", "Test", "TierRules", "Total", "Tri", "Unit",
    "YearsBefore", "annual", "compare", "static",
]  # fmt: skip
