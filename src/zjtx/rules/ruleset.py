"""Rule sets: the criteria of each tier, for one dated rule version and one jurisdiction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
from attrs import field, frozen

from zjtx.errors import RuleError
from zjtx.model.tier import Tier
from zjtx.rules.clause import Provenance
from zjtx.rules.metrics import Field, Metric, inputs_of
from zjtx.rules.nodes import Indicator, Node, Score, ScoreAtLeast, Test
from zjtx.rules.options import Options

__all__ = ["RuleVersion", "TierRules", "RuleSet"]


@frozen
class RuleVersion:
    """A dated version of the rules (``national-2022``, ``national-2026``).

    It applies to assessment dates ``valid_from ≤ d ≤ valid_until`` (``None``: open-ended).
    ``provisional`` versions rest on third-party figures; their verdicts carry the flag.
    """

    id: str
    title: str
    document: str
    valid_from: dt.date
    valid_until: dt.date | None = None
    provisional: bool = False
    #: The plug-in that supplies this version.
    source: str = "national"

    def covers(self, day: dt.date) -> bool:
        """Whether this version is in force on ``day``."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


def _check_unique_ids(eligibility: Node, scores: tuple[Score, ...], reported: tuple[Node, ...]) -> None:
    seen: dict[str, Node] = {}
    nodes = list(eligibility.walk())
    for s in scores:
        for ind in s.indicators:
            nodes.extend(ind.walk())
    for r in reported:
        nodes.extend(r.walk())
    for node in nodes:
        prev = seen.get(node.id)
        if prev is not None and prev != node:
            raise RuleError("two different rule nodes share this id", rule_id=node.id)
        seen[node.id] = node


@frozen(kw_only=True)
class TierRules:
    """The standard of one tier: the eligibility tree, its score tables and reported-only items.

    ``headline_score`` names the score reported as the tier's score (``innovative_score``…);
    ``precondition`` names the node of the general preconditions (G1–G8): where it fails, scores
    are not reported, as they are part of no verdict.
    """

    tier: Tier = field(converter=Tier.parse)
    eligibility: Node
    scores: tuple[Score, ...] = field(default=(), converter=tuple)
    reported: tuple[Node, ...] = field(default=(), converter=tuple)
    headline_score: str | None = None
    precondition: str | None = "general"

    def __attrs_post_init__(self) -> None:
        _check_unique_ids(self.eligibility, self.scores, self.reported)
        ids = {s.id for s in self.scores}
        for node in self.nodes():
            if isinstance(node, ScoreAtLeast) and node.score not in ids:
                raise RuleError(f"refers to unknown score {node.score!r}", rule_id=node.id)
        if self.headline_score is not None and self.headline_score not in ids:
            raise RuleError(f"unknown headline score {self.headline_score!r}", rule_id=self.tier.value)

    # -- reading ---------------------------------------------------------------------------
    def nodes(self) -> Iterator[Node]:
        """Every node: the eligibility tree, then score indicators, then reported items."""
        yield from self.eligibility.walk()
        for s in self.scores:
            for ind in s.indicators:
                yield from ind.walk()
        for r in self.reported:
            yield from r.walk()

    def find(self, node_id: str) -> Node:
        """The node with this id (:class:`RuleError` if there is none)."""
        for node in self.nodes():
            if node.id == node_id:
                return node
        raise RuleError(f"no such rule node in tier {self.tier.value}", rule_id=node_id)

    def score(self, score_id: str) -> Score:
        """The score table with this id."""
        for s in self.scores:
            if s.id == score_id:
                return s
        raise RuleError(f"no such score in tier {self.tier.value}", rule_id=score_id)

    def tests(self) -> Iterator[Test]:
        """Every leaf test, once each."""
        seen: set[str] = set()
        for node in self.nodes():
            if isinstance(node, Test) and node.id not in seen:
                seen.add(node.id)
                yield node

    def metrics(self) -> tuple[Metric, ...]:
        """Every metric the tier reads, once each."""
        seen: dict[str, Metric] = {}
        for t in self.tests():
            seen.setdefault(t.metric.id, t.metric)
        return tuple(seen.values())

    def fields(self) -> tuple[Field, ...]:
        """Every roster field the tier reads."""
        return inputs_of(self.metrics())

    # -- changing (plug-ins use these; each returns a new TierRules) -----------------------
    def transform(self, fn: Callable[[Node], Node | None]) -> TierRules:
        """Rebuild every node bottom-up through ``fn`` (return ``None`` to keep a node)."""

        def rebuild(node: Node) -> Node:
            changes: dict[str, Any] = {}
            if hasattr(node, "parts"):
                parts = tuple(rebuild(p) for p in node.parts)  # type: ignore[attr-defined]
                if parts != node.parts:  # type: ignore[attr-defined]
                    changes["parts"] = parts
            if isinstance(node, Indicator):
                bands = tuple(
                    b if b.test is None else attrs.evolve(b, test=rebuild(b.test)) for b in node.bands
                )
                if bands != node.bands:
                    changes["bands"] = bands
            if changes:
                node = attrs.evolve(node, **changes)
            out = fn(node)
            return node if out is None else out

        scores = tuple(
            attrs.evolve(s, indicators=tuple(rebuild(i) for i in s.indicators)) for s in self.scores
        )
        return attrs.evolve(
            self,
            eligibility=rebuild(self.eligibility),
            scores=scores,
            reported=tuple(rebuild(r) for r in self.reported),
        )

    def with_inherited_clauses(self) -> TierRules:
        """A copy where every node without a clause cites its parent's (bands cite their indicator)."""

        def cite(node: Node, clause: Any) -> Node:
            own = node.clause or clause
            changes: dict[str, Any] = {}
            if hasattr(node, "parts"):
                changes["parts"] = tuple(cite(p, own) for p in node.parts)  # type: ignore[attr-defined]
            if isinstance(node, Indicator):
                changes["bands"] = tuple(b if b.test is None else attrs.evolve(b, test=cite(b.test, own)) for b in node.bands)
            if node.clause is None and clause is not None:
                changes["clause"] = clause
            return attrs.evolve(node, **changes) if changes else node

        scores = tuple(attrs.evolve(s, indicators=tuple(cite(i, s.clause) for i in s.indicators)) for s in self.scores)
        return attrs.evolve(
            self,
            eligibility=cite(self.eligibility, None),
            scores=scores,
            reported=tuple(cite(r, None) for r in self.reported),
        )

    def replace(self, node_id: str, new: Node) -> TierRules:
        """Swap the node ``node_id`` (wherever it occurs) for ``new``."""
        self.find(node_id)
        return self.transform(lambda n: new if n.id == node_id else None)

    def with_threshold(self, node_id: str, threshold: object, *, source: str | None = None) -> TierRules:
        """Change the threshold of a test or the pass mark of a :class:`ScoreAtLeast`."""
        node = self.find(node_id)
        if not isinstance(node, (Test, ScoreAtLeast)):
            raise RuleError("only tests and score pass marks have a threshold", rule_id=node_id)
        changes: dict[str, Any] = {"threshold": threshold}
        if source is not None:
            changes["source"] = source
        return self.replace(node_id, attrs.evolve(node, **changes))

    def replace_indicator(self, indicator_id: str, *indicators: Indicator) -> TierRules:
        """Replace one indicator of a score by zero or more (a province's 特色化 indicators)."""
        found = False
        scores = []
        for s in self.scores:
            new: list[Indicator] = []
            for ind in s.indicators:
                if ind.id == indicator_id:
                    found = True
                    new.extend(indicators)
                else:
                    new.append(ind)
            scores.append(attrs.evolve(s, indicators=tuple(new)))
        if not found:
            raise RuleError(f"no such indicator in tier {self.tier.value}", rule_id=indicator_id)
        return attrs.evolve(self, scores=tuple(scores))

    def add_criterion(self, node: Node, *, under: str | None = None) -> TierRules:
        """Add a criterion that must also hold (to the root all-of, or to the all-of ``under``)."""
        from zjtx.rules.nodes import AllOf

        target = under or self.eligibility.id
        parent = self.find(target)
        if not isinstance(parent, AllOf):
            raise RuleError("criteria can only be added to an all-of node", rule_id=target)
        return self.replace(target, attrs.evolve(parent, parts=(*parent.parts, node)))

    @property
    def provisional(self) -> bool:
        """Whether any node rests on third-party or unverified wording."""
        return any(n.clause is not None and n.clause.provenance.provisional for n in self.nodes())


@frozen(kw_only=True)
class RuleSet:
    """The rules in force: one version, one jurisdiction, the options, and each tier's rules."""

    version: RuleVersion
    options: Options = Options()
    tiers: Mapping[Tier, TierRules] = field(converter=lambda m: dict(m))
    jurisdiction: str | None = None
    #: The plug-ins that contributed, in the order they were applied.
    sources: tuple[str, ...] = field(default=("national",), converter=tuple)
    #: Extra roster columns the contributing plug-ins declared (canonical names).
    extra_columns: tuple[str, ...] = field(default=(), converter=tuple)

    def __getitem__(self, tier: Tier | str) -> TierRules:
        return self.tiers[Tier.parse(tier)]

    def fields(self) -> tuple[Field, ...]:
        """Every roster field any tier reads."""
        seen: dict[Field, None] = {}
        for rules in self.tiers.values():
            for f in rules.fields():
                seen.setdefault(f, None)
        return tuple(seen)

    @property
    def provisional(self) -> bool:
        """Whether the verdicts of this rule set are provisional (its version is).

        Individual criteria resting on third-party wording are flagged through their clause's
        provenance in the findings; see :meth:`TierRules.provisional`.
        """
        return self.version.provisional

    def evolve_tier(self, tier: Tier | str, fn: Callable[[TierRules], TierRules]) -> RuleSet:
        """A copy with one tier's rules passed through ``fn``."""
        tier = Tier.parse(tier)
        tiers = dict(self.tiers)
        tiers[tier] = fn(tiers[tier])
        return attrs.evolve(self, tiers=tiers)


#: Re-exported for convenience of plug-ins.
PROVISIONAL = (Provenance.THIRD_PARTY, Provenance.UNVERIFIED)
