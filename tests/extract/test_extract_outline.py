"""The task tree: plan sections only, heading styles, codes, lead phrases and targets."""

from __future__ import annotations

import pytest

from supervisor.extract import ExtractedReport, ExtractionError, TaskKind, extract_report

_REPORT = """2022年临江市政府工作报告
各位代表：
一、2021年工作回顾
过去一年，全市新建学校12所，地区生产总值增长7.1%。
（一）工业稳中有进。新增规上企业40家。
二、2022年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长6.5%左右，城镇新增就业2万人以上。
（一）推动产业升级
加快制造业转型。实施技改项目60个，技改投资增长12%。6月底前出台支持政策。
培育新兴产业。新增高新技术企业30家。
（二）保障改善民生
办好民生实事，新建幼儿园5所，改造老旧小区40个。
三、加强政府自身建设
严格控制一般性支出，压减非急需支出10%。
各位代表，让我们团结奋斗！
"""


def _codes(report: ExtractedReport) -> dict[str, str]:
    return {task.code: task.title for task in report.tasks}


def test_plan_year_and_title() -> None:
    report = extract_report(_REPORT)
    assert (report.title, report.year) == ("2022年临江市政府工作报告", 2022)


def test_review_of_the_past_year_yields_no_tasks() -> None:
    report = extract_report(_REPORT)
    texts = " ".join(task.text for task in report.tasks)
    assert "新建学校12所" not in texts
    assert all(not task.code.startswith("1") for task in report.tasks)


def test_codes_follow_the_outline() -> None:
    codes = _codes(extract_report(_REPORT))
    assert codes["2"] == "2022年工作安排"
    assert codes["2.0"] == "主要预期目标"
    assert codes["2.1"] == "推动产业升级"
    assert codes["2.1.1"] == "加快制造业转型"
    assert codes["2.1.1.1"] == "实施技改项目60个，技改投资增长12%"
    assert codes["2.1.1.2"] == "6月底前出台支持政策"
    assert codes["2.1.2"] == "培育新兴产业"
    assert codes["2.2.1"] == "办好民生实事，新建幼儿园5所，改造老旧小区40个"
    assert codes["3"] == "加强政府自身建设"
    assert codes["3.1"] == "严格控制一般性支出，压减非急需支出10%"


def test_parents_kinds_and_levels() -> None:
    tasks = {task.code: task for task in extract_report(_REPORT).tasks}
    assert tasks["2"].parent is None
    assert tasks["2"].kind == TaskKind.SECTION
    assert tasks["2.0"].kind == TaskKind.TARGETS
    assert tasks["2.0"].parent == "2"
    assert tasks["2.1"].kind == TaskKind.HEADING
    assert tasks["2.1"].level == 2
    assert tasks["2.1.1"].kind == TaskKind.LEAD
    assert tasks["2.1.1"].parent == "2.1"
    assert tasks["2.1.1.1"].kind == TaskKind.ITEM
    assert tasks["2.1.1.1"].level == 4


def test_main_targets_are_the_indicators_of_n_0() -> None:
    targets = next(t for t in extract_report(_REPORT).tasks if t.code == "2.0")
    assert [(i.name, i.value, i.unit) for i in targets.indicators] == [
        ("地区生产总值", 6.5, "%"),
        ("城镇新增就业", 2, "万人"),
    ]


def test_every_number_is_on_exactly_one_task() -> None:
    report = extract_report(_REPORT)
    values = sorted(i.value for t in report.tasks for i in t.indicators)
    assert values == sorted([6.5, 2, 60, 12, 30, 5, 40, 10])


def test_closing_appeal_is_not_a_task() -> None:
    assert all("团结奋斗" not in t.text for t in extract_report(_REPORT).tasks)


@pytest.mark.parametrize(
    ("level1", "level2", "level3"),
    [
        ("二、", "（一）", "1."),
        ("二、", "(一)", "1、"),
        ("二、", "（一）", "（1）"),
        ("二．", "(一)", "(1)"),
        ("第二部分　", "一、", "１．"),
    ],
)
def test_heading_styles_full_and_half_width(level1: str, level2: str, level3: str) -> None:
    text = (
        "2021年某市政府工作报告\n"
        f"{level1.replace('二', '一')}2020年工作回顾\n去年完成投资100亿元。\n"
        f"{level1}今年工作安排\n"
        f"{level2}建设现代产业体系\n"
        f"{level3}壮大工业经济。新增规上工业企业50家。\n"
        f"{level3.replace('1', '2').replace('１', '２')}发展服务业。服务业增加值增长8%。\n"
    )
    codes = _codes(extract_report(text))
    assert codes["2.1"] == "建设现代产业体系"
    assert codes["2.1.1"] == "壮大工业经济"
    assert codes["2.1.2"] == "发展服务业"
    assert codes["2.1.2.1"] == "服务业增加值增长8%"


def test_plan_heading_without_year_and_year_from_the_date_line() -> None:
    text = (
        "政府工作报告\n——2024年1月10日在某县第十八届人民代表大会第三次会议上\n"
        "一、过去一年工作回顾\n新增就业5000人。\n二、今年主要工作\n（一）稳增长\n新增就业6000人。\n"
    )
    report = extract_report(text)
    assert report.year == 2024
    assert [(t.code, [i.value for i in t.indicators]) for t in report.tasks][-1] == (
        "2.1.1",
        [6000],
    )


def test_five_year_outlook_is_not_this_years_plan() -> None:
    text = (
        "2021年某市政府工作报告\n一、“十三五”时期工作回顾\n五年新增就业20万人。\n"
        "二、“十四五”时期主要目标\n到2025年地区生产总值突破3000亿元。\n"
        "三、2021年重点工作\n（一）扩大就业\n城镇新增就业3万人。\n"
    )
    report = extract_report(text)
    assert [t.code for t in report.tasks] == ["3", "3.1", "3.1.1"]


def test_hard_wrapped_lines_are_joined() -> None:
    text = (
        "2022年某市政府工作报告\n二、2022年工作安排\n（一）稳定增长\n"
        "加快项目建设。全年实施重点项目120个，完成投资不低于300亿元，同时抓好前期工作，力\n"
        "争新开工项目50个。\n"
    )
    items = [t for t in extract_report(text).tasks if t.kind == TaskKind.ITEM]
    assert [i.value for i in items[0].indicators] == [120, 300, 50]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "一、2019年工作回顾\n去年新增就业1万人。",
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 20,
        "This is not a Chinese report at all. 12345",
    ],
)
def test_unusable_text_raises_a_clear_error(text: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_report(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_numbered_target_lines_are_main_targets_not_headings() -> None:
    text = (
        "2023年某市政府工作报告\n二、2023年工作安排\n主要预期目标是：\n"
        "1.地区生产总值增长6%左右；\n2.城镇新增就业1.5万人；\n"
        "（一）扩大投资\n实施重点项目200个。\n（二）促进消费\n社会消费品零售总额增长8%。\n"
    )
    tasks = {t.code: t for t in extract_report(text).tasks}
    assert [i.value for i in tasks["2.0"].indicators] == [6, 1.5]
    assert tasks["2.1"].title == "扩大投资"
    assert tasks["2.2"].title == "促进消费"
    assert tasks["2.2"].parent == "2"


def test_enumerated_items_are_one_task_each() -> None:
    text = (
        "2023年某市政府工作报告\n二、2023年工作安排\n（一）工业\n"
        "做强制造业。一是抓好项目。实施项目100个，完成投资50亿元。二是推进技改。新增机器人300台。\n"
    )
    tasks = {t.code: t for t in extract_report(text).tasks}
    assert tasks["2.1.1"].title == "做强制造业"
    assert tasks["2.1.1.1"].title == "抓好项目"
    assert [i.value for i in tasks["2.1.1.1"].indicators] == [100, 50]
    assert tasks["2.1.1.2"].title == "推进技改"
    assert [i.value for i in tasks["2.1.1.2"].indicators] == [300]


def test_section_without_headings_lists_its_sentences() -> None:
    text = (
        "2023年某市政府工作报告\n二、2023年总体要求和主要目标\n"
        "今年政府工作的总体要求是：坚持稳中求进工作总基调。\n"
        "主要目标是：地区生产总值增长6%。\n"
        "三、加强政府自身建设\n严格依法行政，推进政务公开。\n压减一般性支出5%。\n"
    )
    codes = {t.code: t for t in extract_report(text).tasks}
    assert sorted(codes) == ["2", "2.0", "3", "3.1", "3.2"]
    assert codes["2.0"].title == "主要目标"
    assert codes["3.2"].indicators[0].value == 5
