"""The plug-in conformance kit: prove a province plug-in sound in one line.

>>> from zjtx.testing.conformance import conformance_tests
>>> test_conformance = conformance_tests("yunnan")  # doctest: +SKIP

That line, in a plug-in's test module, gives one pytest test per check (``test_conformance[
monotonicity]``…), run against the plug-in's entry point with only the national plug-in beside
it. The checks (:data:`CHECKS`):

``hook-types``
    every hook the plug-in implements returns the documented type, for its jurisdictions, every
    tier and rule version (regions lie in its province, seed-bank rules are for the tier asked).
``isolation``
    the plug-in leaves other jurisdictions alone: the national rules are unchanged by it.
``monotonicity``
    every numeric criterion passes more easily as its metric improves: ``≥``/``>`` on a metric
    that is better higher (``Metric.better``, or :data:`zjtx.national.metrics.BETTER`), ``≤``/``<``
    on one better lower. Tests that pick between alternative paths (以上…以下 bands) are exempt.
``boundaries``
    a value exactly at each threshold passes for ``≥``/``≤`` and fails for ``>``/``<``, and the
    comparison agrees with the words of its label (不低于/以上/达到 include the bound, 超过/高于
    exclude it; 以下 may do either).
``boundary-amounts``
    the same, with *input amounts* that land exactly on the bound (R&D 150万 on revenue 5000万 is
    3%), through the whole roster → frame → evaluation path.
``scalar-frame``
    an enterprise assessed alone gets exactly its row of a roster assessment.
``seed-banks``
    banks honour their sizing (``min(required, pool)``, shortfall reported, never padded) and
    admit no ineligible enterprise (preconditions, entry rule, not already holding the tier, and
    holding the tier below).
``determinism``
    the same roster gives the same rules, verdicts and banks, whatever its row order.
``rule-versions``
    a plug-in's rule versions neither overlap nor leave gaps, and every date they claim resolves
    to a version and builds the plug-in's rules.

A failure names the check and gives a minimal counter-example (found and shrunk by hypothesis
where values are generated). Declare an expected deviation with a reason:
``conformance_tests("guangdong", deviations={"boundaries": "…"})``; the check then runs as a
strict ``xfail``.

Outside pytest, :func:`run_checks` returns a :class:`CheckResult` per check.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd
from attrs import field, frozen
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from zjtx.errors import PluginError, ZjtxError
from zjtx.model.enterprise import Enterprise
from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan
from zjtx.model.tier import Tier
from zjtx.plugins import ENTRY_POINT_GROUP, NATIONAL_PLUGIN, PluginFacade
from zjtx.roster.frame import build_context
from zjtx.roster.schema import Column
from zjtx.rules.context import Context
from zjtx.rules.interpreter import Evaluation, Tri
from zjtx.rules.metrics import Amount, Field, Metric, RecognitionValid, static
from zjtx.rules.nodes import AllOf, AnyOf, Node, Op, Test
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleSet, RuleVersion, TierRules
from zjtx.testing import strategies as zst

__all__ = [
    "CHECKS",
    "ConformanceFailure",
    "ConformanceSkip",
    "CheckResult",
    "Suite",
    "suite",
    "run_checks",
    "conformance_tests",
    "better_direction",
    "worded_ops",
    "path_selectors",
]

#: Every check, in the order they run. Each is one pytest id.
CHECKS: tuple[str, ...] = (
    "hook-types",
    "isolation",
    "monotonicity",
    "boundaries",
    "boundary-amounts",
    "scalar-frame",
    "seed-banks",
    "determinism",
    "rule-versions",
)


class ConformanceFailure(AssertionError):
    """A check failed: ``check`` names it; the message carries the (minimal) counter-example."""

    def __init__(self, check: str, plugin: str, message: str) -> None:
        self.check = check
        self.plugin = plugin
        self.detail = message
        super().__init__(f"zjtx conformance check {check!r} failed for plug-in {plugin!r}:\n{message}")


class ConformanceSkip(Exception):
    """A check cannot run here (the reason says why); pytest reports it as skipped."""


@frozen
class CheckResult:
    """The outcome of one check outside pytest: ``passed``, ``failed``, ``skipped`` or ``deviation``."""

    check: str
    status: str
    message: str = ""


# ---------------------------------------------------------------------------------------------
# reading the declarations
# ---------------------------------------------------------------------------------------------
def better_direction(metric: Metric) -> str | None:
    """``higher``/``lower``: the way a metric is better (its own declaration, else the national table)."""
    if metric.better is not None:
        return metric.better
    from zjtx.national.metrics import BETTER

    return BETTER.get(metric.id)


_ANY_BELOW = frozenset({Op.LE, Op.LT})
#: Threshold words and symbols → the comparisons they allow, longest first so 不低于 is not 低于.
_WORDS: tuple[tuple[str, frozenset[Op]], ...] = tuple(
    sorted(
        (
            ("不低于", frozenset({Op.GE})), ("不少于", frozenset({Op.GE})), ("不小于", frozenset({Op.GE})),
            ("以上", frozenset({Op.GE})), ("达到", frozenset({Op.GE})), ("至少", frozenset({Op.GE})),
            ("超过", frozenset({Op.GT})), ("高于", frozenset({Op.GT})), ("大于", frozenset({Op.GT})),
            ("多于", frozenset({Op.GT})),
            ("不高于", frozenset({Op.LE})), ("不超过", frozenset({Op.LE})), ("不大于", frozenset({Op.LE})),
            ("不多于", frozenset({Op.LE})), ("以内", frozenset({Op.LE})),
            ("低于", frozenset({Op.LT})), ("少于", frozenset({Op.LT})), ("小于", frozenset({Op.LT})),
            ("不满", frozenset({Op.LT})), ("不足", frozenset({Op.LT})),
            # 以下 includes the bound under 民法典 (63号) and excludes it under 300号: either is fine
            ("以下", _ANY_BELOW),
            ("≥", frozenset({Op.GE})), (">=", frozenset({Op.GE})), ("≤", frozenset({Op.LE})),
            ("<=", frozenset({Op.LE})), (">", frozenset({Op.GT})), ("<", frozenset({Op.LT})),
        ),
        key=lambda w: -len(w[0]),
    )
)  # fmt: skip


def worded_ops(label: str) -> frozenset[Op] | None:
    """The comparisons a label's threshold words allow (``None``: the label says nothing usable).

    >>> sorted(worded_ops("上年度研发费用总额不低于100万元"))
    [<Op.GE: '>='>]
    >>> sorted(worded_ops("主导产品全国细分市场占有率超过10%"))
    [<Op.GT: '>'>]
    >>> worded_ops("获奖单位中排名前三") is None
    True
    """
    text = label
    allowed: frozenset[Op] | None = None
    for word, ops in _WORDS:
        if word in text:
            text = text.replace(word, "\0")
            allowed = ops if allowed is None else allowed & ops
    if allowed is not None and not allowed:
        return None  # conflicting words (a range such as 5000万元—1亿元): no reading
    return allowed


def path_selectors(rules: TierRules) -> set[str]:
    """Ids of tests that choose between alternative paths rather than reward a better value.

    A metric compared in both directions under one any-of (以上 on one branch, 以下 on another:
    营业收入1000万元以上, 或1000万元以下但…) or within one all-of (a range) is a path selector there;
    the monotonicity check exempts its tests.
    """
    out: set[str] = set()

    def tests_under(node: Node) -> list[Test]:
        return [n for n in node.walk() if isinstance(n, Test) and n.op.increasing is not None]

    for node in rules.nodes():
        if isinstance(node, AnyOf):
            scope = tests_under(node)
        elif isinstance(node, AllOf):
            scope = [p for p in node.parts if isinstance(p, Test) and p.op.increasing is not None]
        else:
            continue
        directions: dict[str, set[bool]] = {}
        for t in scope:
            directions.setdefault(t.metric.id, set()).add(bool(t.op.increasing))
        for t in scope:
            if len(directions[t.metric.id]) == 2:
                out.add(t.id)
    return out


# ---------------------------------------------------------------------------------------------
# the suite
# ---------------------------------------------------------------------------------------------
def _load_entry_point(name: str) -> object:
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return ep.load()
    known = sorted(ep.name for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
    raise LookupError(f"no zjtx plug-in named {name!r} is installed (entry points in group 'zjtx': {known})")


def _settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        report_multiple_bugs=False,
    )


@frozen
class _Scope:
    """One rule set under test: the date and jurisdiction it was resolved for."""

    jurisdiction: str
    as_of: dt.date
    rules: RuleSet


@frozen(kw_only=True)
class Suite:
    """The conformance checks of one plug-in.

    Build it with :func:`suite` (or :func:`conformance_tests` for pytest). ``plugin`` is an
    installed entry-point name or a plug-in object; the checks run on a fresh
    :class:`~zjtx.plugins.PluginFacade` holding the national plug-in and this one only.
    """

    plugin: object
    name: str
    jurisdictions: tuple[str, ...] | None = None
    deviations: Mapping[str, str] = field(factory=dict)
    as_of: dt.date = zst.DEFAULT_AS_OF
    max_examples: int = 12
    _cache: dict[str, Any] = field(factory=dict, eq=False, repr=False, alias="_cache")

    def __attrs_post_init__(self) -> None:
        unknown = sorted(set(self.deviations) - set(CHECKS))
        if unknown:
            raise ValueError(f"unknown check id(s) in deviations: {unknown}; checks are {list(CHECKS)}")
        for check, reason in self.deviations.items():
            if not str(reason).strip():
                raise ValueError(f"the deviation of {check!r} needs a reason")

    # -- plumbing ------------------------------------------------------------------------------
    @property
    def facade(self) -> PluginFacade:
        """National + this plug-in (built once)."""
        if "facade" not in self._cache:
            if self.name == NATIONAL_PLUGIN:
                self._cache["facade"] = PluginFacade.create(entry_points=False)
            else:
                self._cache["facade"] = PluginFacade.create([(self.name, self.plugin)], entry_points=False)
        return self._cache["facade"]

    @property
    def national(self) -> PluginFacade:
        """The national plug-in alone (the reference for ``isolation``)."""
        if "national" not in self._cache:
            self._cache["national"] = PluginFacade.create(entry_points=False)
        return self._cache["national"]

    def served(self) -> tuple[str, ...]:
        """The jurisdictions under test: those given, else every one the plug-in declares."""
        if self.jurisdictions is not None:
            return self.jurisdictions
        mine = [jid for jid, j in self.facade.jurisdictions().items() if j.source == self.name]
        return tuple(sorted(mine)) or ("national",)

    def versions(self) -> list[RuleVersion]:
        return self.facade.rule_versions()

    def dates(self) -> list[dt.date]:
        """One assessment date per rule version: ``as_of`` where it is in force, else inside it."""
        out = []
        for v in self.versions():
            if v.covers(self.as_of):
                day = self.as_of
            else:
                end = v.valid_until or v.valid_from + dt.timedelta(days=730)
                day = v.valid_from + (end - v.valid_from) // 2
            out.append(day)
        return sorted(set(out))

    def scopes(self) -> list[_Scope]:
        """Every (jurisdiction, date) rule set under test."""
        if "scopes" not in self._cache:
            self._cache["scopes"] = [
                _Scope(j, d, self.facade.rules(d, j)) for j in self.served() for d in self.dates()
            ]
        return self._cache["scopes"]

    def jurisdiction(self, jid: str) -> Jurisdiction:
        return self.facade.jurisdiction(jid)

    def province(self, jid: str) -> str:
        code = self.jurisdiction(jid).province_code
        return code or "53"

    def prefectures(self, jid: str) -> tuple[str, ...] | None:
        province = self.province(jid)
        regions = [r.code for r in self.facade.regions(jid) if r.code.startswith(province)]
        return tuple(sorted(regions)) or None

    def extra_columns(self) -> tuple[Column, ...]:
        return tuple(self.facade.roster_columns())

    def rosters(self, jid: str, *, as_of: dt.date | None = None, min_size: int = 1, max_size: int = 5) -> st.SearchStrategy[pd.DataFrame]:
        """Rosters for a jurisdiction: complete or with gaps, every tier's profile mixed in."""
        kw = dict(as_of=as_of or self.as_of, min_size=min_size, max_size=max_size, province=self.province(jid),
                  prefectures=self.prefectures(jid), extra_columns=self.extra_columns())
        return st.one_of(zst.rosters(complete=True, **kw), zst.rosters(complete=False, **kw))  # type: ignore[arg-type]

    def tests(self) -> Iterator[tuple[_Scope, TierRules, Test]]:
        """Every numeric threshold test (≥ > ≤ <) of every scope, once per (version, id)."""
        seen: set[tuple[str, str, str]] = set()
        for scope in self.scopes():
            for tier_rules in self._all_rules(scope):
                for t in zst.threshold_tests(tier_rules):
                    key = (scope.rules.version.id, scope.jurisdiction, t.id)
                    if key not in seen:
                        seen.add(key)
                        yield scope, tier_rules, t

    def _all_rules(self, scope: _Scope) -> list[TierRules]:
        """The tiers' rules and the plug-in's coaching goal lines (their words count too)."""
        out = list(scope.rules.tiers.values())
        coaching = getattr(self.facade, "coaching_rules", None)
        if coaching is not None:
            for tier in Tier.ladder():
                out.extend(coaching(tier, scope.jurisdiction, scope.as_of))
        return out

    def fail(self, check: str, message: str) -> ConformanceFailure:
        return ConformanceFailure(check, self.name, message)

    # -- running -------------------------------------------------------------------------------
    def run(self, check: str) -> None:
        """Run one check; raise :class:`ConformanceFailure` or :class:`ConformanceSkip`."""
        if check not in CHECKS:
            raise ValueError(f"unknown check {check!r}; checks are {list(CHECKS)}")
        fn: Callable[[Suite], None] = _CHECK_FUNCTIONS[check]
        try:
            fn(self)
        except (ConformanceFailure, ConformanceSkip):
            raise
        except PluginError as exc:
            raise self.fail(check, f"the plug-in failed loudly: {exc}") from exc

    def results(self) -> list[CheckResult]:
        """Every check's result (deviations reported as ``deviation`` when they do fail)."""
        out = []
        for check in CHECKS:
            try:
                self.run(check)
            except ConformanceFailure as exc:
                status = "deviation" if check in self.deviations else "failed"
                out.append(CheckResult(check, status, exc.detail))
            except ConformanceSkip as exc:
                out.append(CheckResult(check, "skipped", str(exc)))
            else:
                if check in self.deviations:
                    out.append(CheckResult(check, "failed", f"declared deviation did not occur: {self.deviations[check]}"))
                else:
                    out.append(CheckResult(check, "passed"))
        return out


def suite(
    plugin: str | object,
    *,
    name: str | None = None,
    jurisdictions: Iterable[str] | str | None = None,
    deviations: Mapping[str, str] | None = None,
    as_of: dt.date = zst.DEFAULT_AS_OF,
    max_examples: int = 12,
) -> Suite:
    """The conformance :class:`Suite` of a plug-in.

    Parameters
    ----------
    plugin
        An installed plug-in's entry-point name (``"yunnan"``), ``"national"``, or a plug-in
        object (a module or instance with ``@hookimpl`` functions), e.g. in the plug-in's tests.
    name
        The name to register an object under (default: its ``__name__``).
    jurisdictions
        The jurisdictions to check (default: every jurisdiction the plug-in declares).
    deviations
        Expected failures: check id → reason. Such a check must fail (strict ``xfail``).
    as_of
        The main assessment date (rule-based checks also use one date per other rule version).
    max_examples
        Hypothesis examples per generated property (the kit's runtime grows with it).
    """
    if isinstance(plugin, str):
        label = plugin
        obj: object = None if plugin == NATIONAL_PLUGIN else _load_entry_point(plugin)
    else:
        obj = plugin
        label = name or getattr(plugin, "__name__", None) or type(plugin).__name__
    if isinstance(jurisdictions, str):
        jurisdictions = (jurisdictions,)
    return Suite(plugin=obj, name=name or label, jurisdictions=None if jurisdictions is None else tuple(jurisdictions),
                 deviations=dict(deviations or {}), as_of=as_of, max_examples=max_examples)


def run_checks(plugin: str | object, **kwargs: Any) -> list[CheckResult]:
    """Run every check of a plug-in outside pytest (see :func:`suite` for the arguments)."""
    return suite(plugin, **kwargs).results()


def conformance_tests(plugin: str | object, **kwargs: Any) -> Callable[..., None]:
    """A pytest test function, parametrised with one id per check, for a plug-in's test module.

    >>> test_conformance = conformance_tests("yunnan", deviations={})  # doctest: +SKIP

    Arguments are those of :func:`suite`. A deviation becomes a strict ``xfail`` with its reason;
    a check that cannot run here (no seed-bank builder) is skipped with the reason.
    """
    import pytest

    the_suite = suite(plugin, **kwargs)
    params = [
        pytest.param(check, id=check, marks=[pytest.mark.xfail(reason=the_suite.deviations[check], strict=True,
                                                               raises=ConformanceFailure)])
        if check in the_suite.deviations else pytest.param(check, id=check)
        for check in CHECKS
    ]

    @pytest.mark.parametrize("zjtx_check", params)
    def test_conformance(zjtx_check: str) -> None:
        try:
            the_suite.run(zjtx_check)
        except ConformanceSkip as exc:
            pytest.skip(str(exc))

    test_conformance.__doc__ = f"zjtx conformance of plug-in {the_suite.name!r} (one test per check)."
    test_conformance.zjtx_suite = the_suite  # type: ignore[attr-defined]
    return test_conformance


# ---------------------------------------------------------------------------------------------
# helpers shared by the checks
# ---------------------------------------------------------------------------------------------
_PROBE = "__zjtx_probe__"


def _probe(rules: RuleSet, test: Test, values: Sequence[float], as_of: dt.date) -> Tri:
    """The test's result for metric values given directly (its comparison, threshold and options)."""
    metric = Amount(id=f"{_PROBE}.{test.metric.id}", label=test.metric.label, field=static(_PROBE), unit=test.unit)
    node = attrs.evolve(test, metric=metric)
    ctx = Context(n=len(values), as_of=as_of, options=rules.options,
                  columns={_PROBE: np.asarray(values, dtype="float64")})
    return Evaluation(rules, ctx).node(node)


def _outcome(tri: Tri, i: int) -> str:
    return "pass" if tri.true[i] else ("fail" if tri.false[i] else "unknown")


def _where(scope: _Scope) -> str:
    return f"[{scope.jurisdiction}, {scope.rules.version.id}, as of {scope.as_of.isoformat()}]"


def _intended(test: Test) -> tuple[Op, bool]:
    """The comparison the declaration means (its words where they decide), and whether the words
    contradict the declared one."""
    allowed = worded_ops(test.label)
    if allowed is None or test.op in allowed:
        return test.op, False
    if len(allowed) == 1:
        return next(iter(allowed)), True
    return test.op, True


def _effective(op: Op, test: Test, options: Options) -> Op:
    if test.banded and options.band_endpoint == "unfavourable":
        return op.exclusive()
    return op


def _should_pass(op: Op, value: float, threshold: float) -> bool:
    if value == threshold:
        return op in (Op.GE, Op.LE)
    return (value > threshold) == (op in (Op.GE, Op.GT))


def _run_property(check: str, suite_: Suite, prop: Callable[[], None]) -> None:
    """Run a hypothesis property; turn its (shrunk) failure into a :class:`ConformanceFailure`."""
    try:
        prop()
    except ConformanceFailure:
        raise
    except AssertionError as exc:
        raise suite_.fail(check, str(exc)) from None


class _Found(Exception):
    """Raised inside a property to stop at the first failing example."""


def _search(
    check: str,
    suite_: Suite,
    strategy: st.SearchStrategy[Any],
    problem: Callable[[Any], str | None],
    max_examples: int,
    shrink: Callable[[Any, Callable[[Any], str | None]], Any] | None = None,
) -> None:
    """Find an example where ``problem`` reports one, then shrink it and fail the check.

    For checks whose every example costs whole assessments, hypothesis only generates (its
    shrinker would run for minutes); ``shrink`` then minimises the example cheaply, e.g. by
    dropping enterprises from a roster while the problem persists.
    """
    found: list[tuple[Any, str]] = []

    @settings(_settings(max_examples), phases=[Phase.explicit, Phase.generate])
    @given(strategy)
    def prop(x: Any) -> None:
        message = problem(x)
        if message is not None:
            found.append((x, message))
            raise _Found

    try:
        prop()
    except _Found:
        pass
    if not found:
        return
    x, message = found[0]
    if shrink is not None:
        x = shrink(x, problem)
        message = problem(x) or message
    raise suite_.fail(check, message)


def _fewer_enterprises(minimum: int) -> Callable[[pd.DataFrame, Callable[[Any], str | None]], pd.DataFrame]:
    """A shrinker of rosters: drop enterprises one at a time while the problem persists."""

    def shrink(roster: pd.DataFrame, problem: Callable[[Any], str | None]) -> pd.DataFrame:
        current = roster
        changed = True
        while changed:
            changed = False
            for uscc in list(pd.unique(current["uscc"])):
                if current["uscc"].nunique() <= minimum:
                    return current
                smaller = current[current["uscc"] != uscc].reset_index(drop=True)
                if problem(smaller) is not None:
                    current, changed = smaller, True
                    break
        return current

    return shrink


def _frame_verdicts(suite_: Suite, roster: Any, jid: str, as_of: dt.date) -> pd.DataFrame:
    import zjtx

    return zjtx.assess(roster, as_of=as_of, jurisdiction=jid, plugins=suite_.facade)


def _equal_frames(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    """``None`` if equal (NaN equal to NaN), else the first differing cell."""
    if list(a.columns) != list(b.columns):
        return f"columns differ: {list(a.columns)} vs {list(b.columns)}"
    if list(a.index) != list(b.index):
        return f"rows differ: {list(a.index)} vs {list(b.index)}"
    for col in a.columns:
        x, y = a[col].astype(object).to_numpy(), b[col].astype(object).to_numpy()
        for i, (u, v) in enumerate(zip(x, y)):
            if pd.isna(u) and pd.isna(v):
                continue
            if isinstance(u, float) and isinstance(v, float) and math.isclose(u, v, rel_tol=0, abs_tol=1e-9):
                continue
            if u != v:
                return f"{a.index[i]}, column {col!r}: {u!r} vs {v!r}"
    return None


def _describe_enterprise(e: Enterprise) -> str:
    rows = e.to_rows()
    keep = {k: v for k, v in rows[-1].items() if v is not None and v == v}
    return f"{e.uscc}: {keep} (+{len(rows) - 1} earlier year(s))"


# ---------------------------------------------------------------------------------------------
# the checks
# ---------------------------------------------------------------------------------------------
def _check_hook_types(s: Suite) -> None:
    fac = s.facade
    if s.plugin is not None:
        hooks = sorted(h.name for h in fac.pm.get_hookcallers(fac.pm.get_plugin(s.name)) or ())
        if not hooks:
            raise s.fail("hook-types", "the plug-in implements no zjtx hook")
    problems: list[str] = []

    def expect(cond: bool, text: str) -> None:
        if not cond:
            problems.append(text)

    juris = fac.jurisdictions()
    for jid in s.served():
        j = juris.get(jid)
        expect(j is not None, f"jurisdiction {jid!r} is not declared by zjtx_jurisdictions")
        if j is None:
            continue
        for scope in [sc for sc in s.scopes() if sc.jurisdiction == jid]:
            rules = scope.rules
            expect(isinstance(rules, RuleSet), f"rules({scope.as_of}, {jid}) is {type(rules).__name__}")
            missing = [t.value for t in Tier.ladder() if t not in rules.tiers]
            expect(not missing, f"{_where(scope)}: no rules for tier(s) {missing}")
            for tier, tr in rules.tiers.items():
                expect(isinstance(tr, TierRules) and tr.tier is tier,
                       f"{_where(scope)}: rules of {tier.value} are for {getattr(tr, 'tier', '?')}")
            if hasattr(fac, "coaching_rules"):
                for tier in Tier.ladder():
                    for cr in fac.coaching_rules(tier, jid, scope.as_of):
                        expect(cr.tier is tier, f"{_where(scope)}: coaching rules for {tier.value} are for {cr.tier.value}")
            opts = fac.options_for(jid, rules.version, scope.as_of, None)
            expect(isinstance(opts, Options), f"options for {jid} are {type(opts).__name__}")
        province = j.province_code
        for r in fac.regions(jid):
            expect(isinstance(r, Region), f"zjtx_regions({jid}) gave {type(r).__name__}")
            expect(province is None or r.code.startswith(province),
                   f"region {r.code} {r.name} of {jid} is not in province {province}")
        for p in fac.target_plans(jid):
            expect(isinstance(p, TargetPlan), f"zjtx_target_plans({jid}) gave {type(p).__name__}")
            expect(p.start_year <= p.end_year, f"plan {p.id}: start year {p.start_year} after end {p.end_year}")
        for tier in Tier.ladder():
            for year in (s.as_of.year, s.as_of.year + 1):
                rule = fac.seed_bank_rule(tier, year, jid)
                expect(rule is None or rule.tier is tier,
                       f"zjtx_seed_bank_rule({tier.value}, {year}, {jid}) returned a rule for {getattr(rule, 'tier', '?')}")
        measures = fac.measures(jid)
        expect(all(isinstance(k, str) and isinstance(v, str) for k, v in measures.items()),
               f"zjtx_measures({jid}) holds non-text keys or values")
        roster = _example(s.rosters(jid, min_size=2, max_size=3))
        frame = _enterprise_frame(roster)
        tags = fac.priority_tags(jid, frame)
        if tags is not None:
            expect(isinstance(tags, pd.Series), f"zjtx_priority_tags({jid}) gave {type(tags).__name__}")
            expect(all(isinstance(v, str) for v in tags), f"zjtx_priority_tags({jid}) holds non-text tags")
        sections = fac.report_sections(jid, _report_context(s, roster, jid))
        expect(isinstance(sections, list), f"zjtx_report_sections({jid}) gave {type(sections).__name__}")
    for c in fac.roster_columns():
        expect(isinstance(c, Column), f"zjtx_roster_columns gave {type(c).__name__}")
    if problems:
        raise s.fail("hook-types", "\n".join(f"- {p}" for p in problems))


def _example(strategy: st.SearchStrategy[Any]) -> Any:
    """One deterministic example of a strategy (outside a property)."""
    found: list[Any] = []

    @_settings(1)
    @given(strategy)
    def grab(x: Any) -> None:
        found.append(x)

    grab()
    return found[0]


def _enterprise_frame(roster: pd.DataFrame) -> pd.DataFrame:
    """The enterprise-level frame ``zjtx_priority_tags`` receives (latest row per enterprise)."""
    latest = roster.sort_values("fiscal_year").groupby("uscc", sort=False).tail(1)
    return latest.set_index("uscc")


def _report_context(s: Suite, roster: pd.DataFrame, jid: str) -> dict[str, Any]:
    """The context a report hands ``zjtx_report_sections`` (the report's own builder where present)."""
    import zjtx

    try:
        from zjtx.report.context import report_context
    except ImportError:
        pass
    else:
        return report_context(roster, jurisdiction=jid, as_of=s.as_of, plugins=s.facade)
    assessment = zjtx.evaluate(roster, as_of=s.as_of, jurisdiction=jid, plugins=s.facade)
    return {"jurisdiction": jid, "as_of": s.as_of, "year": s.as_of.year, "roster": roster,
            "assessment": assessment, "verdicts": assessment.verdicts}


def _check_isolation(s: Suite) -> None:
    if s.plugin is None:
        raise ConformanceSkip("the national plug-in is the reference itself")
    others = [j for j in s.national.jurisdictions() if j not in s.served()]
    problems = []
    for jid in others:
        for day in s.dates():
            mine, ref = s.facade.rules(day, jid), s.national.rules(day, jid)
            for tier in Tier.ladder():
                if mine.tiers.get(tier) != ref.tiers.get(tier):
                    changed = sorted({n.id for n in mine[tier].nodes()} ^ {n.id for n in ref[tier].nodes()})
                    if not changed:
                        changed = [a.id for a, b in zip(mine[tier].nodes(), ref[tier].nodes()) if a != b][:5]
                    problems.append(f"- {jid} {day.isoformat()} {tier.value}: nodes changed {changed[:8]}")
            if mine.options != ref.options:
                problems.append(f"- {jid} {day.isoformat()}: options changed to {mine.options.as_dict()}")
    if problems:
        raise s.fail("isolation", "the plug-in changes rules of jurisdictions it does not serve:\n" + "\n".join(problems))


def _check_monotonicity(s: Suite) -> None:
    selectors_cache: dict[int, set[str]] = {}
    for scope, tier_rules, test in s.tests():
        sel = selectors_cache.setdefault(id(tier_rules), path_selectors(tier_rules))
        better = better_direction(test.metric)
        exempt = test.id in sel
        if better is None or exempt:
            up = bool(test.op.increasing)  # the declared direction itself (a sanity check)
            reason = "its declared comparison" if better is None else "its declared comparison (a path selector)"
        else:
            up = better == "higher"
            reason = f"{test.metric.label} is better {better}"
        _monotone_property(s, scope, test, up, reason)


_GRID_K = np.arange(-60, 61)
_GRID_M = np.array([1, 2, 7, 60])


def _monotone_property(s: Suite, scope: _Scope, test: Test, up: bool, reason: str) -> None:
    t = float(test.threshold)  # type: ignore[arg-type]
    step = zst.step_of(test.unit)
    sign = 1 if up else -1
    # A vectorised scan around the bound finds any violation at once; hypothesis runs only where
    # there is one, to shrink it to the smallest counter-example.
    k, m = np.meshgrid(_GRID_K, _GRID_M)
    x = t + k.ravel() * step
    tri = _probe(scope.rules, test, np.concatenate([x, x + sign * m.ravel() * step]), scope.as_of)
    n = len(x)
    if not (tri.true[:n] & tri.false[n:]).any():
        return

    @_settings(s.max_examples)
    @example(k=0, m=1)
    @example(k=-1, m=1)
    @given(k=st.integers(-60, 60), m=st.integers(1, 60))
    def prop(k: int, m: int) -> None:
        x = t + k * step
        better = x + sign * m * step
        tri = _probe(scope.rules, test, [x, better], scope.as_of)
        if tri.true[0] and tri.false[1]:
            fmt = test.unit.format
            raise AssertionError(
                f"{_where(scope)} {test.id} «{test.label}» is declared {test.describe_threshold()}, but "
                f"{reason}:\n  counter-example: {test.metric.id} = {fmt(x)} passes, yet the better value "
                f"{fmt(better)} fails")

    _run_property("monotonicity", s, prop)


def _check_boundaries(s: Suite) -> None:
    problems = []
    for scope, _, test in s.tests():
        t = float(test.threshold)  # type: ignore[arg-type]
        step = zst.step_of(test.unit)
        intended, contradicts = _intended(test)
        fmt = test.unit.format
        if contradicts:
            words = worded_ops(test.label) or frozenset()
            shown = "/".join(sorted(o.symbol for o in words))
            at = "passes" if test.op in (Op.GE, Op.LE) else "fails"
            problems.append(
                f"{_where(scope)} {test.id} «{test.label}»: the words mean {shown} but the comparison is declared "
                f"{test.op.symbol}\n  counter-example: {test.metric.id} = {fmt(t)} (exactly the threshold) {at}, "
                f"the text says it should {'pass' if _should_pass(intended, t, t) else 'fail'}")
            continue
        op = _effective(intended, test, scope.rules.options)
        values = [t - step, t, t + step]
        tri = _probe(scope.rules, test, values, scope.as_of)
        for i, v in enumerate(values):
            want = "pass" if _should_pass(op, v, t) else "fail"
            got = _outcome(tri, i)
            if got != want:
                problems.append(f"{_where(scope)} {test.id} «{test.label}» ({op.symbol} {fmt(t)}):\n"
                                f"  counter-example: {test.metric.id} = {fmt(v)} gives {got}, expected {want}")
                break
    if problems:
        raise s.fail("boundaries", "\n".join(problems))


def _variant(uscc: str, i: int) -> str:
    """A distinct valid USCC in the same division: organisation code ``i``."""
    from stdnum.cn import uscc as code

    body = f"{uscc[:8]}{i:09d}"
    return body + code.calc_check_digit(body)


def _check_boundary_amounts(s: Suite) -> None:
    extra = s.extra_columns()
    for scope in s.scopes():
        tests = [t for tr in s._all_rules(scope) for t in zst.threshold_tests(tr) if zst.landable(t, extra)]
        tests = list({t.id: t for t in tests}.values())
        if not tests:
            continue
        _amounts_property(s, scope, tests, extra)


def _amounts_property(s: Suite, scope: _Scope, tests: list[Test], extra: tuple[Column, ...]) -> None:
    opts = scope.rules.options
    base_strategy = zst.enterprises(as_of=scope.as_of, tier="free", province=s.province(scope.jurisdiction),
                                    prefectures=s.prefectures(scope.jurisdiction), extra_columns=extra)

    @st.composite
    def every_threshold(draw: st.DrawFn) -> tuple[zst.ThresholdCase, ...]:
        # one base enterprise; every test's inputs landed below, at and above its bound
        base = draw(base_strategy)
        return _Cases(
            draw(zst.landed_case(t, base, side, as_of=scope.as_of, options=opts, extra_columns=extra))
            for t in tests for side in ("below", "at", "above")
        )

    fields: dict[Field, None] = {}
    for t in tests:
        for f in t.metric.inputs:
            fields.setdefault(f, None)

    def problem(drawn: tuple[zst.ThresholdCase, ...]) -> str | None:
        people = [attrs.evolve(c.enterprise, uscc=_variant(c.enterprise.uscc, i)) for i, c in enumerate(drawn)]
        frame = Enterprise.to_frame(people)
        _, ctx = build_context(frame, as_of=scope.as_of, fields=list(fields), options=scope.rules.options,
                               extra_columns=extra)
        ev = Evaluation(scope.rules, ctx)
        for i, case in enumerate(drawn):
            intended, _ = _intended(case.test)
            op = _effective(intended, case.test, scope.rules.options)
            t = zst._exact(float(case.test.threshold))  # type: ignore[arg-type]
            want_pass = op in (Op.GE, Op.LE) if case.side == "at" else (case.side == "above") == (op in (Op.GE, Op.GT))
            got = _outcome(ev.node(case.test), i)
            want = "pass" if want_pass else "fail"
            if got != want:
                return (f"{_where(scope)} {case.test.id} «{case.test.label}» ({op.symbol} "
                        f"{case.test.unit.format(float(t))}):\n  counter-example: "
                        f"{', '.join(f'{k} = {zst._show(v)}' for k, v in case.inputs.items())} put "
                        f"{case.test.metric.id} {case.side} the bound, and the roster path gives {got}, expected {want}")
        return None

    # each example crosses every bound three times; the failing case is itself the counter-example
    _search("boundary-amounts", s, every_threshold(), problem, max(2, s.max_examples // 6))


class _Cases(tuple):  # type: ignore[type-arg]
    """Threshold cases, shown briefly in hypothesis' reports."""

    def __repr__(self) -> str:
        return f"<{len(self)} threshold cases>"


def _check_scalar_frame(s: Suite) -> None:
    for jid in s.served():
        _scalar_frame_property(s, jid)


def _scalar_frame_property(s: Suite, jid: str) -> None:
    def problem(roster: pd.DataFrame) -> str | None:
        whole = _frame_verdicts(s, roster, jid, s.as_of)
        for uscc, rows in roster.groupby("uscc", sort=False):
            alone = _frame_verdicts(s, rows.reset_index(drop=True), jid, s.as_of)
            diff = _equal_frames(alone, whole.loc[[uscc]])
            if diff is not None:
                e = Enterprise.from_rows(rows)
                return (f"[{jid}, as of {s.as_of.isoformat()}] an enterprise assessed alone differs from its row of "
                        f"the roster ({len(whole)} enterprises): {diff}\n  counter-example: {_describe_enterprise(e)}")
        return None

    _search("scalar-frame", s, s.rosters(jid, min_size=2, max_size=4), problem, max(2, s.max_examples // 4),
            _fewer_enterprises(2))


def _bank_builder() -> Callable[..., Any] | None:
    try:
        from zjtx.pipeline import seedbank
    except ImportError:
        return None
    return getattr(seedbank, "seed_banks", None)


def _check_seed_banks(s: Suite) -> None:
    build = _bank_builder()
    if build is None:
        raise ConformanceSkip("zjtx.pipeline has no seed-bank builder (zjtx.pipeline.seedbank.seed_banks) yet")
    for jid in s.served():
        _seed_bank_property(s, jid, build)


def _held(ctx: Context, tier: Tier, inclusive: bool) -> np.ndarray:
    """Whether each enterprise holds a valid recognition of ``tier`` on the context's date."""
    rec = np.asarray(ctx.get(static(tier.recognition_column)), dtype="datetime64[ns]")
    rev = np.asarray(ctx.get(static("revoked_on")), dtype="datetime64[ns]")
    try:
        from zjtx.pipeline.validity import valid_on

        return valid_on(rec, rev, ctx.as_of, inclusive_end=inclusive)
    except ImportError:  # pragma: no cover - the metric alone (no revocation) before the pipeline exists
        metric = RecognitionValid(id=f"{tier.value}_valid", label=tier.label, field=static(tier.recognition_column))
        return metric.compute(ctx) == 1.0


def _seed_bank_property(s: Suite, jid: str, build: Callable[..., Any]) -> None:
    year = s.as_of.year + 1
    day = dt.date(year, 1, 1)

    def problem(roster: pd.DataFrame) -> str | None:
        banks = build(roster, year, jurisdiction=jid, plugins=s.facade)
        for tier, bank in banks.items():
            found = _bank_problem(s, jid, roster, tier, bank)
            if found is not None:
                return f"[{jid}] the {tier.value} seed bank of {year}: {found}"
        return None

    _search("seed-banks", s, s.rosters(jid, as_of=day, min_size=3, max_size=8), problem,
            max(2, s.max_examples // 4), _fewer_enterprises(1))


def _bank_problem(s: Suite, jid: str, roster: pd.DataFrame, tier: Tier, bank: Any) -> str | None:
    rule = bank.rule
    rules = s.facade.rules(bank.as_of, jid)
    tier_rules = rules[tier]
    general = tier_rules.find(tier_rules.precondition or "general")
    nodes = [general] + ([rule.admits] if rule.admits is not None else [])
    fields: dict[Field, None] = {}
    for n in nodes:
        for leaf in n.walk():
            if isinstance(leaf, Test):
                for f in leaf.metric.inputs:
                    fields.setdefault(f, None)
    for t in Tier.ladder():
        fields.setdefault(static(t.recognition_column), None)
    fields.setdefault(static("revoked_on"), None)
    ents, ctx = build_context(roster, as_of=bank.as_of, fields=list(fields), options=rules.options,
                              extra_columns=s.extra_columns())
    ev = Evaluation(rules, ctx)
    inclusive = rules.options.validity_end == "inclusive"
    gen = ev.node(general)
    adm = ev.node(rule.admits) if rule.admits is not None else None
    held = np.zeros(ctx.n, bool)
    for t in Tier.ladder():
        if t >= tier:
            held |= _held(ctx, t, inclusive)
    below = [t for t in Tier.ladder() if t.rank == tier.rank - 1]
    position = {u: i for i, u in enumerate(ents.uscc)}
    members = list(bank.table["uscc"])
    if len(set(members)) != len(members):
        return f"members repeated: {sorted(u for u in members if members.count(u) > 1)}"
    for u in members:
        if u not in position:
            return f"member {u} is not in the roster"
        i = position[u]
        why = []
        if not gen.true[i]:
            why.append(f"general preconditions {'fail' if gen.false[i] else 'lack data'}")
        if adm is not None and not adm.true[i]:
            why.append(f"entry rule {rule.admits.id} «{rule.admits.label}» {'fails' if adm.false[i] else 'lacks data'}")
        if held[i]:
            why.append(f"already holds a valid {tier.label} (or higher) recognition")
        if below and not _held(ctx, below[0], inclusive)[i]:
            rec = ctx.get(static(below[0].recognition_column))[i]
            shown = "none" if pd.isna(rec) else str(rec)[:10]
            why.append(f"holds no valid {below[0].label} recognition ({below[0].recognition_column} = {shown} on "
                       f"{bank.as_of.isoformat()}; the tier below, the ladder)")
        if why:
            e = Enterprise.from_rows(roster[roster["uscc"] == u])
            return (f"admits an ineligible enterprise: {'; '.join(why)}\n  counter-example: {_describe_enterprise(e)}")
    eligible = gen.true & (adm.true if adm is not None else True) & ~held
    pool = int(np.sum(eligible))
    if bank.pool != pool:
        return f"reports an eligible pool of {bank.pool}, but {pool} enterprises are eligible" + _roster_note(roster)
    if bank.size > bank.pool:
        return f"holds {bank.size} members from an eligible pool of {bank.pool} (padded)" + _roster_note(roster)
    if bank.size + bank.shortfall != bank.required:
        return (f"holds {bank.size} members and reports a shortfall of {bank.shortfall}, but requires {bank.required} "
                f"(eligible pool {bank.pool}): members and shortfall must make up the required size"
                + _roster_note(roster))
    if rule.builder == "prefecture" and not bank.prefectures.empty:
        for _, row in bank.prefectures.iterrows():
            if row["size"] != min(row["quota"], row["pool"]):
                return (f"prefecture {row['prefecture']} holds {row['size']} members with quota {row['quota']} "
                        f"and eligible pool {row['pool']}" + _roster_note(roster))
    elif bank.size != min(bank.required, bank.pool):
        return f"holds {bank.size} members; required {bank.required}, eligible pool {bank.pool}" + _roster_note(roster)
    if bank.growth_target is not None:
        want = math.ceil(round(rule.multiple * bank.growth_target, 9))
        if bank.required != want:
            return f"requires {bank.required}, not ceil({rule.multiple:g} × {bank.growth_target}) = {want}"
    return None


def _roster_note(roster: pd.DataFrame) -> str:
    people = Enterprise.list_from_frame(roster)
    shown = "\n    ".join(_describe_enterprise(e) for e in people[:3])
    more = f"\n    … and {len(people) - 3} more" if len(people) > 3 else ""
    return f"\n  counter-example roster ({len(people)} enterprise(s)):\n    {shown}{more}"


def _check_determinism(s: Suite) -> None:
    for jid in s.served():
        _determinism_property(s, jid)


def _determinism_property(s: Suite, jid: str) -> None:
    build = _bank_builder()
    year = s.as_of.year + 1

    def problem(drawn: tuple[pd.DataFrame, Any]) -> str | None:
        roster, rnd = drawn
        if s.facade.rules(s.as_of, jid) != s.facade.rules(s.as_of, jid):
            return f"[{jid}] the rules resolved twice differ"
        a = _frame_verdicts(s, roster, jid, s.as_of)
        order = list(range(len(roster)))
        rnd.shuffle(order)
        shuffled = roster.iloc[order].reset_index(drop=True)
        diff = _equal_frames(a, _frame_verdicts(s, shuffled, jid, s.as_of).loc[a.index])
        if diff is not None:
            return f"[{jid}] the same roster in another row order gives other verdicts: {diff}"
        diff = _equal_frames(a, _frame_verdicts(s, roster, jid, s.as_of))
        if diff is not None:
            return f"[{jid}] the same roster assessed twice gives other verdicts: {diff}"
        if build is not None:
            x = build(roster, year, jurisdiction=jid, plugins=s.facade)
            y = build(shuffled, year, jurisdiction=jid, plugins=s.facade)
            for tier in x:
                diff = _equal_frames(x[tier].table, y[tier].table)
                if diff is not None:
                    return f"[{jid}] the {tier.value} seed bank differs with the row order: {diff}"
        return None

    _search("determinism", s, st.tuples(s.rosters(jid, min_size=2, max_size=5), st.randoms(use_true_random=False)),
            problem, max(2, s.max_examples // 6))


def _check_rule_versions(s: Suite) -> None:
    fac = s.facade
    versions = fac.rule_versions()
    problems = []
    by_source: dict[str, list[RuleVersion]] = {}
    for v in versions:
        by_source.setdefault(v.source, []).append(v)
        if v.valid_until is not None and v.valid_until < v.valid_from:
            problems.append(f"- {v.id} ({v.source}) ends {v.valid_until} before it starts {v.valid_from}")
    for source, vs in by_source.items():
        vs = sorted(vs, key=lambda v: v.valid_from)
        for a, b in zip(vs, vs[1:]):
            if a.valid_until is None or a.valid_until >= b.valid_from:
                problems.append(f"- {source}: {a.id} ({a.valid_from}–{a.valid_until or '…'}) overlaps {b.id} "
                                f"(from {b.valid_from})\n  counter-example: {b.valid_from.isoformat()} is claimed by both")
            elif a.valid_until + dt.timedelta(days=1) < b.valid_from:
                gap = a.valid_until + dt.timedelta(days=1)
                problems.append(f"- {source}: gap between {a.id} (until {a.valid_until}) and {b.id} (from {b.valid_from})"
                                f"\n  counter-example: no version of {source} covers {gap.isoformat()}")
    if problems:
        raise s.fail("rule-versions", "\n".join(problems))

    for v in versions:
        _version_property(s, v)


def _version_property(s: Suite, v: RuleVersion) -> None:
    end = v.valid_until or v.valid_from + dt.timedelta(days=3 * 365)
    span = (end - v.valid_from).days

    @_settings(max(3, s.max_examples // 3))
    @example(offset=0)
    @example(offset=span)
    @given(offset=st.integers(0, span))
    def prop(offset: int) -> None:
        day = v.valid_from + dt.timedelta(days=offset)
        try:
            found = s.facade.rule_version(day)
        except ZjtxError as exc:
            raise AssertionError(f"{v.id} claims {day.isoformat()}, but no version resolves there: {exc}") from None
        if not found.covers(day):
            raise AssertionError(f"{day.isoformat()} resolves to {found.id}, which does not cover it")
        for jid in s.served():
            try:
                rules = s.facade.rules(day, jid)
            except PluginError:
                raise
            except ZjtxError as exc:
                raise AssertionError(f"[{jid}] the rules of {day.isoformat()} ({v.id}) cannot be built: {exc}") from None
            if not isinstance(rules, RuleSet):
                raise AssertionError(f"[{jid}] rules of {day.isoformat()} are {type(rules).__name__}")

    _run_property("rule-versions", s, prop)


_CHECK_FUNCTIONS: dict[str, Callable[[Suite], None]] = {
    "hook-types": _check_hook_types,
    "isolation": _check_isolation,
    "monotonicity": _check_monotonicity,
    "boundaries": _check_boundaries,
    "boundary-amounts": _check_boundary_amounts,
    "scalar-frame": _check_scalar_frame,
    "seed-banks": _check_seed_banks,
    "determinism": _check_determinism,
    "rule-versions": _check_rule_versions,
}

