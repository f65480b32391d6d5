"""tools/corpus_eval.py: the figures of a folder of report + annotation pairs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "corpus_eval.py"

_REPORT = """政府工作报告
——在某某市第八届人民代表大会第三次会议上
各位代表：
二、2023年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，社会消费品零售总额增长7%。
（一）建设美丽城市
新建公厕12座，改造老旧小区30个。
"""

# Annotated by hand: the comparator of 公厕 and the lead of 老旧小区 are deliberately not what
# the extractor says, and 口袋公园 is not in the text.
_ANNOTATION = """# name\tvalue\tvalue_max\tunit\tcomparator\tlead
地区生产总值\t6\t\t%\t~\t发展和改革
社会消费品零售总额\t7\t\t%\t=\t商务
公厕\t12\t\t座\t>=\t住房和城乡建设
老旧小区\t30\t\t个\t=\t教育
口袋公园\t5\t\t个\t=\t住房和城乡建设
"""


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_eval", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_eval"] = module
    spec.loader.exec_module(module)
    return module


def _write(folder: Path, annotation: str = _ANNOTATION) -> None:
    (folder / "city.txt").write_text(_REPORT, encoding="utf-8")
    (folder / "city.expected.tsv").write_text(annotation, encoding="utf-8")


def test_figures_of_one_report(tool: ModuleType, tmp_path: Path) -> None:
    _write(tmp_path)
    figures = tool.score(
        tool.load_targets(tmp_path / "city.expected.tsv"),
        tool.extract_found(_REPORT),
    )
    assert (figures.expected, figures.found, figures.matched) == (5, 4, 4)
    assert figures.comparator_right == 3  # 公厕 is annotated >=, the text says 12座
    assert figures.named == 4
    assert (figures.lead_judged, figures.lead_plausible) == (4, 3)
    assert [t.name for t in figures.missed] == ["口袋公园"]


def test_main_prints_a_row_per_report_and_the_pool(
    tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path)
    assert tool.main([str(tmp_path), "--detail"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("city"))
    assert row.split()[1:4] == ["5", "4", "4"]
    assert "0.800" in row  # recall 4/5
    assert "漏 口袋公园 5个 =" in out
    assert "牵头 老旧小区 30个" in out


def test_an_empty_folder_says_so(tool: ModuleType, tmp_path: Path) -> None:
    assert tool.main([str(tmp_path)]) == 2


def test_a_malformed_row_names_its_line(tool: ModuleType, tmp_path: Path) -> None:
    _write(tmp_path, "地区生产总值\t6\t%\t~\n")
    with pytest.raises(SystemExit, match=r"city.expected.tsv:1: 应为 5 或 6 列"):
        tool.load_targets(tmp_path / "city.expected.tsv")
