"""Shared data for the scale tests: the benchmarks' synthetic national roster (fixed seed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

AS_OF = "2025-06-30"


def _benchmark_data() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "_data.py"
    spec = importlib.util.spec_from_file_location("zjtx_benchmark_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generate():  # type: ignore[no-untyped-def]
    """``generate(n, seed, offset=0)``: a canonical tidy roster of n enterprises × 3 years."""
    return _benchmark_data().generate
