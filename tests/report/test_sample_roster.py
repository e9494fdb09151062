"""The generated synthetic roster (zjtx.sample) and the bundled default roster built from it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from stdnum.cn import uscc as stdnum_uscc

import zjtx
from zjtx.roster.canonical import canonicalize
from zjtx.roster.schema import COLUMNS, Kind
from zjtx.sample import (
    DEFAULT_SIZE, SYNTHETIC_MARK, YUNNAN_PREFECTURES, _gb11714_check, generate, load, sample_path, snapshot_date,
)


def test_shape_keys_and_years(small_roster: pd.DataFrame) -> None:
    assert len(small_roster) == 500 * 3
    assert small_roster["uscc"].nunique() == 500
    assert sorted(small_roster["fiscal_year"].unique()) == [2022.0, 2023.0, 2024.0]
    # one row per enterprise and year, grouped by enterprise, years ascending
    assert not small_roster.duplicated(["uscc", "fiscal_year"]).any()
    assert (small_roster.groupby("uscc", sort=False)["fiscal_year"].apply(lambda s: s.is_monotonic_increasing)).all()


def test_every_uscc_has_a_valid_check_character(small_roster: pd.DataFrame) -> None:
    codes = small_roster["uscc"].unique()
    assert all(stdnum_uscc.is_valid(c) for c in codes)
    assert all(stdnum_uscc.calc_check_digit(c[:17]) == c[17] for c in codes)


def test_uscc_region_and_prefecture_agree(small_roster: pd.DataFrame) -> None:
    first = small_roster.drop_duplicates("uscc")
    assert (first["uscc"].str[2:8] == first["region_code"]).all()
    assert set(first["region_code"].str[:4]) <= set(YUNNAN_PREFECTURES)
    names = {code: v[0] for code, v in YUNNAN_PREFECTURES.items()}
    assert (first["prefecture"] == first["region_code"].str[:4].map(names)).all()


def test_organisation_code_check_character_follows_gb11714() -> None:
    # 91110000600037341L (the stdnum example): organisation code 60003734-1
    body = np.array([[6, 0, 0, 0, 3, 7, 3, 4]])
    assert _gb11714_check(body)[0] == 1


def test_names_are_marked_synthetic(small_roster: pd.DataFrame) -> None:
    assert small_roster["name"].str.endswith(SYNTHETIC_MARK).all()


def test_fixed_seed_is_reproducible_and_seeds_differ() -> None:
    a, b = generate(60, seed=3), generate(60, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert not generate(60, seed=4)["uscc"].equals(a["uscc"])


def test_years_argument_sets_the_fiscal_years_and_recognition_dates() -> None:
    frame = generate(300, seed=5, years=(2019, 2020, 2021, 2022))
    assert sorted(frame["fiscal_year"].unique()) == [2019.0, 2020.0, 2021.0, 2022.0]
    latest = frame["innovative_recognised_on"].max()
    assert latest <= pd.Timestamp(snapshot_date(2023))


def test_dtypes_are_canonical_and_coercion_changes_nothing(small_roster: pd.DataFrame) -> None:
    assert list(small_roster.columns) == [c.name for c in COLUMNS]
    kinds = {c.name: c.kind for c in COLUMNS}
    for name in small_roster.columns:
        dtype = small_roster[name].dtype
        kind = kinds[name]
        if kind in (Kind.MONEY, Kind.NUMBER, Kind.FRACTION):
            assert dtype == "float64", name
        elif kind is Kind.BOOL:
            assert isinstance(dtype, pd.BooleanDtype), name
        elif kind is Kind.DATE:
            assert dtype == "datetime64[ns]", name
        else:
            assert dtype == object, name
    typed, problems = canonicalize(small_roster)
    assert problems == []
    pd.testing.assert_frame_equal(typed[small_roster.columns].reset_index(drop=True), small_roster)


def test_figures_are_consistent(small_roster: pd.DataFrame) -> None:
    f = small_roster
    assert (f["main_business_revenue"].dropna() <= f.loc[f["main_business_revenue"].notna(), "operating_revenue"]).all()
    assert (f["rd_staff"].dropna() <= f.loc[f["rd_staff"].notna(), "employees"]).all()
    assert (f["total_liabilities"].dropna() <= f.loc[f["total_liabilities"].notna(), "total_assets"]).all()
    assert (f["ip_class1_high_value"] <= f["ip_class1"]).all()
    assert (f["ip_class1_self_developed"] <= f["ip_class1"]).all()


def test_some_values_are_missing(small_roster: pd.DataFrame) -> None:
    assert small_roster["national_market_share"].isna().any()
    assert small_roster["rd_staff"].isna().any()
    assert small_roster["audit_filed"].isna().any()


def test_every_tier_has_eligible_enterprises_and_recognitions() -> None:
    roster = load()
    verdicts = zjtx.assess(roster, as_of="2025-06-30", jurisdiction="national")
    for tier in ("innovative_sme", "srdi_sme", "little_giant"):
        counts = verdicts[tier].value_counts()
        assert counts.get("eligible", 0) >= 20, tier
        assert counts.get("not_eligible", 0) > 0, tier
    assert (verdicts[["innovative_sme", "srdi_sme", "little_giant"]] == "insufficient_data").any().any()
    first = roster.drop_duplicates("uscc")
    for column in ("innovative_recognised_on", "srdi_recognised_on", "little_giant_recognised_on"):
        years = first[column].dropna().dt.year
        assert years.nunique() >= 4, column  # spread over past years, so validity matters


def test_recognitions_expire_in_the_sample() -> None:
    first = load().drop_duplicates("uscc")
    day = pd.Timestamp(snapshot_date())
    dates = first["innovative_recognised_on"].dropna()
    expired = dates + pd.DateOffset(years=3) <= day
    assert expired.any() and (~expired).any()
    # some valid on the snapshot date expire before the year ends
    ends = dates + pd.DateOffset(years=3)
    assert ((ends > day) & (ends <= pd.Timestamp("2025-12-31"))).any()


def test_bundled_roster_is_generate_with_the_defaults() -> None:
    path = sample_path()
    assert path.exists()
    assert path.stat().st_size < 2 * 1024 * 1024
    bundled = load()
    assert bundled["uscc"].nunique() == DEFAULT_SIZE
    pd.testing.assert_frame_equal(bundled, generate())


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate(-1)
    with pytest.raises(ValueError):
        generate(10, years=(2020, 2020))


def test_zero_enterprises_give_an_empty_canonical_roster() -> None:
    frame = generate(0)
    assert frame.empty and list(frame.columns) == [c.name for c in COLUMNS]


def test_snapshot_date() -> None:
    assert snapshot_date(2025) == dt.date(2025, 6, 30)
