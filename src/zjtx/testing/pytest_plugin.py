"""The zjtx pytest plugin: runs plug-in conformance checks, only when asked.

Loading this plugin registers an option and nothing else; no check runs unless asked:

* ``pytest --zjtx-conformance=yunnan`` (repeatable; ``NAME:JURISDICTION`` to pick one
  jurisdiction) adds one test per check of each named installed plug-in;
* a test module that sets ``pytest_plugins = ["zjtx.testing.pytest_plugin"]`` (or
  ``["zjtx.testing"]``) and a module attribute ``zjtx_conformance = "yunnan"`` (a name, a plug-in
  object, or a :class:`~zjtx.testing.conformance.Suite`) gets one test per check collected from it.

The plugin is registered under the ``pytest11`` entry point ``zjtx.testing.pytest_plugin`` so the
option exists wherever zjtx is installed; ``-p no:zjtx.testing.pytest_plugin`` disables it. It
imports hypothesis (through the kit) only when a check is actually collected.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

OPTION = "--zjtx-conformance"
#: The module attribute that asks for the checks of a plug-in.
MODULE_ATTRIBUTE = "zjtx_conformance"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zjtx", "zjtx plug-in conformance")
    group.addoption(
        OPTION,
        action="append",
        default=[],
        metavar="PLUGIN[:JURISDICTION]",
        help="run the zjtx conformance checks of an installed plug-in (entry point in group 'zjtx'); repeatable",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "zjtx_conformance(plugin, check): a zjtx plug-in conformance check")


class ConformanceItem(pytest.Item):
    """One conformance check of one plug-in."""

    def __init__(self, *, suite: Any, check: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.suite = suite
        self.check = check
        self.add_marker(pytest.mark.zjtx_conformance(suite.name, check))
        reason = suite.deviations.get(check)
        if reason is not None:
            from zjtx.testing.conformance import ConformanceFailure

            self.add_marker(pytest.mark.xfail(reason=reason, strict=True, raises=ConformanceFailure))

    def runtest(self) -> None:
        from zjtx.testing.conformance import ConformanceSkip

        try:
            self.suite.run(self.check)
        except ConformanceSkip as exc:
            pytest.skip(str(exc))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        from zjtx.testing.conformance import ConformanceFailure

        if isinstance(excinfo.value, ConformanceFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, f"zjtx conformance of {self.suite.name!r}: {self.check}"


def _items(parent: pytest.Collector | pytest.Session, suite: Any, prefix: str) -> Iterator[ConformanceItem]:
    from zjtx.testing.conformance import CHECKS

    for check in CHECKS:
        yield ConformanceItem.from_parent(parent, name=f"{prefix}[{check}]", suite=suite, check=check)


def _as_suite(value: Any) -> Any:
    try:
        from zjtx.testing.conformance import Suite, suite
    except ImportError as exc:  # hypothesis missing: say how to get it
        raise pytest.UsageError(f"zjtx conformance checks need the extra zjtx[testing] ({exc})") from exc

    if isinstance(value, Suite):
        return value
    if isinstance(value, str) and ":" in value:
        name, jurisdiction = value.split(":", 1)
        return suite(name, jurisdictions=jurisdiction)
    return suite(value)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> list[ConformanceItem] | None:
    if name != MODULE_ATTRIBUTE or not isinstance(collector, pytest.Module):
        return None
    return list(_items(collector, _as_suite(obj), MODULE_ATTRIBUTE))


@pytest.hookimpl(tryfirst=True)  # before -k / -m deselect
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    added = 0
    for spec in config.getoption(OPTION) or ():
        suite = _as_suite(spec)
        new = list(_items(session, suite, f"zjtx_conformance[{spec}]"))
        items.extend(new)
        added += len(new)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if added and reporter is not None and isinstance(getattr(reporter, "_numcollected", None), int):
        reporter._numcollected += added  # so "collected N items" counts them
