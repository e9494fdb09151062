"""Criteria as data: tests, their composition, and scored indicators.

A rule is a tree of small frozen objects. Leaves are :class:`Test` (metric, comparison,
threshold); :class:`AllOf`, :class:`AnyOf` and :class:`AtLeast` compose them; an
:class:`Indicator` awards the points of the first :class:`Band` whose test holds; a
:class:`Score` adds indicators up by :class:`Category`; :class:`ScoreAtLeast` is the test on a
total or a sub-score (pass marks, sub-score minimums). Every node has an ``id`` unique in its
tier, a Chinese ``label`` and the :class:`~zjtx.rules.clause.Clause` it implements.

The same declaration drives evaluation over a roster, explanations, the documentation's rule
tables and the property tests' boundary values: no threshold is written twice.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from attrs import field, frozen, validators

from zjtx.rules.clause import Clause
from zjtx.rules.metrics import Metric, Unit

__all__ = [
    "Op",
    "Node",
    "Test",
    "AllOf",
    "AnyOf",
    "AtLeast",
    "Band",
    "Indicator",
    "Category",
    "Score",
    "ScoreAtLeast",
    "NotAssessed",
]


class Op(enum.StrEnum):
    """Comparisons, with the Chinese threshold words they implement (national-2022.md §8)."""

    GE = ">="  #: 不低于, 达到…以上, …以上 (民法典 1259: 以上 includes the number)
    GT = ">"  #: 超过, 高于
    LE = "<="  #: 不高于, 以内, …以下 under 民法典
    LT = "<"  #: 不满, …以下 under 300号 (size classes)
    EQ = "=="
    IN = "in"  #: the code is one of a set
    NOT_IN = "not in"

    @property
    def symbol(self) -> str:
        """The mathematical symbol shown in tables (≥, >, ≤, <, =, ∈, ∉)."""
        return {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "in": "∈", "not in": "∉"}[self.value]

    @property
    def increasing(self) -> bool | None:
        """True if larger values pass more easily (≥, >), False if smaller ones do, else None."""
        if self in (Op.GE, Op.GT):
            return True
        if self in (Op.LE, Op.LT):
            return False
        return None

    def exclusive(self) -> Op:
        """The strict form of an inclusive comparison (≥ → >, ≤ → <), for unfavourable endpoints."""
        return {Op.GE: Op.GT, Op.LE: Op.LT}.get(self, self)


def _is_code_op(op: Op) -> bool:
    return op in (Op.IN, Op.NOT_IN)


def _threshold_converter(value: object) -> object:
    if isinstance(value, (set, frozenset, list, tuple)):
        return frozenset(value)
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int):
        return float(value)
    return value


@frozen(kw_only=True)
class Node:
    """What every rule node has: an id, labels, the clause it implements and who supplied it."""

    id: str = field(validator=validators.matches_re(r"^[A-Za-z0-9_.\-]+$"))
    label: str
    label_en: str = ""
    clause: Clause | None = None
    #: The plug-in that supplied this node (``national`` for the built-in rules).
    source: str = "national"

    def children(self) -> tuple[Node, ...]:
        """The nodes this node is built from (empty for leaves)."""
        return ()

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first, parents before children."""
        yield self
        for child in self.children():
            yield from child.walk()


@frozen(kw_only=True)
class Test(Node):
    """A leaf criterion: ``metric op threshold``.

    ``banded`` marks the bound of a scoring band that shares its endpoint with the next band:
    only such bounds follow option ``band_endpoint`` (hard thresholds never do).

    >>> from zjtx.rules.metrics import Amount, annual
    >>> rd = Amount(id="rd_last_year", label="上年度研发费用总额", field=annual("rd_expense", 1))
    >>> t = Test(id="C2.amount", label="研发费用不低于100万元", metric=rd, op=Op.GE, threshold=100)
    >>> t.threshold
    100.0
    """

    #: Not a pytest test class, although plug-in test modules import it.
    __test__ = False

    metric: Metric
    op: Op = field(converter=Op)
    threshold: object = field(converter=_threshold_converter)
    banded: bool = False

    def __attrs_post_init__(self) -> None:
        if _is_code_op(self.op) != isinstance(self.threshold, frozenset):
            raise ValueError(
                f"{self.id}: comparison {self.op.value!r} needs "
                + ("a set of codes" if _is_code_op(self.op) else "a number")
            )

    @property
    def unit(self) -> Unit:
        """The unit of the value and threshold."""
        return self.metric.unit

    def describe_threshold(self) -> str:
        """The threshold as shown to users (``≥ 3%``, ``∈ {national, provincial}``)."""
        if isinstance(self.threshold, frozenset):
            return f"{self.op.symbol} {{{', '.join(sorted(self.threshold))}}}"
        return f"{self.op.symbol} {self.unit.format(self.threshold)}"


@frozen(kw_only=True)
class AllOf(Node):
    """Passes if every part passes (同时满足); fails if any part fails; else insufficient data."""

    parts: tuple[Node, ...] = field(converter=tuple)

    def children(self) -> tuple[Node, ...]:
        return self.parts


@frozen(kw_only=True)
class AnyOf(Node):
    """Passes if any part passes (满足下列条件之一); fails if all fail; else insufficient data."""

    parts: tuple[Node, ...] = field(converter=tuple)

    def children(self) -> tuple[Node, ...]:
        return self.parts


@frozen(kw_only=True)
class AtLeast(Node):
    """Passes if at least ``n`` parts pass (每满足一项…)."""

    n: int
    parts: tuple[Node, ...] = field(converter=tuple)

    def children(self) -> tuple[Node, ...]:
        return self.parts


@frozen
class Band:
    """One scoring band: ``points`` if ``test`` holds (``None``: otherwise, the last band)."""

    points: float = field(converter=float)
    test: Node | None = None
    label: str = ""


@frozen(kw_only=True)
class Indicator(Node):
    """A scored indicator: the points of the first band whose test holds (bands high to low).

    With a missing input the indicator is a range: the points of the first band known to hold
    (lowest reachable) to the points of the first band not known to fail (highest reachable).
    """

    category: str
    max_points: float = field(converter=float)
    bands: tuple[Band, ...] = field(converter=tuple)

    def __attrs_post_init__(self) -> None:
        if not self.bands or self.bands[-1].test is not None:
            raise ValueError(f"{self.id}: the last band must be unconditional (test=None)")
        points = [b.points for b in self.bands]
        if points != sorted(points, reverse=True):
            raise ValueError(f"{self.id}: bands must be ordered from most to fewest points")
        if points[0] > self.max_points:
            raise ValueError(f"{self.id}: a band gives more than max_points")

    def children(self) -> tuple[Node, ...]:
        return tuple(b.test for b in self.bands if b.test is not None)


@frozen
class Category:
    """A group of indicators whose points are also totalled (创新能力, 成长性…)."""

    id: str
    label: str
    label_en: str = ""
    max_points: float = field(default=0.0, converter=float)


@frozen(kw_only=True)
class Score:
    """A points table: indicators grouped by category, totalled (评价得分)."""

    id: str
    label: str
    label_en: str = ""
    categories: tuple[Category, ...] = field(converter=tuple)
    indicators: tuple[Indicator, ...] = field(converter=tuple)
    clause: Clause | None = None

    def __attrs_post_init__(self) -> None:
        known = {c.id for c in self.categories}
        for ind in self.indicators:
            if ind.category not in known:
                raise ValueError(f"{self.id}: indicator {ind.id} has unknown category {ind.category!r}")

    @property
    def max_points(self) -> float:
        """The highest total the table allows."""
        return sum(i.max_points for i in self.indicators)

    def in_category(self, category: str | None) -> tuple[Indicator, ...]:
        """The indicators of one category (all of them for ``None``)."""
        return tuple(i for i in self.indicators if category is None or i.category == category)


@frozen(kw_only=True)
class ScoreAtLeast(Node):
    """A pass mark on a score's total, or a minimum on one category's sub-score."""

    score: str
    threshold: float = field(converter=float)
    category: str | None = None


@frozen(kw_only=True)
class NotAssessed(Node):
    """A qualitative requirement no roster column can decide (国内领先, 战略清晰…).

    Listed in explanations as not assessed, never part of a verdict.
    """
