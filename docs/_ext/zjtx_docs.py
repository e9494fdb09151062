"""Sphinx extension: the reference pages of zjtx, generated from the code so they cannot drift.

At ``builder-inited`` it writes reStructuredText pages into ``docs/generated/`` (git-ignored):

``generated/rules/``
    the rule tables — every criterion of every tier, for every rule version and every
    jurisdiction served by an installed plug-in, read from the rule declarations through
    :meth:`zjtx.plugins.PluginFacade.rules` (id, label, metric, comparison, threshold, clause,
    provenance, source plug-in; score tables with categories, indicators and bands);
``generated/hooks.rst``
    the hook reference: a table of every hook in :mod:`zjtx.hookspecs` (firstresult or not,
    arguments, return) and the autodoc of each hook specification;
``generated/api/``
    one autodoc page per area of the package (``zjtx.rules``, ``zjtx.model``…), covering every
    public module that exists when the docs are built;
``generated/cli.rst``
    the ``--help`` of every ``zjtx`` sub-command.

Pages are rewritten only when their text changes, and stale pages are removed, so a module or a
plug-in that goes away takes its page with it.

It also adds two directives for pages other engineers provide later: ``optional-toctree`` (a
toctree that leaves out entries whose document does not exist) and ``optional-figure`` (a figure
that is left out while its image file does not exist).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import inspect
import os
import pkgutil
import posixpath
import re
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.images import Figure
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.directives.other import TocTree
from sphinx.util import logging

log = logging.getLogger(__name__)

__all__ = ["setup", "generate_all", "rule_pages", "hook_page", "api_pages", "cli_page", "esc"]

#: Where the generated pages go, relative to the source directory.
GENERATED = "generated"

#: Sub-packages documented elsewhere or not part of the public API.
API_EXCLUDE = ("zjtx.commands", "zjtx.hookspecs", "zjtx.__main__")

#: Titles of the API areas (any other sub-package gets its name as title).
API_AREAS = {
    "zjtx": "zjtx — assessment, explanations, plug-ins, errors",
    "zjtx.rules": "zjtx.rules — rules as data",
    "zjtx.model": "zjtx.model — enterprises, tiers, jurisdictions",
    "zjtx.roster": "zjtx.roster — roster schema, reading and validation",
    "zjtx.national": "zjtx.national — the built-in national rules",
    "zjtx.pipeline": "zjtx.pipeline — seed banks, targets, roadmaps, progress",
    "zjtx.report": "zjtx.report — report sections and renderers",
    "zjtx.testing": "zjtx.testing — strategies and the plug-in conformance kit",
}


# ---------------------------------------------------------------------------------------------
# reST helpers
# ---------------------------------------------------------------------------------------------
_ESCAPE = re.compile(r"([\\`*_|\[\]:<>])")
_ENUMERATOR = re.compile(r"^(\(?)([0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(\s|$)")


def esc(text: object) -> str:
    """``text`` as literal reST: inline markup characters escaped, no list or enumerator start."""
    s = " ".join(str(text).split())
    s = _ESCAPE.sub(r"\\\1", s)
    if s[:1] in ("-", "+", "#", "•", "=", "."):
        s = "\\" + s
    s = _ENUMERATOR.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}{m.group(4)}", s)
    return s


def lit(text: object) -> str:
    """``text`` as an inline literal (ids, metric names, annotations)."""
    s = str(text).replace("\n", " ")
    if "``" in s or not s.strip():
        return esc(s)
    return f"``{s}``"


def title(text: str, char: str = "=", *, over: bool = False) -> str:
    """A section title; CJK characters count double for the underline."""
    width = sum(2 if ord(c) > 0x2E80 else 1 for c in text)
    line = char * max(width, 4)
    return f"{line}\n{text}\n{line}\n" if over else f"{text}\n{line}\n"


def list_table(header: list[str], rows: list[list[str]], *, name: str | None = None, cls: str | None = None,
               widths: list[int] | None = None, caption: str = "") -> str:
    """A ``list-table`` whose cells are already reST (use :func:`esc`)."""
    out = [f".. list-table:: {caption}".rstrip(), "   :header-rows: 1", "   :align: left"]
    if name:
        out.append(f"   :name: {name}")
    if cls:
        out.append(f"   :class: {cls}")
    if widths:
        out.append(f"   :widths: {' '.join(str(w) for w in widths)}")
    out.append("")
    for row in [header, *rows]:
        for i, cell in enumerate(row):
            lead = "   * - " if i == 0 else "     - "
            cell_lines = (cell or "").split("\n")
            out.append((lead + cell_lines[0]).rstrip())
            out.extend(("       " + line).rstrip() for line in cell_lines[1:])
    return "\n".join(out) + "\n"


def _slug(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p)


# ---------------------------------------------------------------------------------------------
# rule tables
# ---------------------------------------------------------------------------------------------
def _fmt_threshold(node: Any) -> str:
    threshold = node.threshold
    if isinstance(threshold, frozenset):
        return "{" + ", ".join(sorted(str(x) for x in threshold)) + "}"
    return node.metric.unit.format(threshold)


def _kind(node: Any) -> str:
    from zjtx.explain import node_kind

    kind = node_kind(node)
    if kind == "test" and getattr(node, "banded", False):
        return "test (band bound)"
    if kind == "at_least":
        return f"at least {node.n} of {len(node.parts)}"
    if kind in ("all_of", "any_of"):
        return f"{kind.replace('_', ' ')} {len(node.parts)}"
    return kind.replace("_", " ")


def _clause_cell(clause: Any, *, repeat: bool = True) -> tuple[str, str]:
    """(clause cell, provenance cell); the wording is left out when ``repeat`` is false."""
    if clause is None:
        return "", ""
    cell = esc(str(clause))
    if clause.text:
        cell += " — “" + esc(clause.text) + "”" if repeat else " (as above)"
    return cell, esc(clause.provenance.value)


def _criteria_rows(root: Any, rules: Any) -> list[list[str]]:
    """One row per node below (and including) ``root``, depth shown by indentation.

    A clause's wording is shown where it first appears and not repeated for the nodes below
    that cite the same clause.
    """
    from zjtx.rules.nodes import Indicator, ScoreAtLeast, Test

    rows: list[list[str]] = []

    def visit(node: Any, depth: int, parent_clause: Any) -> None:
        metric = comparison = threshold = ""
        if isinstance(node, Test):
            metric = lit(node.metric.id)
            comparison = esc(node.op.symbol)
            threshold = esc(_fmt_threshold(node))
        elif isinstance(node, ScoreAtLeast):
            metric = lit(node.score) + (f" [{esc(node.category)}]" if node.category else " (total)")
            comparison = "≥"
            threshold = esc(f"{node.threshold:g}分")
        elif isinstance(node, Indicator):
            metric = lit(node.category)
            comparison = "max"
            threshold = esc(f"{node.max_points:g}分")
        clause, provenance = _clause_cell(node.clause, repeat=node.clause != parent_clause)
        indent = "\u2003" * depth
        label = esc(node.label) + (f" ({esc(node.label_en)})" if node.label_en else "")
        rows.append([f"{indent}{lit(node.id)}", label, esc(_kind(node)), metric, comparison, threshold,
                     clause, provenance, lit(node.source)])
        for child in node.children():
            visit(child, depth + 1, node.clause)

    visit(root, 0, None)
    return rows


CRITERIA_HEADER = ["Criterion", "Requirement", "Kind", "Metric", "Op", "Threshold", "Clause", "Provenance", "Source"]


def describe_condition(node: Any) -> str:
    """A band's condition in words: ``main_business_share ≥ 80%``, ``a or b``, ``at least 2 of …``."""
    from zjtx.rules.nodes import AllOf, AnyOf, AtLeast, ScoreAtLeast, Test

    if node is None:
        return "otherwise"
    if isinstance(node, Test):
        return f"{node.metric.id} {node.op.symbol} {_fmt_threshold(node)}"
    if isinstance(node, ScoreAtLeast):
        return f"{node.score}{'[' + node.category + ']' if node.category else ''} ≥ {node.threshold:g}"
    if isinstance(node, (AllOf, AnyOf)):
        word = " and " if isinstance(node, AllOf) else " or "
        parts = [describe_condition(p) for p in node.parts]
        return word.join(f"({p})" if (" and " in p or " or " in p) else p for p in parts)
    if isinstance(node, AtLeast):
        return f"at least {node.n} of: " + "; ".join(p.label for p in node.parts)
    return node.label


def _score_section(score: Any, rules: Any, anchor: str) -> str:
    out = [title(f"Score {score.id}: {score.label}", "~"), ""]
    if score.clause is not None:
        clause, provenance = _clause_cell(score.clause)
        out += [f"Clause: {clause} [{provenance}]", ""]
    out += [f"Maximum {score.max_points:g} points over {len(score.categories)} categories and "
            f"{len(score.indicators)} indicators.", ""]
    cat_rows = []
    for cat in score.categories:
        inds = score.in_category(cat.id)
        cat_rows.append([lit(cat.id), esc(cat.label) + (f" ({esc(cat.label_en)})" if cat.label_en else ""),
                         esc(f"{cat.max_points:g}"), esc(f"{sum(i.max_points for i in inds):g}"), esc(str(len(inds)))])
    out.append(list_table(["Category", "Label", "Max points", "Indicators' points", "Indicators"], cat_rows,
                          name=f"{anchor}-categories", cls="zjtx-score-categories"))
    rows: list[list[str]] = []
    labels = {c.id: c.label for c in score.categories}
    number = 0
    for cat in score.categories:
        for ind in score.in_category(cat.id):
            number += 1
            clause, provenance = _clause_cell(ind.clause)
            for k, band in enumerate(ind.bands):
                cond = describe_condition(band.test)
                if band.test is None and band.label:
                    cond = f"otherwise: {band.label}"
                elif band.test is not None:
                    cond = f"{cond}"
                first = k == 0
                rows.append([
                    esc(f"{labels[cat.id]} ({cat.max_points:g})") if first else "",
                    esc(str(number)) if first else "",
                    (lit(ind.id) + " " + esc(ind.label)) if first else "",
                    esc(f"{ind.max_points:g}") if first else "",
                    esc(f"{band.points:g}"),
                    (lit(band.test.id) + " " if band.test is not None else "") + esc(cond),
                    (clause + (f" [{provenance}]" if provenance else "")) if first else "",
                    lit(ind.source) if first else "",
                ])
    out.append(list_table(["Category (max)", "#", "Indicator", "Max", "Points", "Condition", "Clause", "Source"],
                          rows, name=anchor, cls="zjtx-score-table"))
    return "\n".join(out)


def _metric_rows(rules: Any) -> list[list[str]]:
    rows = []
    for metric in rules.metrics():
        inputs = ", ".join(f.key for f in metric.inputs)
        label = esc(metric.label) + (f" ({esc(metric.label_en)})" if metric.label_en else "")
        rows.append([lit(metric.id), label, esc(type(metric).__name__), esc(metric.unit.value), lit(inputs)])
    return rows


def _changes(ruleset: Any, baseline: Any | None) -> list[str]:
    """What the plug-ins change compared with the national rules of the same version."""
    lines: list[str] = []
    if baseline is not None and ruleset.options != baseline.options:
        for key, value in ruleset.options.as_dict().items():
            if baseline.options.as_dict()[key] != value:
                lines.append(f"* option {lit(key)} = {lit(repr(value))} "
                             f"(national default {lit(repr(baseline.options.as_dict()[key]))})")
    for tier, rules in ruleset.tiers.items():
        base_ids = {n.id: n for n in baseline[tier].nodes()} if baseline is not None else {}
        seen: set[str] = set()
        for node in rules.nodes():
            if node.id in seen:
                continue
            seen.add(node.id)
            if node.source != "national":
                what = "changed" if node.id in base_ids else "added"
                lines.append(f"* {esc(tier.label)}: {lit(node.id)} {esc(node.label)} — {what} by {lit(node.source)}")
        for node_id in base_ids:
            if node_id not in seen:
                lines.append(f"* {esc(tier.label)}: {lit(node_id)} {esc(base_ids[node_id].label)} — removed")
    return lines


def _rules_as_of(version: Any, overrides: dict[str, str]) -> dt.date:
    if version.id in overrides:
        return dt.date.fromisoformat(overrides[version.id])
    return version.valid_until or version.valid_from


def rule_page(ruleset: Any, as_of: dt.date, baseline: Any | None = None) -> str:
    """The page of one rule set (one version, one jurisdiction)."""
    from zjtx.model.tier import Tier

    version = ruleset.version
    jid = ruleset.jurisdiction or "national"
    anchor = _slug(version.id, jid)
    out = [f".. _rules-{anchor}:", "", title(f"{version.id} · {jid}", "="), ""]
    out += [f":Rule version: {lit(version.id)} — {esc(version.title)} ({esc(version.document)})",
            f":In force: {version.valid_from.isoformat()} to "
            f"{version.valid_until.isoformat() if version.valid_until else 'open-ended'}",
            f":Provisional: {'yes — rests on third-party figures' if version.provisional else 'no'}",
            f":Jurisdiction: {lit(jid)}",
            f":Resolved for: {as_of.isoformat()}",
            f":Plug-ins applied: {', '.join(lit(s) for s in ruleset.sources)}",
            ""]
    out += [".. rubric:: Options in force", ""]
    out.append(list_table(["Option", "Value"], [[lit(k), lit(repr(v))] for k, v in ruleset.options.as_dict().items()],
                          name=f"{anchor}-options", cls="zjtx-options"))
    if jid != "national":
        out += [".. rubric:: Changes by plug-ins", ""]
        changes = _changes(ruleset, baseline)
        out += (changes or ["No criterion differs from the national rules."]) + [""]
    for tier in Tier.ladder():
        if tier not in ruleset.tiers:
            continue
        rules = ruleset.tiers[tier]
        tier_anchor = _slug(version.id, jid, tier.value)
        out += [f".. _rules-{tier_anchor}:", "", title(f"{tier.label} ({tier.label_en})", "-"), ""]
        out += [title("Eligibility", "~"), ""]
        out.append(list_table(CRITERIA_HEADER, _criteria_rows(rules.eligibility, rules),
                              name=f"{tier_anchor}-eligibility", cls="zjtx-criteria"))
        for score in rules.scores:
            out.append(_score_section(score, rules, _slug(version.id, jid, score.id)))
            rows: list[list[str]] = []
            for ind in score.indicators:
                rows.extend(_criteria_rows(ind, rules))
            out += [".. rubric:: Every node of the score", ""]
            out.append(list_table(CRITERIA_HEADER, rows, name=f"{_slug(version.id, jid, score.id)}-nodes",
                                  cls="zjtx-criteria"))
        if rules.reported:
            out += [title("Reported, not part of the verdict", "~"), ""]
            rows = []
            for node in rules.reported:
                rows.extend(_criteria_rows(node, rules))
            out.append(list_table(CRITERIA_HEADER, rows, name=f"{tier_anchor}-reported", cls="zjtx-criteria"))
        out += [title("Metrics read", "~"), ""]
        out.append(list_table(["Metric", "Label", "Kind", "Unit", "Inputs"], _metric_rows(rules),
                              name=f"{tier_anchor}-metrics", cls="zjtx-metrics"))
    return "\n".join(out)


def rule_pages(facade: Any = None, as_of: dict[str, str] | None = None) -> dict[str, str]:
    """``{relative path: reST}`` for the rule index and one page per version × jurisdiction."""
    from zjtx.plugins import facade as default_facade

    fac = facade or default_facade()
    overrides = dict(as_of or {})
    versions = fac.rule_versions()
    jurisdictions = sorted(fac.jurisdictions().values(), key=lambda j: (j.id != "national", j.id))
    pages: dict[str, str] = {}
    index = [".. _rule-tables:", "", title("Rule tables", "="), "",
             "Generated from the rule declarations by ``docs/_ext/zjtx_docs.py`` each time the documentation "
             "is built: every criterion of every tier, with its metric, comparison, threshold, clause, "
             "provenance and the plug-in that supplied it, for every rule version and every jurisdiction "
             "served by an installed plug-in. Nothing here is written by hand.", ""]
    rows = []
    entries = []
    for version in versions:
        day = _rules_as_of(version, overrides)
        baseline = fac.rules(day, "national", version=version.id)
        for jur in jurisdictions:
            ruleset = baseline if jur.id == "national" else fac.rules(day, jur.id, version=version.id)
            name = f"rules/{_slug(version.id, jur.id)}"
            pages[f"{name}.rst"] = rule_page(ruleset, day, baseline)
            entries.append(f"   {_slug(version.id, jur.id)}")
            count = sum(len({n.id for n in t.nodes()}) for t in ruleset.tiers.values())
            rows.append([f":ref:`{esc(version.id)} <rules-{_slug(version.id, jur.id)}>`", esc(jur.id),
                         esc(jur.name), lit(jur.source or "national"), esc(version.valid_from.isoformat()),
                         esc(version.valid_until.isoformat() if version.valid_until else "open-ended"),
                         "yes" if version.provisional else "no", day.isoformat(), str(count)])
    index.append(list_table(["Rule version", "Jurisdiction", "Name", "Plug-in", "From", "Until", "Provisional",
                             "Resolved for", "Criteria"], rows, name="rule-tables-index", cls="zjtx-rule-index"))
    columns = fac.roster_columns()
    if columns:
        index += ["", title("Roster columns declared by plug-ins", "-"), "",
                  "Criteria of a plug-in may read columns beyond the canonical roster "
                  "(:func:`~zjtx.hookspecs.zjtx_roster_columns`):", ""]
        index.append(list_table(["Column", "Chinese headers", "Kind", "Plug-in"], [
            [lit(c.name), esc(", ".join(getattr(c, "aliases", ()) or ())), esc(getattr(c.kind, "value", c.kind)),
             lit(c.source)] for c in columns], name="rule-tables-columns", cls="zjtx-metrics"))
    index += ["", ".. toctree::", "   :maxdepth: 1", "", *entries, ""]
    pages["rules/index.rst"] = "\n".join(index)
    return pages


# ---------------------------------------------------------------------------------------------
# hook reference
# ---------------------------------------------------------------------------------------------
def hook_specs() -> list[tuple[str, Any, dict[str, Any]]]:
    """``(name, function, spec options)`` of every hook in :mod:`zjtx.hookspecs`, in source order."""
    from zjtx import hookspecs

    marker = f"{hookspecs.PROJECT}_spec"
    found = []
    for name, obj in vars(hookspecs).items():
        opts = getattr(obj, marker, None)
        if inspect.isfunction(obj) and opts is not None:
            found.append((name, obj, dict(opts)))
    return found


def _first_sentence(doc: str | None) -> str:
    """The first paragraph of a docstring, on one line (still reST)."""
    return " ".join(inspect.cleandoc(doc or "").split("\n\n")[0].split())


def hook_page() -> dict[str, str]:
    """The hook reference: table and autodoc of every hook specification."""
    rows = []
    specs = hook_specs()
    for name, fn, opts in specs:
        sig = inspect.signature(fn)
        args = ", ".join(lit(f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name)
                         for p in sig.parameters.values()) or "—"
        ret = lit(sig.return_annotation) if sig.return_annotation is not sig.empty else "—"
        flags = "yes" if opts.get("firstresult") else "no"
        if opts.get("historic"):
            flags += " (historic)"
        # the docstring's first paragraph is reST already: shown as written
        rows.append([f":func:`{name} <zjtx.hookspecs.{name}>`", flags, args, ret, _first_sentence(fn.__doc__)])
    out = [".. _hook-reference:", "", title("Hook reference", "="), "",
           "Generated from ``src/zjtx/hookspecs.py`` each time the documentation is built. "
           "*firstresult* hooks stop at the first implementation that returns something other than "
           "``None`` (a province's answer wins over the national default, which is registered "
           "``trylast``); the others collect every plug-in's answer.", "",
           f"{len(specs)} hooks.", "",
           list_table(["Hook", "firstresult", "Arguments", "Returns", "Purpose"], rows, name="hook-table",
                      cls="zjtx-hook-table"),
           ".. automodule:: zjtx.hookspecs", "   :no-members:", ""]
    out += [title("Hook specifications", "-"), ""]
    for name, _fn, _opts in specs:
        out += [f".. autofunction:: zjtx.hookspecs.{name}", ""]
    return {"hooks.rst": "\n".join(out)}


# ---------------------------------------------------------------------------------------------
# API reference
# ---------------------------------------------------------------------------------------------
def public_modules(package: str = "zjtx") -> tuple[list[str], dict[str, str]]:
    """The public modules of ``package`` (importable ones) and those that could not be imported.

    A module is public unless a part of its name starts with ``_`` or it is in
    :data:`API_EXCLUDE`. Modules whose import fails for a missing third-party package (an
    optional extra such as dask) are returned apart, with the reason, and documented as such.
    """
    root = importlib.import_module(package)
    names = [package]
    missing: dict[str, str] = {}

    def onerror(name: str) -> None:
        missing[name] = "could not be imported"

    for info in pkgutil.walk_packages(root.__path__, f"{package}.", onerror=onerror):
        names.append(info.name)
    out = []
    for name in sorted(set(names)):
        if any(part.startswith("_") for part in name.split(".")):
            continue
        if any(name == ex or name.startswith(ex + ".") for ex in API_EXCLUDE):
            continue
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and not exc.name.startswith(package):
                missing[name] = f"needs the optional package {exc.name!r}"
                continue
            raise
        out.append(name)
    for name in list(missing):
        if any(part.startswith("_") for part in name.split(".")):
            del missing[name]
    return out, missing


def _area(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return parts[0]
    sub = ".".join(parts[:2])
    try:
        is_package = hasattr(importlib.import_module(sub), "__path__")
    except ImportError:
        is_package = True
    return sub if is_package else parts[0]


def api_pages() -> dict[str, str]:
    """One autodoc page per area of the package, and an index."""
    modules, missing = public_modules()
    areas: dict[str, list[str]] = {}
    for name in modules:
        areas.setdefault(_area(name), []).append(name)
    for name in missing:
        areas.setdefault(_area(name), [])
    pages: dict[str, str] = {}
    entries = []
    for area in sorted(areas, key=lambda a: (a != "zjtx", a)):
        heading = API_AREAS.get(area, area)
        out = [f".. _api-{_slug(area)}:", "", title(heading, "="), ""]
        if area == "zjtx":
            out += _top_level_summary()
        for name in sorted(areas[area], key=lambda n: (n != area, n)):
            out += [title(name, "-"), "", f".. automodule:: {name}", "   :members:", "   :ignore-module-all:",
                    "   :show-inheritance:", ""]
        for name, reason in sorted(missing.items()):
            if _area(name) == area:
                out += [title(name, "-"), "", f".. note:: ``{name}`` is not documented in this build: {esc(reason)}.",
                        ""]
        if area == "zjtx":
            out += ["The hook specifications (``zjtx.hookspecs``) are documented in :ref:`hook-reference`.", ""]
        slug = _slug(area)
        pages[f"api/{slug}.rst"] = "\n".join(out)
        entries.append(f"   {slug}")
    index = [".. _api-reference:", "", title("API reference", "="), "",
             "Generated from the docstrings of every public module of the installed ``zjtx`` "
             "(a module added to the package appears here at the next build).", "",
             ".. toctree::", "   :maxdepth: 2", "", *entries, ""]
    pages["api/index.rst"] = "\n".join(index)
    return pages


def _top_level_summary() -> list[str]:
    import zjtx

    rows = []
    for name in sorted(zjtx.__all__, key=str.lower):
        obj = getattr(zjtx, name)
        module = getattr(obj, "__module__", None)
        qual = getattr(obj, "__qualname__", None)
        if module and qual and module != "zjtx" and (inspect.isclass(obj) or inspect.isfunction(obj)):
            role = "class" if inspect.isclass(obj) else "func"
            target = f":py:{role}:`zjtx.{name} <{module}.{qual}>`"
        elif inspect.isfunction(obj):
            target = f":py:func:`zjtx.{name}`"
        else:
            target = lit(f"zjtx.{name}")
        doc = _first_sentence(inspect.getdoc(obj)) if (inspect.isclass(obj) or inspect.isfunction(obj)) else ""
        rows.append([target, doc])
    return ["Everything below is importable from the top-level package (``import zjtx``):", "",
            list_table(["Name", "Summary"], rows, name="api-top-level", cls="zjtx-api-summary", widths=[30, 70]), ""]


# ---------------------------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------------------------
def cli_page() -> dict[str, str]:
    """The ``--help`` of ``zjtx`` and of every sub-command available in this installation."""
    from zjtx.cli import build_parser

    with _columns(96):
        parser = build_parser()
        out = [".. _cli-reference:", "", title("Command line", "="), "",
               "Generated from the argument parser each time the documentation is built.", "",
               title("zjtx", "-"), "", ".. code-block:: text", "", textwrap.indent(parser.format_help(), "   "), ""]
        for action in parser._actions:  # argparse keeps sub-parsers here only
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    out += [title(f"zjtx {name}", "-"), "", ".. code-block:: text", "",
                            textwrap.indent(sub.format_help(), "   "), ""]
    return {"cli.rst": "\n".join(out)}


@contextlib.contextmanager
def _columns(width: int) -> Iterator[None]:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


# ---------------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------------
def generate_all(rules_as_of: dict[str, str] | None = None) -> dict[str, str]:
    """Every generated page, ``{path relative to generated/: reST}``."""
    pages: dict[str, str] = {}
    pages.update(rule_pages(as_of=rules_as_of))
    pages.update(hook_page())
    pages.update(api_pages())
    pages.update(cli_page())
    return pages


def sync(directory: Path, pages: dict[str, str]) -> list[Path]:
    """Write ``pages`` under ``directory`` (only those whose text changed); delete stale ``.rst``."""
    written = []
    for rel, text in pages.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    wanted = {(directory / rel).resolve() for rel in pages}
    if directory.exists():
        for path in directory.rglob("*.rst"):
            if path.resolve() not in wanted:
                path.unlink()
    return written


def _generate(app: Sphinx) -> None:
    if not app.config.zjtx_docs_generate:
        return
    directory = Path(app.srcdir) / GENERATED
    pages = generate_all(app.config.zjtx_rules_as_of)
    written = sync(directory, pages)
    log.info("zjtx_docs: %d generated pages (%d rewritten)", len(pages), len(written))


# ---------------------------------------------------------------------------------------------
# directives for pages that appear later
# ---------------------------------------------------------------------------------------------
class OptionalTocTree(TocTree):
    """A toctree that silently leaves out entries whose document does not exist (yet)."""

    def run(self) -> list[Any]:
        found = self.env.found_docs
        kept = StringList()
        for i, line in enumerate(self.content):
            entry = line.strip()
            match = re.match(r"^(.*?)\s*<(.+)>$", entry)
            target = match.group(2) if match else entry
            if not entry or self._exists(target, found):
                kept.append(line, *self.content.info(i))
        self.content = kept
        return super().run()

    def _exists(self, target: str, found: Iterable[str]) -> bool:
        if "*" in target or "?" in target or target == "self" or "://" in target:
            return True
        target = re.sub(r"\.(md|rst)$", "", target)
        if target.startswith("/"):
            docname = target[1:]
        else:
            docname = posixpath.normpath(posixpath.join(posixpath.dirname(self.env.docname), target))
        return docname in found


class OptionalFigure(Figure):
    """A figure left out while its image file does not exist (one another engineer provides
    later); with ``:placeholder: TEXT`` that text is shown instead."""

    option_spec = {**Figure.option_spec, "placeholder": directives.unchanged}

    def run(self) -> list[Any]:
        env = self.state.document.settings.env
        _rel, abs_path = env.relfn2path(directives.uri(self.arguments[0]), env.docname)
        placeholder = self.options.pop("placeholder", None)
        if Path(abs_path).exists():
            return super().run()
        if not placeholder:
            return []
        textnodes, messages = self.state.inline_text(placeholder, self.lineno)
        return [nodes.paragraph(placeholder, "", *textnodes), *messages]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("zjtx_rules_as_of", {}, "env", types=[dict])
    app.add_config_value("zjtx_docs_generate", True, "env", types=[bool])
    app.add_directive("optional-toctree", OptionalTocTree)
    app.add_directive("optional-figure", OptionalFigure)
    app.connect("builder-inited", _generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
