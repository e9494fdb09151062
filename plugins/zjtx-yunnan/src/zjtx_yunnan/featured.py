"""Yunnan's 特色化 slot (SRDI indicator 9): empty and clearly labelled.

Yunnan's own featured indicators are set by 《云南省优质中小企业梯度培育管理实施细则(暂行)》
(云工信规〔2023〕1号), whose text is **UNVERIFIED** (not in our sources, ``provinces.md`` §4). This
plug-in invents no item. It declares one optional roster column, ``yn_featured_points``
(云南特色化指标得分, 0–15 whole points), for a data provider who has the provincial review's
featured points, and replaces national indicator ``srdi.i9`` with an indicator reading it:

* a value given → those points (whole points: 7.5 scores 7);
* an empty cell, or a roster without the column → 0 points, exactly the national rule's empty
  slot. So until a provider supplies the points, Yunnan's SRDI verdicts equal the national ones;
  the slot never makes a verdict ``insufficient_data``.

The slot applies to the ``national-2022`` rules only: the 2026 办法 abolishes 特色化.
"""

from __future__ import annotations

import numpy as np

from zjtx.rules.clause import Clause, Provenance
from zjtx.rules.metrics import Derived, Unit, static
from zjtx.rules.nodes import Band, Indicator, Op, Test
from zjtx.roster.schema import Column, Kind, Role

__all__ = ["COLUMN", "POINTS", "INDICATOR", "REPLACES", "VERSIONS", "MAX_POINTS"]

#: The national indicator this slot replaces, and the rule versions that have it.
REPLACES = "srdi.i9"
VERSIONS = frozenset({"national-2022"})
MAX_POINTS = 15

COLUMN = Column(
    "yn_featured_points", Role.STATIC, Kind.NUMBER, "云南特色化指标得分",
    ("特色化指标得分", "特色化得分", "云南省特色化指标得分"), "分",
    description="featured points (0–15) from Yunnan's provincial review (云工信规〔2023〕1号, UNVERIFIED); "
                "empty scores 0 as nationally",
    minimum=0, maximum=MAX_POINTS,
)


def _points_or_zero(points: np.ndarray) -> np.ndarray:
    """The given points; an empty cell is the national empty slot (0 points)."""
    values = np.asarray(points, dtype="float64")
    return np.where(np.isnan(values), 0.0, values)


POINTS = Derived(
    id="yn_featured_points", label="云南特色化指标得分(未提供按0分)", label_en="Yunnan featured points (empty: 0)",
    fields=(static(COLUMN.name),), function=_points_or_zero, unit=Unit.POINTS,
)

_CLAUSE = Clause(
    "云工信规〔2023〕1号", "特色化指标",
    "云南省特色化指标内容未经核实(UNVERIFIED)：本插件不设具体指标，仅读取数据提供方给出的特色化得分(0-15分)，未提供时按0分",
    Provenance.UNVERIFIED,
)

INDICATOR = Indicator(
    id=f"{REPLACES}.yn",
    label="云南特色化指标(内容未核实：读取“云南特色化指标得分”，未提供按0分)",
    label_en="Yunnan featured indicators (UNVERIFIED placeholder)",
    category="featured",
    max_points=MAX_POINTS,
    clause=_CLAUSE,
    bands=(
        *(Band(k, Test(id=f"{REPLACES}.yn.{k}", label=f"特色化得分不低于{k}分", metric=POINTS, op=Op.GE,
                       threshold=k, clause=_CLAUSE))
          for k in range(MAX_POINTS, 0, -1)),
        Band(0, None, "未提供特色化得分：0分(同国家规则)"),
    ),
)
