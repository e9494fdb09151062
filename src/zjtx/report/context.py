"""What a report is built from: the roster, its assessment and the pipeline's results.

:func:`report_context` runs the steps in order (read → assess → validity → seed banks →
roadmaps → progress → schedule → target list) and returns the mapping handed to every
``zjtx_report_sections`` hook. Pipeline steps use :mod:`zjtx.pipeline` when it offers them; a step it does not offer is
skipped and named in ``context["skipped"]``, and the sections that need it say so.

Keys of the context (hooks read them with ``context.get``; more may be added):

``jurisdiction`` (str), ``year`` (int), ``as_of`` (:class:`datetime.date`), ``lang`` (``zh``/``en``)
    what the report is about, and the language of its labels;
``roster`` (DataFrame)
    the canonical tidy roster; ``source`` names the file it came from (or ``None``);
``assessment`` (:class:`~zjtx.assess.Assessment`), ``verdicts`` (DataFrame)
    the assessment on ``as_of`` and its verdicts (index ``uscc``);
``plugins`` (:class:`~zjtx.plugins.PluginFacade`), ``regions`` (list of :class:`~zjtx.model.jurisdiction.Region`)
    the plug-ins in use and the jurisdiction's prefectures;
``priority_tags`` (Series or None)
    the plug-ins' ``;``-joined priority-sector tags per enterprise (``zjtx_priority_tags``);
``validity`` (DataFrame or None)
    :func:`zjtx.pipeline.validity` on ``as_of``;
``seed_banks`` (dict of :class:`~zjtx.model.tier.Tier` to :class:`~zjtx.pipeline.SeedBank`, or None)
    the seed banks of ``year``;
``roadmaps`` (DataFrame or None)
    the roadmap lines (施工路线图) of every seed-bank member toward its bank's tier;
``progress`` (:class:`~zjtx.pipeline.Progress` or None)
    counts against the plan in force, per prefecture, with the projection;
``quarter`` (int), ``schedule`` (DataFrame or None)
    the quarter of ``year`` the report date falls in (4 for a past year, 1 for a future one) and
    :func:`zjtx.pipeline.schedule` of that quarter (季度调度, one row per prefecture × tier);
``target_list`` (DataFrame or None)
    :func:`zjtx.pipeline.target_list` of ``year + 1`` (next year's little-giant target list),
    judged on ``as_of``;
``skipped`` (dict of step to reason)
    the steps that could not run.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from zjtx.plugins import PluginFacade, facade
from zjtx.report.sections import Lang
from zjtx.rules.options import Options

__all__ = ["STEPS", "Step", "report_context", "report_quarter", "load_roster", "default_as_of"]

#: The steps of a report, in order (each reported to the ``progress`` callback).
STEPS = ("read", "assess", "validity", "seed_banks", "roadmaps", "progress", "schedule", "target_list", "sections",
         "render")

#: A progress callback: called with a step name when the step starts.
Step = Callable[[str], None]


def default_as_of(year: int | None, today: dt.date | None = None) -> dt.date:
    """The assessment date of a report on ``year``: today for this year (or no year), 31 December
    of a past year, 1 January of a future one."""
    today = today or dt.date.today()
    if year is None or year >= today.year:
        return today if year is None or year == today.year else dt.date(year, 1, 1)
    return dt.date(year, 12, 31)


def load_roster(source: str | os.PathLike[str] | pd.DataFrame, *, plugins: PluginFacade | None = None) -> pd.DataFrame:
    """The canonical frame of a roster file (CSV, Excel, Parquet…) or DataFrame."""
    from zjtx.assess import as_roster_frame

    plugins = plugins or facade()
    if isinstance(source, pd.DataFrame):
        return as_roster_frame(source, plugins=plugins)
    path = Path(source)
    if path.suffix.lower() == ".parquet" and path.exists():
        # A Parquet roster keeps its dtypes; coerce it like any frame (problems are raised).
        return as_roster_frame(pd.read_parquet(path), plugins=plugins)
    return as_roster_frame(path, plugins=plugins)


def report_quarter(year: int, day: dt.date) -> int:
    """The quarter of ``year`` a report dated ``day`` schedules: ``day``'s own quarter in ``year``,
    the fourth for a past year, the first for a future one."""
    if day.year == year:
        return (day.month - 1) // 3 + 1
    return 4 if day.year > year else 1


def _pipeline(name: str) -> Any:
    """A function of :mod:`zjtx.pipeline`, or None while the pipeline does not offer it."""
    try:
        import zjtx.pipeline as pipeline
    except ImportError:  # pragma: no cover - the package exists; its modules may not
        return None
    return getattr(pipeline, name, None)


def _priority_tags(frame: pd.DataFrame, jurisdiction: str, plugins: PluginFacade) -> pd.Series | None:
    """The plug-ins' priority-sector tags per enterprise (index ``uscc``), or None if none tags."""
    from zjtx.roster.schema import KEY, YEAR

    if not plugins.pm.hook.zjtx_priority_tags.get_hookimpls():
        return None
    latest = frame.sort_values([KEY, YEAR], kind="stable").drop_duplicates(KEY, keep="last").set_index(KEY)
    tags = plugins.priority_tags(jurisdiction, latest.drop(columns=[YEAR]))
    return None if tags is None else tags.fillna("").astype(str)


def report_context(
    roster: str | os.PathLike[str] | pd.DataFrame,
    *,
    jurisdiction: str | None = None,
    year: int | None = None,
    as_of: dt.date | str | None = None,
    lang: Lang = "zh",
    options: Options | Mapping[str, Any] | None = None,
    rule_version: str | None = None,
    plugins: PluginFacade | None = None,
    pipeline: bool = True,
    progress: Step | None = None,
) -> dict[str, Any]:
    """Run the report's steps over a roster and return the context for the section hooks.

    ``year`` defaults to ``as_of``'s year (or this year); ``as_of`` to :func:`default_as_of` of
    ``year``. With ``pipeline=False`` only the assessment runs (the pipeline sections are
    skipped, saying so).
    """
    import zjtx
    from zjtx.assess import _as_date

    plugins = plugins or facade()
    step = progress or (lambda _name: None)
    day = _as_date(as_of) if as_of is not None else default_as_of(year)
    year = int(year) if year is not None else day.year
    jid = plugins.jurisdiction(jurisdiction).id
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")

    step("read")
    frame = load_roster(roster, plugins=plugins)
    source = None if isinstance(roster, pd.DataFrame) else str(roster)

    # Every step below takes the canonical frame wrapped as a Roster, so none coerces it again.
    from zjtx.roster.io import Roster

    held = Roster(frame, source=source)

    step("assess")
    assessment = zjtx.evaluate(held, as_of=day, jurisdiction=jid, rule_version=rule_version, options=options,
                               plugins=plugins)
    context: dict[str, Any] = {
        "jurisdiction": jid, "year": year, "as_of": day, "lang": lang, "roster": frame, "source": source,
        "assessment": assessment, "verdicts": assessment.verdicts, "plugins": plugins,
        "regions": plugins.regions(jid), "priority_tags": None, "validity": None, "seed_banks": None, "roadmaps": None,
        "progress": None, "quarter": report_quarter(year, day), "schedule": None, "target_list": None,
        "skipped": {},
    }  # fmt: skip
    skipped: dict[str, str] = context["skipped"]
    opts = assessment.rules.options
    common = {"options": opts, "plugins": plugins}

    def unavailable(name: str, what: str) -> Any:
        fn = _pipeline(name) if pipeline else None
        if fn is None:
            skipped[what] = ("pipeline steps not requested" if not pipeline
                             else f"zjtx.pipeline.{name} is not available in this installation")
        return fn

    context["priority_tags"] = _priority_tags(frame, jid, plugins)

    step("validity")
    fn = unavailable("validity", "validity")
    if fn is not None:
        context["validity"] = fn(held, as_of=day, **common)

    step("seed_banks")
    fn = unavailable("seed_banks", "seed_banks")
    if fn is not None:
        context["seed_banks"] = fn(held, year, jurisdiction=jid, rule_version=rule_version, **common)

    step("roadmaps")
    fn = unavailable("roadmaps", "roadmaps")
    banks = context["seed_banks"]
    if fn is not None and banks is None:
        skipped["roadmaps"] = "no seed banks to draw roadmaps for"
    elif fn is not None:
        # One pass over every bank's members: each is aimed at the tier above its highest valid
        # recognition on the report date, which is its bank's tier unless it was recognised since.
        members = sorted({u for bank in banks.values() for u in bank.table["uscc"]})
        context["roadmaps"] = (fn(held, uscc=members, as_of=day, jurisdiction=jid, rule_version=rule_version,
                                  **common) if members else pd.DataFrame())

    step("progress")
    fn = unavailable("progress", "progress")
    if fn is not None:
        context["progress"] = fn(held, as_of=day, jurisdiction=jid, banks=banks, with_banks=banks is not None,
                                 **common)

    # The two steps below feed one section each; one that fails is skipped with its reason, so a
    # report still comes out (the error's type and message are kept, never enterprise rows).
    def tolerant(what: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - reported in the section, not swallowed
            skipped[what] = f"zjtx.pipeline.{what} failed ({type(exc).__name__}: {exc})"
            return None

    step("schedule")
    fn = unavailable("schedule", "schedule")
    if fn is not None:
        quarter = context["quarter"]
        # Reuse the year's banks when they were built (they are the same banks schedule builds).
        extra = {} if banks is None else {"banks": banks}
        context["schedule"] = tolerant("schedule", lambda: fn(held, year, quarter, jurisdiction=jid, as_of=day,
                                                              **extra, **common))

    step("target_list")
    fn_t = unavailable("target_list", "target_list")
    if fn_t is not None:
        context["target_list"] = tolerant("target_list", lambda: fn_t(held, year + 1, jurisdiction=jid, as_of=day,
                                                                      rule_version=rule_version, **common))
    return context
