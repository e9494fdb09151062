"""Helpers for the roster tests: the examples, valid USCCs, and a synthetic roster with bad cells."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from stdnum.cn import uscc as stdnum_uscc

import zjtx

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = DATA / "national-2022.csv"
EXPECTED = DATA / "national-2022-expected.csv"
AS_OF = "2025-06-30"
TIERS = ["innovative_sme", "srdi_sme", "little_giant"]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])


def uscc(i: int, region: str = "530100") -> str:
    """A valid USCC (GB 32100-2015 check character from python-stdnum) numbered ``i``."""
    body = "91" + region + "MA" + np.base_repr(i, 31).rjust(7, "0").translate(str.maketrans(
        "0123456789ABCDEFGHIJKLMNOPQRSTU", ALPHABET))
    return body + stdnum_uscc.calc_check_digit(body)


def usccs(n: int) -> np.ndarray:
    """``n`` distinct valid USCCs at once (numpy; the same codes as :func:`uscc`, region 5301xx)."""
    i = np.arange(n)
    digits = np.stack([(i // 31**k) % 31 for k in range(6, -1, -1)], axis=1)
    region = np.stack([np.full(n, 5), np.full(n, 3), np.full(n, 0), np.full(n, 1), (i % 30) // 10, i % 10], axis=1)
    values = np.concatenate([np.full((n, 1), 9), np.full((n, 1), 1), region,
                             np.full((n, 1), ALPHABET.index("M")), np.full((n, 1), ALPHABET.index("A")), digits], axis=1)
    check = (31 - (values * _WEIGHTS).sum(axis=1) % 31) % 31
    chars = np.array(list(ALPHABET))[np.concatenate([values, check[:, None]], axis=1)]
    return np.array(["".join(r) for r in chars], dtype=object)


def examples_frame() -> pd.DataFrame:
    return zjtx.read_roster(EXAMPLES).frame


def assessed_plus_rejected(roster: zjtx.roster.Roster) -> int:
    """Assess a roster and count the assessed enterprises plus the rejected ones."""
    assessed = zjtx.evaluate(roster, as_of=AS_OF).verdicts
    assert assessed.index.is_unique
    assert not set(assessed.index) & set(roster.rejected_enterprises["uscc"].dropna())
    # zjtx.assess itself lists the rejected enterprises after the assessed ones
    together = zjtx.assess(roster, as_of=AS_OF)
    if len(roster.rejected_enterprises):
        assert (together["status"] == "rejected").sum() == len(roster.rejected_enterprises)
        assert (together["status"] == "assessed").sum() == len(assessed)
    return len(assessed) + len(roster.rejected_enterprises)


def synthetic(n_rows: int, *, bad_share: float, seed: int = 0) -> tuple[pd.DataFrame, dict[str, int]]:
    """A tidy roster of ``n_rows`` rows (enterprises × 2022–2024)
    with a share of spoiled cells, and what the reader must report.

    Each spoiled cell is spoiled so that exactly one problem is reported for it; the figures are
    otherwise consistent (no warnings). Returns the frame and the expected counts: enterprises,
    rejected cells, rejected enterprises.
    """
    rng = np.random.default_rng(seed)
    years = np.array([2022, 2023, 2024])
    n_ent = -(-n_rows // len(years))
    ent = np.repeat(np.arange(n_ent), len(years))[:n_rows]
    year = np.tile(years, n_ent)[:n_rows]
    keys = usccs(n_ent)
    revenue = np.round(rng.uniform(500, 50_000, n_rows), 2)
    employees = rng.integers(10, 900, n_rows)
    assets = np.round(rng.uniform(1_000, 90_000, n_rows), 2)
    frame = pd.DataFrame({
        "uscc": keys[ent],
        "name": np.array([f"合成企业{i}有限公司" for i in range(n_ent)], dtype=object)[ent],
        "fiscal_year": year,
        "operating_revenue": revenue,
        "main_business_revenue": np.round(revenue * rng.uniform(0.5, 1.0, n_rows), 2),
        "rd_expense": np.round(revenue * rng.uniform(0.0, 0.1, n_rows), 2),
        "net_profit": np.round(rng.uniform(-500, 5_000, n_rows), 2),
        "total_assets": assets,
        "total_liabilities": np.round(assets * rng.uniform(0.1, 0.9, n_rows), 2),
        "employees": employees,
        "rd_staff": (employees * rng.uniform(0, 0.3, n_rows)).astype(int),
        "national_market_share": np.round(rng.uniform(0, 0.3, n_rows), 4),
        "own_brand": rng.choice(np.array(["是", "否", "true", "false", "Y", "N"], dtype=object), n_rows),
        "rd_institution": rng.choice(np.array(["national", "provincial", "市级", "none"], dtype=object), n_rows),
        "invention_patents": rng.integers(0, 9, n_rows),
        "digital_level": rng.integers(1, 5, n_rows),
    })
    spoilable = {  # column → a value that is wrong in exactly one way
        "operating_revenue": "不详", "rd_expense": "12万元?", "net_profit": "n.a.", "total_assets": "#REF!",
        "employees": "-3", "national_market_share": "1.7", "own_brand": "也许", "rd_institution": "院士站",
        "invention_patents": "2.5", "digital_level": "9",
    }
    names = list(spoilable)
    n_bad = int(bad_share * n_rows * len(frame.columns))
    # a few enterprises lose their key (bad check character) and are rejected whole
    bad_keys = rng.choice(n_ent, size=max(1, n_ent // 500), replace=False)
    bad_key_rows = np.isin(ent, bad_keys)
    frame.loc[bad_key_rows, "uscc"] = frame.loc[bad_key_rows, "uscc"].map(lambda k: k[:-1] + ("0" if k[-1] != "0" else "1"))
    frame["fiscal_year"] = frame["fiscal_year"].astype(object)
    # spoil cells only in rows whose key is valid, one cell per (row, column); a spoiled figure
    # becomes missing, so no cross-check (主营 ≤ 营业…) fires on its row
    candidates = np.flatnonzero(~bad_key_rows)
    picked = rng.choice(len(candidates) * len(names), size=n_bad, replace=False)
    rows, cols = candidates[picked // len(names)], picked % len(names)
    for k, col in enumerate(names):
        values = frame[col].to_numpy(dtype=object, copy=True)
        values[rows[cols == k]] = spoilable[col]
        frame[col] = values
    expected = {
        "enterprises": n_ent,
        "rejected_cells": n_bad + int(bad_key_rows.sum()),
        "rejected_enterprises": len(bad_keys),
    }
    return frame, expected
