"""Reading rosters (minimal canonical CSV reader; extended by the roster issue)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from attrs import field, frozen

from zjtx.errors import CellProblem, RosterError
from zjtx.roster.canonical import canonicalize

__all__ = ["Roster", "read_roster"]


@frozen
class Roster:
    """A roster read into the canonical frame, with every cell that could not be used."""

    frame: pd.DataFrame
    rejected: pd.DataFrame = field(factory=lambda: pd.DataFrame(columns=["row", "column", "value", "reason"]))
    warnings: pd.DataFrame = field(factory=lambda: pd.DataFrame(columns=["row", "column", "value", "reason"]))
    source: str | None = None


def _problems_frame(problems: list[CellProblem]) -> pd.DataFrame:
    return pd.DataFrame([{"row": p.row, "column": p.column, "value": p.value, "reason": p.reason} for p in problems],
                        columns=["row", "column", "value", "reason"])


def read_roster(source: str | os.PathLike[str] | pd.DataFrame) -> Roster:
    """Read a canonical CSV roster (or frame) into a :class:`Roster`."""
    if isinstance(source, pd.DataFrame):
        frame, problems = canonicalize(source)
        return Roster(frame, _problems_frame(problems))
    path = Path(source)
    if not path.exists():
        raise RosterError("file not found", source=str(path))
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame, problems = canonicalize(raw, source=str(path))
    return Roster(frame, _problems_frame(problems), source=str(path))
