"""``zjtx new-plugin NAME``: the generated package's own tests pass at once, and once installed it
is found through its entry point."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from zjtx.cli import main
from zjtx.commands.new_plugin import generate
from zjtx.plugins import PluginFacade


@pytest.mark.parametrize(("name", "code"), [("hubei", "42"), ("demo-anywhere", None)])
def test_generated_package_tests_pass(tmp_path: Path, name: str, code: str | None) -> None:
    args = ["new-plugin", name, "--output", str(tmp_path)] + (["--province-code", code] if code else [])
    assert main(args) == 0
    target = tmp_path / f"zjtx-{name}"
    module = "zjtx_" + name.replace("-", "_")
    assert (target / "src" / module / "plugin.py").is_file()
    assert (target / "tests" / f"test_{module}.py").is_file()
    assert not list(target.rglob("*.tmpl"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "ZJTX_"))}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target)],
                          cwd=target, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "13 passed" in done.stdout  # its 4 own tests and the 9 conformance checks of zjtx.testing


def test_generated_pyproject_declares_the_entry_point(tmp_path: Path) -> None:
    target = generate("hubei", tmp_path, province_code="42")
    meta = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["name"] == "zjtx-hubei"
    assert meta["project"]["entry-points"]["zjtx"] == {"hubei": "zjtx_hubei.plugin"}
    assert any(dep.startswith("zjtx") for dep in meta["project"]["dependencies"])
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "湖北省" in readme and "{{" not in readme


def test_installed_generated_package_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = generate("hubei", tmp_path / "out", province_code="42")
    meta = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))
    # what `pip install` leaves: the package importable and a dist-info with the entry points
    site = tmp_path / "site"
    info = site / "zjtx_hubei-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: zjtx-hubei\nVersion: 0.1.0\n", encoding="utf-8")
    entries = "".join(f"{k} = {v}\n" for k, v in meta["project"]["entry-points"]["zjtx"].items())
    (info / "entry_points.txt").write_text("[zjtx]\n" + entries, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(target / "src"))
    monkeypatch.setenv("ZJTX_PLUGINS", "hubei")
    monkeypatch.delenv("ZJTX_DISABLE_PLUGINS", raising=False)
    try:
        fac = PluginFacade.create()
        info_row = {p.name: p for p in fac.plugins()}["hubei"]
        assert (info_row.distribution, info_row.version, info_row.jurisdictions) == ("zjtx-hubei", "0.1.0", ("hubei",))
        assert fac.jurisdiction("hubei").province_code == "42"
        assert fac.rules(__import__("datetime").date(2025, 6, 30), "hubei")["srdi_sme"].find("general.G1").threshold \
            == frozenset({"42"})
    finally:
        for mod in [m for m in sys.modules if m.startswith("zjtx_hubei")]:
            del sys.modules[mod]
        importlib.invalidate_caches()


@pytest.mark.parametrize(("args", "message"), [
    (["Hubei"], "must be lower case"),
    (["hubei", "--province-code", "99"], "unknown province code"),
])  # fmt: skip
def test_bad_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(["new-plugin", *args, "--output", str(tmp_path)]) == 2
    assert message in capsys.readouterr().out
    assert not list(tmp_path.iterdir())


def test_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "zjtx-hubei").mkdir()
    assert main(["new-plugin", "hubei", "--output", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().out
    assert not list((tmp_path / "zjtx-hubei").iterdir())
