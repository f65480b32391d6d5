"""Chinese line breaking (禁则): no forbidden line starts or ends, no overflow."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supervisor.reports.bulletin_model import title_phrases
from supervisor.reports.fonts import load_font_set
from supervisor.reports.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    UNIT_CHARS,
    break_lines,
    break_phrases,
    compressed_positions,
)


def cjk_measure(char: str) -> float:
    """Full-width for CJK, half for ASCII: like a real CJK face at 1 pt."""
    return 0.5 if ord(char) < 0x2000 else 1.0


PUNCTUATED = (
    "全力推进102个重点项目建设，完成投资128亿元。城镇新增就业1万人以上（含“双创”），"
    "确保剩余158户735名贫困人口全部脱贫退出！空气质量优良天数比例达到80.0%；"
    "《政府工作报告》确定的任务：「一窗受理」——集成服务……"
)


def assert_legal(lines: list, width: float) -> None:
    for previous, line in itertools.pairwise(lines):
        if previous.last:
            continue
        assert line.text[:1] not in NO_LINE_START, (previous.text, line.text)
        assert previous.text[-1:] not in NO_LINE_END, (previous.text, line.text)
    for line in lines:
        assert sum(cjk_measure(c) for c in line.text) <= width + 0.01, line.text


@pytest.mark.parametrize("width", [5, 6, 7, 8, 9, 10, 13, 17, 27])
def test_no_line_starts_or_ends_with_forbidden_punctuation(width: int) -> None:
    lines = break_lines(PUNCTUATED, width, cjk_measure)
    assert_legal(lines, width)
    assert "".join(line.text for line in lines) == PUNCTUATED


_ALPHABET = (
    "重点任务推进完成投资亿元就业人口" + "".join(NO_LINE_START) + "".join(NO_LINE_END) + "0123"
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, min_size=1, max_size=80), width=st.integers(4, 20))
def test_random_text_keeps_rules_when_a_legal_break_exists(text: str, width: int) -> None:
    lines = break_lines(text, width, cjk_measure)
    assert "".join(line.text for line in lines) == text
    for line in lines:
        assert sum(cjk_measure(c) for c in line.text) <= width + 0.01
    for previous, line in itertools.pairwise(lines):
        # A rule may only give way when the whole line offered no legal break at all.
        window = previous.text + line.text[:1]
        has_legal_break = any(
            window[i] not in NO_LINE_START and window[i - 1] not in NO_LINE_END
            for i in range(1, len(window))
        )
        if has_legal_break:
            assert line.text[:1] not in NO_LINE_START, (previous.text, line.text)
            assert previous.text[-1:] not in NO_LINE_END, (previous.text, line.text)


def test_numbers_and_percentages_stay_whole() -> None:
    text = "达到序时进度44项、占比80.0%，完成投资128亿元，PM2.5浓度下降2.6%"
    for width in range(5, 16):
        joined = [line.text for line in break_lines(text, width, cjk_measure)]
        for atom in ("80.0%", "128", "PM2.5", "2.6%"):
            assert any(atom in line for line in joined), (width, joined)


def test_doubled_dash_and_ellipsis_are_not_split() -> None:
    text = "集成服务——一窗受理……全面推开"
    for width in range(3, 10):
        lines = [line.text for line in break_lines(text, width, cjk_measure)]
        assert all(not line.startswith("—") or line.startswith("——") for line in lines)
        assert not any(line.endswith("—") and not line.endswith("——") for line in lines)
        assert not any(line.startswith("…") for line in lines)


def test_newline_ends_a_paragraph_and_empty_text_gives_no_lines() -> None:
    lines = break_lines("第一段。\n第二段", 10, cjk_measure)
    assert [(line.text, line.last) for line in lines] == [("第一段。", True), ("第二段", True)]
    assert break_lines("", 10, cjk_measure) == []


def test_word_wider_than_the_line_is_cut_rather_than_overflowing() -> None:
    lines = break_lines("https://example.gov.cn/abcdefghijklmnop", 4, cjk_measure)
    assert all(sum(cjk_measure(c) for c in line.text) <= 4 for line in lines)
    assert "".join(line.text for line in lines) == "https://example.gov.cn/abcdefghijklmnop"


def test_first_indent_narrows_only_the_first_line() -> None:
    lines = break_lines("一" * 20, 10, cjk_measure, first_indent=2)
    assert [len(line.text) for line in lines] == [8, 10, 2]


def test_lines_measured_with_the_shipped_font_fit_their_cell() -> None:
    font = load_font_set().table
    rng = random.Random(3)
    text = "".join(rng.choice(PUNCTUATED) for _ in range(2000))
    width = 120.0
    lines = break_lines(text, width, lambda c: font.char_width(c, 10.5))
    assert len(lines) > 50
    for line in lines:
        assert font.text_width(line.text, 10.5) <= width + 0.01
        assert abs(line.width - font.text_width(line.text, 10.5)) < 0.01


@pytest.mark.parametrize("width", range(4, 30))
def test_a_number_never_leaves_its_unit_or_measure_word(width: int) -> None:
    text = (
        "已催办1次，6月15日完成投资128亿元，改造老旧小区21万平方米、"
        "棚户区住房588套，新增就业1万人以上。"
    )
    lines = break_lines(text, width, cjk_measure)
    assert "".join(line.text for line in lines) == text
    for previous, line in itertools.pairwise(lines):
        if previous.text[-1:].isdigit():
            assert line.text[:1] not in UNIT_CHARS, (previous.text, line.text)


def test_adjacent_closing_marks_take_one_and_a_half_characters() -> None:
    assert compressed_positions("完成（牵头单位）；再“好”。") == [7, 12]
    assert compressed_positions("指出：“要") == []  # a line may break between them
    text = "甲乙）；丙丁"
    (line,) = break_lines(text, 10, cjk_measure, compress=0.5)
    assert line.width == pytest.approx(5.5)
    # Without compression the same text needs the full six characters.
    assert break_lines(text, 10, cjk_measure)[0].width == pytest.approx(6)
    # A line exactly 5.5 wide holds it only when the pair is compressed.
    assert len(break_lines(text, 5.5, cjk_measure, compress=0.5)) == 1
    assert len(break_lines(text, 5.5, cjk_measure)) == 2


def test_a_title_breaks_between_phrases_into_even_lines() -> None:
    phrases = title_phrases("关于2020年石嘴山市政府工作报告重点任务推进情况的通报")
    assert "".join(phrases) == "关于2020年石嘴山市政府工作报告重点任务推进情况的通报"
    lines = break_phrases(list(phrases), 20, cjk_measure)
    assert lines == ["关于2020年石嘴山市政府工作报告", "重点任务推进情况的通报"]
    # Never inside a word: every break is a phrase boundary.
    for width in range(12, 30):
        lines = break_phrases(list(phrases), width, cjk_measure)
        ends = set(itertools.accumulate(len(p) for p in phrases))
        for end in itertools.accumulate(len(line) for line in lines[:-1]):
            assert end in ends, (width, lines)
