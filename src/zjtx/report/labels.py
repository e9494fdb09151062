"""Words reports show in Chinese (``zh``) and English (``en``): tiers, outcomes, common headers."""

from __future__ import annotations

from zjtx.model.tier import Tier
from zjtx.report.sections import ColumnSpec, Lang

__all__ = ["tier_label", "outcome_label", "text", "COMMON", "col"]

_OUTCOMES = {
    "eligible": ("符合条件", "eligible"),
    "not_eligible": ("不符合条件", "not eligible"),
    "insufficient_data": ("数据不足", "insufficient data"),
    "pass": ("满足", "pass"),
    "fail": ("不满足", "fail"),
}

#: Headers used by several sections: id → (Chinese, English, unit).
COMMON: dict[str, tuple[str, str, str]] = {
    "tier": ("梯度层级", "tier", ""),
    "enterprises": ("企业数", "enterprises", "家"),
    "assessed": ("评价企业数", "assessed", "家"),
    "eligible": ("符合条件", "eligible", "家"),
    "not_eligible": ("不符合条件", "not eligible", "家"),
    "insufficient_data": ("数据不足", "insufficient data", "家"),
    "eligible_share": ("符合条件占比", "eligible share", "%"),
    "valid": ("有效期内已认定", "valid recognitions", "家"),
    "eligible_not_recognised": ("符合条件未认定(潜在新增)", "eligible, not yet recognised", "家"),
    "recognised_not_eligible": ("已认定但当前不符合", "recognised, not eligible now", "家"),
    "prefecture": ("州市代码", "prefecture code", ""),
    "prefecture_name": ("州市", "prefecture", ""),
    "year": ("年份", "year", ""),
}


def tier_label(tier: Tier | str, lang: Lang = "zh") -> str:
    """A tier's name in ``lang``."""
    t = Tier.parse(tier)
    return t.label if lang == "zh" else t.label_en


def outcome_label(outcome: str, lang: Lang = "zh") -> str:
    """An outcome (``eligible``, ``pass``…) in ``lang``."""
    zh, en = _OUTCOMES.get(outcome, (outcome, outcome))
    return zh if lang == "zh" else en


def text(zh: str, en: str, lang: Lang = "zh") -> str:
    """``zh`` or ``en``."""
    return zh if lang == "zh" else en


def col(name: str, label: str | None = None, label_en: str | None = None, unit: str | None = None) -> ColumnSpec:
    """A :class:`ColumnSpec` from :data:`COMMON`, with any part overridden."""
    zh, en, u = COMMON.get(name, (name, name, ""))
    return ColumnSpec(label if label is not None else zh, label_en if label_en is not None else en,
                      unit if unit is not None else u)
