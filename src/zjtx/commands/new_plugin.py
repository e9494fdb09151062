"""``zjtx new-plugin NAME``: a new province plug-in package whose tests pass at once.

The package is generated from the template shipped as package data
(``zjtx/data/plugin_template``): ``pyproject.toml`` with the ``zjtx`` entry point, a ``src``
layout with ``plugin.py`` holding commented hook implementations, a README, and tests that build
a facade from the module itself, so ``pytest`` passes before the package is even installed.
"""

from __future__ import annotations

import argparse
import re
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from zjtx.model.codes import PROVINCE_CODES

__all__ = ["register", "generate", "TEMPLATE", "NAME_PATTERN"]

#: The template's location inside the zjtx package.
TEMPLATE = ("data", "plugin_template")
#: A plug-in name is also its jurisdiction id and the end of its distribution name.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_\-]*$")
_MODULE_PLACEHOLDER = "__module__"
_SUFFIX = ".tmpl"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("new-plugin", help="generate a new province plug-in package",
                       description="Generate zjtx-NAME: an installable plug-in package whose tests pass at once.")
    p.add_argument("name", help="plug-in and jurisdiction id, lower case (e.g. hubei)")
    p.add_argument("--province-code", metavar="NN", help="two-digit province code (e.g. 42); default: any province")
    p.add_argument("--title", help="Chinese name of the jurisdiction (default: from the province code)")
    p.add_argument("--output", "-o", metavar="DIR", default=".", help="folder to create zjtx-NAME in (default: .)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        target = generate(args.name, args.output, province_code=args.province_code, title=args.title)
    except (ValueError, FileExistsError) as exc:
        print(f"zjtx new-plugin: {exc}")
        return 2
    print(f"created {target}")
    print(f"  next: pip install -e {target} && pytest {target}")
    return 0


def generate(
    name: str, output: str | Path = ".", *, province_code: str | None = None, title: str | None = None
) -> Path:
    """Write the package ``zjtx-<name>`` under ``output`` and return its folder.

    Raises :class:`ValueError` for a bad name or province code and :class:`FileExistsError` if
    the folder exists (nothing is overwritten).
    """
    if not NAME_PATTERN.match(name):
        raise ValueError(f"plug-in name {name!r} must be lower case letters, digits, '_' or '-', starting with a letter")
    if province_code is not None and province_code not in PROVINCE_CODES:
        raise ValueError(f"unknown province code {province_code!r}; expected one of {sorted(PROVINCE_CODES)}")
    from zjtx import __version__

    module = "zjtx_" + name.replace("-", "_")
    values = {
        "name": name,
        "dist": f"zjtx-{name}",
        "module": module,
        "title": title or (PROVINCE_CODES[province_code] if province_code else name),
        "province_code_repr": repr(province_code),
        "province_code_text": province_code or "any",
        "zjtx_version": __version__,
    }
    target = Path(output) / values["dist"]
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    root = resources.files("zjtx").joinpath(*TEMPLATE)
    files = list(_walk(root, ()))
    if not files:  # pragma: no cover - a broken installation
        raise FileNotFoundError(f"plug-in template missing from the zjtx package ({'/'.join(TEMPLATE)})")
    for parts, source in files:
        rel = [p.replace(_MODULE_PLACEHOLDER, module) for p in parts]
        rel[-1] = rel[-1].removesuffix(_SUFFIX)
        path = target.joinpath(*rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_render(source.read_text(encoding="utf-8"), values), encoding="utf-8")
    return target


def _walk(node: Traversable, parts: tuple[str, ...]):  # type: ignore[no-untyped-def]
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        if child.is_dir():
            yield from _walk(child, (*parts, child.name))
        elif child.name.endswith(_SUFFIX):
            yield (*parts, child.name), child


def _render(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{\w+\}\}", text)
    if left:  # pragma: no cover - a template bug
        raise ValueError(f"template placeholders without a value: {sorted(set(left))}")
    return text
