"""``zjtx plugins``: loaded plug-ins, their jurisdictions and hooks, the rule version in force."""

from __future__ import annotations

import json

import pytest

from zjtx.cli import main
from zjtx.commands.plugins import describe
from zjtx.model.jurisdiction import Jurisdiction
from zjtx.plugins import PluginFacade
from zjtx import hookimpl


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["plugins", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("day", "version"), [("2025-06-30", "national-2022"), ("2026-03-31", "national-2022"),
                                              ("2026-04-01", "national-2026"), ("2026-06-30", "national-2026")])
def test_rule_version_in_force_for_a_date(capsys: pytest.CaptureFixture[str], day: str, version: str) -> None:
    code, data = run_json(capsys, "--as-of", day)
    assert code == 0 and data["as_of"] == day
    assert [v["id"] for v in data["rule_versions"] if v["in_force"]] == [version]
    national = {j["jurisdiction"]: j for j in data["in_force"]}["national"]
    assert national["rule_version"] == version
    assert national["provisional"] is (version == "national-2026")


def test_lists_the_national_plugin_with_its_hooks(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "--as-of", "2025-06-30")
    national = {p["name"]: p for p in data["plugins"]}["national"]
    assert national["distribution"] == "zjtx" and national["version"]
    assert national["jurisdictions"] == ["national"]
    assert {"zjtx_base_rules", "zjtx_rule_versions", "zjtx_jurisdictions"} <= set(national["hooks"])
    versions = {v["id"]: v for v in data["rule_versions"]}
    assert versions["national-2026"]["provisional"] and versions["national-2026"]["valid_from"] == "2026-04-01"
    assert versions["national-2022"]["valid_until"] == "2026-03-31"


def test_pinned_version_and_one_jurisdiction(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, "--as-of", "2026-06-30", "--rule-version", "national-2022", "-j", "national")
    assert [j["rule_version"] for j in data["in_force"]] == ["national-2022"]


def test_province_plugins_show_their_contribution() -> None:
    class Hubei:
        @hookimpl
        def zjtx_jurisdictions(self):
            return [Jurisdiction("hubei", "湖北省", "42")]

        @hookimpl
        def zjtx_adjust_rules(self, rules, jurisdiction):
            if jurisdiction == "hubei" and rules.tier == "srdi_sme":
                return rules.with_threshold("srdi.C1", 3)
            return None

    fac = PluginFacade.create(plugins=[("hubei", Hubei())], entry_points=False)
    data = describe(__import__("datetime").date(2025, 6, 30), plugins=fac)
    hubei = {j["jurisdiction"]: j for j in data["in_force"]}["hubei"]
    assert hubei["sources"] == ["national", "hubei"] and hubei["province_code"] == "42" and hubei["plugin"] == "hubei"
    assert {p["name"]: p for p in data["plugins"]}["hubei"]["hooks"] == ["zjtx_adjust_rules", "zjtx_jurisdictions"]


def test_a_conflict_is_listed_and_exits_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    class One:
        @hookimpl
        def zjtx_jurisdictions(self):
            return [Jurisdiction("atlantis", "亚特兰蒂斯", "53")]

    class Two(One):
        pass

    fac = PluginFacade.create(plugins=[("one", One()), ("two", Two())], entry_points=False)
    monkeypatch.setattr("zjtx.plugins.facade", lambda refresh=False: fac)
    code = main(["plugins", "--as-of", "2025-06-30"])
    out = capsys.readouterr()
    assert code == 1
    assert "one" in out.out and "two" in out.out
    assert "jurisdiction 'atlantis' is claimed by several plug-ins (one, two)" in out.err


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert "national-2026" in out and "Rules in force on 2026-06-30" in out and "trylast" in out


def test_unknown_jurisdiction_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "-j", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err
