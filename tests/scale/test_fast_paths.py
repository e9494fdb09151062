"""The vectorised fast paths give exactly what the straightforward code gives.

Each optimisation of the frame path is checked against a plain reference: factorizing keys by
runs, the latest non-empty static value, calendar arithmetic on dates, number formatting, code
comparisons, and the findings table assembled column by column.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zjtx
from zjtx.explain import _findings_by_node, _parents
from zjtx.model.tier import Tier
from zjtx.roster.frame import build_context, enterprise_codes, latest
from zjtx.roster.schema import Kind
from zjtx.rules.interpreter import compare
from zjtx.rules.metrics import Field, Unit, _add_years, _add_years_pandas, _trim, _trim_many
from zjtx.rules.nodes import Op

AS_OF = "2025-06-30"
KEYS = st.sampled_from(["A", "B", "C", "D", None, np.nan, pd.NA])


@settings(max_examples=200, deadline=None)
@given(st.lists(KEYS, max_size=30))
def test_enterprise_codes_equal_factorize(keys: list[object]) -> None:
    arr = np.array(keys, dtype=object)
    codes, uniques = enterprise_codes(arr)
    want_codes, want_uniques = pd.factorize(arr, sort=False)
    assert np.array_equal(codes, want_codes)
    assert list(uniques) == list(want_uniques)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2250, 12, 31)),
                          st.sampled_from([dt.datetime(2024, 2, 29, 13), dt.datetime(2000, 2, 29), dt.datetime(1900, 2, 28)])),
                max_size=20),
       st.integers(-5, 5))
def test_add_years_equals_pandas_calendar(days: list[dt.datetime | None], years: int) -> None:
    arr = np.array([np.datetime64("NaT") if d is None else np.datetime64(d, "ns") for d in days], dtype="datetime64[ns]")
    assert np.array_equal(_add_years(arr, years), _add_years_pandas(arr, years), equal_nan=True)


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e6, 1e6),
    st.integers(-10**6, 10**6).map(lambda i: i / 20_000),  # exact halves of the 4th decimal
    st.integers(-10**6, 10**6).map(lambda i: i / 32),
    st.decimals(-1000, 1000, places=5).map(float),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NUMBERS, max_size=40))
def test_vectorised_number_texts_equal_the_scalar_ones(values: list[float]) -> None:
    x = np.array(values, dtype="float64")
    assert list(_trim_many(x)) == [_trim(v) for v in x]
    for unit in Unit:
        if unit is not Unit.CODE:
            with np.errstate(over="ignore"):  # the scalar path multiplies numpy scalars
                assert list(unit.format_many(x)) == [unit.format(v) for v in x]
                assert list(unit.format_delta_many(x)) == [unit.format_delta(v) for v in x]


def test_code_texts_and_comparisons_treat_every_missing_marker_alike() -> None:
    values = np.array(["national", None, np.nan, pd.NA, "city", "national"], dtype=object)
    assert list(Unit.CODE.format_many(values)) == [Unit.CODE.format(v) for v in values]
    tri = compare(values, Op.IN, frozenset({"national"}))
    assert tri.true.tolist() == [True, False, False, False, False, True]
    assert tri.false.tolist() == [False, False, False, False, True, False]
    tri = compare(values, Op.NOT_IN, frozenset({"national"}))
    assert tri.true.tolist() == [False, False, False, False, True, False]


def _latest_reference(frame: pd.DataFrame, column: str, year: int) -> dict[str, object]:
    usable = frame[frame["fiscal_year"] <= year].sort_values(["uscc", "fiscal_year"], kind="stable")
    out: dict[str, object] = {}
    for uscc, rows in usable.groupby("uscc", sort=False):
        present = rows[column].dropna()
        out[uscc] = present.iloc[-1] if len(present) else None
    return out


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_latest_static_value_is_the_last_non_empty_one_up_to_the_assessment_year(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        years = data.draw(st.lists(st.integers(2020, 2026), min_size=1, max_size=4, unique=True))
        for y in years:
            rows.append({"uscc": f"E{i}", "fiscal_year": float(y),
                         "ip_class1": data.draw(st.one_of(st.none(), st.floats(0, 50))),
                         "rd_institution": data.draw(st.sampled_from(["city", "national", None, np.nan]))})
    frame = pd.DataFrame(rows)
    frame = frame.iloc[data.draw(st.permutations(range(len(frame))))].reset_index(drop=True)
    frame["ip_class1"] = frame["ip_class1"].astype("float64")
    frame["rd_institution"] = frame["rd_institution"].astype(object)
    ents, ctx = build_context(frame, as_of=dt.date(2025, 6, 30),
                              fields=[Field("ip_class1"), Field("rd_institution"), Field("ip_class1", 1)])
    for column in ("ip_class1", "rd_institution"):
        want = _latest_reference(frame, column, 2025)
        got = dict(zip(ents.uscc, ctx.columns[column]))
        for uscc in ents.uscc:
            w, g = want.get(uscc), got[uscc]
            assert (pd.isna(w) and pd.isna(g)) or w == g, (column, uscc, w, g)
    last_year = {r.uscc: r.ip_class1 for r in frame.itertuples() if r.fiscal_year == 2024}
    for uscc, g in zip(ents.uscc, ctx.columns["ip_class1[Y-1]"]):
        w = last_year.get(uscc)
        assert (pd.isna(w) and np.isnan(g)) or w == g


def test_latest_keeps_the_order_it_is_given() -> None:
    series = pd.Series(["a", None, "b", "c", np.nan], dtype=object)
    order = np.array([0, 1, 2, 3, 4])
    group = np.array([0, 0, 1, 1, 1])
    assert list(latest(series, order, group, 3, Kind.TEXT)) == ["a", "c", None]


def test_row_order_does_not_change_any_verdict(generate) -> None:  # type: ignore[no-untyped-def]
    frame = generate(2_000, 4)
    grouped = zjtx.assess(frame, as_of=AS_OF)
    shuffled = zjtx.assess(frame.sample(frac=1, random_state=3).reset_index(drop=True), as_of=AS_OF)
    pd.testing.assert_frame_equal(shuffled.loc[grouped.index], grouped, check_exact=True)


@pytest.mark.parametrize("options", [None, {"band_endpoint": "unfavourable", "validity_end": "exclusive"}])
def test_findings_table_equals_the_one_assembled_criterion_by_criterion(generate, options) -> None:  # type: ignore[no-untyped-def]
    frame = generate(600, 8)
    frame.loc[frame.index[::7], "rd_expense"] = np.nan  # undecided criteria name their missing fields
    frame.loc[frame.index[::11], "rd_institution"] = None
    result = zjtx.evaluate(frame, as_of=AS_OF, options=options)
    keys = result.enterprises.uscc
    nodes = []
    for tier in Tier.ladder():
        rules = result.rules.tiers[tier]
        parents, seen = _parents(rules), set()
        for node in rules.nodes():
            if node.id not in seen:
                seen.add(node.id)
                nodes.append((rules, node, parents.get(node.id)))
    for picked in (None, list(keys[::-5])):
        rows = np.arange(len(keys)) if picked is None else pd.Index(keys).get_indexer(picked)
        want = _findings_by_node(result.evaluation, nodes, rows, keys)
        got = result.findings(picked)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        assert all(type(a) is type(b) for a, b in zip(got["value"], want["value"]) if a == a)


def test_findings_in_batches_cover_every_enterprise_once(generate) -> None:  # type: ignore[no-untyped-def]
    result = zjtx.evaluate(generate(250, 2), as_of=AS_OF)
    batches = list(result.iter_findings(100))
    assert len(batches) == 3
    whole = pd.concat(batches, ignore_index=True)
    pd.testing.assert_frame_equal(whole, result.findings(), check_exact=True)
