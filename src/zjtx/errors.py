"""Exceptions raised by zjtx.

Every exception is an attrs class that carries its structure (which row, which column, which
plug-in…) as attributes, so calling code can react to it without parsing messages, and the
message is built from those attributes.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen

__all__ = [
    "ZjtxError",
    "CellProblem",
    "RosterError",
    "RuleError",
    "UnknownRuleVersion",
    "PluginError",
    "JurisdictionConflict",
    "UnknownJurisdiction",
]


class ZjtxError(Exception):
    """Base class of every error zjtx raises on purpose."""


@frozen
class CellProblem:
    """One unusable cell of a roster: where it is and why it cannot be used.

    ``row`` is the 1-based row of the source (the header is row 1 in a spreadsheet or CSV file,
    so the first data row is row 2); ``column`` is the header as the source wrote it.
    """

    row: int | None
    column: str | None
    value: object
    reason: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        loc = ", ".join(where) or "roster"
        return f"{loc}: {self.reason} (value {self.value!r})"


@frozen(auto_exc=True)
class RosterError(ZjtxError):
    """A roster cannot be used as given.

    ``problems`` lists every cell found wrong, so a user fixes a sheet in one pass rather than
    one error at a time. ``source`` names the file or object read.
    """

    message: str
    problems: tuple[CellProblem, ...] = field(default=(), converter=tuple)
    source: str | None = None

    def __str__(self) -> str:
        head = f"{self.source}: {self.message}" if self.source else self.message
        if not self.problems:
            return head
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f" (+{len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        return f"{head}: {shown}{more}"


@frozen(auto_exc=True)
class RuleError(ZjtxError):
    """A rule declaration is malformed (unknown node id, duplicate id, bad threshold…)."""

    message: str
    rule_id: str | None = None

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.message}" if self.rule_id else self.message


@frozen(auto_exc=True)
class UnknownRuleVersion(ZjtxError):
    """No rule version covers the assessment date, or a pinned version does not exist."""

    message: str
    known: Sequence[str] = ()

    def __str__(self) -> str:
        known = ", ".join(self.known)
        return f"{self.message} (known versions: {known})" if known else self.message


@frozen(auto_exc=True)
class PluginError(ZjtxError):
    """A plug-in misbehaved: it raised, returned the wrong type, or declared an unknown hook.

    The message always names the plug-in, the distribution that installed it and the hook.
    """

    plugin: str
    hook: str
    reason: str
    distribution: str | None = None

    def __str__(self) -> str:
        dist = f" (distribution {self.distribution})" if self.distribution else ""
        return f"plug-in {self.plugin!r}{dist} failed in hook {self.hook!r}: {self.reason}"


@frozen(auto_exc=True)
class UnknownJurisdiction(ZjtxError):
    """A jurisdiction was asked for that no loaded plug-in serves."""

    jurisdiction: str
    known: Sequence[str] = ()

    def __str__(self) -> str:
        known = ", ".join(self.known) or "none"
        return (
            f"no loaded plug-in serves jurisdiction {self.jurisdiction!r} (loaded: {known}); "
            "install its plug-in package, e.g. `pip install zjtx-yunnan`"
        )


@frozen(auto_exc=True)
class JurisdictionConflict(ZjtxError):
    """Two plug-ins claim the same jurisdiction and neither was chosen explicitly."""

    jurisdiction: str
    plugins: Sequence[str]

    def __str__(self) -> str:
        names = ", ".join(self.plugins)
        return (
            f"jurisdiction {self.jurisdiction!r} is claimed by several plug-ins ({names}); "
            "choose one with ZJTX_PLUGINS or by blocking the others with ZJTX_DISABLE_PLUGINS"
        )
