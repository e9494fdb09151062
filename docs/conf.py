"""Sphinx configuration of the zjtx documentation.

``make docs`` builds HTML into ``docs/_build/html``; ``make test`` builds with warnings as errors
(``-W --keep-going``) and runs the doctests in these pages with the doctest builder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import zjtx  # noqa: E402  (the installed package is what the reference pages describe)

project = "zjtx"
author = "zjtx developers"
copyright = "zjtx developers"  # noqa: A001
release = zjtx.__version__
version = ".".join(release.split(".")[:2])
language = "en"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    # Generates the rule tables, the hook reference, the API pages and the CLI page from the code
    # at every build (docs/_ext/zjtx_docs.py), into docs/generated/ (git-ignored).
    "zjtx_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_inv", "Thumbs.db", ".DS_Store"]

# -- MyST (Markdown pages) --------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# -- autodoc ----------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
# Document what zjtx writes: a method overriding pytest's or pandas' does not show their docstring
# (with its references into their documentation).
autodoc_inherit_docstrings = False
napoleon_google_docstring = True
napoleon_numpy_docstring = True
# The doctest builder runs the examples written in these pages (``doctest`` directives). It does
# not run the ``>>>`` examples of docstrings pulled in by autodoc: there they would run without
# their module's names in scope.
doctest_test_doctest_blocks = ""
# Names every doctest (and every ``:skipif:`` expression) can use.
doctest_global_setup = "import zjtx"

# -- cross-references to other projects --------------------------------------------------------
# Decision (issue 7): the docs build has no network — not in CI, not in make test. Intersphinx
# fetches each project's objects.inv over the network, a failed fetch is a warning, and warnings
# are errors here (-W). So:
#   * an inventory is used when a local copy exists as docs/_inv/<name>.inv (none is shipped:
#     they cannot be downloaded here); and
#   * the remote inventories are fetched only on request, with ZJTX_DOCS_INTERSPHINX=1 (e.g. for
#     a published build with network access).
# ``nitpicky`` stays off, so a reference to a Python, pandas, attrs, pluggy or hypothesis type that
# cannot be resolved offline is rendered as plain text instead of raising a warning.
_INVENTORIES = {
    "python": "https://docs.python.org/3",
    "pandas": "https://pandas.pydata.org/docs",
    "attrs": "https://www.attrs.org/en/stable",
    "pluggy": "https://pluggy.readthedocs.io/en/stable",
    "hypothesis": "https://hypothesis.readthedocs.io/en/latest",
}
_FETCH = os.environ.get("ZJTX_DOCS_INTERSPHINX") == "1"
intersphinx_mapping = {}
for _name, _url in _INVENTORIES.items():
    _local = HERE / "_inv" / f"{_name}.inv"
    if _local.exists():
        intersphinx_mapping[_name] = (_url, (str(_local), None) if _FETCH else str(_local))
    elif _FETCH:
        intersphinx_mapping[_name] = (_url, None)
intersphinx_timeout = 10
nitpicky = False

# -- HTML -------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"zjtx {release}"
html_static_path = ["_static"]
html_css_files = ["zjtx.css"]
html_last_updated_fmt = None
html_show_sourcelink = False

# -- zjtx_docs ----------------------------------------------------------------------------------
# The date each rule version is resolved for in the rule tables (default: its last day, or its
# first for an open-ended version), e.g. {"national-2022": "2025-06-30"}.
zjtx_rules_as_of: dict[str, str] = {}
