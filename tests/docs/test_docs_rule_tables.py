"""The built rule tables against the domain notes, line by line.

The score tables of ``national-2022.md`` (§3.2 innovative SME, §4.3 SRDI SME; a copy is kept in
``tests/docs/data`` so the project stands on its own) are parsed row by row and compared with the
score tables of the built HTML page of ``national-2022`` for the national jurisdiction: every
category and its maximum, and for every indicator its name, maximum points, the points of each
band and the bound (comparison and threshold) of each band.
"""

from __future__ import annotations

import math
import re

import attrs
import pytest

pytest.importorskip("sphinx", reason="sphinx is not installed (pip install -e '.[docs]')")

from docs_support import DATA, Built, table  # noqa: E402

NOTES = DATA / "national-2022.md"
PAGE = "generated/rules/national-2022-national"


# -- the domain notes --------------------------------------------------------------------------
@attrs.frozen
class NoteRow:
    number: int
    category: str
    category_max: float
    name: str
    max_points: float
    band_text: str
    intervals: str
    columns: str


def note_rows(heading: str) -> list[NoteRow]:
    """The indicator rows of the score table under ``heading`` (e.g. ``### 4.3``)."""
    lines = NOTES.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows: list[NoteRow] = []
    category, category_max = "", math.nan
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        head = re.fullmatch(r"\*\*(.+?) \(.*?max (\d+)\)\*\*", cells[0])
        if head:
            category, category_max = head.group(1), float(head.group(2))
            continue
        if not cells[0].isdigit():
            continue
        name_max = re.fullmatch(r"(.+?) \(.*\) \((\d+)\)", cells[1])
        assert name_max, f"cannot read indicator cell {cells[1]!r}"
        rows.append(NoteRow(int(cells[0]), category, category_max, name_max.group(1).strip(),
                            float(name_max.group(2)), cells[2], cells[3], cells[4]))
    return rows


# -- the built table ---------------------------------------------------------------------------
@attrs.define
class BuiltIndicator:
    number: int
    category: str
    id: str
    name: str
    max_points: float
    bands: list[tuple[float, str]] = attrs.Factory(list)


def built_indicators(built: Built, table_id: str) -> list[BuiltIndicator]:
    out: list[BuiltIndicator] = []
    scores = table(built.page(PAGE), table_id)
    assert scores.header[:6] == ["Category (max)", "#", "Indicator", "Max", "Points", "Condition"]
    for row in scores.rows:
        category, number, indicator, max_points, points, condition = row[:6]
        if number:
            ident, _, name = indicator.partition(" ")
            out.append(BuiltIndicator(int(number), category, ident, name.strip(), float(max_points)))
        current = out[-1]
        if condition.startswith(current.id + "."):
            condition = condition.partition(" ")[2]
        current.bands.append((float(points), condition))
    return out


# -- comparing one row -------------------------------------------------------------------------
_NUM = r"(-?\d+(?:\.\d+)?)"


def _value(text: str) -> float:
    """A threshold as shown (``80%``, ``500万元``, ``3级``) as a number (percent as fraction)."""
    match = re.fullmatch(_NUM + r"\s*(%|万元|项|级|年|分)?", text.strip())
    assert match, f"not a number: {text!r}"
    value = float(match.group(1))
    return value / 100 if match.group(2) == "%" else value


def _bound(condition: str) -> tuple[str, float, str]:
    """``metric ≥ 80%`` → (``≥``, 0.8, ``metric``)."""
    match = re.fullmatch(r"(\w+) ([≥≤<>=]) (.+)", condition.strip())
    assert match, f"not a single bound: {condition!r}"
    return match.group(2), _value(match.group(3)), match.group(1)


def _interval_bounds(text: str) -> list[tuple[str, float]]:
    """The bound that decides each band but the last, from ``x ≥ 80% · 70% ≤ x < 80% · … · x < 60%``."""
    out = []
    pieces = [p.strip() for p in re.split(r"·", text)]
    for piece in pieces[:-1]:
        piece = piece.replace("%", "")
        if m := re.fullmatch(r"\w ≥ " + _NUM, piece):
            out.append(("≥", float(m.group(1))))
        elif m := re.fullmatch(_NUM + r" ≤ \w < " + _NUM, piece):
            out.append(("≥", float(m.group(1))))
        elif m := re.fullmatch(r"\w ≤ " + _NUM, piece):
            out.append(("≤", float(m.group(1))))
        elif m := re.fullmatch(_NUM + r" < \w ≤ " + _NUM, piece):
            out.append(("≤", float(m.group(2))))
        else:
            raise AssertionError(f"cannot read interval {piece!r} of {text!r}")
    return out


def _arrow_points(text: str) -> list[float]:
    return [float(p) for p in re.findall(r"→ " + _NUM, text)]


def compare(note: NoteRow, ind: BuiltIndicator) -> list[str]:
    problems: list[str] = []
    where = f"indicator {note.number} ({ind.id})"
    if not (ind.name == note.name or ind.name.startswith(note.name + "(")):
        problems.append(f"{where}: name {ind.name!r} ≠ {note.name!r}")
    if ind.max_points != note.max_points:
        problems.append(f"{where}: max {ind.max_points:g} ≠ {note.max_points:g}")
    if ind.category != f"{note.category} ({note.category_max:g})":
        problems.append(f"{where}: category {ind.category!r} ≠ {note.category} ({note.category_max:g})")
    points = [p for p, _ in ind.bands]
    conditions = [c for _, c in ind.bands]
    if not conditions[-1].startswith("otherwise"):
        problems.append(f"{where}: the last band is not unconditional: {conditions[-1]!r}")
    rule = note.intervals
    if "0 points" in rule:  # 特色化: no national indicator
        if points != [0.0]:
            problems.append(f"{where}: national version should give 0 points, has bands {points}")
        return problems
    if "⌊" in rule:  # 每满2年得1分, 最高不超过5分: min(⌊years / 2⌋, 5)
        cap = float(re.search(r"min\(⌊\w+ / (\d+)⌋, (\d+)\)", rule).group(2))  # type: ignore[union-attr]
        step = float(re.search(r"⌊\w+ / (\d+)⌋", rule).group(1))  # type: ignore[union-attr]
        expected = [cap - k for k in range(int(cap) + 1)]
        if points != expected:
            problems.append(f"{where}: points {points} ≠ {expected}")
        for p, cond in ind.bands[:-1]:
            op, value, _ = _bound(cond)
            if (op, value) != ("≥", p * step):
                problems.append(f"{where}: {p:g} points at {cond!r}, expected ≥ {p * step:g}")
        return problems
    if "number of items" in rule:  # 每满足一项加3分, 最高不超过5分
        mapping = {int(n): float(p) for n, p in re.findall(r"(?:≥ )?(\d+) → (\d+)", rule)}
        for p, cond in ind.bands[:-1]:
            n = int(re.match(r"at least (\d+) of", cond).group(1))  # type: ignore[union-attr]
            if mapping.get(n) != p:
                problems.append(f"{where}: at least {n} item(s) gives {p:g}, notes say {mapping.get(n)}")
        if ind.bands[-1][0] != mapping.get(0):
            problems.append(f"{where}: no item gives {ind.bands[-1][0]:g}, notes say {mapping.get(0)}")
        return problems
    expected_points = _arrow_points(note.band_text)
    if points != expected_points:
        problems.append(f"{where}: band points {points} ≠ notes {expected_points}")
        return problems
    if "Amount:" in rule:  # A 研发费用总额500万元以上 或 占比10%以上 → 10 …
        amounts = _interval_bounds(rule.split("Amount:")[1].split("Ratio:")[0].rstrip(". ").replace("else 0", "x"))
        ratios = _interval_bounds(rule.split("Ratio:")[1].rstrip(". ").replace("else 0", "x"))
        for (p, cond), (_, amount), (_, ratio) in zip(ind.bands[:-1], amounts, ratios, strict=True):
            found = [(_bound(c)[0], _bound(c)[1]) for c in cond.split(" or ")]
            if found != [("≥", amount), ("≥", ratio / 100)]:
                problems.append(f"{where}: {p:g} points at {cond!r}, notes say ≥ {amount:g}万元 or ≥ {ratio:g}%")
        return problems
    if m := re.search(r"`(\w+)`: (.+)", rule):  # codes: national 10, provincial 8, …
        metric = m.group(1)
        by_code = {code: float(p) for code, p in re.findall(r"(\w+) (\d+)", m.group(2))}
        for p, cond in ind.bands[:-1]:
            codes = re.fullmatch(rf"{metric} ∈ \{{(.+)\}}", cond)
            if not codes or any(by_code.get(c.strip()) != p for c in codes.group(1).split(",")):
                problems.append(f"{where}: {p:g} points at {cond!r}")
        return problems
    if "first band that holds" in rule:  # counts of IP, best first
        metrics = re.findall(r"`(\w+)`", rule) or re.findall(r"`(\w+)`", note.columns)
        for (p, cond), metric in zip(ind.bands[:-1], metrics, strict=True):
            if _bound(cond) != ("≥", 1.0, metric):
                problems.append(f"{where}: {p:g} points at {cond!r}, notes say {metric} ≥ 1")
        return problems
    if m := re.fullmatch(r"`(\w+)` ≥ (\d+) → (\d+); (.+)", rule):  # levels: ≥ 3 → 5; 2 → 3; 1 → 0
        pairs = [(float(m.group(2)), float(m.group(3)))]
        pairs += [(float(a), float(b)) for a, b in re.findall(r"(\d+) → (\d+)", m.group(4))]
        for (p, cond), (level, level_points) in zip(ind.bands[:-1], pairs, strict=False):
            if (_bound(cond), p) != (("≥", level, m.group(1)), level_points):
                problems.append(f"{where}: {p:g} points at {cond!r}, notes say {m.group(1)} ≥ {level:g} → {level_points:g}")
        return problems
    if m := re.fullmatch(r"`(\w+)` true → (\d+), false → (\d+)", rule):
        if ind.bands[0][1] != f"{m.group(1)} = 是" or points != [float(m.group(2)), float(m.group(3))]:
            problems.append(f"{where}: bands {ind.bands}, notes say {rule!r}")
        return problems
    if m := re.match(r"(\d+) if `(\w+)` = `(\w+)`; (\d+) if `(\w+)` = `(\w+)` \*\*or\*\* `(\w+)` is a", rule):
        top, second = ind.bands[0][1], ind.bands[1][1]
        if top != f"{m.group(2)} ∈ {{{m.group(3)}}}" or not second.startswith(f"{m.group(5)} ∈ {{{m.group(6)}}} or {m.group(7)} ∈"):
            problems.append(f"{where}: bands {ind.bands}, notes say {rule!r}")
        return problems
    bounds = _interval_bounds(rule)
    for (p, cond), (op, value) in zip(ind.bands[:-1], bounds, strict=True):
        shown_op, shown, _ = _bound(cond)
        scale = 100 if "%" in rule else 1
        if shown_op != op or not math.isclose(shown * scale, value):
            problems.append(f"{where}: {p:g} points at {cond!r}, notes say {op} {value:g}{'%' if scale == 100 else ''}")
    return problems


@pytest.mark.parametrize(("heading", "score_id", "count"), [
    ("### 4.3", "srdi-score", 13),
    ("### 3.2", "innovative-score", 6),
])
def test_score_table_matches_the_domain_notes(built_docs: Built, heading: str, score_id: str, count: int) -> None:
    notes = note_rows(heading)
    built = built_indicators(built_docs, f"national-2022-national-{score_id}")
    assert len(notes) == count
    assert [n.number for n in notes] == list(range(1, count + 1))
    assert len(built) == len(notes), [b.id for b in built]
    problems = []
    for note, ind in zip(notes, built, strict=True):
        problems += compare(note, ind)
    assert not problems, "\n".join(problems)
    # the categories table: label and maximum of every category, in the notes' order
    categories = table(built_docs.page(PAGE), f"national-2022-national-{score_id}-categories")
    shown = [(row[1].split(" (")[0], float(row[2])) for row in categories.rows]
    expected = list(dict.fromkeys((n.category, n.category_max) for n in notes))
    assert shown == expected
    assert sum(m for _, m in shown) == 100


def test_note_reader_reads_every_srdi_row() -> None:
    rows = note_rows("### 4.3")
    assert rows[0].name == "上年度主营业务收入总额占营业收入总额比重" and rows[0].max_points == 5
    assert rows[10].name == "上年度研发费用投入" and _arrow_points(rows[10].band_text) == [10, 8, 6, 4, 2, 0]
    assert _interval_bounds(rows[7].intervals) == [("≤", 50), ("≤", 60), ("≤", 70)]
    assert sum(r.max_points for r in rows) == 100
