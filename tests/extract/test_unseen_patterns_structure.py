"""Structural failure kinds of the corpus15d held-out round, one test each.

Small reports written in the pattern of the failing texts (tests/extract/UNSEEN_CORPUS.md), never
a report's own text, naming no real place, person or year the rules could be tuned to.
"""

from __future__ import annotations

import pytest

from supervisor.extract import extract_report, load_department_table
from supervisor.extract.departments import PROVINCE_TABLE

_PLAN_LINE_BEFORE_PARTS = """政府工作报告
——2031年1月20日在某省第三届人民代表大会第二次会议上
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议。
“十六五”时期主要目标和2031年重点工作
今年是“十六五”开局之年，总体要求是：坚持稳中求进。
今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；城镇新增就业30万人以上。
一、持续扩大有效投资
（一）抓好重大项目。新开工重点项目300个。
二、保障和改善民生
（一）办好民生实事。新建养老服务站80个。
"""


def test_an_unnumbered_plan_line_before_the_numbered_parts_heads_the_targets() -> None:
    report = extract_report(_PLAN_LINE_BEFORE_PARTS)
    found = {(i.name, i.value) for t in report.tasks for i in t.indicators}
    assert ("地区生产总值", 5) in found
    assert ("城镇新增就业", 30) in found
    assert {300, 80} <= {value for _, value in found}  # the numbered parts are kept too


_WORK_ENDING_IN_EXCLAMATION = """政府工作报告
——2031年1月20日在某省第三届人民代表大会第二次会议上
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议。
三、2031年重点工作
（一）坚持生态优先
加强生态建设，完成造林60万亩、沙化土地治理90万亩。让山更绿、水更清！
（二）坚持民生为大
实施城市更新行动，改造老旧小区120个。
让我们团结一心，奋勇前进！
"""


def test_a_work_paragraph_ending_in_an_exclamation_keeps_its_targets() -> None:
    report = extract_report(_WORK_ENDING_IN_EXCLAMATION)
    found = {(i.name, i.value) for t in report.tasks for i in t.indicators}
    assert {60, 90, 120} <= {value for _, value in found}
    titles = [t.title for t in report.tasks]
    assert not any(title.startswith("让我们") for title in titles)  # the appeal stays out


_ANNEX_RESTATING = """政府工作报告
——2031年1月20日在某省第三届人民代表大会第二次会议上
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议。
三、2031年重点工作
（一）稳就业。城镇新增就业25万人以上，开展职业技能培训9万人次。
（二）办好实事。新建社区食堂60个。
附件
2031年民生实事
1.实现城镇新增就业25万人以上，新建零工驿站30个（牵头单位：人社厅）。
"""


def test_a_later_task_restating_a_target_does_not_track_it_twice() -> None:
    report = extract_report(_ANNEX_RESTATING)
    found = [(i.name, i.value) for t in report.tasks for i in t.indicators]
    assert [v for _, v in found].count(25) == 1
    assert 30 in [v for _, v in found]  # the annex's own new target stays


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        ("完成水土流失综合治理", "水利"),
        ("开展侵蚀沟治理", "水利"),
        ("完成黑土地保护性耕作", "农业农村"),
        ("改造提升盐碱耕地", "农业农村"),
        ("新增残疾人就业", "人力资源和社会保障"),
        ("建成输变电工程", "能源"),
        ("主要进口产品落地加工量", "商务"),
        ("新能源汽车产量", "工业和信息化"),
        ("建设幸福河湖", "水利"),
        ("新建和改善绿水长廊", "水利"),
        ("增加普惠性养老床位", "民政"),
        ("提高农村低保标准", "民政"),
        ("完成行政村生活污水治理", "生态环境"),
        ("新增制造业单项冠军企业", "工业和信息化"),
        ("稳定油料种植面积", "农业农村"),
        ("新创建千万工程示范村", "农业农村"),
        ("新增入统规上企业", "统计"),
        ("提高农村自来水普及率", "水利"),
        ("全省优良水体比例达到", "生态环境"),
        ("新增流动供销服务网点", "商务"),
    ],
)
def test_province_leads_of_the_held_out_round(words: str, stem: str) -> None:
    assert stem in load_department_table(PROVINCE_TABLE).suggest(words)[0].name


_ADDRESS_BETWEEN_SUB_SECTIONS = """政府工作报告
——2031年1月20日在某省第三届人民代表大会第二次会议上
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议。
三、2031年重点工作
（一）持续改善生态环境
完成造林60万亩。
各位代表！绿水青山就是幸福。我们要让山更绿、水更清！
（二）保障和改善民生
新建社区养老服务站80个。
继续办好12件民生实事。
各位代表！让我们团结奋斗，再创佳绩！
"""


def test_an_address_between_numbered_sub_sections_does_not_end_the_plan() -> None:
    report = extract_report(_ADDRESS_BETWEEN_SUB_SECTIONS)
    found = {(i.name, i.value) for t in report.tasks for i in t.indicators}
    assert {60, 80, 12} <= {value for _, value in found}
