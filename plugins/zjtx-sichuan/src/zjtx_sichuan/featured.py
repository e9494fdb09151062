"""Sichuan's three 特色化 indicators (SRDI indicators 9–11 in Sichuan's numbering), 8 + 4 + 3 points.

Source: a post restating the provincial standard, 2022-06-14 (``provinces.md`` §2, [V-1]). Each
indicator reads one boolean column this plug-in declares; an empty cell is ``insufficient_data``
as for any criterion (the score becomes a range, and the verdict is undecided only where those
points could change it). The other twelve national indicators, their weights and the pass mark
60 are unchanged.
"""

from __future__ import annotations

from zjtx.rules.clause import Clause, Provenance
from zjtx.rules.metrics import Flag, static
from zjtx.rules.nodes import Band, Indicator, Op, Test
from zjtx.roster.schema import Column, Kind, Role

__all__ = ["COLUMNS", "INDICATORS", "REPLACES", "VERSIONS"]

#: The national indicator these replace, and the rule versions that have it.
REPLACES = "srdi.i9"
VERSIONS = frozenset({"national-2022"})

_SOURCE = "四川省专精特新中小企业认定标准(四类十五个指标)"

#: (column, Chinese header, aliases, indicator number, points, indicator label, clause text)
_TABLE = (
    ("sc_modern_industry_system", "属于“5+1”“4+6”“10+3”产业体系", ("四川现代产业体系", "5+1/4+6/10+3产业体系"),
     9, 8, "属于四川省“5+1”现代工业体系、“4+6”现代服务业体系或“10+3”现代农业体系",
     "企业主营业务属于“5+1”现代工业体系、“4+6”现代服务业体系、“10+3”现代农业体系(8分)"),
    ("sc_heritage_gi_first_set", "非遗/地理标志商标/首台套首版次首批次", ("非物质文化遗产或地理标志商标", "首台套首版次首批次"),
     10, 4, "拥有非物质文化遗产、地理标志商标，或产品获评省级以上首台(套)、首版(次)、首批(次)",
     "拥有非物质文化遗产或地理标志商标，或产品被认定为省级以上首台(套)、首版(次)、首批(次)(4分)"),
    ("sc_local_distinctive", "行业或区域独特", ("区域独特", "行业独特"),
     11, 3, "行业或区域独特：产品或服务具有地方特色，能利用本地特色资源研发生产",
     "产品或服务具有地方特色，能够利用地方特色资源进行研发和生产(3分)"),
)  # fmt: skip

COLUMNS = tuple(
    Column(name, Role.STATIC, Kind.BOOL, header, aliases,
           description=f"Sichuan featured indicator {number} ({points} points), provinces.md §2")
    for name, header, aliases, number, points, _label, _text in _TABLE
)


def _indicator(name: str, number: int, points: int, label: str, text: str) -> Indicator:
    clause = Clause(_SOURCE, f"特色化指标{number}", text, Provenance.VERIFIED_ONE)
    metric = Flag(id=name, label=label, field=static(name))
    node_id = f"{REPLACES}.sc{number}"
    return Indicator(
        id=node_id, label=f"四川特色化指标{number}：{label}", category="featured", max_points=points, clause=clause,
        bands=(
            Band(points, Test(id=f"{node_id}.yes", label=label, metric=metric, op=Op.EQ, threshold=1, clause=clause)),
            Band(0, None, "否"),
        ),
    )


INDICATORS = tuple(
    _indicator(name, number, points, label, text) for name, _h, _a, number, points, label, text in _TABLE
)
