"""Helpers of the documentation tests: building the docs once, reading the built HTML."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import attrs

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
DATA = Path(__file__).resolve().parent / "data"


@attrs.frozen
class Built:
    """The outcome of one strict build of the docs: HTML and doctest."""

    root: Path
    html_rc: int
    html_log: str
    doctest_rc: int
    doctest_log: str

    @property
    def html(self) -> Path:
        return self.root / "html"

    def page(self, docname: str) -> str:
        return (self.html / f"{docname}.html").read_text(encoding="utf-8")


def build_docs(root: Path) -> Built:
    """Build HTML with warnings as errors, then run the doctests (sharing the doctrees)."""
    doctrees = root / "doctrees"
    common = [sys.executable, "-m", "sphinx", "-q", "-d", str(doctrees)]
    env = dict(os.environ)
    html = subprocess.run([*common, "-W", "--keep-going", "-b", "html", str(DOCS), str(root / "html")],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    doctest = subprocess.run([*common, "-W", "-b", "doctest", str(DOCS), str(root / "doctest")],
                             capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    return Built(root, html.returncode, html.stdout + html.stderr, doctest.returncode,
                 doctest.stdout + doctest.stderr + _read(root / "doctest" / "output.txt"))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock shared by the pytest-xdist workers (so the docs are built once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(shared: Path) -> Built:
    """Build the docs under ``shared`` unless another worker already did, and return the result."""
    root = shared / "zjtx-docs"
    result = root / "result.json"
    with locked(shared / "zjtx-docs.lock"):
        if not result.exists():
            root.mkdir(parents=True, exist_ok=True)
            built = build_docs(root)
            result.write_text(json.dumps({k: str(v) if isinstance(v, Path) else v
                                          for k, v in attrs.asdict(built).items()}), encoding="utf-8")
    data = json.loads(result.read_text(encoding="utf-8"))
    data["root"] = Path(data["root"])
    return Built(**data)


# ---------------------------------------------------------------------------------------------
# reading HTML
# ---------------------------------------------------------------------------------------------
@attrs.define
class Table:
    id: str | None
    classes: list[str]
    header: list[str] = attrs.Factory(list)
    rows: list[list[str]] = attrs.Factory(list)


class _TableParser(HTMLParser):
    """Collects every table: its id, classes, header and body rows as cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._stack: list[Table] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        a = dict(attrs_)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "table":
            self._stack.append(Table(a.get("id"), (a.get("class") or "").split()))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr" and self._stack:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag in ("br", "p") and self._cell is not None and self._cell:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._stack:
            table = self._stack[-1]
            if self._in_head:
                table.header = self._row
            else:
                table.rows.append(self._row)
            self._row = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse_html(html: str) -> _TableParser:
    parser = _TableParser()
    parser.feed(html)
    return parser


def tables(html: str) -> list[Table]:
    return parse_html(html).tables


def table(html: str, table_id: str) -> Table:
    for t in tables(html):
        if t.id == table_id:
            return t
    raise AssertionError(f"no table with id {table_id!r} in the page")
