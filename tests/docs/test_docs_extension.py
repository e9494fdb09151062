"""The documentation extension (docs/_ext/zjtx_docs.py) on its own: reST escaping, the generated
pages as text, and the directives for pages that appear later."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="sphinx is not installed (pip install -e '.[docs]')")

from docutils.core import publish_doctree  # noqa: E402

from docs_support import DOCS  # noqa: E402

sys.path.insert(0, str(DOCS / "_ext"))
import zjtx_docs  # noqa: E402


@pytest.mark.parametrize("text", [
    "A.80%以上(5分) B.70%-80%(3分)",
    "1. not a list",
    "- not a bullet",
    "rd_expense_ *stars* `ticks` |pipe| [1]_ :role:`x` <target>",
    "(一)一般性条件",
    "x ≥ 3% · a\\b",
])
def test_escaped_text_renders_as_itself(text: str) -> None:
    table = zjtx_docs.list_table(["Cell"], [[zjtx_docs.esc(text)]])
    doctree = publish_doctree(table, settings_overrides={"report_level": 2, "halt_level": 2})
    cells = [e.astext() for e in doctree.findall(lambda n: n.tagname == "entry")]
    assert cells == ["Cell", text]


def test_generated_pages_cover_every_version_and_jurisdiction() -> None:
    from zjtx.plugins import facade

    pages = zjtx_docs.rule_pages()
    fac = facade()
    for version in fac.rule_versions():
        for jid in fac.jurisdictions():
            assert f"rules/{version.id}-{jid}.rst" in pages
    page = pages["rules/national-2022-national.rst"]
    assert "``srdi.C2.ratio``" in page and "附件2 一(二)" in page
    hooks = zjtx_docs.hook_page()["hooks.rst"]
    assert ".. autofunction:: zjtx.hookspecs.zjtx_base_rules" in hooks


def test_optional_toctree_and_figure_leave_out_missing_pages(tmp_path: Path) -> None:
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS / '_ext')!r})\n"
        "extensions = ['zjtx_docs']\nzjtx_docs_generate = False\n", encoding="utf-8")
    (src / "index.rst").write_text(
        "Index\n=====\n\n.. optional-toctree::\n\n   present\n   absent\n\n"
        ".. optional-figure:: missing.png\n   :placeholder: The figure comes later.\n\n   A caption.\n",
        encoding="utf-8")
    (src / "present.rst").write_text("Present\n=======\n\nText.\n", encoding="utf-8")
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
                 status=None, warning=None, warningiserror=True, keep_going=False)
    app.build()
    assert app.statuscode == 0
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="present.html"' in html and "absent" not in html
    assert "The figure comes later." in html and "missing.png" not in html
