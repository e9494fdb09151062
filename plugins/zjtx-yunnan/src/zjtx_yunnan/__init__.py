"""zjtx plug-in for Yunnan (云南省, division code 53).

It carries 《云南省专精特新企业倍增三年行动计划(2025—2027年)》 (云政办发〔2025〕27号) as data:
targets, seed-bank rules, prefectures, priority sectors, the plan's coaching lines and measures,
plus the earlier 2023–2025 plan's targets and an empty, clearly labelled 特色化 slot. The rules
themselves are the national ones; this package only declares what Yunnan adds.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: The jurisdiction id this plug-in serves.
JURISDICTION_ID = "yunnan"

__all__ = ["__version__", "JURISDICTION_ID"]
