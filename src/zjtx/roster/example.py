"""The bundled example workbook in the officials' layout (企业名单, 万元, a column per year).

``zjtx/data/examples-national-2022.xlsx`` holds the 24 worked examples of
``examples-national-2022.csv`` the way a prefecture's bureau keeps a roster: a title row, a
序号 column, Chinese headers with units (``2024年营业收入(万元)``, ``全国细分市场占有率(%)``),
是/否 flags and Chinese names of codes, and a second sheet of filling notes. Reading it gives the
same canonical frame, so the same verdicts, as the CSV. Regenerate it with
``python -m zjtx.roster.example``.
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from zjtx.roster.io import read_roster, write_roster

__all__ = ["EXAMPLE_CSV", "EXAMPLE_XLSX", "example_path", "build_example_workbook"]

EXAMPLE_CSV = "examples-national-2022.csv"
EXAMPLE_XLSX = "examples-national-2022.xlsx"
TITLE = "专精特新中小企业梯度培育企业名单(示例,金额单位:万元)"
NOTES = (
    ("填表说明", ""),
    ("1", "一行一家企业;统一社会信用代码为18位,必填。"),
    ("2", "年度指标每年一列,列名写明年份和单位,如“2024年营业收入(万元)”;金额单位为万元,也可用“(元)”标明以元填报。"),
    ("3", "占比类指标以百分数填报,列名标“(%)”,如“全国细分市场占有率(%)”填 12 表示 12%。"),
    ("4", "是否类指标填“是”或“否”;空白表示未填报,相关指标判定为“数据不足”。"),
    ("5", "本表数据为虚构示例,对应工信部企业〔2022〕63号的算例 E1–E19。"),
)


def example_path(name: str = EXAMPLE_XLSX) -> Path:
    """The path of a bundled example file (``examples-national-2022.xlsx`` by default)."""
    return Path(str(resources.files("zjtx") / "data" / name))


def build_example_workbook(path: str | Path, source: str | Path | None = None) -> Path:
    """Write the example workbook from the canonical example CSV."""
    from openpyxl import load_workbook

    frame = read_roster(source or example_path(EXAMPLE_CSV)).frame
    ids = {u: i for i, u in enumerate(dict.fromkeys(frame["uscc"]), start=1)}
    frame.insert(0, "序号", frame["uscc"].map(ids))
    path = write_roster(frame, path, layout="wide", chinese=True, title=TITLE)
    book = load_workbook(path)
    notes = book.create_sheet("填表说明")
    for row in NOTES:
        notes.append(list(row))
    notes.column_dimensions["B"].width = 100
    book.save(path)
    return Path(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the example workbook in the officials' layout.")
    parser.add_argument("-o", "--output", default=str(example_path()), help="where to write it")
    args = parser.parse_args(argv)
    print(build_example_workbook(args.output))


if __name__ == "__main__":  # pragma: no cover
    main()
