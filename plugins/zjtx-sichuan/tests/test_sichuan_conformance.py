"""The zjtx conformance kit on the Sichuan plug-in (both jurisdictions it serves: sichuan and
chengdu), one test per check.

Built from the plug-in module itself, like the other tests here, so it runs installed or not.
"""

from __future__ import annotations

import pytest

pytest.importorskip("hypothesis")

import zjtx_sichuan.plugin  # noqa: E402

from zjtx.testing.conformance import conformance_tests  # noqa: E402

test_conformance = conformance_tests(zjtx_sichuan.plugin, name="sichuan")
