"""Test data of the Yunnan plug-in: the worked examples shipped with zjtx.

A module with a name of its own, not ``conftest``, so that test modules can import it whichever
other test folders run in the same session.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

import zjtx

AS_OF = "2025-06-30"


def example_frame() -> pd.DataFrame:
    """The worked examples E1–E19 shipped with zjtx (24 Yunnan enterprises, 2022–2024)."""
    path = resources.files("zjtx") / "data" / "examples-national-2022.csv"
    with resources.as_file(path) as p:
        return zjtx.read_roster(p).frame
