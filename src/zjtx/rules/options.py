"""Interpretation options: every ambiguity of the text is a named switch with a documented default.

The defaults are those of ``national-2022.md`` §8; the worked examples use them. A province
plug-in or the caller overrides them with :func:`attrs.evolve` (or :meth:`Options.replace`), and
every assessment records the options it used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs
from attrs import field, frozen, validators

__all__ = ["Options"]

BandEndpoint = Literal["favourable", "unfavourable"]
Growth2y = Literal["arithmetic_mean", "cagr"]
BandAt100m = Literal["upper", "middle"]
BandAt50m = Literal["middle", "lower"]
SmallBandRd = Literal["two_year_total", "last_year"]
AwardLevels = Literal["national", "national_or_provincial"]
ValidityEnd = Literal["exclusive", "inclusive"]


def _one_of(*values: str) -> Any:
    return validators.in_(values)


@frozen(kw_only=True)
class Options:
    """The switchable readings of the rules (``national-2022.md`` §8).

    >>> Options().band_endpoint
    'favourable'
    >>> Options.from_mapping({"growth_2y": "cagr"}).growth_2y
    'cagr'
    """

    #: A value exactly on a shared scoring-band endpoint gets the better band (``favourable``)
    #: or the worse one. Never applies to hard thresholds or to 每满2年.
    band_endpoint: BandEndpoint = field(
        default="favourable", validator=_one_of("favourable", "unfavourable")
    )
    #: 近2年主营业务收入平均增长率: mean of the two yearly rates, or the 2-year compound rate.
    growth_2y: Growth2y = field(default="arithmetic_mean", validator=_one_of("arithmetic_mean", "cagr"))
    #: Little giant L9: revenue exactly 1亿 is in the “1亿元以上” band (``upper``) or the middle one.
    lg_band_at_100m: BandAt100m = field(default="upper", validator=_one_of("upper", "middle"))
    #: Little giant L9: revenue exactly 5000万 is in the middle band or the “5000万元以下” one.
    lg_band_at_50m: BandAt50m = field(default="middle", validator=_one_of("middle", "lower"))
    #: Little giant L9, lowest band: R&D ≥ 3000万 over the last two years, or last year alone.
    lg_small_band_rd: SmallBandRd = field(
        default="two_year_total", validator=_one_of("two_year_total", "last_year")
    )
    #: Little giant L12 (创新直通 award): national awards only, or provincial ones too.
    lg_direct_award_levels: AwardLevels = field(
        default="national", validator=_one_of("national", "national_or_provincial")
    )
    #: Little giant L15 (field of the main product) is a hard criterion, or reported only.
    lg_field_required: bool = field(default=True, validator=validators.instance_of(bool))
    #: SRDI applicants must hold a valid innovative-SME status first (e.g. Hubei).
    srdi_requires_innovative: bool = field(default=False, validator=validators.instance_of(bool))
    #: 近三年 for dated events: an event counts if its year ≥ Y − this many years.
    event_years_back: int = field(default=3, validator=validators.in_((2, 3)))
    #: Recognition validity ends before (``exclusive``) or on the third anniversary.
    validity_end: ValidityEnd = field(default="exclusive", validator=_one_of("exclusive", "inclusive"))
    #: Assess as a renewal review (复核): little-giant L3 growth is not required.
    renewal: bool = field(default=False, validator=validators.instance_of(bool))
    #: The rule version a renewal review applies when none is pinned (national-2026.md §3): the
    #: 2026 little-giant renewal round reportedly kept the 63号 standard for firms first
    #: recognised under it (工信厅企业函〔2026〕117号, [3P], provisional).
    renewal_rule_version: str = field(default="national-2022", validator=validators.matches_re(r"^[a-z0-9][a-z0-9_.\-]*$"))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None = None) -> Options:
        """Options from a plain mapping (a config file, a CLI flag); unknown keys are an error."""
        values = dict(values or {})
        known = {a.name for a in attrs.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown option(s) {unknown}; known options: {sorted(known)}")
        return cls(**values)

    def replace(self, **changes: Any) -> Options:
        """A copy with some options changed (validated like the constructor)."""
        return attrs.evolve(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The options as a plain dict, e.g. to record with a verdict."""
        return attrs.asdict(self)
