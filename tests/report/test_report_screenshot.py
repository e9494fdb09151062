"""The HTML report opened in headless Chromium renders its charts and Chinese labels.

Chromium comes from Debian packages that ``.ci/run`` installs (``.ci/apt-packages``: chromium and
a CJK font). The tests are skipped, saying why, only where no browser can be found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from zjtx.report import Report
from zjtx.report.charts import FONT_STACK, PALETTE

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell")


def find_browser() -> str | None:
    """A Chromium-family browser: ``$ZJTX_CHROMIUM``, else the first of :data:`BROWSERS` on PATH."""
    given = os.environ.get("ZJTX_CHROMIUM")
    if given:
        return given if Path(given).exists() else shutil.which(given)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = find_browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium or Chrome found (set ZJTX_CHROMIUM, or `apt-get install chromium fonts-noto-cjk` as "
           ".ci/run does from .ci/apt-packages)",
)


def screenshot(page: Path, png: Path, width: int, height: int, profile: Path) -> np.ndarray:
    """Render ``page`` headless into ``png`` and return its pixels (H × W × 3, uint8)."""
    from PIL import Image

    command = [
        str(BROWSER), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        "--force-device-scale-factor=1", f"--user-data-dir={profile}", f"--screenshot={png}",
        f"--window-size={width},{height}", page.resolve().as_uri(),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert png.exists(), f"no screenshot (exit {result.returncode}): {result.stderr[-2000:]}"
    with Image.open(png) as im:
        return np.asarray(im.convert("RGB"))


def _near(pixels: np.ndarray, colour: str, tolerance: int = 18) -> np.ndarray:
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return (np.abs(pixels.astype(int) - rgb) <= tolerance).all(axis=-1)


def test_report_renders_with_charts(national_report: Report, tmp_path: Path) -> None:
    page = national_report.write(tmp_path / "report.html")
    pixels = screenshot(page, tmp_path / "report.png", 1200, 2200, tmp_path / "profile")
    assert pixels.shape[:2] == (2200, 1200)
    grey = pixels.mean(axis=-1)
    assert grey.std() > 15, "the page is blank"
    # the charts' bars are drawn: the first series colour (criteria, prefectures) and the funnel's inner bars
    blue, orange = _near(pixels, PALETTE[0]), _near(pixels, PALETTE[1])
    assert blue.sum() > 3000 and orange.sum() > 1000
    # where bars are, the picture varies (axes, labels, bars), not a flat fill
    rows = np.flatnonzero(blue.any(axis=1))
    band = grey[rows.min(): rows.max() + 1]
    assert band.std() > 20
    # several separate charts: the blue rows form more than one block
    gaps = np.diff(rows) > 60
    assert gaps.sum() >= 1


def test_chinese_labels_render_as_glyphs(tmp_path: Path) -> None:
    """Two different Chinese words in SVG text must look different (missing glyphs draw identical boxes)."""
    stack = ", ".join(f"'{f}'" for f in FONT_STACK)
    words = ("梯度", "漏斗")
    svg = "".join(f'<text x="{20 + 300 * i}" y="110" style="font-family: {stack}; font-size: 80px">{w}</text>'
                  for i, w in enumerate(words))
    page = tmp_path / "glyphs.html"
    page.write_text(f'<!DOCTYPE html><html><body style="margin:0;background:#fff">'
                    f'<svg width="640" height="160" xmlns="http://www.w3.org/2000/svg">{svg}</svg></body></html>',
                    encoding="utf-8")
    pixels = screenshot(page, tmp_path / "glyphs.png", 700, 200, tmp_path / "profile").mean(axis=-1)
    left, right = pixels[20:150, 10:300] < 128, pixels[20:150, 310:600] < 128
    assert left.sum() > 300 and right.sum() > 300, "no text drawn"
    differ = (left != right).mean()
    assert differ > 0.02, "both words drew the same shapes: no font for Chinese (install fonts-noto-cjk)"
