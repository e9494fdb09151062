"""Inputs and derived metrics, each declared once.

A :class:`Field` names a roster column and, for annual figures, which fiscal year relative to the
assessment year Y it is read from (``lag=1`` is 上年度, Y−1). A :class:`Metric` turns fields into
one value per enterprise: an amount, a ratio, a growth rate, years in the niche… Every metric is
vectorised: it computes a whole column at once, so one enterprise and a million go through the
same code. ``NaN`` (or ``None`` for codes) means "cannot be known from the inputs"; the
interpreter turns that into ``insufficient_data`` and names the missing fields.
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np
import pandas as pd
from attrs import field, frozen

if TYPE_CHECKING:
    from zjtx.rules.context import Context

__all__ = [
    "Unit",
    "Field",
    "static",
    "annual",
    "Metric",
    "Amount",
    "Flag",
    "Code",
    "SetSize",
    "Ratio",
    "Total",
    "Mean",
    "Growth",
    "MeanGrowth",
    "CompoundGrowth",
    "YearsBefore",
    "RecognitionValid",
    "RevocationBar",
    "Derived",
]


class Unit(enum.StrEnum):
    """The unit a metric is expressed in, which also decides how values and gaps are shown."""

    WAN_YUAN = "万元"
    RATIO = "%"
    YEARS = "年"
    PERSONS = "人"
    COUNT = "项"
    LEVEL = "级"
    POINTS = "分"
    FLAG = "是/否"
    CODE = "code"

    def format(self, value: object) -> str:
        """A value shown in this unit: ratios as percent, amounts with 万元…"""
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "—"
        if self is Unit.RATIO:
            return f"{_trim(float(value) * 100)}%"  # type: ignore[arg-type]
        if self is Unit.FLAG:
            return "是" if float(value) else "否"  # type: ignore[arg-type]
        if self is Unit.CODE:
            return str(value)
        return f"{_trim(float(value))}{self.value}"  # type: ignore[arg-type]

    def format_many(self, values: np.ndarray) -> np.ndarray:
        """:meth:`format` of every value, as an object array (vectorised for numbers)."""
        return _format_many(self, values)

    def format_delta_many(self, deltas: np.ndarray) -> np.ndarray:
        """:meth:`format_delta` of every value, as an object array (vectorised)."""
        return _format_delta_many(self, deltas)

    def format_delta(self, delta: float) -> str:
        """A signed change in this unit: ``+0.6 percentage points``, ``+62万元``."""
        sign = "+" if delta >= 0 else "−"
        mag = abs(delta)
        if self is Unit.RATIO:
            return f"{sign}{_trim(mag * 100)} percentage points"
        return f"{sign}{_trim(mag)}{self.value}"


def _trim(x: float) -> str:
    """A number with at most 4 decimals and no trailing zeros (150.0 → '150', 2.5 → '2.5')."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: ``.dddd`` without trailing zeros for each 4-digit fraction (0 → '').
_FRACTIONS = tuple(("." + f"{i:04d}".rstrip("0")) if i else "" for i in range(10_000))


def _trim_many(x: np.ndarray, prefix: np.ndarray | str = "", suffix: str = "") -> np.ndarray:
    """``prefix + _trim(v) + suffix`` for every value, as an object array of str.

    Vectorised: ``x · 10⁴`` is rounded half to even, as ``f"{x:.4f}"`` rounds the exact binary
    value, and the digits are joined by Arrow. Where the product lies so close to a half that
    its own rounding error could decide the result, and for huge or non-finite values,
    :func:`_trim` itself is used.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    x = np.asarray(x, dtype="float64")
    if not len(x):
        return np.empty(0, dtype=object)
    with np.errstate(invalid="ignore", over="ignore"):
        q = x * 1e4
        size = np.abs(q)
        sure = np.isfinite(q) & (size < 2.0**50) & (np.abs(size - np.floor(size) - 0.5) > 4 * np.spacing(size))
    fixed = np.rint(np.where(sure, q, 0.0)).astype(np.int64)
    mag = np.abs(fixed)
    sign = np.where(fixed < 0, "-", "")
    sign[fixed == 0] = ""
    whole = pc.cast(pa.array(mag // 10_000), pa.string())
    fraction = pa.array(_FRACTIONS, pa.string()).take(pa.array(mag % 10_000))
    lead = pa.array(np.broadcast_to(np.asarray(prefix, dtype=object), x.shape), pa.string())
    text = pc.binary_join_element_wise(lead, pa.array(sign, pa.string()), whole, fraction, suffix, "")
    out = text.to_numpy(zero_copy_only=False)
    for i in np.flatnonzero(~sure):
        out[i] = f"{prefix if isinstance(prefix, str) else prefix[i]}{_trim(float(x[i]))}{suffix}"
    return out


def _format_many(unit: Unit, values: np.ndarray) -> np.ndarray:
    """``[unit.format(v) for v in values]`` as an object array, vectorised for numbers."""
    values = np.asarray(values)
    if values.dtype.kind != "f" or unit is Unit.CODE:
        # codes and other objects: few distinct values, each formatted once; missing markers
        # (None, NaN, pd.NA…) one by one, as they do not all print alike
        values = np.asarray(values, dtype=object)
        codes, uniques = pd.factorize(values)
        texts = np.empty(len(uniques) + 1, dtype=object)
        texts[:-1] = [unit.format(u) for u in uniques]
        out = texts[codes]
        for i in np.flatnonzero(codes < 0):
            out[i] = unit.format(values[i])
        return out
    missing = np.isnan(values)
    if unit is Unit.FLAG:
        out = np.where(values != 0, "是", "否").astype(object)
    elif unit is Unit.RATIO:
        with np.errstate(over="ignore"):  # a huge ratio prints as inf, as the scalar path does
            percent = values * 100
        out = _trim_many(percent, suffix="%")
    else:
        out = _trim_many(values, suffix=unit.value)
    out[missing] = "—"
    return out


def _format_delta_many(unit: Unit, deltas: np.ndarray) -> np.ndarray:
    """``[unit.format_delta(d) for d in deltas]`` as an object array, vectorised."""
    deltas = np.asarray(deltas, dtype="float64")
    with np.errstate(invalid="ignore"):
        sign = np.where(deltas >= 0, "+", "−").astype(object)
    mag = np.abs(deltas)
    if unit is Unit.RATIO:
        with np.errstate(over="ignore"):
            percent = mag * 100
        return _trim_many(percent, prefix=sign, suffix=" percentage points")
    return _trim_many(mag, prefix=sign, suffix=unit.value)


@frozen
class Field:
    """A roster column, read for a fiscal year relative to Y (``lag``) or as a static attribute."""

    column: str
    #: ``None`` for a static attribute; ``k`` for the annual figure of fiscal year Y−k.
    lag: int | None = None

    @property
    def key(self) -> str:
        """The name of this input in the evaluation context (``rd_expense[Y-1]``)."""
        return self.column if self.lag is None else f"{self.column}[Y-{self.lag}]"

    def describe(self, year: int) -> str:
        """The field named for a user, with the calendar fiscal year: ``rd_expense[2024]``."""
        return self.column if self.lag is None else f"{self.column}[{year - self.lag}]"


def static(column: str) -> Field:
    """A static attribute (the latest non-empty value as of the assessment date)."""
    return Field(column)


def annual(column: str, lag: int) -> Field:
    """An annual figure of fiscal year Y−``lag`` (``lag=1`` is 上年度)."""
    if lag < 0:
        raise ValueError("lag must be ≥ 0 (0 is the assessment year itself)")
    return Field(column, lag)


@frozen(kw_only=True)
class Metric(abc.ABC):
    """A named quantity computed from fields, declared once and shared by every rule using it.

    ``id`` identifies the metric within a rule set: two metrics with one id must be the same
    declaration. ``label`` is the Chinese name shown to users, ``label_en`` the English one.
    """

    id: str
    label: str
    label_en: str = ""
    unit: Unit = Unit.CODE
    #: Which way the metric is better for an enterprise (more R&D: ``higher``; less debt:
    #: ``lower``), or ``None`` where neither is. The testing kit checks comparisons against it.
    better: Literal["higher", "lower"] | None = None
    #: Metrics whose values are strings (codes) rather than numbers.
    categorical: ClassVar[bool] = False

    @property
    def is_categorical(self) -> bool:
        """Whether values are codes (strings) rather than numbers."""
        return self.categorical

    @property
    @abc.abstractmethod
    def inputs(self) -> tuple[Field, ...]:
        """The fields this metric reads."""

    @abc.abstractmethod
    def compute(self, ctx: Context) -> np.ndarray:
        """One value per enterprise; NaN (None for codes) where it cannot be known."""

    def lever(self, ctx: Context, threshold: float) -> tuple[np.ndarray, str, Unit] | None:
        """The change of one input that would bring the metric to ``threshold``.

        Returns the amount per row, what it is, and its unit. For a ratio of two amounts this is
        the change of the numerator at the current denominator (``+62万元 of rd_expense at
        current operating_revenue``). ``None`` where no single input moves the metric.
        """
        return None


def _num(ctx: Context, f: Field) -> np.ndarray:
    return np.asarray(ctx.get(f), dtype="float64")


@frozen(kw_only=True)
class Amount(Metric):
    """The value of one numeric field (an amount, a count, a year, a level…)."""

    field: Field
    unit: Unit = Unit.WAN_YUAN

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.field,)

    def compute(self, ctx: Context) -> np.ndarray:
        return _num(ctx, self.field)

    def lever(self, ctx: Context, threshold: float) -> tuple[np.ndarray, str, Unit] | None:
        if self.unit is not Unit.WAN_YUAN:
            return None
        return threshold - self.compute(ctx), self.field.column, self.unit


@frozen(kw_only=True)
class Flag(Metric):
    """A yes/no field as 1.0 / 0.0 (NaN when empty)."""

    field: Field
    unit: Unit = Unit.FLAG

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.field,)

    def compute(self, ctx: Context) -> np.ndarray:
        return _num(ctx, self.field)


@frozen(kw_only=True)
class Code(Metric):
    """A coded field (``rd_institution``, ``chain_role``…) as strings; None when empty."""

    field: Field
    categorical: ClassVar[bool] = True

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.field,)

    def compute(self, ctx: Context) -> np.ndarray:
        return np.asarray(ctx.get(self.field), dtype=object)


@frozen(kw_only=True)
class SetSize(Metric):
    """How many items a set field holds (``;``-separated), optionally counting only ``members``.

    An empty cell of a set column is the empty set, not a missing value: a roster lists the
    honours an enterprise holds, and lists none when it holds none.
    """

    field: Field
    members: frozenset[str] | None = field(default=None, converter=lambda v: None if v is None else frozenset(v))
    unit: Unit = Unit.COUNT

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.field,)

    def compute(self, ctx: Context) -> np.ndarray:
        # ctx gives "" for an empty cell and None/NaN only where the column itself is absent.
        members = self.members

        def count(text: object) -> float:
            items = {x.strip() for x in str(text).split(";") if x.strip()}
            return float(len(items) if members is None else len(items & members))

        # Rosters hold few distinct sets: count each distinct cell once (missing → code −1 → NaN).
        codes, uniques = pd.factorize(np.asarray(ctx.get(self.field), dtype=object))
        counts = np.array([count(u) for u in uniques] + [np.nan], dtype="float64")
        return counts[codes]


def _divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where den is not positive (a ratio of nothing is not computable)."""
    out = np.full(num.shape, np.nan)
    ok = den > 0
    np.divide(num, den, out=out, where=ok)
    out[np.isnan(num) | np.isnan(den)] = np.nan
    return out


@frozen(kw_only=True)
class Ratio(Metric):
    """``numerator / denominator`` (R&D intensity, debt ratio, main-business share…).

    Not computable (NaN) when the denominator is zero or negative.
    """

    numerator: Field
    denominator: Field
    unit: Unit = Unit.RATIO
    #: The unit of the numerator, in which the gap is also expressed (R&D staff: persons).
    numerator_unit: Unit = Unit.WAN_YUAN

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.numerator, self.denominator)

    def compute(self, ctx: Context) -> np.ndarray:
        return _divide(_num(ctx, self.numerator), _num(ctx, self.denominator))

    def lever(self, ctx: Context, threshold: float) -> tuple[np.ndarray, str, Unit] | None:
        num, den = _num(ctx, self.numerator), _num(ctx, self.denominator)
        need = threshold * den - num
        if self.numerator_unit is Unit.PERSONS:
            need = np.where(need > 0, np.ceil(need - 1e-9), np.floor(need + 1e-9))  # whole persons
        return need, f"{self.numerator.column} at current {self.denominator.column}", self.numerator_unit


@frozen(kw_only=True)
class Total(Metric):
    """The sum of several fields (e.g. new equity over 近2年); unknown if any is missing."""

    fields: tuple[Field, ...] = field(converter=tuple)
    unit: Unit = Unit.WAN_YUAN

    @property
    def inputs(self) -> tuple[Field, ...]:
        return self.fields

    def compute(self, ctx: Context) -> np.ndarray:
        return np.sum([_num(ctx, f) for f in self.fields], axis=0)

    def lever(self, ctx: Context, threshold: float) -> tuple[np.ndarray, str, Unit] | None:
        return threshold - self.compute(ctx), f"{self.fields[0].column} (total)", self.unit


@frozen(kw_only=True)
class Mean(Metric):
    """The mean of several fields (e.g. 近两年研发费用均值); unknown if any is missing."""

    fields: tuple[Field, ...] = field(converter=tuple)
    unit: Unit = Unit.WAN_YUAN

    @property
    def inputs(self) -> tuple[Field, ...]:
        return self.fields

    def compute(self, ctx: Context) -> np.ndarray:
        return np.sum([_num(ctx, f) for f in self.fields], axis=0) / len(self.fields)

    def lever(self, ctx: Context, threshold: float) -> tuple[np.ndarray, str, Unit] | None:
        return (threshold - self.compute(ctx)) * len(self.fields), f"{self.fields[0].column} (total)", self.unit


@frozen(kw_only=True)
class Growth(Metric):
    """One year's growth rate ``current / base − 1``; not computable on a zero base."""

    current: Field
    base: Field
    unit: Unit = Unit.RATIO

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.current, self.base)

    def compute(self, ctx: Context) -> np.ndarray:
        return _divide(_num(ctx, self.current), _num(ctx, self.base)) - 1.0

    def lever(self, ctx: Context, threshold: float) -> tuple[np.ndarray, str, Unit] | None:
        cur, base = _num(ctx, self.current), _num(ctx, self.base)
        return (1 + threshold) * base - cur, f"{self.current.column} of fiscal year Y-{self.current.lag}", Unit.WAN_YUAN


@frozen(kw_only=True)
class MeanGrowth(Metric):
    """Arithmetic mean of the last two yearly growth rates (option ``growth_2y=arithmetic_mean``).

    ``[(R₋₁/R₋₂ − 1) + (R₋₂/R₋₃ − 1)] / 2`` with R₋ₖ the field in fiscal year Y−k.
    """

    column: str
    unit: Unit = Unit.RATIO

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (annual(self.column, 1), annual(self.column, 2), annual(self.column, 3))

    def compute(self, ctx: Context) -> np.ndarray:
        r1, r2, r3 = (_num(ctx, f) for f in self.inputs)
        return ((_divide(r1, r2) - 1.0) + (_divide(r2, r3) - 1.0)) / 2.0


@frozen(kw_only=True)
class CompoundGrowth(Metric):
    """Compound rate over two years ``√(R₋₁ / R₋₃) − 1`` (option ``growth_2y=cagr``)."""

    column: str
    unit: Unit = Unit.RATIO

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (annual(self.column, 1), annual(self.column, 3))

    def compute(self, ctx: Context) -> np.ndarray:
        r1, r3 = (_num(ctx, f) for f in self.inputs)
        q = _divide(r1, r3)
        return np.sqrt(q) - 1.0


@frozen(kw_only=True)
class YearsBefore(Metric):
    """Whole years from a year-valued field to fiscal year Y−``reference_lag``, plus ``plus``.

    Years in the niche as of the end of last year are ``(Y−1) − niche_since_year + 1``
    (``reference_lag=1, plus=1``); an award's age is ``Y − st_award_year`` (``0, 0``).
    """

    field: Field
    reference_lag: int = 0
    plus: int = 0
    unit: Unit = Unit.YEARS

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.field,)

    def compute(self, ctx: Context) -> np.ndarray:
        return (ctx.year - self.reference_lag) - _num(ctx, self.field) + self.plus


def _add_years(days: np.ndarray, years: int) -> np.ndarray:
    """datetime64 values moved by whole years (29 February → 28 February), at midnight."""
    days = np.asarray(days, dtype="datetime64[ns]")
    ok = ~np.isnat(days)
    out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
    if not ok.any():
        return out
    # Calendar arithmetic in numpy's day/month/year units (no per-value Python objects).
    day = days[ok].astype("datetime64[D]")
    first_of_year = day.astype("datetime64[Y]")
    first_of_month = day.astype("datetime64[M]")
    year = first_of_year.astype(np.int64) + 1970 + years
    if (year > 2261).any():  # beyond datetime64[ns]: let pandas raise as it always did
        return _add_years_pandas(days, years)
    month = (first_of_month - first_of_year.astype("datetime64[M]")).astype(np.int64)
    dom = (day - first_of_month.astype("datetime64[D]")).astype(np.int64)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    dom = np.where((month == 1) & (dom == 28) & ~leap, 27, dom)
    moved = ((year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + month).astype("datetime64[D]") + dom
    out[ok] = moved.astype("datetime64[ns]")
    return out


def _add_years_pandas(days: np.ndarray, years: int) -> np.ndarray:
    idx = pd.DatetimeIndex(days)
    ok = ~idx.isna()
    year = np.where(ok, idx.year, 2000) + years
    month = np.where(ok, idx.month, 1)
    day = np.where(ok, idx.day, 1)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = np.where((month == 2) & (day == 29) & ~leap, 28, day)
    out = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day})).to_numpy(dtype="datetime64[ns]", copy=True)
    out[~ok] = np.datetime64("NaT")
    return out


@frozen(kw_only=True)
class RecognitionValid(Metric):
    """1.0 if a recognition date (公告/认定日期) makes the tier valid on the assessment date.

    An empty date means no recognition (0.0, not unknown). Validity is 3 years, ending before
    or on the anniversary according to option ``validity_end``.
    """

    field: Field
    unit: Unit = Unit.FLAG

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.field,)

    def compute(self, ctx: Context) -> np.ndarray:
        days = np.asarray(ctx.get(self.field), dtype="datetime64[ns]")
        today = np.datetime64(ctx.as_of, "ns")
        end = _add_years(days, 3)
        held = ~np.isnat(days) & (days <= today)
        within = end >= today if ctx.options.validity_end == "inclusive" else end > today
        return (held & within).astype("float64")


@frozen(kw_only=True)
class RevocationBar(Metric):
    """1.0 while a revocation still bars applications (至少三年内不得再次申报), else 0.0."""

    field: Field
    unit: Unit = Unit.FLAG

    @property
    def inputs(self) -> tuple[Field, ...]:
        return (self.field,)

    def compute(self, ctx: Context) -> np.ndarray:
        days = np.asarray(ctx.get(self.field), dtype="datetime64[ns]")
        today = np.datetime64(ctx.as_of, "ns")
        end = _add_years(days, 3)
        barred = ~np.isnat(days) & (days <= today) & (end > today)
        return barred.astype("float64")


@frozen(kw_only=True)
class Derived(Metric):
    """A metric computed by a named vectorised function of its input arrays.

    For what is not a plain ratio, sum or growth (the SME size class). ``function`` receives the
    input arrays in the order of ``fields`` and returns one value per enterprise.
    """

    fields: tuple[Field, ...] = field(converter=tuple)
    function: Callable[..., np.ndarray] = field(eq=False)
    unit: Unit = Unit.CODE
    categorical_values: bool = False

    @property
    def is_categorical(self) -> bool:
        return self.categorical_values

    @property
    def inputs(self) -> tuple[Field, ...]:
        return self.fields

    def compute(self, ctx: Context) -> np.ndarray:
        return np.asarray(self.function(*(ctx.get(f) for f in self.fields)))


def inputs_of(metrics: Sequence[Metric]) -> tuple[Field, ...]:
    """Every field the metrics read, once each, in first-seen order."""
    seen: dict[Field, None] = {}
    for m in metrics:
        for f in m.inputs:
            seen.setdefault(f, None)
    return tuple(seen)


def today() -> dt.date:
    """The default assessment date (the local calendar day)."""
    return dt.date.today()
