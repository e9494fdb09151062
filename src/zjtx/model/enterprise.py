"""Enterprises and their annual figures, as attrs value objects.

The attributes an enterprise can carry are those of the roster schema
(:mod:`zjtx.roster.schema`), declared there once; these classes validate and convert values at
the boundary (``是`` → ``True``, ``"2024"`` → ``2024``) and read them by attribute
(``enterprise.niche_since_year``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pandas as pd
from attrs import field, frozen

from zjtx.errors import RosterError
from zjtx.roster.canonical import canonicalize
from zjtx.roster.schema import ANNUAL, CANONICAL, IDENTITY, KEY, STATIC, YEAR

__all__ = ["AnnualFigures", "Enterprise"]


def _check_names(values: Mapping[str, Any], allowed: Iterable[str], what: str) -> dict[str, Any]:
    allowed = set(allowed)
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; see zjtx.roster.schema")
    return dict(values)


@frozen
class AnnualFigures:
    """The figures of one fiscal year (万元, persons): ``AnnualFigures(2024, {"rd_expense": 150})``."""

    fiscal_year: int = field(converter=int)
    values: Mapping[str, float | None] = field(
        factory=dict, converter=lambda v: _check_names(v, ANNUAL, "annual figure(s)")
    )

    def __getattr__(self, name: str) -> Any:
        if name in ANNUAL:
            return self.values.get(name)
        raise AttributeError(name)


@frozen
class Enterprise:
    """One enterprise: identity, static attributes (as of the assessment date) and yearly figures.

    Build it from a flat record with :meth:`from_record`, from roster rows with
    :meth:`from_rows`, and get canonical roster rows back with :meth:`to_rows`. Derive variants
    with :func:`attrs.evolve` or :meth:`with_attributes`.
    """

    uscc: str = field(converter=lambda v: str(v).strip().upper())
    name: str | None = None
    region_code: str | None = None
    prefecture: str | None = None
    industry: str | None = None
    attributes: Mapping[str, Any] = field(factory=dict, converter=lambda v: _check_names(v, STATIC, "attribute(s)"))
    figures: tuple[AnnualFigures, ...] = field(factory=tuple, converter=lambda fs: tuple(sorted(fs, key=lambda f: f.fiscal_year)))
    #: Columns declared by province plug-ins (their featured indicators).
    extra: Mapping[str, Any] = field(factory=dict)

    def __attrs_post_init__(self) -> None:
        years = [f.fiscal_year for f in self.figures]
        if len(set(years)) != len(years):
            raise ValueError(f"{self.uscc}: duplicate fiscal years {sorted(years)}")

    def __getattr__(self, name: str) -> Any:
        if name in STATIC:
            return self.attributes.get(name)
        raise AttributeError(name)

    # -- named constructors ------------------------------------------------------------------
    @classmethod
    def from_record(cls, record: Mapping[str, Any], figures: Iterable[AnnualFigures | Mapping[str, Any]] = ()) -> Enterprise:
        """An enterprise from a flat mapping of canonical names (identity and attributes).

        Annual figures come as :class:`AnnualFigures` or mappings with ``fiscal_year``; a
        record holding ``fiscal_year`` and annual columns itself counts as one year's figures.
        """
        record = dict(record)
        ident = {k: record.pop(k) for k in IDENTITY if k in record}
        attributes = {k: record.pop(k) for k in STATIC if k in record}
        years = [f if isinstance(f, AnnualFigures) else AnnualFigures(f[YEAR], {k: v for k, v in f.items() if k != YEAR})
                 for f in figures]
        if YEAR in record:
            year = record.pop(YEAR)
            years.append(AnnualFigures(year, {k: record.pop(k) for k in ANNUAL if k in record}))
        extra = record
        return cls(figures=tuple(years), attributes=attributes, extra=extra, **ident)

    @classmethod
    def from_rows(cls, rows: pd.DataFrame) -> Enterprise:
        """An enterprise from its canonical roster rows (one per fiscal year)."""
        if rows.empty:
            raise ValueError("no rows")
        keys = rows[KEY].dropna().unique()
        if len(keys) != 1:
            raise ValueError(f"rows of {len(keys)} enterprises given; expected one")
        ordered = rows.sort_values(YEAR)
        last = {k: v for k, v in ordered.ffill().iloc[-1].items() if not _blank(v)}
        ident = {k: last[k] for k in IDENTITY if k in last}
        attributes = {k: _plain(last[k]) for k in STATIC if k in last}
        extra = {k: _plain(v) for k, v in last.items() if k not in CANONICAL}
        figures = tuple(
            AnnualFigures(int(r[YEAR]), {k: _plain(r[k]) for k in ANNUAL if k in r and not _blank(r[k])})
            for _, r in ordered.iterrows()
        )
        return cls(figures=figures, attributes=attributes, extra=extra, **ident)

    @classmethod
    def list_from_frame(cls, frame: pd.DataFrame) -> list[Enterprise]:
        """Every enterprise of a canonical roster frame, in order of first appearance."""
        return [cls.from_rows(g) for _, g in frame.groupby(KEY, sort=False)]

    # -- back to rows ------------------------------------------------------------------------
    def to_rows(self) -> list[dict[str, Any]]:
        """Canonical roster rows: one per fiscal year, static attributes repeated on each."""
        ident = {k: getattr(self, k) for k in IDENTITY}
        base = {**ident, **dict(self.attributes), **dict(self.extra)}
        if not self.figures:
            raise ValueError(f"{self.uscc}: an enterprise needs at least one fiscal year of figures")
        return [{**base, YEAR: f.fiscal_year, **dict(f.values)} for f in self.figures]

    @staticmethod
    def to_frame(enterprises: Iterable[Enterprise]) -> pd.DataFrame:
        """A canonical roster frame from enterprises (types checked as for a file)."""
        rows = [row for e in enterprises for row in e.to_rows()]
        if not rows:
            raise RosterError("no enterprises given")
        frame, problems = canonicalize(pd.DataFrame(rows), row_offset=0, extra_columns=_extra_columns())
        if problems:
            raise RosterError("enterprise values cannot be used", problems)
        return frame

    def with_attributes(self, **changes: Any) -> Enterprise:
        """A copy with some static attributes changed."""
        return attrs.evolve(self, attributes={**self.attributes, **changes})

    def with_figures(self, fiscal_year: int, **changes: float | None) -> Enterprise:
        """A copy with some figures of one fiscal year changed (the year is added if absent)."""
        figures = {f.fiscal_year: f for f in self.figures}
        old = figures.get(fiscal_year, AnnualFigures(fiscal_year))
        figures[fiscal_year] = AnnualFigures(fiscal_year, {**old.values, **changes})
        return attrs.evolve(self, figures=tuple(figures.values()))


def _extra_columns() -> list[Any]:
    from zjtx.plugins import facade

    return facade().roster_columns()


def _blank(v: Any) -> bool:
    try:
        return bool(pd.isna(v)) or (isinstance(v, str) and v == "")
    except (TypeError, ValueError):
        return False


def _plain(v: Any) -> Any:
    """numpy/pandas scalars as plain Python values."""
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return v
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v
