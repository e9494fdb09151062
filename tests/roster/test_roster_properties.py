"""Property: for generated rosters, write → read gives back the same canonical frame, in every
format (CSV, Excel, Parquet), layout (tidy, wide) and header language."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roster_corpus import uscc

from zjtx.plugins import PluginFacade
from zjtx.roster.canonical import MISSING_WORDS
from zjtx.roster.io import read_roster, write_roster
from zjtx.roster.schema import ANNUAL, COLUMNS, KEY, YEAR, Column, Kind, Role

TODAY = dt.date(2025, 6, 30)
PLUGINS = PluginFacade.create(entry_points=False)
_CHARS = "云南示例金属科技材料有限公司精密电子ABCXYZabc0123456789()-·"


def _text() -> st.SearchStrategy[str]:
    return st.text(alphabet=_CHARS, min_size=1, max_size=12).map(str.strip).filter(
        lambda s: s != "" and s not in MISSING_WORDS)


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), strategy)


def _value(col: Column) -> st.SearchStrategy[object]:
    """A valid value of a column (or missing)."""
    if col.name == "region_code":
        return _maybe(st.sampled_from(["530102", "530300", "532500"]))
    if col.name == "prefecture":
        return st.none()  # a label is checked against the region code: tested elsewhere
    if col.kind is Kind.TEXT:
        return _maybe(_text())
    if col.kind is Kind.MONEY:
        low = -1e5 if col.minimum is None else col.minimum
        return _maybe(st.floats(low, 1e6, allow_nan=False, allow_subnormal=False))
    if col.kind is Kind.FRACTION:
        return _maybe(st.integers(0, 10_000).map(lambda k: k / 10_000))
    if col.kind is Kind.NUMBER:
        low = int(col.minimum) if col.minimum is not None else 0
        high = int(col.maximum) if col.maximum is not None else (TODAY.year if col.name.endswith("_year") else 5_000)
        return _maybe(st.integers(low, max(low, high)).map(float))
    if col.kind is Kind.BOOL:
        return _maybe(st.booleans())
    if col.kind is Kind.CODE:
        return _maybe(st.sampled_from(sorted(col.codes or ())))
    if col.kind is Kind.SET:
        return st.lists(st.sampled_from(sorted(col.codes or ())), unique=True).map(lambda v: ";".join(sorted(v)))
    if col.kind is Kind.DATE:
        return _maybe(st.dates(dt.date(2010, 1, 1), TODAY).map(pd.Timestamp))
    raise AssertionError(col)


_STATIC = [c for c in COLUMNS if c.role is not Role.ANNUAL and c.name != KEY]
_ANNUAL = [c for c in COLUMNS if c.name in ANNUAL]


@st.composite
def rosters(draw: st.DrawFn, *, wide: bool) -> pd.DataFrame:
    """A valid canonical roster: 1–4 enterprises, each with some fiscal years of 2019–2024."""
    rows = []
    for i in range(draw(st.integers(1, 4))):
        years = draw(st.lists(st.integers(2019, 2024), min_size=1, max_size=4, unique=True))
        static = {c.name: draw(_value(c)) for c in _STATIC}
        for year in sorted(years):
            row = {KEY: uscc(1000 + i), YEAR: year, **static}
            if not wide:  # in a tidy file a static value may differ from year to year
                row.update({c.name: draw(_value(c)) for c in _STATIC if c.role is Role.STATIC and draw(st.booleans())})
            row.update({c.name: draw(_value(c)) for c in _ANNUAL})
            if wide and row["operating_revenue"] is None:
                row["operating_revenue"] = 100.0  # a year with no figure at all has no column to come from
            _consistent(row)
            rows.append(row)
    return pd.DataFrame(rows)


def _consistent(row: dict[str, object]) -> None:
    """Parts no larger than their wholes (主营 ≤ 营业, 研发人员 ≤ 从业人员, Ⅰ类 parts ≤ Ⅰ类)."""
    for part, whole in (("main_business_revenue", "operating_revenue"), ("rd_staff", "employees"),
                        ("ip_class1_high_value", "ip_class1"), ("ip_class1_self_developed", "ip_class1"),
                        ("ip_class1_in_use", "ip_class1")):
        if row[part] is not None and row[whole] is not None and row[part] > row[whole]:  # type: ignore[operator]
            row[part] = row[whole]


def _round_trip(raw: pd.DataFrame, suffix: str, layout: str, chinese: bool) -> None:
    canonical = read_roster(raw, today=TODAY, plugins=PLUGINS)
    assert not canonical.has_problems, canonical.rejected
    with tempfile.TemporaryDirectory() as tmp:
        path = write_roster(canonical.frame, Path(tmp) / f"roster{suffix}", layout=layout,  # type: ignore[arg-type]
                            chinese=chinese)
        back = read_roster(path, today=TODAY, plugins=PLUGINS)
    assert not back.has_problems, back.rejected
    pd.testing.assert_frame_equal(back.frame, canonical.frame)


_FORMATS = st.sampled_from([".csv", ".parquet", ".csv", ".xlsx"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(wide=False), _FORMATS, st.booleans())
def test_tidy_write_read_round_trips(raw: pd.DataFrame, suffix: str, chinese: bool) -> None:
    _round_trip(raw, suffix, "tidy", chinese)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(wide=True), _FORMATS, st.booleans())
def test_wide_write_read_round_trips(raw: pd.DataFrame, suffix: str, chinese: bool) -> None:
    _round_trip(raw, suffix, "wide", chinese)


def test_the_generated_rosters_cover_every_kind() -> None:
    kinds = {c.kind for c in COLUMNS}
    assert kinds == set(Kind) and np.isin([c.name for c in _ANNUAL], ANNUAL).all()
