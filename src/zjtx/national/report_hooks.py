"""The national default report sections, contributed through ``zjtx_report_sections``.

Star-imported into the built-in national plug-in (:mod:`zjtx.national.plugin`), which is
registered ``trylast``: a province plug-in's sections come first, and a province section with
the id of a national one replaces it (:func:`zjtx.report.sections.dedupe`). The sections
themselves are built by :mod:`zjtx.report.builders`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zjtx.hookspecs import hookimpl
from zjtx.report.sections import Section

__all__ = ["zjtx_report_sections"]


@hookimpl(trylast=True)
def zjtx_report_sections(jurisdiction: str, context: Mapping[str, Any]) -> Sequence[Section] | None:
    """The national sections (tier funnel, criteria, scores, prefectures, progress, banks…)."""
    from zjtx.report.builders import national_sections

    del jurisdiction  # the national sections serve every jurisdiction; the context carries it
    return national_sections(context)
