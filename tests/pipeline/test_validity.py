"""Validity, renewal and revocation bars, at and around every date bound."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from zjtx.model.tier import Recognition, Tier
from zjtx.pipeline import validity
from zjtx.pipeline.validity import valid_on

from .rosters import make_roster


def _days(*values: str | None) -> np.ndarray:
    return np.array([np.datetime64(v) if v else np.datetime64("NaT") for v in values], dtype="datetime64[ns]")


@pytest.mark.parametrize(("day", "expected"), [
    ("2022-07-19", False),  # before the recognition
    ("2022-07-20", True),  # the day itself
    ("2025-07-19", True),  # the last day of the 3 years
    ("2025-07-20", False),  # the anniversary: exclusive end (option validity_end)
])
def test_valid_on_bounds(day: str, expected: bool) -> None:
    got = valid_on(_days("2022-07-20"), _days(None), dt.date.fromisoformat(day))
    assert bool(got[0]) is expected
    assert Recognition(Tier.SRDI_SME, dt.date(2022, 7, 20)).valid_on(dt.date.fromisoformat(day)) is expected


def test_inclusive_end_counts_the_anniversary() -> None:
    assert valid_on(_days("2022-07-20"), _days(None), dt.date(2025, 7, 20), inclusive_end=True)[0]
    assert not valid_on(_days("2022-07-20"), _days(None), dt.date(2025, 7, 21), inclusive_end=True)[0]


def test_revocation_cancels_from_its_day_and_only_earlier_recognitions() -> None:
    rec = _days("2023-01-10", "2023-01-10", "2024-06-01")
    rev = _days("2024-03-01", "2024-03-01", "2024-03-01")  # the third was recognised after the revocation
    assert list(valid_on(rec, rev, dt.date(2024, 2, 29))) == [True, True, False]
    assert list(valid_on(rec, rev, dt.date(2024, 3, 1))) == [False, False, False]
    assert list(valid_on(rec, rev, dt.date(2024, 6, 1))) == [False, False, True]


def test_validity_table_statuses_renewal_and_bar() -> None:
    roster = make_roster([
        {"n": 1, "archetype": "srdi_ok", "srdi_recognised_on": "2023-09-01"},  # expires 2026-09-01: renewal due
        {"n": 1, "archetype": "srdi_ok", "srdi_recognised_on": "2023-06-30"},  # expires 2026-06-30: expired on as_of
        {"n": 1, "archetype": "srdi_ok", "srdi_recognised_on": "2025-05-01"},  # valid, not due
        {"n": 1, "archetype": "srdi_ok", "srdi_recognised_on": "2024-03-01", "revoked_on": "2025-03-01"},
        {"n": 1, "archetype": "innov_ok", "innovative_recognised_on": "2026-09-01"},  # in the future
        {"n": 1, "archetype": "innov_ok", "revoked_on": "2023-07-01"},  # barred until 2026-07-01
        {"n": 1, "archetype": "innov_ok", "innovative_recognised_on": "2025-06-30"},  # due 2028: not yet
    ])
    table = validity(roster, as_of="2026-06-30")
    by_name = table.set_index("name")
    names = sorted(roster["name"].unique())
    row = {n.split("(")[0]: by_name.loc[n] for n in names}
    assert row["srdi_ok-0"]["status"] == "valid" and bool(row["srdi_ok-0"]["renewal_due"])
    assert row["srdi_ok-0"]["days_left"] == 63
    assert row["srdi_ok-1"]["status"] == "expired" and not bool(row["srdi_ok-1"]["valid"])
    assert row["srdi_ok-2"]["status"] == "valid" and not bool(row["srdi_ok-2"]["renewal_due"])
    assert row["srdi_ok-3"]["status"] == "revoked" and bool(row["srdi_ok-3"]["barred"])
    assert row["srdi_ok-3"]["barred_until"] == pd.Timestamp("2028-03-01")
    assert row["innov_ok-4"]["status"] == "future"
    assert row["innov_ok-5"]["tier"] == "none" and bool(row["innov_ok-5"]["barred"])
    assert row["innov_ok-6"]["status"] == "valid" and not bool(row["innov_ok-6"]["renewal_due"])
    # the bar ends on the third anniversary of the revocation
    later = validity(roster, as_of="2026-07-01").set_index("name")
    assert not later.filter(like="innov_ok-5", axis=0)["barred"].any()


def test_renewal_window_bound() -> None:
    roster = make_roster([{"n": 1, "archetype": "srdi_ok", "srdi_recognised_on": "2023-06-30"}])
    assert bool(validity(roster, as_of="2025-06-30")["renewal_due"].iloc[0])  # expires exactly one year on
    assert not bool(validity(roster, as_of="2025-06-29")["renewal_due"].iloc[0])
