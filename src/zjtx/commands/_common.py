"""Helpers shared by sub-commands: common options and writing tables by extension."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

__all__ = ["add_assessment_options", "write_table", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")


def add_assessment_options(p: argparse.ArgumentParser) -> None:
    """--as-of, --jurisdiction, --rule-version and --option KEY=VALUE."""
    p.add_argument("--as-of", metavar="DATE", help="assessment date YYYY-MM-DD (default: today)")
    p.add_argument("--jurisdiction", "-j", metavar="J", help="jurisdiction served by a plug-in, e.g. yunnan")
    p.add_argument("--rule-version", metavar="ID", help="pin a rule version, e.g. national-2022")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="interpretation option, e.g. band_endpoint=unfavourable (repeatable)")


def parse_options(pairs: list[str]) -> dict[str, object]:
    """KEY=VALUE strings as a mapping (true/false and integers converted)."""
    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"--option needs KEY=VALUE, got {pair!r}")
        v: object = value
        if value.lower() in ("true", "false"):
            v = value.lower() == "true"
        elif value.isdigit():
            v = int(value)
        out[key.strip()] = v
    return out


def write_table(frame: pd.DataFrame, path: str | Path, *, index: bool = True) -> Path:
    """Write a table as CSV (UTF-8 with BOM, so Excel shows Chinese), Excel or Parquet."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=index, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        frame.to_excel(path, index=index)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=index)
    else:
        raise SystemExit(f"unsupported output extension {suffix!r}; use one of {TABLE_SUFFIXES}")
    return path
