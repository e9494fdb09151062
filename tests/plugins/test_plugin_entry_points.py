"""Plug-ins found through the entry-point group ``zjtx``, and the two environment variables.

Each test installs throw-away distributions the way pip would leave them (a ``*.dist-info``
folder with ``entry_points.txt`` next to the module) in a temporary folder on ``sys.path``, so the
real discovery code runs, and errors name the distribution as well as the plug-in.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from zjtx.errors import JurisdictionConflict, PluginError
from zjtx.plugins import PluginFacade

GOOD = '''
from zjtx import hookimpl
from zjtx.model.jurisdiction import Jurisdiction, Region

@hookimpl
def zjtx_jurisdictions():
    return [Jurisdiction("atlantis", "亚特兰蒂斯", "53")]

@hookimpl
def zjtx_regions(jurisdiction):
    return [Region("5301", "昆明市", "atlantis")] if jurisdiction == "atlantis" else None
'''

RAISES = '''
from zjtx import hookimpl

@hookimpl
def zjtx_regions(jurisdiction):
    raise ValueError("no map")
'''


def install(site: Path, dist: str, version: str, module: str, source: str, entry: str | None = None) -> None:
    """Leave ``dist`` installed in ``site``: its module and its dist-info with one ``zjtx`` entry point."""
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[zjtx]\n{entry or module} = {module}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    # only the throw-away plug-ins: whatever else is installed is blocked by the allow-list
    monkeypatch.delenv("ZJTX_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("ZJTX_PLUGINS", raising=False)
    yield folder
    for name in [m for m in sys.modules if m.startswith("zjtx_throwaway")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def test_an_installed_plugin_is_loaded_with_its_distribution(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(site, "zjtx-throwaway", "1.2.3", "zjtx_throwaway_good", GOOD, entry="atlantis")
    monkeypatch.setenv("ZJTX_PLUGINS", "atlantis")
    fac = PluginFacade.create()
    info = {p.name: p for p in fac.plugins()}
    assert set(info) == {"national", "atlantis"}
    assert (info["atlantis"].distribution, info["atlantis"].version) == ("zjtx-throwaway", "1.2.3")
    assert info["atlantis"].jurisdictions == ("atlantis",)
    assert info["atlantis"].hooks == ("zjtx_jurisdictions", "zjtx_regions")
    assert [r.code for r in fac.regions("atlantis")] == ["5301"]


def test_block_list_and_allow_list(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(site, "zjtx-throwaway", "1.0", "zjtx_throwaway_good", GOOD, entry="atlantis")
    monkeypatch.setenv("ZJTX_PLUGINS", "atlantis")
    monkeypatch.setenv("ZJTX_DISABLE_PLUGINS", "atlantis")
    assert [p.name for p in PluginFacade.create().plugins()] == ["national"]
    monkeypatch.delenv("ZJTX_DISABLE_PLUGINS")
    monkeypatch.setenv("ZJTX_PLUGINS", "someone-else")
    assert [p.name for p in PluginFacade.create().plugins()] == ["national"]


def test_errors_name_the_distribution(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(site, "zjtx-throwaway-bad", "0.9", "zjtx_throwaway_raises", RAISES, entry="bad")
    monkeypatch.setenv("ZJTX_PLUGINS", "bad")
    with pytest.raises(PluginError) as err:
        PluginFacade.create().regions("national")
    assert str(err.value) == ("plug-in 'bad' (distribution zjtx-throwaway-bad) failed in hook 'zjtx_regions': "
                              "raised ValueError('no map')")


def test_a_plugin_that_cannot_be_imported_is_named(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(site, "zjtx-throwaway-broken", "0.1", "zjtx_throwaway_broken", "import no_such_module_zjtx\n",
            entry="broken")
    monkeypatch.setenv("ZJTX_PLUGINS", "broken")
    with pytest.raises(PluginError) as err:
        PluginFacade.create()
    assert (err.value.plugin, err.value.hook, err.value.distribution) == ("broken", "<load>", "zjtx-throwaway-broken")


def test_a_misspelt_hook_in_an_installed_plugin(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(site, "zjtx-throwaway-typo", "0.1", "zjtx_throwaway_typo",
            "from zjtx import hookimpl\n\n@hookimpl\ndef zjtx_target_plan(jurisdiction):\n    return []\n", entry="typo")
    monkeypatch.setenv("ZJTX_PLUGINS", "typo")
    with pytest.raises(PluginError, match=r"plug-in 'typo' \(distribution zjtx-throwaway-typo\) failed in hook "
                                          r"'zjtx_target_plan': unknown hook name"):
        PluginFacade.create()


def test_two_installed_plugins_claiming_one_jurisdiction(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(site, "zjtx-throwaway-one", "1.0", "zjtx_throwaway_one", GOOD, entry="one")
    install(site, "zjtx-throwaway-two", "1.0", "zjtx_throwaway_two", GOOD, entry="two")
    monkeypatch.setenv("ZJTX_PLUGINS", "one,two")
    with pytest.raises(JurisdictionConflict) as err:
        PluginFacade.create().jurisdiction("atlantis")
    assert sorted(err.value.plugins) == ["one", "two"]
    # chosen explicitly: by the allow-list, or by blocking the other
    monkeypatch.setenv("ZJTX_PLUGINS", "two")
    assert PluginFacade.create().jurisdiction("atlantis").source == "two"
    monkeypatch.setenv("ZJTX_PLUGINS", "one,two")
    monkeypatch.setenv("ZJTX_DISABLE_PLUGINS", "two")
    assert PluginFacade.create().jurisdiction("atlantis").source == "one"
