"""``zjtx explain ROSTER USCC``: why an enterprise is or is not eligible, criterion by criterion."""

from __future__ import annotations

import argparse

from zjtx.commands._common import add_assessment_options, parse_options

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("explain", help="explain one enterprise's verdicts",
                       description="Print each tier's outcome and the criteria that decide it, with gaps and clauses.")
    p.add_argument("roster", help="roster file")
    p.add_argument("uscc", help="统一社会信用代码 of the enterprise")
    p.add_argument("--tier", help="only this tier (innovative_sme, srdi_sme, little_giant)")
    add_assessment_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import zjtx

    result = zjtx.evaluate(args.roster, as_of=args.as_of, jurisdiction=args.jurisdiction,
                           rule_version=args.rule_version, options=parse_options(args.option) or None)
    try:
        print(result.explain(args.uscc.strip().upper(), args.tier))
    except KeyError:
        print(f"zjtx explain: {args.uscc} is not in {args.roster}; check the 统一社会信用代码")
        return 2
    return 0
