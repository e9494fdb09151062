"""The ladder of quality SMEs (优质中小企业梯度培育) and recognitions on it."""

from __future__ import annotations

import datetime as dt
import enum

from attrs import frozen, field, validators

__all__ = ["Tier", "Recognition", "VALIDITY_YEARS", "add_years"]

#: Every tier's recognition is valid three years (63号 §7; 2026 办法 unchanged).
VALIDITY_YEARS = 3


class Tier(enum.StrEnum):
    """The three tiers, in ladder order (``Tier.INNOVATIVE_SME < Tier.LITTLE_GIANT``)."""

    INNOVATIVE_SME = "innovative_sme"
    SRDI_SME = "srdi_sme"
    LITTLE_GIANT = "little_giant"

    @property
    def rank(self) -> int:
        """Position on the ladder: 1 innovative, 2 SRDI, 3 little giant."""
        return _RANK[self]

    @property
    def label(self) -> str:
        """The Chinese name used in reports (创新型中小企业…)."""
        return _LABEL[self]

    @property
    def label_en(self) -> str:
        """The English name."""
        return _LABEL_EN[self]

    @property
    def recognition_column(self) -> str:
        """The roster column holding the date this tier was recognised (公告/认定日期)."""
        return _RECOGNITION_COLUMN[self]

    @property
    def next(self) -> Tier | None:
        """The next tier up the ladder, or None at the top."""
        up = [t for t in Tier if t.rank == self.rank + 1]
        return up[0] if up else None

    @classmethod
    def ladder(cls) -> tuple[Tier, ...]:
        """All tiers from the bottom of the ladder to the top."""
        return tuple(sorted(cls, key=lambda t: t.rank))

    @classmethod
    def parse(cls, value: str | Tier) -> Tier:
        """Read a tier from its id, its Chinese name or a common alias (``srdi``, ``小巨人``)."""
        if isinstance(value, Tier):
            return value
        key = str(value).strip()
        for tier in cls:
            if key in (tier.value, tier.label, tier.label_en) or key in _ALIASES[tier]:
                return tier
        raise ValueError(f"unknown tier {value!r}; expected one of {[t.value for t in cls]}")

    def __lt__(self, other: object) -> bool:  # ladder order, not alphabetical
        if not isinstance(other, Tier):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.rank >= other.rank


_RANK = {Tier.INNOVATIVE_SME: 1, Tier.SRDI_SME: 2, Tier.LITTLE_GIANT: 3}
_LABEL = {
    Tier.INNOVATIVE_SME: "创新型中小企业",
    Tier.SRDI_SME: "专精特新中小企业",
    Tier.LITTLE_GIANT: "专精特新“小巨人”企业",
}
_LABEL_EN = {
    Tier.INNOVATIVE_SME: "innovative SME",
    Tier.SRDI_SME: "SRDI SME",
    Tier.LITTLE_GIANT: "little giant",
}
_RECOGNITION_COLUMN = {
    Tier.INNOVATIVE_SME: "innovative_recognised_on",
    Tier.SRDI_SME: "srdi_recognised_on",
    Tier.LITTLE_GIANT: "little_giant_recognised_on",
}
_ALIASES = {
    Tier.INNOVATIVE_SME: ("innovative", "创新型"),
    Tier.SRDI_SME: ("srdi", "专精特新", "专精特新中小企业"),
    Tier.LITTLE_GIANT: ("lg", "小巨人", "专精特新小巨人"),
}


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@frozen
class Recognition:
    """A tier held by an enterprise from a date (公告/认定), valid :data:`VALIDITY_YEARS` years.

    ``inclusive_end`` follows option ``validity_end``: by default a recognition is valid while
    ``date < recognised_on + 3 years``; inclusive also counts the anniversary itself.
    """

    tier: Tier = field(converter=Tier.parse)
    recognised_on: dt.date = field(validator=validators.instance_of(dt.date))
    revoked_on: dt.date | None = None

    @property
    def expires_on(self) -> dt.date:
        """The first day the recognition is no longer valid (exclusive end)."""
        return add_years(self.recognised_on, VALIDITY_YEARS)

    def valid_on(self, day: dt.date, *, inclusive_end: bool = False) -> bool:
        """Whether the recognition holds on ``day`` (and was not revoked by then)."""
        if self.revoked_on is not None and self.revoked_on <= day:
            return False
        if day < self.recognised_on:
            return False
        return day <= self.expires_on if inclusive_end else day < self.expires_on
