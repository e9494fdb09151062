"""The pytest plugin: off unless asked; one test id per check; deviations are strict xfails."""

from __future__ import annotations

import textwrap

import pytest

pytest.importorskip("hypothesis")

pytest_plugins = ["pytester"]

BROKEN = textwrap.dedent('''
    from zjtx import hookimpl
    from zjtx.model.jurisdiction import Jurisdiction
    from zjtx.model.tier import Tier
    from zjtx.national import metrics as m
    from zjtx.rules.nodes import Op, Test

    class Exclusive:
        @hookimpl
        def zjtx_jurisdictions(self):
            return [Jurisdiction("inclusive-exclusive", "故障示例", "53")]

        @hookimpl
        def zjtx_adjust_rules(self, rules, jurisdiction):
            if jurisdiction != "inclusive-exclusive" or "srdi.C2.amount" not in {n.id for n in rules.nodes()}:
                return None
            return rules.replace("srdi.C2.amount", Test(id="srdi.C2.amount", label="上年度研发费用总额不低于100万元",
                                                        metric=m.RD, op=Op.GT, threshold=100))
''')


def test_the_plugin_is_off_unless_asked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "zjtx_conformance" not in result.stdout.str()
    helped = pytester.runpytest("--help")
    helped.stdout.fnmatch_lines(["*--zjtx-conformance=PLUGIN*"])


def test_the_option_adds_one_test_per_check(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    listed = pytester.runpytest("-p", "no:cacheprovider", "--zjtx-conformance=national", "--collect-only", "-q")
    out = listed.stdout.str()
    for check in ("hook-types", "monotonicity", "boundaries", "boundary-amounts", "scalar-frame", "seed-banks",
                  "determinism", "rule-versions"):
        assert f"zjtx_conformance[national][{check}]" in out
    assert "10 tests collected" in out
    ran = pytester.runpytest("-p", "no:cacheprovider", "--zjtx-conformance=national", "-k", "rule-versions or boundaries")
    ran.assert_outcomes(passed=2)


def test_a_module_asks_for_the_checks_of_a_plugin_object(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(broken=BROKEN)
    pytester.makepyfile(test_broken=textwrap.dedent('''
        import broken
        pytest_plugins = ["zjtx.testing"]
        zjtx_conformance = broken.Exclusive()
    '''))
    pytester.syspathinsert()
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "boundaries and not amounts")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "zjtx_conformance[boundaries]" in out
    assert "zjtx conformance check 'boundaries' failed for plug-in 'Exclusive'" in out
    assert "rd_expense = 100万元 (exactly the threshold) fails, the text says it should pass" in out


def test_conformance_tests_declares_deviations_as_strict_xfails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(broken=BROKEN)
    pytester.makepyfile(test_deviation=textwrap.dedent('''
        import broken
        from zjtx.testing.conformance import conformance_tests

        test_conformance = conformance_tests(broken.Exclusive(), max_examples=3, deviations={
            "boundaries": "本省细则写明“超过100万元”",
            "boundary-amounts": "同上",
            "rule-versions": "wrongly declared: this check passes",
        })
    '''))
    pytester.syspathinsert()
    result = pytester.runpytest("-p", "no:cacheprovider", "-rxX", "-k", "boundaries or rule-versions or monotonicity")
    result.assert_outcomes(passed=1, xfailed=1, failed=1)
    out = result.stdout.str()
    assert "test_conformance[boundaries]" in out and "本省细则写明" in out
    assert "XPASS(strict)" in out and "wrongly declared" in out
