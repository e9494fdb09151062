"""Yunnan's priority sectors (重点产业) as tags: this plug-in's own reading of the plan.

云政办发〔2025〕27号 二(四) and 云工信中小〔2025〕237号 name the sectors, not the enterprises in
them; the mapping from an enterprise to a sector is this plug-in's reading, documented here and in
the README. An enterprise gets a sector's tag when any one of these holds:

* its ``industry`` (GB/T 4754-2017 code) starts with one of the sector's code prefixes;
* its ``main_product_field`` is one of the sector's field codes (``fields.md``);
* its ``main_product`` text contains one of the sector's keywords.

Tags are joined with ``;`` in the order of :data:`SECTORS`. 招商引资 and spin-off enterprises
(二(五)) cannot be seen in a roster and get no tag.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd
from attrs import field, frozen

__all__ = ["Sector", "SECTORS", "tags"]


@frozen
class Sector:
    """A priority sector: Chinese label, industry-code prefixes, field codes, product keywords."""

    code: str
    label: str
    industries: tuple[str, ...] = field(default=(), converter=tuple)
    fields: frozenset[str] = field(default=frozenset(), converter=frozenset)
    keywords: tuple[str, ...] = field(default=(), converter=tuple)


SECTORS = MappingProxyType({s.code: s for s in (
    Sector("nonferrous", "有色金属精深加工(铝、铜)",
           industries=("C321", "C324", "C325", "C3392"), keywords=("铝", "铜", "锌", "锡")),
    Sector("rare_precious_materials", "稀贵金属新材料(铟、锗、铂)",
           industries=("C322", "C323"), keywords=("铟", "锗", "铂", "钯", "铑", "ITO", "靶材", "稀贵", "贵金属")),
    Sector("phosphorus_battery", "精细磷化工与新能源电池(磷矿—磷酸—正极材料—电池)",
           industries=("C2611", "C2622", "C384"), fields=("nev",),
           keywords=("磷矿", "磷酸", "磷化工", "黄磷", "磷肥", "正极材料", "电池", "锂")),
    Sector("petrochemical", "石化化工", industries=("C25", "C26")),
    Sector("electronics_software", "电子信息制造和软件开发(面向南亚东南亚的数字信息大通道)",
           industries=("C39", "I63", "I64", "I65"),
           fields=("next_gen_it", "key_software", "components", "info_infrastructure", "core_tech",
                   "cybersecurity", "data_security")),
    Sector("advanced_equipment", "先进装备制造",
           industries=("C34", "C35", "C37", "C38", "C40"),
           fields=("basic_parts", "cnc_robotics", "aerospace", "marine", "rail", "power_equipment",
                   "agri_machinery", "medical_devices")),
    Sector("consumer_goods", "高端消费品", industries=("C13", "C14", "C15", "C18", "C19", "C24", "C268")),
)})  # fmt: skip


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].astype(object).where(frame[column].notna(), "").astype(str).str.strip()


def tags(frame: pd.DataFrame) -> pd.Series:
    """The ``;``-joined sector codes of each enterprise of an enterprise-level frame."""
    industry = _text(frame, "industry").str.upper()
    product_field = _text(frame, "main_product_field")
    product = _text(frame, "main_product")
    out = pd.Series("", index=frame.index, dtype=object)
    for sector in SECTORS.values():
        hit = pd.Series(False, index=frame.index)
        if sector.industries:
            hit |= industry.str.startswith(sector.industries)
        if sector.fields:
            hit |= product_field.isin(sector.fields)
        for word in sector.keywords:
            hit |= product.str.contains(word, regex=False)
        out[hit] = (out[hit] + ";" + sector.code).str.lstrip(";")
    return out
