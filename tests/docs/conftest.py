"""Fixtures of the documentation tests: the docs are built once per test session.

Under pytest-xdist every worker asks for the build; a file lock in the session's shared
temporary directory lets the first worker build and the others read its result.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docs_support import Built, built_once

SPHINX_MISSING = "sphinx is not installed (pip install -e '.[docs]')"


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Built:
    pytest.importorskip("sphinx", reason=SPHINX_MISSING)
    pytest.importorskip("myst_parser", reason=SPHINX_MISSING)
    pytest.importorskip("furo", reason=SPHINX_MISSING)
    # ZJTX_DOCS_TEST_BUILD=DIR keeps the build in DIR and reuses it in later sessions (while
    # editing the tests); delete DIR to rebuild.
    keep = os.environ.get("ZJTX_DOCS_TEST_BUILD")
    base = tmp_path_factory.getbasetemp()
    shared: Path = Path(keep) if keep else (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)
    return built_once(shared)
