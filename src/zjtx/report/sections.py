"""Report sections: a titled table and an optional chart, contributed by plug-ins.

This module starts with the section type plug-ins return from ``zjtx_report_sections``; the
renderers are added by the report issue.
"""

from __future__ import annotations

import pandas as pd
from attrs import field, frozen

__all__ = ["Section"]


@frozen(kw_only=True)
class Section:
    """One section of a report: ``table`` under ``title`` (Chinese) and ``title_en``."""

    id: str
    title: str
    table: pd.DataFrame = field(eq=False)
    title_en: str = ""
    notes: str = ""
    #: Lower numbers come first.
    order: int = 100
    source: str = "national"
