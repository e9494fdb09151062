"""Number formats shared by the renderers: one per unit (万元, %, counts…), for Excel and text."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["EXCEL_FORMATS", "excel_format", "format_value", "cell_value", "display_width"]

#: Excel number format of each unit (``%`` columns hold fractions).
EXCEL_FORMATS = {"万元": "#,##0.00", "%": "0.0%", "家": "#,##0", "人": "#,##0", "项": "#,##0", "分": "0.0", "年": "0"}


def excel_format(unit: str, dtype: Any) -> str:
    """The Excel number format of a column: by its unit, else General (dates: ISO)."""
    if unit in EXCEL_FORMATS:
        return EXCEL_FORMATS[unit]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "yyyy-mm-dd"
    return "General"


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell_value(value: Any) -> Any:
    """A table value as a plain Python value for a workbook cell (missing → None)."""
    if isinstance(value, np.generic):
        value = value.item()
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value)
    return value


def format_value(value: Any, unit: str = "") -> str:
    """A table value as text: ``1,234.50`` for 万元, ``12.5%`` for %, ``—`` for missing."""
    value = cell_value(value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float)):
        if unit == "%":
            return f"{value:.1%}"
        if unit == "万元":
            return f"{value:,.2f}"
        if unit in ("家", "人", "项"):
            return f"{value:,.0f}"
        if unit == "分":
            return f"{value:g}"
        if unit == "年":
            return f"{value:.0f}"
        if isinstance(value, float):
            return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:g}"
        return str(value)
    return str(value)


def display_width(text: str) -> int:
    """Width of text in monospace cells: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
