"""The conformance kit fails broken plug-ins, naming the check and a minimal counter-example,
and passes the national plug-in."""

from __future__ import annotations

import pytest

pytest.importorskip("hypothesis")

import kit_broken_plugins as broken  # noqa: E402

from zjtx.national import rules_2022  # noqa: E402
from zjtx.testing.conformance import (  # noqa: E402
    CHECKS,
    ConformanceFailure,
    ConformanceSkip,
    path_selectors,
    run_checks,
    suite,
    worded_ops,
)
from zjtx.rules.nodes import Op  # noqa: E402


def failure(plugin: object, check: str, **kwargs: object) -> str:
    s = suite(plugin, max_examples=6, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ConformanceFailure) as info:
        s.run(check)
    assert info.value.check == check
    text = str(info.value)
    assert f"check {check!r} failed for plug-in" in text
    return text


def test_wrong_direction_fails_monotonicity_with_the_boundary_as_counter_example() -> None:
    text = failure(broken.WrongDirection(), "monotonicity")
    assert "lg.L6" in text and "资产负债率" in text
    assert "better lower" in text
    # hypothesis' minimal case: exactly at the bound passes, one step better fails
    assert "debt_ratio = 70% passes, yet the better value 69.9999% fails" in text


def test_wrong_direction_is_otherwise_sound() -> None:
    s = suite(broken.WrongDirection(), max_examples=4)
    s.run("boundaries")  # the words (达到…以上) agree with ≥


def test_inclusive_bound_declared_exclusive_fails_boundaries() -> None:
    text = failure(broken.InclusiveDeclaredExclusive(), "boundaries")
    assert "srdi.C2.amount" in text and "不低于" in text
    assert "rd_expense = 100万元 (exactly the threshold) fails, the text says it should pass" in text


def test_inclusive_bound_declared_exclusive_fails_on_amounts_landing_on_the_bound() -> None:
    text = failure(broken.InclusiveDeclaredExclusive(), "boundary-amounts")
    assert "srdi.C2.amount" in text
    assert "rd_expense[Y-1] = 100 put rd_expense at the bound" in text
    assert "gives fail, expected pass" in text


def test_inclusive_bound_declared_exclusive_keeps_its_direction() -> None:
    suite(broken.InclusiveDeclaredExclusive(), max_examples=4).run("monotonicity")


def test_bank_admitting_an_ineligible_enterprise_fails_seed_banks() -> None:
    text = failure(broken.BankAdmitsIneligible(), "seed-banks")
    assert "little_giant seed bank" in text
    assert "admits an ineligible enterprise" in text
    assert "holds no valid 专精特新中小企业 recognition" in text
    assert "counter-example: 91" in text  # the enterprise itself, by its USCC and values


def test_wrong_return_type_fails_hook_types_naming_the_plugin() -> None:
    text = failure(broken.WrongType(), "hook-types", name="wrong-type-plugin")
    assert "wrong-type-plugin" in text and "zjtx_regions" in text and "dict" in text


def test_overlapping_versions_fail_rule_versions() -> None:
    text = failure(broken.OverlappingVersions(), "rule-versions")
    assert "overlap-a" in text and "overlap-b" in text
    assert "counter-example: 2030-06-01 is claimed by both" in text


def test_the_national_plugin_passes_every_check() -> None:
    results = {r.check: r for r in run_checks("national", max_examples=4)}
    assert set(results) == set(CHECKS)
    bad = {c: r.message for c, r in results.items() if r.status not in ("passed", "skipped")}
    assert not bad
    assert results["isolation"].status == "skipped"


def test_a_declared_deviation_is_reported_and_must_occur() -> None:
    s = suite(broken.InclusiveDeclaredExclusive(), max_examples=4,
              deviations={"boundaries": "本省细则写明“超过100万元”"})
    s.run("monotonicity")
    with pytest.raises(ConformanceFailure):
        s.run("boundaries")
    with pytest.raises(ValueError, match="unknown check"):
        suite("national", deviations={"monotonic": "typo"})
    with pytest.raises(ValueError, match="needs a reason"):
        suite("national", deviations={"boundaries": " "})


def test_unknown_plugin_names_the_installed_ones() -> None:
    with pytest.raises(LookupError, match="no zjtx plug-in named 'atlantis'"):
        suite("atlantis")


def test_seed_bank_check_skips_with_a_reason_without_a_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    from zjtx.testing import conformance

    monkeypatch.setattr(conformance, "_bank_builder", lambda: None)
    with pytest.raises(ConformanceSkip, match="no seed-bank builder"):
        suite("national").run("seed-banks")


def test_threshold_words() -> None:
    assert worded_ops("上年度研发费用总额不低于100万元") == {Op.GE}
    assert worded_ops("从事特定细分市场时间达到2年以上") == {Op.GE}
    assert worded_ops("主导产品全国细分市场占有率超过10%") == {Op.GT}
    assert worded_ops("截至上年末资产负债率不高于70%") == {Op.LE}
    assert worded_ops("资产负债率不超过70%") == {Op.LE}
    assert worded_ops("上年度营业收入总额在1000万元以下") == {Op.LE, Op.LT}  # 民法典 or 300号
    assert worded_ops("研发费用总额≥500万元") == {Op.GE}
    assert worded_ops("获奖单位中排名前三") is None
    assert worded_ops("营业收入5000万元以上、1亿元以下") is None  # a range: no single reading


def test_path_selectors_are_the_partitions_of_the_text() -> None:
    srdi, lg = rules_2022.srdi(), rules_2022.little_giant()
    assert {"srdi.C3.revenue", "srdi.C3.small"} <= path_selectors(srdi)
    assert {"lg.L9.upper.band", "lg.L9.middle.band.low", "lg.L9.middle.band.high", "lg.L9.lower.band"} <= \
        path_selectors(lg)
    assert "srdi.C2.amount" not in path_selectors(srdi)
    assert "lg.L6" not in path_selectors(lg)
