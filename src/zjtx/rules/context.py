"""The evaluation context: one array per input field, one row per enterprise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
from attrs import field, frozen

from zjtx.rules.metrics import Field
from zjtx.rules.options import Options

__all__ = ["Context"]


@frozen
class Context:
    """Inputs of an evaluation: ``columns`` maps each :attr:`Field.key` to an array of length ``n``.

    A field the roster does not have reads as all-missing, so its criteria come out as
    ``insufficient_data`` naming it, rather than failing.
    """

    n: int
    as_of: dt.date
    options: Options = Options()
    columns: Mapping[str, np.ndarray] = field(factory=dict)

    @property
    def year(self) -> int:
        """Y, the calendar year of the assessment date; 上年度 is fiscal year Y−1."""
        return self.as_of.year

    def get(self, f: Field) -> np.ndarray:
        """The array of one field (all missing if the roster lacks it)."""
        arr = self.columns.get(f.key)
        if arr is None:
            return np.full(self.n, np.nan)
        return arr
