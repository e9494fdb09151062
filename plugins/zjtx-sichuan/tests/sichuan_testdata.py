"""Test data of the Sichuan plug-in: the worked examples and Sichuan variants of them (registered
in 成都市锦江区 510104, with valid USCC check characters).

A module with a name of its own, not ``conftest``, so that test modules can import it whichever
other test folders run in the same session.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd
from stdnum.cn import uscc as stdnum_uscc

import zjtx

AS_OF = "2025-06-30"
FEATURED = ("sc_modern_industry_system", "sc_heritage_gi_first_set", "sc_local_distinctive")


def example_frame() -> pd.DataFrame:
    """The worked examples E1–E19 shipped with zjtx (24 Yunnan enterprises, 2022–2024)."""
    path = resources.files("zjtx") / "data" / "examples-national-2022.csv"
    with resources.as_file(path) as p:
        return zjtx.read_roster(p).frame


def moved(uscc: str, region: str) -> str:
    """The USCC of the same enterprise registered in ``region``, with a recomputed check character."""
    body = uscc[:2] + region + uscc[8:17]
    return body + stdnum_uscc.calc_check_digit(body)


def relocate(frame: pd.DataFrame, region: str = "510104") -> pd.DataFrame:
    """A copy of a roster with every enterprise registered in ``region``."""
    out = frame.copy()
    out["uscc"] = out["uscc"].map(lambda u: moved(u, region))
    out["region_code"] = region
    out["prefecture"] = None
    return out
