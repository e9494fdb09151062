"""The plug-in manager and the typed facade that is the only caller of ``pm.hook``.

Plug-ins are found through the entry-point group ``zjtx``. Two environment variables control
which are loaded:

``ZJTX_DISABLE_PLUGINS``
    comma-separated entry-point names never to load (block-list);
``ZJTX_PLUGINS``
    comma-separated entry-point names to load, and no others (allow-list).

Every hook call goes through :class:`PluginFacade`, which calls each implementation itself so
that an exception or a value of the wrong type is reported as a :class:`~zjtx.errors.PluginError`
naming the plug-in, its distribution and the hook.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import pluggy

from zjtx import hookspecs
from zjtx.errors import JurisdictionConflict, PluginError, UnknownJurisdiction, UnknownRuleVersion
from zjtx.model.jurisdiction import Jurisdiction, Region, TargetPlan
from zjtx.model.tier import Tier
from zjtx.roster.schema import Column, columns_with
from zjtx.rules.nodes import Node
from zjtx.rules.options import Options
from zjtx.rules.ruleset import RuleSet, RuleVersion, TierRules

__all__ = ["PluginInfo", "PluginFacade", "facade", "ENTRY_POINT_GROUP"]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "zjtx"
NATIONAL_PLUGIN = "national"


@attrs.frozen
class PluginInfo:
    """What ``zjtx plugins`` shows about one loaded plug-in."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    jurisdictions: tuple[str, ...] = ()


def _env_names(variable: str) -> set[str] | None:
    raw = os.environ.get(variable)
    if raw is None:
        return None
    return {x.strip() for x in raw.split(",") if x.strip()}


class PluginFacade:
    """Typed access to the hooks. Build it with :meth:`create`; most code uses :func:`facade`."""

    def __init__(self, pm: pluggy.PluginManager, distributions: Mapping[str, tuple[str | None, str | None]]) -> None:
        self.pm = pm
        self._dists = dict(distributions)
        self._jurisdictions: dict[str, Jurisdiction] | None = None

    # -- construction ----------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        plugins: Iterable[object | tuple[str, object]] = (),
        *,
        entry_points: bool = True,
    ) -> PluginFacade:
        """A manager with the national plug-in, installed entry points and ``plugins``.

        ``plugins`` are extra plug-in objects (or ``(name, object)`` pairs), e.g. in tests.
        """
        from zjtx.national import plugin as national

        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        dists: dict[str, tuple[str | None, str | None]] = {}
        pm.register(national, name=NATIONAL_PLUGIN)
        dists[NATIONAL_PLUGIN] = ("zjtx", _version("zjtx"))
        if entry_points:
            blocked = _env_names("ZJTX_DISABLE_PLUGINS") or set()
            allowed = _env_names("ZJTX_PLUGINS")
            for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
                if ep.name in blocked or (allowed is not None and ep.name not in allowed):
                    log.info("plug-in %s not loaded (ZJTX_PLUGINS / ZJTX_DISABLE_PLUGINS)", ep.name)
                    continue
                dist = ep.dist.name if ep.dist is not None else None
                version = ep.dist.version if ep.dist is not None else None
                try:
                    obj = ep.load()
                except Exception as exc:  # a broken install must name itself
                    raise PluginError(ep.name, "<load>", f"could not be imported: {exc!r}", dist) from exc
                cls._register(pm, obj, ep.name, dist)
                dists[ep.name] = (dist, version)
        for item in plugins:
            name, obj = item if isinstance(item, tuple) else (getattr(item, "__name__", None) or type(item).__name__, item)
            cls._register(pm, obj, name, None)
            dists[name] = (None, None)
        return cls(pm, dists)

    @staticmethod
    def _register(pm: pluggy.PluginManager, obj: object, name: str, dist: str | None) -> None:
        # A misspelt hook (zjtx_regons) would otherwise be ignored silently: refuse every
        # callable ``zjtx_*`` attribute that names no hook specification, marked or not.
        known = _hook_names()
        for attr in dir(obj):
            if attr.startswith("zjtx_") and attr not in known and callable(getattr(obj, attr, None)):
                raise PluginError(name, attr, "unknown hook name (no such hook specification)", dist)
        try:
            pm.register(obj, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            # e.g. an implementation asking for an argument its hook does not have
            hook = re.search(r"for hook '(\w+)'", str(exc))
            raise PluginError(name, hook.group(1) if hook else "<register>", " ".join(str(exc).split()), dist) from exc
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            pm.unregister(obj)
            raise PluginError(name, "<validate>", str(exc), dist) from exc

    # -- calling ---------------------------------------------------------------------------------
    def _impls(self, hook: str) -> list[pluggy.HookImpl]:
        # pluggy calls implementations from the end of this list to its start.
        return list(reversed(getattr(self.pm.hook, hook).get_hookimpls()))

    def _call(self, impl: pluggy.HookImpl, hook: str, kwargs: Mapping[str, Any]) -> Any:
        try:
            return impl.function(*[kwargs[a] for a in impl.argnames])
        except PluginError:
            raise
        except Exception as exc:
            dist = self._dists.get(impl.plugin_name, (None, None))[0]
            raise PluginError(impl.plugin_name, hook, f"raised {exc!r}", dist) from exc

    def _check(self, impl: pluggy.HookImpl, hook: str, value: Any, expected: type | tuple[type, ...], what: str) -> None:
        if not isinstance(value, expected):
            dist = self._dists.get(impl.plugin_name, (None, None))[0]
            raise PluginError(impl.plugin_name, hook, f"returned {type(value).__name__}, expected {what}", dist)

    def _collect(self, hook: str, item: type | tuple[type, ...], what: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation; each must return a sequence of ``item`` (or None)."""
        out: list[tuple[str, Any]] = []
        for impl in self._impls(hook):
            result = self._call(impl, hook, kwargs)
            if result is None:
                continue
            self._check(impl, hook, result, (list, tuple), f"a list of {what}")
            for value in result:
                self._check(impl, hook, value, item, f"a list of {what}")
                out.append((impl.plugin_name, value))
        return out

    def _first(self, hook: str, item: type | tuple[type, ...], what: str, **kwargs: Any) -> tuple[str, Any] | None:
        for impl in self._impls(hook):
            result = self._call(impl, hook, kwargs)
            if result is not None:
                self._check(impl, hook, result, item, what)
                return impl.plugin_name, result
        return None

    # -- identity --------------------------------------------------------------------------------
    def plugins(self) -> list[PluginInfo]:
        """The loaded plug-ins, with distribution, version, hooks and jurisdictions."""
        by_plugin: dict[str, list[str]] = {}
        for name, j in self._jurisdiction_claims():
            by_plugin.setdefault(name, []).append(j.id)
        out = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            dist, version = self._dists.get(name, (None, None))
            out.append(PluginInfo(name, dist, version, hooks, tuple(by_plugin.get(name, ()))))
        return out

    def _jurisdiction_claims(self) -> list[tuple[str, Jurisdiction]]:
        return self._collect("zjtx_jurisdictions", Jurisdiction, "Jurisdiction")

    def jurisdictions(self) -> dict[str, Jurisdiction]:
        """Every served jurisdiction by id (:class:`JurisdictionConflict` on a double claim)."""
        if self._jurisdictions is None:
            claims: dict[str, list[tuple[str, Jurisdiction]]] = {}
            for name, j in self._jurisdiction_claims():
                claims.setdefault(j.id, []).append((name, attrs.evolve(j, source=name)))
            result = {}
            for jid, owners in claims.items():
                if len({o[0] for o in owners}) > 1:
                    raise JurisdictionConflict(jid, sorted({o[0] for o in owners}))
                result[jid] = owners[0][1]
            self._jurisdictions = result
        return self._jurisdictions

    def jurisdiction(self, jid: str | None) -> Jurisdiction:
        """One jurisdiction by id (``None``: national)."""
        table = self.jurisdictions()
        key = (jid or "national").strip().lower()
        if key not in table:
            raise UnknownJurisdiction(key, sorted(table))
        return table[key]

    # -- rules -----------------------------------------------------------------------------------
    def rule_versions(self) -> list[RuleVersion]:
        """Every rule version the plug-ins provide, ordered by start date."""
        found = self._collect("zjtx_rule_versions", RuleVersion, "RuleVersion")
        versions = [attrs.evolve(v, source=name) for name, v in found]
        return sorted(versions, key=lambda v: v.valid_from)

    def rule_version(self, as_of: dt.date, pinned: str | None = None) -> RuleVersion:
        """The version in force on ``as_of`` (or the ``pinned`` one)."""
        versions = self.rule_versions()
        known = [v.id for v in versions]
        if pinned is not None:
            for v in versions:
                if v.id == pinned:
                    return v
            raise UnknownRuleVersion(f"no rule version {pinned!r}", known)
        covering = [v for v in versions if v.covers(as_of)]
        if not covering:
            raise UnknownRuleVersion(f"no rule version covers {as_of.isoformat()}", known)
        return covering[-1]

    def options_for(self, jurisdiction: str, version: RuleVersion, as_of: dt.date, caller: Options | Mapping[str, Any] | None) -> Options:
        """Defaults, then the plug-ins' overrides, then the caller's options."""
        if isinstance(caller, Options):
            return caller
        merged: dict[str, Any] = {}
        for impl in self._impls("zjtx_options"):
            result = self._call(impl, "zjtx_options", {"jurisdiction": jurisdiction, "version": version, "as_of": as_of})
            if result is None:
                continue
            self._check(impl, "zjtx_options", result, Mapping, "a mapping of option names to values")
            merged.update(result)
        merged.update(caller or {})
        return Options.from_mapping(merged)

    def rules(
        self,
        as_of: dt.date,
        jurisdiction: str | None = None,
        *,
        version: str | None = None,
        options: Options | Mapping[str, Any] | None = None,
    ) -> RuleSet:
        """Resolve the rule set in force for ``jurisdiction`` on ``as_of``."""
        jur = self.jurisdiction(jurisdiction)
        rv = self.rule_version(as_of, version)
        opts = self.options_for(jur.id, rv, as_of, options)
        if version is None and opts.renewal and opts.renewal_rule_version != rv.id:
            # A renewal review applies the standard the firm was recognised under (option
            # renewal_rule_version), never one that was not yet in force on the date.
            renewal = self.rule_version(as_of, opts.renewal_rule_version)
            if renewal.valid_from <= as_of:
                rv = renewal
        provinces = [jur.province_code] if jur.province_code else None
        first = self._first("zjtx_base_rules", Mapping, "a mapping of Tier to TierRules",
                            version=rv, options=opts, provinces=provinces)
        if first is None:
            raise UnknownRuleVersion(f"no plug-in builds the rules of {rv.id!r}", [v.id for v in self.rule_versions()])
        base_plugin, base = first
        tiers: dict[Tier, TierRules] = {}
        sources = [base_plugin]
        for tier, tier_rules in base.items():
            for impl in self._impls("zjtx_adjust_rules"):
                out = self._call(impl, "zjtx_adjust_rules", {
                    "rules": tier_rules, "jurisdiction": jur.id, "version": rv, "options": opts, "as_of": as_of})
                if out is None:
                    continue
                self._check(impl, "zjtx_adjust_rules", out, TierRules, "TierRules or None")
                out = _stamp(tier_rules, out, impl.plugin_name)
                tier_rules = out
                if impl.plugin_name not in sources:
                    sources.append(impl.plugin_name)
            tiers[Tier.parse(tier)] = tier_rules
        extra = tuple(c.name for c in self.roster_columns())
        return RuleSet(version=rv, options=opts, tiers=tiers, jurisdiction=jur.id, sources=sources, extra_columns=extra)

    def roster_columns(self) -> list[Column]:
        """Extra columns declared by plug-ins (validated not to redefine canonical ones)."""
        found = self._collect("zjtx_roster_columns", Column, "Column")
        cols = [attrs.evolve(c, source=name) for name, c in found]
        try:
            columns_with(cols)
        except ValueError as exc:
            raise PluginError(found[0][0] if found else "?", "zjtx_roster_columns", str(exc)) from exc
        return cols

    # -- pipeline --------------------------------------------------------------------------------
    def regions(self, jurisdiction: str) -> list[Region]:
        """Prefectures of a jurisdiction."""
        return [r for _, r in self._collect("zjtx_regions", Region, "Region", jurisdiction=jurisdiction)]

    def target_plans(self, jurisdiction: str) -> list[TargetPlan]:
        """Cultivation plans of a jurisdiction."""
        return [p for _, p in self._collect("zjtx_target_plans", TargetPlan, "TargetPlan", jurisdiction=jurisdiction)]

    def seed_bank_rule(self, tier: Tier, year: int, jurisdiction: str) -> Any:
        """The seed-bank rule of a tier and year (first result wins)."""
        from zjtx.pipeline.seedbank import SeedBankRule

        hit = self._first("zjtx_seed_bank_rule", SeedBankRule, "SeedBankRule or None",
                          tier=tier, year=year, jurisdiction=jurisdiction)
        return None if hit is None else attrs.evolve(hit[1], source=hit[0])

    def coaching_rules(self, tier: Tier | str, jurisdiction: str, as_of: dt.date) -> list[TierRules]:
        """The goal lines plans coach seed enterprises of ``tier`` toward (never eligibility).

        Each :class:`~zjtx.rules.ruleset.TierRules` has its nodes stamped with the plug-in that
        declared them; evaluate them like rules (see :func:`zjtx.hookspecs.zjtx_coaching_rules`).
        """
        tier = Tier.parse(tier)
        out = []
        for name, rules in self._collect("zjtx_coaching_rules", TierRules, "TierRules",
                                         tier=tier, jurisdiction=jurisdiction, as_of=as_of):
            out.append(rules.transform(lambda n, name=name: attrs.evolve(n, source=name)
                                       if n.source == NATIONAL_PLUGIN and name != NATIONAL_PLUGIN else None))
        return out

    def measures(self, jurisdiction: str) -> dict[str, str]:
        """The merged catalogue of measures (province entries override national ones)."""
        merged: dict[str, str] = {}
        # call order puts the national (trylast) plug-in last: apply in reverse so provinces win
        for impl in reversed(self._impls("zjtx_measures")):
            result = self._call(impl, "zjtx_measures", {"jurisdiction": jurisdiction})
            if result is None:
                continue
            self._check(impl, "zjtx_measures", result, Mapping, "a mapping of criterion id to text")
            merged.update(result)
        return merged

    def priority_tags(self, jurisdiction: str, roster: Any) -> Any:
        """Priority tags per enterprise, joined over plug-ins (``None`` if no plug-in tags)."""
        import pandas as pd

        parts = []
        for impl in self._impls("zjtx_priority_tags"):
            result = self._call(impl, "zjtx_priority_tags", {"jurisdiction": jurisdiction, "roster": roster})
            if result is None:
                continue
            self._check(impl, "zjtx_priority_tags", result, pd.Series, "a pandas Series")
            parts.append(result.reindex(roster.index).fillna("").astype(str))
        if not parts:
            return None
        joined = parts[0]
        for p in parts[1:]:
            joined = (joined + ";" + p).str.strip(";")
        return joined

    def report_sections(self, jurisdiction: str, context: Mapping[str, Any]) -> list[Any]:
        """Report sections from every plug-in (national last)."""
        from zjtx.report.sections import Section

        return [attrs.evolve(s, source=name) for name, s in self._collect(
            "zjtx_report_sections", Section, "Section", jurisdiction=jurisdiction, context=context)]


def _stamp(before: TierRules, after: TierRules, plugin: str) -> TierRules:
    """Mark the nodes a plug-in added or changed as supplied by it."""
    old = {id(n) for n in before.nodes()} | {hash(n) for n in before.nodes()}
    if plugin == NATIONAL_PLUGIN:
        return after

    def mark(node: Node) -> Node | None:
        if hash(node) in old or node.source != NATIONAL_PLUGIN:
            return None
        return attrs.evolve(node, source=plugin)

    return after.transform(mark)


@functools.cache
def _hook_names() -> frozenset[str]:
    """The names of every hook specification."""
    marker = f"{hookspecs.PROJECT}_spec"
    return frozenset(n for n, f in vars(hookspecs).items() if n.startswith("zjtx_") and hasattr(f, marker))


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


@functools.lru_cache(maxsize=1)
def _default() -> PluginFacade:
    return PluginFacade.create()


def facade(refresh: bool = False) -> PluginFacade:
    """The process-wide facade (built on first use; ``refresh`` reloads entry points)."""
    if refresh:
        _default.cache_clear()
    return _default()


