"""Matching roster headers to canonical columns: Chinese and English names, units and years.

Officials write headers such as ``2024年营业收入(万元)``, ``统一社会信用代码`` or
``全国细分市场占有率（%）``; analysts write ``operating_revenue``. A header is matched after
:func:`normalise_header` (NFKC, so full-width brackets and digits become half-width; spaces,
underscores and required-field stars removed; Latin letters lower-cased), then:

1. the whole header, against ``header_map`` and every column's name, label and aliases;
2. otherwise a unit in brackets at the end (``(万元)``, ``(元)``, ``(%)``, ``(人)``…) and a year
   (``2024年`` in front, or ``_2024`` / ``(2024年)`` at the end) are taken off and the rest is
   matched the same way.

A unit must fit the column's kind (money in 元/万元/亿元, a share in %, counts in 人/项…): its
factor to the canonical unit is recorded in :attr:`HeaderSpec.scale` so values are converted
once, on reading. :func:`find_header_rows` finds the header in a sheet that has title rows above
it or a two-row header (a merged ``2024年`` cell over ``营业收入(万元)``, ``研发费用(万元)``…).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np
import pandas as pd
from attrs import frozen

from zjtx.roster.schema import KEY, YEAR, Column, Kind, Role

__all__ = [
    "HeaderSpec",
    "HeaderIndex",
    "UNITS",
    "normalise_header",
    "split_header",
    "find_header_rows",
    "wide_header",
]

#: Units recognised in brackets after a header: the kinds they fit and the factor to the
#: canonical unit (money in 万元, shares as fractions).
UNITS: Mapping[str, tuple[frozenset[Kind], float]] = {
    "万元": (frozenset({Kind.MONEY}), 1.0),
    "万": (frozenset({Kind.MONEY}), 1.0),
    "元": (frozenset({Kind.MONEY}), 1e-4),
    "千元": (frozenset({Kind.MONEY}), 0.1),
    "百万元": (frozenset({Kind.MONEY}), 100.0),
    "亿元": (frozenset({Kind.MONEY}), 1e4),
    "%": (frozenset({Kind.FRACTION}), 0.01),
    **{u: (frozenset({Kind.NUMBER}), 1.0) for u in ("人", "名", "位", "项", "个", "件", "家", "级", "年")},
}

#: Headers of bookkeeping columns that carry nothing to assess (序号 row numbers, 备注 remarks).
IGNORED = frozenset({"序号", "编号", "no", "no.", "#", "index", "备注", "说明"})

_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "﹙": "(", "﹚": ")"})
_UNIT_SUFFIX = re.compile(r"^(?P<base>.*?)\((?:单位:)?(?P<unit>[^()]+)\)$")
_YEAR_PREFIX = re.compile(r"^(?P<year>(?:19|20)\d{2})(?:年度|年)?(?P<base>\D.*)$")
_YEAR_SUFFIX = re.compile(r"^(?P<base>.*?\D)\(?(?P<year>(?:19|20)\d{2})(?:年度|年)?\)?$")
_YEAR_ONLY = re.compile(r"^(?P<year>(?:19|20)\d{2})(?:\.0)?(?:年度|年)?$")


def normalise_header(text: object) -> str:
    """A header in the form used for matching.

    >>> normalise_header(" 2024年 营业收入（万元）* ")
    '2024年营业收入(万元)'
    >>> normalise_header("Operating_Revenue")
    'operatingrevenue'
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS)
    s = re.sub(r"[\s_\-]+", "", s).strip("*:").lower()
    return s


def split_header(text: str) -> tuple[str, int | None, str]:
    """``(base, year, unit)`` of a normalised header; ``year`` None and ``unit`` '' when absent.

    >>> split_header(normalise_header("2024年营业收入(万元)"))
    ('营业收入', 2024, '万元')
    >>> split_header("operatingrevenue2023")
    ('operatingrevenue', 2023, '')
    """
    base, year, unit = text, None, ""
    for _ in range(2):  # a unit and a year in either order: 营业收入(2024年)(万元)
        m = _UNIT_SUFFIX.match(base)
        if not unit and m and m["unit"] in UNITS and m["base"]:
            base, unit = m["base"], m["unit"]
            continue
        if year is None:
            m = _YEAR_PREFIX.match(base) or _YEAR_SUFFIX.match(base)
            if m and m["base"]:
                base, year = m["base"], int(m["year"])
                continue
        break
    return base, year, unit


def year_of(text: str) -> int | None:
    """The year of a header cell that is only a year (``2024``, ``2024年``, ``2024年度``)."""
    m = _YEAR_ONLY.match(normalise_header(text))
    return int(m["year"]) if m else None


@frozen
class HeaderSpec:
    """How one source column maps to the canonical schema.

    ``column`` is None for a column that is not recognised (``note`` says why) or that is
    ``ignored`` (序号, 备注, or mapped to None in ``header_map``). ``scale`` multiplies values
    into the canonical unit (0.0001 for 元 → 万元, 0.01 for % → fraction).
    """

    position: int
    header: str
    column: Column | None = None
    year: int | None = None
    unit: str = ""
    scale: float = 1.0
    ignored: bool = False
    note: str | None = None

    @property
    def name(self) -> str | None:
        """The canonical column name, or None."""
        return None if self.column is None else self.column.name


class HeaderIndex:
    """Every recognised header form of ``columns``, plus the caller's ``header_map``.

    ``header_map`` maps a source header (matched after :func:`normalise_header`) to a
    canonical column name, or to None to ignore that column.
    """

    def __init__(self, columns: Iterable[Column], header_map: Mapping[str, str | None] | None = None) -> None:
        self.columns = {c.name: c for c in columns}
        self.forms: dict[str, Column] = {}
        for col in self.columns.values():
            for h in col.headers:
                self.forms.setdefault(normalise_header(h), col)
        self._cache: dict[str, HeaderSpec] = {}
        self.mapped: dict[str, Column | None] = {}
        for source, target in (header_map or {}).items():
            if target is None:
                self.mapped[normalise_header(source)] = None
                continue
            if target not in self.columns:
                raise ValueError(f"header_map: {source!r} maps to {target!r}, which is not a roster column")
            self.mapped[normalise_header(source)] = self.columns[target]

    def _lookup(self, norm: str) -> tuple[bool, Column | None]:
        if norm in self.mapped:
            return True, self.mapped[norm]
        if norm in self.forms:
            return True, self.forms[norm]
        return False, None

    def match(self, header: object, position: int = 0) -> HeaderSpec:
        """The :class:`HeaderSpec` of one header."""
        key = str(header) if header is not None else ""
        spec = self._cache.get(key)
        if spec is None:
            spec = self._cache[key] = self._match(header)
        return attrs.evolve(spec, position=position) if position else spec

    def _match(self, header: object, position: int = 0) -> HeaderSpec:
        shown = "" if header is None else str(header).strip()
        norm = normalise_header(header)
        if not norm or norm in IGNORED or re.fullmatch(r"unnamed:?\d+", norm):
            return HeaderSpec(position, shown, ignored=True)
        found, col = self._lookup(norm)
        if found:
            return HeaderSpec(position, shown, col, ignored=col is None)
        base, year, unit = split_header(norm)
        found, col = self._lookup(base)
        m = _UNIT_SUFFIX.match(base)
        if not found and m and not unit:
            # a unit this module does not convert but the column declares: 发展评价得分(分)
            found, col = self._lookup(m["base"])
            if found and col is not None and normalise_header(col.unit) != m["unit"]:
                found, col = False, None
        if not found:
            return HeaderSpec(position, shown, note="not a roster column")
        if col is None:
            return HeaderSpec(position, shown, ignored=True)
        scale = 1.0
        if unit:
            kinds, scale = UNITS[unit]
            if col.kind not in kinds:
                return HeaderSpec(position, shown, year=year, unit=unit,
                                  note=f"unit ({unit}) does not fit {col.label} ({col.name}, {col.kind.value})")
        if year is not None and col.role is Role.IDENTITY:
            return HeaderSpec(position, shown, year=year, note=f"{col.label} ({col.name}) cannot have a year")
        return HeaderSpec(position, shown, col, year, unit, scale)

    def resolve(self, headers: Sequence[object]) -> list[HeaderSpec]:
        """The specs of a row of headers, in order."""
        return [self.match(h, i) for i, h in enumerate(headers)]


def _score(specs: Sequence[HeaderSpec]) -> tuple[int, int]:
    names = {s.name for s in specs if s.column is not None}
    return (KEY in names), len(names)


def _combine(top: Sequence[str], bottom: Sequence[str], index: HeaderIndex) -> list[str]:
    """The headers of a two-row header: a merged cell of the top row spans the columns below it."""
    out: list[str] = []
    carried = ""
    for t, b in zip(top, bottom, strict=True):
        t, b = t.strip(), b.strip()
        if t:
            carried = t
        elif b:
            t = carried  # under a merged top cell (only its first cell holds the text)
        ty, by = year_of(t) if t else None, year_of(b) if b else None
        if t and b and ty is not None:
            out.append(f"{ty}年{b}")
        elif t and b and by is not None:
            out.append(f"{by}年{t}")
        elif b and (index.match(b).column is not None or not t):
            out.append(b)
        elif t and b and index.match(f"{t}{b}").column is not None:
            out.append(f"{t}{b}")
        else:
            out.append(t or b)
    return out


def _cell_text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def find_header_rows(grid: pd.DataFrame, index: HeaderIndex, *, max_rows: int = 20) -> tuple[int, int, list[str]]:
    """Where the header of a sheet read without one is: ``(first, count, headers)``.

    Tries each of the first ``max_rows`` rows alone and each pair of adjacent rows (a two-row
    header); the candidate that recognises the key column and the most distinct canonical columns
    wins, a single row before a pair and an earlier row before a later one. Data starts at row
    ``first + count``.
    """
    rows = [[_cell_text(v) for v in grid.iloc[r].tolist()] for r in range(min(max_rows, len(grid)))]
    best: tuple[tuple[int, int, int, int], int, int, list[str]] | None = None
    for r, row in enumerate(rows):
        candidates = [(1, row)]
        if r + 1 < len(rows):
            candidates.append((2, _combine(row, rows[r + 1], index)))
        for count, headers in candidates:
            has_key, n = _score(index.resolve(headers))
            # a second row must add columns to count as part of the header
            rank = (has_key, n, -count, -r)
            if best is None or rank > best[0]:
                best = (rank, r, count, headers)
    if best is None:
        return 0, 1, []
    _, r, count, headers = best
    return r, count, headers


def wide_header(col: Column, year: int | None, *, chinese: bool = True) -> str:
    """The header of ``col`` in a wide sheet: ``2024年营业收入(万元)`` or ``operating_revenue_2024``.

    >>> from zjtx.roster.schema import CANONICAL
    >>> wide_header(CANONICAL["national_market_share"], None)
    '全国细分市场占有率(%)'
    """
    if not chinese:
        return col.name if year is None else f"{col.name}_{year}"
    unit = "%" if col.kind is Kind.FRACTION else ("万元" if col.kind is Kind.MONEY else col.unit)
    text = col.label + (f"({unit})" if unit and col.name != YEAR else "")
    return text if year is None else f"{year}年{text}"
