"""The tree of reports of other levels: where the plan ends, annexes, guidance, titles.

The report below is written for these tests in the layout of a provincial or national report
(spaced title, date line, speaker line, a plan section with （一）…, then paragraphs on
government self-building, defence and external work, a closing appeal and an annex list). It
names no place and no person.
"""

from __future__ import annotations

from supervisor.extract import extract_report

_REPORT = """政 府 工 作 报 告
——2024年1月20日在某省第十四届人民代表大会第二次会议上
省长 某某某
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2023年工作回顾
过去一年，全省新建高速公路200公里。
二、2024年经济社会发展总体要求
今年政府工作的总体要求是：坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。
全省经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业50万人以上。
三、2024年重点工作
（一）扩大有效投资。新开工重大项目300个，完成投资2000亿元。
（二）保障和改善民生。新建保障性租赁住房3万套。
加强政府自身建设。全面加强依法行政，自觉接受人大监督。严格落实过紧日子要求。
国防和军队建设。支持驻地部队建设，做好退役军人服务保障，新建退役军人服务站50个。
我们将坚持独立自主的和平外交政策，推动构建人类命运共同体。
各位代表！让我们团结奋斗，为全面完成今年目标任务而努力奋斗！
附件：2024年省政府十件民生实事
一、新建改造城市公办幼儿园100所。
二、为60岁以上老年人提供免费体检200万人次。
三、改造老旧小区2000个。
"""


def _report():
    return extract_report(_REPORT)


def test_title_from_a_spaced_title_line_and_the_date_line() -> None:
    report = _report()
    assert report.year == 2024
    assert report.title == "2024年政府工作报告"


def test_title_from_a_merged_speaker_line() -> None:
    text = _REPORT.replace("政 府 工 作 报 告\n", "").replace(
        "省长 某某某\n各位代表：", "省长 某某某 各位代表："
    )
    title = extract_report("政府工作报告（2024年）\n" + text).title
    assert "各位代表" not in title
    assert "工作报告" in title


def test_guidance_section_yields_only_its_targets() -> None:
    report = _report()
    section = [t for t in report.tasks if t.parent is None and "总体要求" in t.title]
    assert len(section) == 1
    children = [t for t in report.tasks if t.parent == section[0].code]
    assert [t.kind.value for t in children] == ["targets"]
    assert not any("稳中求进" in t.title for t in report.tasks)


def test_paragraphs_after_the_plan_headings_become_their_own_areas() -> None:
    report = _report()
    livelihood = next(t for t in report.tasks if t.title.startswith("保障和改善民生"))
    under = [t.title for t in report.tasks if t.parent == livelihood.code]
    assert not any("依法行政" in t or "退役军人" in t or "外交" in t for t in under)
    areas = [t.title for t in report.tasks if t.parent is None]
    assert "加强政府自身建设" in areas
    assert "国防和军队建设" in areas
    assert any("外交政策" in a for a in areas)
    defence = next(t for t in report.tasks if t.parent is None and t.title == "国防和军队建设")
    found = [
        (i.name, i.value)
        for t in report.tasks
        if t.code.startswith(defence.code + ".")
        for i in t.indicators
    ]
    assert found == [("退役军人服务站", 50)]


def test_the_closing_appeal_is_left_out() -> None:
    assert not any("团结奋斗" in t.text for t in _report().tasks)


def test_an_annex_list_keeps_its_order_and_numbering() -> None:
    report = _report()
    annex = next(t for t in report.tasks if t.parent is None and "民生实事" in t.title)
    items = [t for t in report.tasks if t.parent == annex.code]
    assert [t.code for t in items] == [f"{annex.code}.{n}" for n in (1, 2, 3)]
    assert [t.indicators[0].value for t in items] == [100, 200, 2000]
    codes = [int(t.code) for t in report.tasks if t.parent is None]
    assert codes == sorted(codes)


def test_target_bullets_of_a_guidance_section_are_kept() -> None:
    text = _REPORT.replace(
        "全省经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；城镇新增就业50万人以上。",
        "全省经济社会发展的主要预期目标是：\n——地区生产总值增长5.5%左右；\n"
        "——城镇新增就业50万人以上。",
    )
    report = extract_report(text)
    section = next(t for t in report.tasks if t.parent is None and "总体要求" in t.title)
    (targets,) = [t for t in report.tasks if t.parent == section.code]
    assert [(i.name, i.value) for i in targets.indicators] == [
        ("地区生产总值", 5.5),
        ("城镇新增就业", 50),
    ]
