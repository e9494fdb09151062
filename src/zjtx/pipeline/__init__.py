"""The cultivation pipeline (梯度培育): seed banks, target lists, roadmaps, validity and progress.

What a province's cultivation plan asks for (``shared/domain/yunnan-2025.md``), as functions over
a roster. Every function takes the roster (a canonical frame, a path, a
:class:`~zjtx.roster.io.Roster` or enterprises), a ``jurisdiction``, a date (``as_of``) or a
``year``, interpretation ``options`` and, for tests or embedding, ``plugins`` (a
:class:`~zjtx.plugins.PluginFacade`; default the process-wide one). All of them are vectorised
over the roster.

* :func:`validity`: recognitions, their validity, renewals due and revocation bars;
* :func:`seed_banks` / :func:`build_seed_bank`: the yearly seed banks (:class:`SeedBank`), sized,
  filtered and ranked by the plug-ins' :class:`SeedBankRule`;
* :func:`target_list`: next year's little-giant target list;
* :func:`roadmaps` / :func:`roadmap`: one line per criterion in the way, with gaps, changes,
  measures, planned year and owner (施工路线图);
* :func:`what_it_takes`: the figure changes that make an enterprise eligible, confirmed by
  re-assessment (:func:`apply_changes` applies a roadmap's changes to a roster);
* :func:`progress`: counts against the plan, per prefecture, projected to the plan's end
  (:class:`Progress`);
* :func:`schedule`: the quarterly scheduling report per prefecture (季度调度);
* :func:`plan_for`, :func:`yearly_target`, :func:`plan_pace`: the plan in force and its targets.
"""

from __future__ import annotations

from zjtx.pipeline.gaps import CIRCUMSTANCES, Gaps
from zjtx.pipeline.progress import Progress, conversion_rates, progress
from zjtx.pipeline.roadmap import ROADMAP_COLUMNS, measure_for, roadmap, roadmaps, target_tiers
from zjtx.pipeline.schedule import quarter_dates, schedule
from zjtx.pipeline.seedbank import BANK_COLUMNS, SeedBank, SeedBankRule, build_seed_bank, seed_banks
from zjtx.pipeline.targetlist import TARGET_LIST_COLUMNS, niche_floor, target_list
from zjtx.pipeline.targets import plan_for, plan_pace, yearly_target
from zjtx.pipeline.validity import LITTLE_GIANT_VALID, VALIDITY_COLUMNS, validity
from zjtx.pipeline.whatif import WhatItTakes, apply_changes, what_it_takes

__all__ = [
    "BANK_COLUMNS", "CIRCUMSTANCES", "Gaps", "LITTLE_GIANT_VALID", "Progress", "ROADMAP_COLUMNS", "SeedBank",
    "SeedBankRule", "TARGET_LIST_COLUMNS", "VALIDITY_COLUMNS", "WhatItTakes", "apply_changes", "build_seed_bank",
    "conversion_rates", "measure_for", "plan_for", "plan_pace", "progress", "quarter_dates", "roadmap", "roadmaps",
    "niche_floor", "schedule", "seed_banks", "target_list", "target_tiers", "validity", "what_it_takes", "yearly_target",
]  # fmt: skip
