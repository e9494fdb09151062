"""Explanations: for every enterprise and criterion, the value, threshold, outcome, gap and clause.

The findings table has one row per enterprise × rule node. Gaps are signed, in the metric's own
unit (``+0.006`` of a ratio is +0.6 percentage points) and, where one amount moves the metric,
in money at the enterprise's current figures (``+62万元 of rd_expense at current
operating_revenue``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from zjtx.model.tier import Tier
from zjtx.rules.interpreter import TOLERANCE, Evaluation
from zjtx.rules.metrics import Unit
from zjtx.rules.nodes import AllOf, AnyOf, AtLeast, Indicator, Node, NotAssessed, Op, ScoreAtLeast, Test
from zjtx.rules.ruleset import TierRules

if TYPE_CHECKING:
    from zjtx.assess import Assessment

__all__ = ["FINDING_COLUMNS", "findings", "explain_text", "node_kind"]

#: Columns of the findings table, in order.
FINDING_COLUMNS = (
    "uscc", "tier", "criterion", "parent", "kind", "label", "value", "value_text", "comparison",
    "threshold", "threshold_text", "outcome", "points", "max_points", "gap", "gap_money", "gap_text",
    "unit", "missing", "clause", "clause_text", "provenance", "source",
)  # fmt: skip

_KIND = {Test: "test", AllOf: "all_of", AnyOf: "any_of", AtLeast: "at_least", Indicator: "indicator",
         ScoreAtLeast: "score", NotAssessed: "not_assessed"}  # fmt: skip


def node_kind(node: Node) -> str:
    """The kind of a node as shown in findings and docs."""
    return _KIND.get(type(node), type(node).__name__.lower())


def _parents(rules: TierRules) -> dict[str, str]:
    out: dict[str, str] = {}
    roots: list[Node] = [rules.eligibility, *rules.reported]
    for s in rules.scores:
        roots.extend(s.indicators)
    for root in roots:
        for node in root.walk():
            for child in node.children():
                out.setdefault(child.id, node.id)
    for s in rules.scores:
        for ind in s.indicators:
            out.setdefault(ind.id, s.id)
    return out


def _status(tri_true: np.ndarray, tri_false: np.ndarray) -> np.ndarray:
    out = np.full(tri_true.shape, "insufficient_data", dtype=object)
    out[tri_true] = "pass"
    out[tri_false] = "fail"
    return out


def _fmt_values(values: np.ndarray, unit: Unit) -> np.ndarray:
    return np.array([unit.format(v) for v in values], dtype=object)


def _node_frame(ev: Evaluation, rules: TierRules, node: Node, rows: np.ndarray, parent: str | None) -> dict[str, object]:
    n = len(rows)
    nan = np.full(n, np.nan)
    empty = np.full(n, "", dtype=object)
    clause = node.clause
    out: dict[str, object] = {
        "tier": rules.tier.value, "criterion": node.id, "parent": parent or "", "kind": node_kind(node),
        "label": node.label, "value": np.full(n, None, dtype=object), "value_text": empty, "comparison": "",
        "threshold": nan, "threshold_text": "", "points": nan, "max_points": nan, "gap": nan,
        "gap_money": nan, "gap_text": empty, "unit": "", "missing": empty,
        "clause": str(clause) if clause else "", "clause_text": clause.text if clause else "",
        "provenance": clause.provenance.value if clause else "", "source": node.source,
    }  # fmt: skip
    if isinstance(node, NotAssessed):
        out["outcome"] = np.full(n, "not_assessed", dtype=object)
        return out
    if isinstance(node, Indicator):
        r = ev.indicator(node)
        low, high = r.low[rows], r.high[rows]
        out["points"] = np.where(low == high, low, np.nan)
        out["max_points"] = np.full(n, node.max_points)
        out["value"] = np.where(low == high, low, np.nan).astype(object)
        out["value_text"] = np.array([f"{lo:g}分" if lo == hi else f"{lo:g}–{hi:g}分" for lo, hi in zip(low, high)], dtype=object)
        out["outcome"] = np.where(low == high, "scored", "insufficient_data").astype(object)
        out["unit"] = Unit.POINTS.value
        return out
    tri = ev.node(node)
    out["outcome"] = _status(tri.true[rows], tri.false[rows])
    failing = tri.false[rows]
    if isinstance(node, ScoreAtLeast):
        r = ev.score_range(node.score, node.category)
        low, high = r.low[rows], r.high[rows]
        known = low == high
        out["value"] = np.where(known, low, np.nan).astype(object)
        out["value_text"] = np.array([f"{lo:g}分" if lo == hi else f"{lo:g}–{hi:g}分" for lo, hi in zip(low, high)], dtype=object)
        out["comparison"] = Op.GE.symbol
        out["threshold"] = np.full(n, node.threshold)
        out["threshold_text"] = f"≥ {node.threshold:g}分"
        out["unit"] = Unit.POINTS.value
        gap = np.where(failing, node.threshold - high, np.where(tri.true[rows], 0.0, np.nan))
        out["gap"] = gap
        out["gap_text"] = np.array([f"needs +{g:g} points" if g > 0 else "" for g in np.nan_to_num(gap)], dtype=object)
        return out
    if isinstance(node, Test):
        values = ev.metric(node.metric)[rows]
        unit = node.metric.unit
        out["value"] = values.astype(object)
        out["value_text"] = _fmt_values(values, unit)
        out["comparison"] = node.op.symbol
        out["threshold_text"] = node.describe_threshold()
        out["unit"] = unit.value
        missing = np.full(n, "", dtype=object)
        for name, miss in ev.missing_inputs(node.metric):
            m = miss[rows] & ~(tri.true[rows] | tri.false[rows])
            missing[m] = np.where(missing[m] == "", name, missing[m] + ";" + name)
        out["missing"] = missing
        if isinstance(node.threshold, frozenset):
            return out
        t = float(node.threshold)  # type: ignore[arg-type]
        out["threshold"] = np.full(n, t)
        if node.op.increasing is None or unit is Unit.FLAG:
            return out
        x = np.asarray(values, dtype="float64")
        gap = np.where(failing, t - x, np.where(tri.true[rows], 0.0, np.nan))
        out["gap"] = gap
        lever = node.metric.lever(ev.ctx, t)
        money = None
        what = ""
        lever_unit = Unit.WAN_YUAN
        if lever is not None:
            amounts, what, lever_unit = lever
            money = np.where(failing, amounts[rows], np.where(tri.true[rows], 0.0, np.nan))
            if lever_unit is Unit.WAN_YUAN:
                out["gap_money"] = money
        texts = np.full(n, "", dtype=object)
        strict = node.op in (Op.GT, Op.LT)
        for i in np.flatnonzero(failing):
            g = gap[i]
            text = ("needs a value above " if node.op is Op.GT else "needs a value below ") + unit.format(t) \
                if strict and abs(g) <= TOLERANCE * max(1.0, abs(t)) else f"needs {unit.format_delta(g)}"
            if money is not None and unit is not lever_unit and not np.isnan(money[i]):
                text += f" ({lever_unit.format_delta(money[i])} of {what})"
            texts[i] = text
        out["gap_text"] = texts
    return out


def findings(assessment: Assessment, *, uscc: str | Sequence[str] | None = None, tiers: Iterable[Tier | str] | None = None) -> pd.DataFrame:
    """The findings table for all enterprises, or those in ``uscc``, and all or some tiers.

    Rows are grouped by enterprise (in roster order, or the order of ``uscc``), criteria in rule
    order within each. Every column is computed over all asked-for enterprises at once; only
    what is asked for is built, so explain a large roster in batches of enterprises
    (:meth:`~zjtx.assess.Assessment.iter_findings`) or for the enterprises of interest.
    """
    ev = assessment.evaluation
    keys = assessment.enterprises.uscc
    unique = True
    if uscc is None:
        rows = np.arange(len(keys))
    else:
        wanted = [uscc] if isinstance(uscc, str) else list(uscc)
        found = _key_index(assessment).get_indexer(pd.Index(wanted, dtype=object)) if wanted else np.zeros(0, np.intp)
        unknown = [u for u, i in zip(wanted, found) if i < 0]
        if unknown:
            raise KeyError(f"not in the roster: {unknown}")
        rows = np.asarray(found, dtype=int)
        unique = len(set(rows.tolist())) == len(rows)
    chosen = [Tier.parse(t) for t in tiers] if tiers is not None else list(assessment.rules.tiers)
    nodes: list[tuple[TierRules, Node, str | None]] = []
    for tier in Tier.ladder():
        if tier not in chosen or tier not in assessment.rules.tiers:
            continue
        rules = assessment.rules.tiers[tier]
        parents = _parents(rules)
        seen: set[str] = set()
        for node in rules.nodes():
            if node.id in seen:
                continue
            seen.add(node.id)
            nodes.append((rules, node, parents.get(node.id)))
    if not nodes:
        return pd.DataFrame(columns=list(FINDING_COLUMNS))
    if not len(rows) or not unique:
        return _findings_by_node(ev, nodes, rows, keys)
    return _FindingsTable(ev, nodes, rows, keys).frame()


def _key_index(assessment: Assessment) -> pd.Index:
    """The enterprises' keys as an index (built once per assessment)."""
    index = getattr(assessment, "_zjtx_key_index", None)
    if index is None:
        index = pd.Index(assessment.enterprises.uscc, dtype=object)
        assessment._zjtx_key_index = index  # type: ignore[attr-defined]
    return index


def _findings_by_node(
    ev: Evaluation, nodes: list[tuple[TierRules, Node, str | None]], rows: np.ndarray, keys: np.ndarray
) -> pd.DataFrame:
    """The findings table assembled node by node (for no rows, or an enterprise asked twice)."""
    frames = []
    for rules, node, parent in nodes:
        cols = _node_frame(ev, rules, node, rows, parent)
        cols["uscc"] = keys[rows]
        frames.append(pd.DataFrame({c: _broadcast(cols[c], len(rows)) for c in FINDING_COLUMNS}))
    table = pd.concat(frames, ignore_index=True)
    order = {k: i for i, k in enumerate(keys[rows])}
    table["_order"] = table["uscc"].map(order)
    return table.sort_values(["_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


#: Outcome texts of the findings table, by code.
_OUTCOMES = ("pass", "fail", "insufficient_data", "not_assessed", "scored")
_PASS, _FAIL, _UNKNOWN, _NOT_ASSESSED, _SCORED = range(5)


def _points_text(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """``'15分'`` or ``'10–15分'`` per row, each distinct (low, high) formatted once."""
    pairs, inverse = np.unique(np.stack([low, high], axis=1), axis=0, return_inverse=True)
    texts = np.array([f"{lo:g}分" if lo == hi else f"{lo:g}–{hi:g}分" for lo, hi in pairs] or [""], dtype=object)
    return texts[np.asarray(inverse).reshape(-1)]


def _value_column(values: np.ndarray) -> tuple[np.ndarray, bool]:
    """A node's ``value`` cells as the table holds them, and whether pandas reads them as text.

    The table has always been assembled from one frame per criterion, where pandas reads an
    object column of text as ``str`` (an empty cell becoming NaN): kept, so the cells are the
    same whichever way the table is built.
    """
    out = values.astype(object)
    if values.dtype == object:
        as_series = pd.Series(out)
        if as_series.dtype != object:
            return as_series.to_numpy(dtype=object), True
    return out, False


class _FindingsTable:
    """The findings of ``rows`` × ``nodes``, built column by column (rows grouped by enterprise)."""

    def __init__(self, ev: Evaluation, nodes: list[tuple[TierRules, Node, str | None]], rows: np.ndarray,
                 keys: np.ndarray) -> None:
        self.ev, self.nodes, self.rows, self.keys = ev, nodes, rows, keys
        self.k, self.m = len(rows), len(nodes)
        self._texts: dict[str, np.ndarray] = {}  # value texts per metric, for these rows
        self._text_values = True  # whether every criterion's values are text (see _value_column)

    def frame(self) -> pd.DataFrame:
        from zjtx.assess import _texts

        k, m, size = self.k, self.m, self.k * self.m
        floats = {c: np.full(size, np.nan) for c in ("threshold", "points", "max_points", "gap", "gap_money")}
        objects = {c: np.full(size, "", dtype=object) for c in ("value_text", "gap_text", "missing")}
        value = np.full(size, None, dtype=object)
        outcome = np.empty(size, dtype=np.int8)
        constants: dict[str, list[str]] = {c: [] for c in (
            "tier", "criterion", "parent", "kind", "label", "comparison", "threshold_text", "unit", "clause",
            "clause_text", "provenance", "source")}  # fmt: skip
        for j, (rules, node, parent) in enumerate(self.nodes):
            cells = slice(j, size, m)  # this criterion's row of every enterprise
            clause = node.clause
            for c, v in (("tier", rules.tier.value), ("criterion", node.id), ("parent", parent or ""),
                         ("kind", node_kind(node)), ("label", node.label), ("clause", str(clause) if clause else ""),
                         ("clause_text", clause.text if clause else ""),
                         ("provenance", clause.provenance.value if clause else ""), ("source", node.source)):
                constants[c].append(v)
            comparison, threshold_text, unit = self._node(node, cells, floats, objects, value, outcome)
            constants["comparison"].append(comparison)
            constants["threshold_text"].append(threshold_text)
            constants["unit"].append(unit)
        data: dict[str, object] = {"uscc": _texts(np.repeat(np.arange(k), m), self.keys[self.rows])}
        for c in FINDING_COLUMNS[1:]:
            if c in constants:
                data[c] = _tiled_texts(constants[c], k)
            elif c in floats:
                data[c] = floats[c]
            elif c in objects:
                data[c] = _text_array(objects[c])
            elif c == "value":
                data[c] = pd.Series(value, dtype=object) if not self._text_values else value
            elif c == "outcome":
                data[c] = _texts(outcome, np.array(_OUTCOMES, dtype=object))
        return pd.DataFrame(data, columns=list(FINDING_COLUMNS))

    def _node(self, node: Node, cells: slice, floats: dict[str, np.ndarray], objects: dict[str, np.ndarray],
              value: np.ndarray, outcome: np.ndarray) -> tuple[str, str, str]:
        """Fill this node's cells; return its (comparison, threshold_text, unit)."""
        ev, rows = self.ev, self.rows
        if not isinstance(node, Test):
            self._text_values = False  # None or points: an object column, as pandas reads it
        if isinstance(node, NotAssessed):
            outcome[cells] = _NOT_ASSESSED
            return "", "", ""
        if isinstance(node, Indicator):
            r = ev.indicator(node)
            low, high = r.low[rows], r.high[rows]
            known = low == high
            points = np.where(known, low, np.nan)
            floats["points"][cells] = points
            floats["max_points"][cells] = node.max_points
            value[cells] = points.astype(object)
            objects["value_text"][cells] = _points_text(low, high)
            outcome[cells] = np.where(known, _SCORED, _UNKNOWN)
            return "", "", Unit.POINTS.value
        tri = ev.node(node)
        true, failing = tri.true[rows], tri.false[rows]
        codes = np.full(self.k, _UNKNOWN, dtype=np.int8)
        codes[true] = _PASS
        codes[failing] = _FAIL
        outcome[cells] = codes
        if isinstance(node, ScoreAtLeast):
            r = ev.score_range(node.score, node.category)
            low, high = r.low[rows], r.high[rows]
            value[cells] = np.where(low == high, low, np.nan).astype(object)
            objects["value_text"][cells] = _points_text(low, high)
            floats["threshold"][cells] = node.threshold
            gap = np.where(failing, node.threshold - high, np.where(true, 0.0, np.nan))
            floats["gap"][cells] = gap
            steps, inverse = np.unique(np.nan_to_num(gap), return_inverse=True)
            texts = np.array([f"needs +{g:g} points" if g > 0 else "" for g in steps] or [""], dtype=object)
            objects["gap_text"][cells] = texts[np.asarray(inverse).reshape(-1)]
            return Op.GE.symbol, f"≥ {node.threshold:g}分", Unit.POINTS.value
        if not isinstance(node, Test):
            return "", "", ""
        metric = node.metric
        unit = metric.unit
        values = ev.metric(metric)[rows]
        cells_value, text = _value_column(values)
        self._text_values &= text
        value[cells] = cells_value
        texts = self._texts.get(metric.id)
        if texts is None:
            texts = self._texts[metric.id] = unit.format_many(values)
        objects["value_text"][cells] = texts
        undecided = ~(true | failing)
        if undecided.any():
            missing = np.full(self.k, "", dtype=object)
            for name, miss in ev.missing_inputs(metric):
                hit = miss[rows] & undecided
                missing[hit] = np.where(missing[hit] == "", name, missing[hit] + ";" + name)
            objects["missing"][cells] = missing
        shown = (node.op.symbol, node.describe_threshold(), unit.value)
        if isinstance(node.threshold, frozenset):
            return shown
        t = float(node.threshold)  # type: ignore[arg-type]
        floats["threshold"][cells] = t
        if node.op.increasing is None or unit is Unit.FLAG:
            return shown
        x = np.asarray(values, dtype="float64")
        gap = np.where(failing, t - x, np.where(true, 0.0, np.nan))
        floats["gap"][cells] = gap
        lever = metric.lever(ev.ctx, t)
        money = None
        what = ""
        lever_unit = Unit.WAN_YUAN
        if lever is not None:
            amounts, what, lever_unit = lever
            money = np.where(failing, amounts[rows], np.where(true, 0.0, np.nan))
            if lever_unit is Unit.WAN_YUAN:
                floats["gap_money"][cells] = money
        fail = np.flatnonzero(failing)
        if len(fail):
            g = gap[fail]
            strict = node.op in (Op.GT, Op.LT)
            texts = "needs " + unit.format_delta_many(g)
            if strict:
                at_bound = np.abs(g) <= TOLERANCE * max(1.0, abs(t))
                word = "needs a value above " if node.op is Op.GT else "needs a value below "
                texts[at_bound] = word + unit.format(t)
            if money is not None and unit is not lever_unit:
                m = money[fail]
                add = ~np.isnan(m)
                if add.any():
                    texts[add] = texts[add] + " (" + lever_unit.format_delta_many(m[add]) + f" of {what})"
            gap_text = np.full(self.k, "", dtype=object)
            gap_text[fail] = texts
            objects["gap_text"][cells] = gap_text
        return shown


def _tiled_texts(labels: list[str], k: int) -> object:
    """The column ``labels`` repeated ``k`` times (one block per enterprise), as a ``str`` column.

    With Arrow strings the block's bytes are repeated as one buffer, which is much cheaper than
    gathering each cell.
    """
    from zjtx.assess import _STR_DTYPE, _texts

    if getattr(_STR_DTYPE, "storage", None) != "pyarrow":
        return _texts(np.tile(np.arange(len(labels)), k), np.array(labels, dtype=object))
    import pyarrow as pa

    encoded = [text.encode("utf-8") for text in labels]
    block = b"".join(encoded)
    starts = np.cumsum([0] + [len(b) for b in encoded], dtype=np.int64)
    offsets = np.empty(k * len(labels) + 1, dtype=np.int64)
    offsets[:-1] = (starts[:-1][None, :] + (np.arange(k, dtype=np.int64) * len(block))[:, None]).reshape(-1)
    offsets[-1] = k * len(block)
    array = pa.LargeStringArray.from_buffers(k * len(labels), pa.py_buffer(offsets), pa.py_buffer(block * k))
    return pd.array(array, dtype=_STR_DTYPE)


def _text_array(values: np.ndarray) -> object:
    """An object array of str as pandas' ``str`` column (Arrow-backed where pandas uses Arrow)."""
    from zjtx.assess import _STR_DTYPE

    if getattr(_STR_DTYPE, "storage", None) == "pyarrow" and len(values):
        import pyarrow as pa

        try:
            return pd.array(pa.array(values, type=pa.large_string()), dtype=_STR_DTYPE)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            pass
    return values


def _broadcast(value: object, n: int) -> object:
    if isinstance(value, np.ndarray):
        return value
    return [value] * n


def explain_text(assessment: Assessment, uscc: str, tier: Tier | str | None = None) -> str:
    """A plain-text explanation of one enterprise: each tier's outcome and the criteria deciding it.

    Only the branches that decide the verdict are shown: the failing parts of a failed all-of,
    the passing parts of a passed any-of, the undecided parts of an undecided rule.
    """
    ev = assessment.evaluation
    keys = list(assessment.enterprises.uscc)
    if uscc not in keys:
        raise KeyError(f"not in the roster: {uscc}")
    row = keys.index(uscc)
    verdict = assessment.verdicts.loc[uscc]
    flag = " (provisional)" if assessment.rules.provisional else ""
    lines = [f"{uscc} {verdict['name'] or ''}".rstrip(),
             f"assessed {assessment.as_of.isoformat()} under {assessment.rules.version.id}{flag}"]
    mark = {"pass": "✓", "fail": "✗", "insufficient_data": "?"}

    def status(node: Node) -> str:
        tri = ev.node(node)
        return "pass" if tri.true[row] else "fail" if tri.false[row] else "insufficient_data"

    def describe(node: Node, rules: TierRules) -> str:
        cols = _node_frame(ev, rules, node, np.array([row]), None)
        text = node.label
        if isinstance(node, (Test, ScoreAtLeast)):
            text += f": {cols['value_text'][0]} (needs {cols['threshold_text']})"  # type: ignore[index]
            gap = cols["gap_text"][0]  # type: ignore[index]
            missing = cols["missing"][0]  # type: ignore[index]
            if gap:
                text += f" — {gap}"
            elif missing:
                text += f" — missing {missing}"
        if node.clause is not None:
            text += f"  [{node.clause}]"
        return text

    def visit(node: Node, rules: TierRules, depth: int) -> None:
        st = status(node)
        lines.append(f"{'  ' * depth}{mark[st]} {describe(node, rules)}")
        if isinstance(node, (Test, ScoreAtLeast, Indicator, NotAssessed)):
            return
        for child in node.children():
            if status(child) == st or (st == "fail" and isinstance(node, AnyOf)):
                visit(child, rules, depth + 1)

    for t in Tier.ladder():
        if (tier is not None and Tier.parse(tier) is not t) or t not in assessment.rules.tiers:
            continue
        rules = assessment.rules.tiers[t]
        lines.append(f"\n{t.label} ({t.value}): {verdict[t.value]}")
        visit(rules.eligibility, rules, 1)
        for score in rules.scores:
            total = ev.score_range(score.id)
            parts = []
            for cat in score.categories:
                r = ev.score_range(score.id, cat.id)
                lo, hi = r.low[row], r.high[row]
                parts.append(f"{cat.label} {lo:g}" + ("" if lo == hi else f"–{hi:g}") + f"/{cat.max_points:g}")
            lo, hi = total.low[row], total.high[row]
            lines.append(f"  {score.label}: {lo:g}" + ("" if lo == hi else f"–{hi:g}") + f" ({', '.join(parts)})")
    return "\n".join(lines)
