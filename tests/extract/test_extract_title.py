"""The report's title when the copy has no title line (issue 15, point 5; round g's kind).

Copies of city, county and provincial reports taken from news sites often begin with the date
line of the session and the speaker; the opening sentence (我代表……作工作报告) names the report
without being its title. The title is then the one a clerk would write: year, the congress's
place and 政府工作报告.
"""

import pytest

from supervisor.extract import extract_report

_PLAN = (
    "各位代表：\n现在，我代表某某人民政府作工作报告，请予审议。\n"
    "二、{year}年重点工作\n（一）抓好项目建设。全年实施重点项目30个，完成投资50亿元。\n"
)


@pytest.mark.parametrize(
    ("head", "year", "title"),
    [
        # A dashed date line, then the speaker with his post (merged into one paragraph).
        (
            "——2021年1月31日在某甲市第十五届人民代表大会第五次会议上\n某甲市市长  张某",
            2021,
            "2021年某甲市政府工作报告",
        ),
        # The date line without a dash, then the speaker's name alone.
        (
            "2025年1月10日在某乙县第十八届人民代表大会第三次会议上\n李某",
            2025,
            "2025年某乙县政府工作报告",
        ),
        # Chinese numerals in brackets, a province.
        (
            "（二〇一九年一月十四日在某丙省第十三届人民代表大会第二次会议上）\n省长  王某",
            2019,
            "2019年某丙省政府工作报告",
        ),
        # The national congress names no place: the plain title.
        (
            "2020年5月22日在第十三届全国人民代表大会第三次会议上\n国务院总理 某某",
            2020,
            "2020年政府工作报告",
        ),
        # A title line still wins over the session line.
        (
            "某丁区政府工作报告\n——2022年1月5日在某丁区第九届人民代表大会第一次会议上",
            2022,
            "2022年某丁区政府工作报告",
        ),
    ],
)
def test_a_copy_without_a_title_line_is_named_after_its_session(
    head: str, year: int, title: str
) -> None:
    assert extract_report(head + "\n" + _PLAN.format(year=year)).title == title


@pytest.mark.parametrize("head", ["", "李某\n", "省长  王某某\n"])
def test_neither_the_speaker_nor_the_opening_sentence_is_the_title(head: str) -> None:
    assert extract_report(head + _PLAN.format(year=2024)).title == "2024年政府工作报告"
