"""Follow the plug-in guide (docs/howto/plugin.md) step by step and check it yields a working plug-in.

The guide's code blocks named ``guide-*`` are taken in page order: in a ``console`` block every
``$ `` line is a command (run in a shell; ``cd`` moves the working folder) and the lines after it
are the output it must print (whitespace-normalised); a block with a ``:caption:`` is a file,
written to the path the caption names. Everything happens in an empty temporary folder.

The commands run in a throw-away virtual environment that sees the packages of the one running
the tests (through a ``.pth`` file) but installs into its own ``site-packages``, so the
``pip install -e .`` of the guide does not register the new plug-in for the rest of the test
session. ``zjtx``, ``pytest`` and ``pip`` there are small wrappers around that environment's
Python. pip runs offline (``--no-index``, no build isolation: the build uses the installed
setuptools, which must read PEP 639 license strings, i.e. setuptools ≥ 77 from the ``dev``
extra); with an older setuptools pip builds in isolation from its configured index, as
``make setup`` does.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

import attrs

from docs_support import DOCS

GUIDE = DOCS / "howto" / "plugin.md"


@attrs.frozen
class Step:
    name: str
    language: str
    caption: str | None
    body: str


def guide_steps(text: str) -> list[Step]:
    """The ``guide-*`` code blocks of a MyST page, in order."""
    steps = []
    fence = re.compile(r"^```\{code-block\} (\S+)\n((?::\w+:[^\n]*\n)*)\n?(.*?)^```[ \t]*$", re.M | re.S)
    for match in fence.finditer(text):
        options = dict(re.findall(r"^:(\w+): *(.*)$", match.group(2), re.M))
        name = options.get("name", "")
        if name.startswith("guide-"):
            steps.append(Step(name, match.group(1), options.get("caption"), match.group(3)))
    return steps


def commands(body: str) -> list[tuple[str, list[str]]]:
    """``[(command, expected output lines)]`` of a console block."""
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            out.append((line[2:].strip(), []))
        elif line.strip() and out:
            out[-1][1].append(line)
    return out


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _setuptools_reads_pep639() -> bool:
    try:
        major = int(importlib.metadata.version("setuptools").split(".")[0])
    except importlib.metadata.PackageNotFoundError:
        return False
    return major >= 77


def make_environment(root: Path) -> dict[str, str]:
    """A virtual environment in ``root`` that sees this one's packages but installs into its own."""
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    parent = sysconfig.get_paths()["purelib"]
    # addsitedir (not a plain path line) so the parent's own .pth files (editable installs) apply
    Path(purelib, "zjtx-guide-parent.pth").write_text(f"import site; site.addsitedir({parent!r})\n")
    for tool, module in (("zjtx", "zjtx.cli"), ("pytest", "pytest"), ("pip", "pip")):
        script = venv / "bin" / tool
        script.write_text(f'#!/bin/sh\nexec "{python}" -m {module} "$@"\n')
        script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZJTX_", "PYTEST_", "VIRTUAL_ENV"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv),
               PYTHONDONTWRITEBYTECODE="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1", COLUMNS="200")
    if _setuptools_reads_pep639():
        env.update(PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0")  # pip reads "0" here as --no-build-isolation
    return env


def test_the_guide_has_every_step() -> None:
    steps = guide_steps(GUIDE.read_text(encoding="utf-8"))
    names = [s.name for s in steps]
    assert names == ["guide-generate", "guide-first-test", "guide-plugin-py", "guide-test-py", "guide-test",
                     "guide-install", "guide-try-py", "guide-try"]
    run = [c for s in steps if s.language == "console" for c, _ in commands(s.body)]
    assert any(c.startswith("zjtx new-plugin ") for c in run)
    assert "pip install -e ." in run and "pytest -q" in run


def test_following_the_guide_produces_a_working_plugin(tmp_path: Path) -> None:
    env = make_environment(tmp_path)
    cwd = tmp_path / "work"
    cwd.mkdir()
    log: list[str] = []
    for step in guide_steps(GUIDE.read_text(encoding="utf-8")):
        if step.caption:
            path = cwd / step.caption
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(step.body, encoding="utf-8")
            log.append(f"[{step.name}] wrote {step.caption}")
            continue
        assert step.language == "console", f"{step.name}: a {step.language} block needs a :caption: (its file)"
        for command, expected in commands(step.body):
            if command.startswith("cd "):
                cwd = (cwd / shlex.split(command)[1]).resolve()
                assert cwd.is_dir(), f"{step.name}: {command}: no such folder"
                continue
            done = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
            output = done.stdout + done.stderr
            log.append(f"[{step.name}] $ {command} → {done.returncode}\n{output[-3000:]}")
            assert done.returncode == 0, "\n".join(log)
            for line in expected:
                assert _normalise(line) in _normalise(output), f"{step.name}: {command}: expected {line!r}\n" + log[-1]
            if command == "zjtx plugins":
                assert "guangdong" in output, log[-1]
            if command.startswith("pytest"):
                assert re.search(r"\b\d+ passed\b", output) and "failed" not in output, log[-1]
    plugin = cwd / "src" / "zjtx_guangdong" / "plugin.py"
    assert plugin.exists(), "the guide did not generate the package"
    # the plug-in is installed in the guide's environment only
    found = subprocess.run(["python", "-c", "import importlib.metadata as m; "
                            "print(sorted(e.name for e in m.entry_points(group='zjtx')))"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert "guangdong" in found
    assert "guangdong" not in {e.name for e in importlib.metadata.entry_points(group="zjtx")}
