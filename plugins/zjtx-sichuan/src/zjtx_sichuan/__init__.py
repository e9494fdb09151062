"""zjtx plug-in for Sichuan (四川省, division code 51).

Sichuan's SRDI standard has 四类十五个指标: three 特色化 indicators (8 + 4 + 3 points) replace
national indicator 9, each reading a boolean roster column this plug-in declares
(``provinces.md`` §2, [V-1]). They apply to the ``national-2022`` rules only (the 2026 办法
abolishes 特色化). The plug-in also serves 成都市 as its own jurisdiction (``chengdu``), whose
three-year plan sets targets, and lists Sichuan's prefectures.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: The jurisdictions this plug-in serves.
SICHUAN_ID = "sichuan"
CHENGDU_ID = "chengdu"

__all__ = ["__version__", "SICHUAN_ID", "CHENGDU_ID"]
