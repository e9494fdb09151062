"""The attrs model: tiers, recognitions, options, enterprises."""

from __future__ import annotations

import datetime as dt

import attrs
import pandas as pd
import pytest

import zjtx
from zjtx import Enterprise, Options, Recognition, Tier
from zjtx.roster.schema import ANNUAL, COLUMNS, STATIC


def test_ladder_order_and_labels() -> None:
    assert Tier.ladder() == (Tier.INNOVATIVE_SME, Tier.SRDI_SME, Tier.LITTLE_GIANT)
    assert Tier.INNOVATIVE_SME < Tier.SRDI_SME < Tier.LITTLE_GIANT
    assert Tier.SRDI_SME.next is Tier.LITTLE_GIANT and Tier.LITTLE_GIANT.next is None
    assert Tier.parse("小巨人") is Tier.LITTLE_GIANT
    assert Tier.parse("专精特新中小企业") is Tier.SRDI_SME
    with pytest.raises(ValueError, match="unknown tier"):
        Tier.parse("champion")


@pytest.mark.parametrize(("day", "exclusive", "inclusive"), [
    (dt.date(2023, 7, 19), False, False), (dt.date(2023, 7, 20), True, True),
    (dt.date(2026, 7, 19), True, True), (dt.date(2026, 7, 20), False, True), (dt.date(2026, 7, 21), False, False)])
def test_recognition_is_valid_three_years(day: dt.date, exclusive: bool, inclusive: bool) -> None:
    r = Recognition(Tier.SRDI_SME, dt.date(2023, 7, 20))
    assert r.expires_on == dt.date(2026, 7, 20)
    assert r.valid_on(day) is exclusive
    assert r.valid_on(day, inclusive_end=True) is inclusive


def test_leap_day_recognition() -> None:
    assert Recognition("srdi_sme", dt.date(2024, 2, 29)).expires_on == dt.date(2027, 2, 28)


def test_revoked_recognition() -> None:
    r = Recognition(Tier.LITTLE_GIANT, dt.date(2023, 1, 1), revoked_on=dt.date(2024, 1, 1))
    assert r.valid_on(dt.date(2023, 12, 31)) and not r.valid_on(dt.date(2024, 1, 1))


def test_options_validate_and_record() -> None:
    assert Options().as_dict()["band_endpoint"] == "favourable"
    with pytest.raises(ValueError):
        Options(band_endpoint="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown option"):
        Options.from_mapping({"band_endpoints": "favourable"})
    assert Options().replace(growth_2y="cagr").growth_2y == "cagr"


def test_enterprise_reads_the_schema_and_round_trips(examples_frame: pd.DataFrame) -> None:
    e = Enterprise.from_rows(examples_frame[examples_frame["uscc"] == "91532500MA6K001104"])
    assert e.niche_since_year == 2017
    assert [f.fiscal_year for f in e.figures] == [2022, 2023, 2024]
    assert e.figures[-1].operating_revenue == 10000
    again = Enterprise.list_from_frame(Enterprise.to_frame([e]))[0]
    assert again == e


def test_enterprise_variants_and_assessment(examples_frame: pd.DataFrame) -> None:
    e = Enterprise.from_rows(examples_frame[examples_frame["uscc"] == "91532500MA6K001104"])
    weaker = attrs.evolve(e.with_attributes(national_market_share=0.098), uscc="91532500MA6K01228T")
    verdicts = zjtx.assess([e, weaker], as_of="2025-06-30")
    assert list(verdicts["little_giant"]) == ["eligible", "not_eligible"]
    richer = e.with_figures(2024, rd_expense=600)
    assert richer.figures[-1].rd_expense == 600 and e.figures[-1].rd_expense == 300


def test_duplicate_enterprise_years_are_an_error(examples_frame: pd.DataFrame) -> None:
    e = Enterprise.from_rows(examples_frame[examples_frame["uscc"] == "91532500MA6K001104"])
    with pytest.raises(zjtx.RosterError, match="duplicated enterprise-year") as info:
        zjtx.assess([e, e], as_of="2025-06-30")
    assert info.value.problems[0].column == "fiscal_year"


def test_enterprise_rejects_unknown_attributes() -> None:
    with pytest.raises(ValueError, match="unknown attribute"):
        Enterprise(uscc="91530100MA6K00014D", attributes={"nich_since_year": 2019})
    with pytest.raises(ValueError, match="duplicate fiscal years"):
        Enterprise.from_record({"uscc": "x"}, figures=[{"fiscal_year": 2024}, {"fiscal_year": 2024}])


def test_enterprise_fields_are_the_schema() -> None:
    names = {c.name for c in COLUMNS}
    assert set(STATIC) | set(ANNUAL) | {"fiscal_year", "uscc", "name", "region_code", "prefecture", "industry"} == names
