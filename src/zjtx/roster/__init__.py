"""Rosters: the canonical schema, reading files, validation, and per-enterprise arrays."""

from __future__ import annotations

from zjtx.roster.schema import COLUMNS, Column, Kind, Role

__all__ = ["COLUMNS", "Column", "Kind", "Role", "read_roster", "Roster"]


def __getattr__(name: str) -> object:
    # The readers (zjtx.roster.io) import pandas I/O engines lazily.
    if name in ("read_roster", "Roster"):
        from zjtx.roster import io

        return getattr(io, name)
    raise AttributeError(name)
