"""The ``zjtx`` command line.

Each sub-command lives in :mod:`zjtx.commands` as a module with ``register(subparsers)``; the
exit codes are 0 success, 1 input problems found (output still written), 2 unusable input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from zjtx import __version__
from zjtx.errors import ZjtxError

__all__ = ["main", "COMMANDS", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_UNUSABLE"]

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2

#: Sub-command modules under zjtx.commands, in the order ``--help`` lists them.
COMMANDS = ("assess", "explain", "plugins", "new_plugin", "seedbank", "roadmap", "progress", "report")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available sub-command."""
    parser = argparse.ArgumentParser(
        prog="zjtx",
        description="Assess enterprises against China's quality-SME tiers (创新型 → 专精特新 → 小巨人).",
    )
    parser.add_argument("--version", action="version", version=f"zjtx {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"zjtx.commands.{name}")
        except ModuleNotFoundError as exc:  # a command whose module is not there yet
            if exc.name == f"zjtx.commands.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_UNUSABLE
    try:
        return int(args.handler(args) or EXIT_OK)
    except ZjtxError as exc:
        print(f"zjtx {args.command}: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except (FileNotFoundError, IsADirectoryError) as exc:
        print(f"zjtx {args.command}: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
