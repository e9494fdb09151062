"""The zjtx conformance kit on the Yunnan plug-in: one test per check (``test_conformance[monotonicity]``…).

Built from the plug-in module itself, like the other tests here, so it runs installed or not.
"""

from __future__ import annotations

import pytest

pytest.importorskip("hypothesis")

import zjtx_yunnan.plugin  # noqa: E402

from zjtx.testing.conformance import conformance_tests  # noqa: E402

test_conformance = conformance_tests(zjtx_yunnan.plugin, name="yunnan")
