"""Throw-away plug-ins that misbehave: each gives the documented error naming the plug-in.

:class:`~zjtx.errors.PluginError` reads ``plug-in 'NAME' (distribution DIST) failed in hook
'HOOK': REASON``; :class:`~zjtx.errors.JurisdictionConflict` names the jurisdiction and every
plug-in claiming it.
"""

from __future__ import annotations

import datetime as dt

import pytest

import zjtx
from zjtx import hookimpl
from zjtx.errors import JurisdictionConflict, PluginError
from zjtx.model.jurisdiction import Jurisdiction
from zjtx.model.tier import Tier
from zjtx.plugins import PluginFacade

DAY = dt.date(2025, 6, 30)


class Atlantis:
    """A well-behaved plug-in serving ``atlantis`` (province 53)."""

    @hookimpl
    def zjtx_jurisdictions(self):
        return [Jurisdiction("atlantis", "亚特兰蒂斯", "53")]


class Raises(Atlantis):
    @hookimpl
    def zjtx_regions(self, jurisdiction):
        raise RuntimeError("boom")


class RaisesInRules(Atlantis):
    @hookimpl
    def zjtx_adjust_rules(self, rules):
        raise KeyError("srdi.i99")


class WrongRegions(Atlantis):
    @hookimpl
    def zjtx_regions(self, jurisdiction):
        return {"5301": "昆明市"}  # a mapping, not a list of Region


class WrongRules(Atlantis):
    @hookimpl
    def zjtx_adjust_rules(self, rules):
        return rules.eligibility  # a node, not TierRules


class WrongSeedBank(Atlantis):
    @hookimpl
    def zjtx_seed_bank_rule(self, tier):
        return 3  # a multiple, not a SeedBankRule


class WrongItem(Atlantis):
    @hookimpl
    def zjtx_target_plans(self, jurisdiction):
        return ["6000 by 2027"]


class Misspelt(Atlantis):
    @hookimpl
    def zjtx_regons(self, jurisdiction):  # zjtx_regions
        return []


class MisspeltUnmarked(Atlantis):
    def zjtx_target_plan(self, jurisdiction):  # no marker, still a zjtx_ name: refused
        return []


class UnknownArgument(Atlantis):
    @hookimpl
    def zjtx_regions(self, jurisdiction, prefecture):
        return []


class AlsoAtlantis:
    @hookimpl
    def zjtx_jurisdictions(self):
        return [Jurisdiction("atlantis", "另一个亚特兰蒂斯", "53")]


def make(*plugins: object) -> PluginFacade:
    return PluginFacade.create(plugins=[(type(p).__name__.lower(), p) for p in plugins], entry_points=False)


def test_a_plugin_that_raises_is_named() -> None:
    fac = make(Raises())
    with pytest.raises(PluginError) as err:
        fac.regions("atlantis")
    e = err.value
    assert (e.plugin, e.hook) == ("raises", "zjtx_regions")
    assert "RuntimeError('boom')" in e.reason
    assert str(e).startswith("plug-in 'raises' failed in hook 'zjtx_regions': raised RuntimeError")
    assert isinstance(e.__cause__, RuntimeError)


def test_a_plugin_raising_while_rules_resolve_fails_the_assessment(examples_frame) -> None:
    with pytest.raises(PluginError, match="plug-in 'raisesinrules' failed in hook 'zjtx_adjust_rules'"):
        zjtx.assess(examples_frame, as_of=DAY, plugins=make(RaisesInRules()))


@pytest.mark.parametrize(("plugin", "hook", "call", "expected"), [
    (WrongRegions(), "zjtx_regions", lambda f: f.regions("atlantis"), "returned dict, expected a list of Region"),
    (WrongRules(), "zjtx_adjust_rules", lambda f: f.rules(DAY), "returned AllOf, expected TierRules or None"),
    (WrongSeedBank(), "zjtx_seed_bank_rule", lambda f: f.seed_bank_rule(Tier.SRDI_SME, 2026, "atlantis"),
     "returned int, expected SeedBankRule or None"),
    (WrongItem(), "zjtx_target_plans", lambda f: f.target_plans("atlantis"), "returned str, expected a list of TargetPlan"),
])  # fmt: skip
def test_a_plugin_returning_the_wrong_type_is_named(plugin, hook, call, expected) -> None:
    fac = make(plugin)
    with pytest.raises(PluginError) as err:
        call(fac)
    assert (err.value.plugin, err.value.hook) == (type(plugin).__name__.lower(), hook)
    assert expected in err.value.reason


@pytest.mark.parametrize(("plugin", "hook"), [(Misspelt(), "zjtx_regons"), (MisspeltUnmarked(), "zjtx_target_plan")])
def test_a_misspelt_hook_is_refused_when_registered(plugin, hook) -> None:
    with pytest.raises(PluginError) as err:
        make(plugin)
    assert (err.value.plugin, err.value.hook) == (type(plugin).__name__.lower(), hook)
    assert "unknown hook name" in err.value.reason


def test_an_implementation_asking_for_an_unknown_argument_is_refused() -> None:
    with pytest.raises(PluginError) as err:
        make(UnknownArgument())
    assert err.value.plugin == "unknownargument" and "prefecture" in err.value.reason


def test_two_plugins_claiming_one_jurisdiction_conflict() -> None:
    fac = make(Atlantis(), AlsoAtlantis())
    with pytest.raises(JurisdictionConflict) as err:
        fac.jurisdiction("atlantis")
    assert err.value.jurisdiction == "atlantis"
    assert sorted(err.value.plugins) == ["alsoatlantis", "atlantis"]
    assert "ZJTX_PLUGINS" in str(err.value)
    # listing still works, so the user can see who claims what
    claims = {p.name: p.jurisdictions for p in fac.plugins()}
    assert claims["atlantis"] == claims["alsoatlantis"] == ("atlantis",)


def test_choosing_one_of_them_resolves_the_conflict(examples_frame) -> None:
    fac = make(AlsoAtlantis())
    assert fac.jurisdiction("atlantis").source == "alsoatlantis"
    verdicts = zjtx.assess(examples_frame, as_of=DAY, jurisdiction="atlantis", plugins=fac)
    assert (verdicts["jurisdiction"] == "atlantis").all()


def test_unknown_jurisdiction_says_what_is_loaded() -> None:
    with pytest.raises(zjtx.UnknownJurisdiction, match="atlantis"):
        make().jurisdiction("atlantis")
