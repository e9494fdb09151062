"""Renewal reviews (复核): L3 not required, and the rule version a renewal applies after 2026-04-01."""

from __future__ import annotations

import datetime as dt

import pytest

import zjtx


@pytest.mark.parametrize(("as_of", "options", "version"), [
    (dt.date(2026, 6, 30), {}, "national-2026"),
    (dt.date(2026, 6, 30), {"renewal": True}, "national-2022"),
    (dt.date(2026, 6, 30), {"renewal": True, "renewal_rule_version": "national-2026"}, "national-2026"),
    (dt.date(2025, 6, 30), {"renewal": True, "renewal_rule_version": "national-2026"}, "national-2022"),
])
def test_renewal_rule_version(as_of: dt.date, options: dict, version: str) -> None:
    assert zjtx.rules_for(as_of, options=options).version.id == version


def test_pinned_version_wins_over_renewal() -> None:
    rules = zjtx.rules_for(dt.date(2026, 6, 30), version="national-2026", options={"renewal": True})
    assert rules.version.id == "national-2026"


def test_renewal_drops_the_growth_requirement() -> None:
    normal = zjtx.rules_for(dt.date(2025, 6, 30))["little_giant"]
    renewal = zjtx.rules_for(dt.date(2025, 6, 30), options={"renewal": True})["little_giant"]
    assert "lg.L3" in {n.id for n in normal.eligibility.walk()}
    assert "lg.L3" not in {n.id for n in renewal.eligibility.walk()}
    assert "lg.L3" in {n.id for r in renewal.reported for n in r.walk()}
