"""Dask: ``zjtx.assess`` on a Dask frame partitioned by enterprise agrees with pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import zjtx
from zjtx.model.tier import Tier

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")

from zjtx.scale import assess_dask, by_enterprise, is_dask_frame  # noqa: E402

AS_OF = "2025-06-30"


def _same(dask_result: pd.DataFrame, pandas_result: pd.DataFrame) -> None:
    got = dask_result.loc[pandas_result.index]
    got.index = got.index.astype(object)  # Dask stores text as Arrow strings
    pd.testing.assert_frame_equal(got, pandas_result, check_exact=True)


def _partitions_by_enterprise(frame: pd.DataFrame, n: int) -> dd.DataFrame:
    """``frame`` in ``n`` partitions, each enterprise whole: indexed by enterprise number, so
    Dask's divisions fall between enterprises."""
    number = pd.factorize(frame["uscc"])[0]
    return dd.from_pandas(frame.set_axis(number), npartitions=n, sort=True)


def test_dask_agrees_with_pandas_on_200k_enterprises_in_8_partitions(generate) -> None:  # type: ignore[no-untyped-def]
    frame = generate(200_000, 20250630)
    expected = zjtx.assess(frame, as_of=AS_OF)
    roster = _partitions_by_enterprise(frame, 8)
    assert roster.npartitions == 8
    result = zjtx.assess(roster, as_of=AS_OF)
    assert is_dask_frame(result)
    with dask.config.set(scheduler="threads"):
        computed = result.compute()
    assert len(computed) == 200_000
    _same(computed, expected)
    # every outcome occurs, so the agreement covers all three
    for tier in Tier:
        assert set(expected[tier.value].unique()) == {"eligible", "not_eligible", "insufficient_data"}


def test_by_enterprise_shuffles_rows_so_each_enterprise_is_whole(generate) -> None:  # type: ignore[no-untyped-def]
    frame = generate(3_000, 7)
    expected = zjtx.assess(frame, as_of=AS_OF)
    # row-wise partitions cut enterprises in two; the shuffle puts them back together
    roster = by_enterprise(dd.from_pandas(frame.sample(frac=1, random_state=1), npartitions=5, sort=False), npartitions=4)
    with dask.config.set(scheduler="sync"):
        computed = zjtx.assess(roster, as_of=AS_OF).compute()
    assert computed.index.is_unique
    _same(computed, expected)


def test_explain_gives_lazy_verdicts_and_findings(generate) -> None:  # type: ignore[no-untyped-def]
    frame = generate(300, 3)
    verdicts, findings = assess_dask(_partitions_by_enterprise(frame, 3), as_of=AS_OF, explain=True)
    assert is_dask_frame(verdicts) and is_dask_frame(findings)
    with dask.config.set(scheduler="sync"):
        got = findings.compute()
    want = zjtx.evaluate(frame, as_of=AS_OF).findings()
    assert len(got) == len(want)
    key = ["uscc", "tier", "criterion"]
    got = got.sort_values(key).reset_index(drop=True)
    want = want.sort_values(key).reset_index(drop=True)
    for col in ("outcome", "points", "gap"):
        a, b = got[col].astype(object), want[col].astype(object)
        assert ((a == b) | (a.isna() & b.isna())).all(), col


def test_options_and_rule_version_reach_every_partition(generate) -> None:  # type: ignore[no-untyped-def]
    frame = generate(400, 11)
    opts = {"band_endpoint": "unfavourable", "growth_2y": "cagr"}
    expected = zjtx.assess(frame, as_of=AS_OF, options=opts, rule_version="national-2022")
    roster = _partitions_by_enterprise(frame, 4)
    with dask.config.set(scheduler="sync"):
        computed = zjtx.assess(roster, as_of=AS_OF, options=opts, rule_version="national-2022").compute()
    _same(computed, expected)
