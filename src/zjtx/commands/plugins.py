"""``zjtx plugins``: what is loaded, what each plug-in serves, and which rules are in force.

Lists every loaded plug-in (name, distribution, version, jurisdictions, hooks implemented), the
rule versions with their validity, and, for the assessment date ``--as-of``, the rule version in
force in each jurisdiction with the plug-ins that contribute to it. ``--json`` prints the same as
one JSON object. Two plug-ins claiming one jurisdiction is reported (exit code 1) with the
listing still printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from zjtx.errors import JurisdictionConflict

__all__ = ["register", "describe"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("plugins", help="list loaded plug-ins and the rule version in force",
                       description="List loaded plug-ins, their jurisdictions and hooks, and the rule version "
                                   "in force on a date.")
    p.add_argument("--as-of", metavar="DATE", help="date whose rule version to show, YYYY-MM-DD (default: today)")
    p.add_argument("--jurisdiction", "-j", metavar="J", help="show only this jurisdiction's rules in force")
    p.add_argument("--rule-version", metavar="ID", help="pin a rule version instead of the one in force")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=run)


def describe(
    as_of: dt.date, *, jurisdiction: str | None = None, rule_version: str | None = None, plugins: Any = None
) -> dict[str, Any]:
    """The listing as plain data (what ``zjtx plugins --json`` prints)."""
    from zjtx.plugins import facade

    fac = plugins or facade()
    out: dict[str, Any] = {"as_of": as_of.isoformat(), "plugins": [], "rule_versions": [], "in_force": [],
                           "conflicts": []}
    for info in fac.plugins():
        out["plugins"].append({"name": info.name, "distribution": info.distribution, "version": info.version,
                               "jurisdictions": list(info.jurisdictions), "hooks": list(info.hooks)})
    in_force = fac.rule_version(as_of, rule_version)
    for v in fac.rule_versions():
        out["rule_versions"].append({
            "id": v.id, "title": v.title, "document": v.document, "valid_from": v.valid_from.isoformat(),
            "valid_until": v.valid_until.isoformat() if v.valid_until else None, "provisional": v.provisional,
            "source": v.source, "in_force": v.id == in_force.id,
        })
    try:
        table = fac.jurisdictions()
    except JurisdictionConflict as exc:
        out["conflicts"].append({"jurisdiction": exc.jurisdiction, "plugins": list(exc.plugins), "message": str(exc)})
        return out
    wanted = [fac.jurisdiction(jurisdiction).id] if jurisdiction else sorted(table)
    for jid in wanted:
        jur = table[jid]
        rules = fac.rules(as_of, jid, version=rule_version)
        out["in_force"].append({
            "jurisdiction": jid, "name": jur.name, "province_code": jur.province_code, "plugin": jur.source,
            "rule_version": rules.version.id, "provisional": rules.provisional, "sources": list(rules.sources),
        })
    return out


def run(args: argparse.Namespace) -> int:
    from zjtx.assess import _as_date

    day = _as_date(args.as_of)
    data = describe(day, jurisdiction=args.jurisdiction, rule_version=args.rule_version)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print(data)
    if data["conflicts"]:
        for c in data["conflicts"]:
            print(f"zjtx plugins: {c['message']}", file=sys.stderr)
        return 1
    return 0


def _print(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout, width=200)
    plugins = Table(title="Loaded plug-ins (entry-point group zjtx; national is built in, trylast)")
    for col in ("plug-in", "distribution", "version", "jurisdictions", "hooks"):
        plugins.add_column(col)
    for p in data["plugins"]:
        hooks = ", ".join(h.removeprefix("zjtx_") for h in p["hooks"])
        plugins.add_row(p["name"], p["distribution"] or "—", p["version"] or "—", ", ".join(p["jurisdictions"]) or "—",
                        hooks)
    console.print(plugins)
    versions = Table(title=f"Rule versions (in force on {data['as_of']}: *)")
    for col in ("", "version", "title", "document", "from", "until", "provisional", "plug-in"):
        versions.add_column(col)
    for v in data["rule_versions"]:
        versions.add_row("*" if v["in_force"] else "", v["id"], v["title"], v["document"], v["valid_from"],
                         v["valid_until"] or "open-ended", "yes" if v["provisional"] else "no", v["source"])
    console.print(versions)
    if data["in_force"]:
        force = Table(title=f"Rules in force on {data['as_of']} by jurisdiction")
        for col in ("jurisdiction", "name", "province", "served by", "rule version", "provisional", "contributing plug-ins"):
            force.add_column(col)
        for j in data["in_force"]:
            force.add_row(j["jurisdiction"], j["name"], j["province_code"] or "all", j["plugin"], j["rule_version"],
                          "yes" if j["provisional"] else "no", ", ".join(j["sources"]))
        console.print(force)
