"""Failure kinds of round g (county, city and province reports of 2017–2025), in their pattern.

Sentences written for the kinds listed in UNSEEN_CORPUS.md, not taken from the reports.
"""

from supervisor.extract import extract_report
from tests.extract.work_sentences import names, values

_HEAD = "2024年某市政府工作报告\n各位代表：\n二、2024年重点工作\n"


def _targets(body: str) -> list[tuple[str, str, float, str]]:
    report = extract_report(_HEAD + body)
    return [(t.code, i.name, i.value, i.unit) for t in report.tasks for i in t.indicators]


def test_the_same_investment_in_two_areas_is_two_targets() -> None:
    body = (
        "（一）抓好工业项目。实施工业项目30个，完成投资50亿元。\n"
        "（二）抓好城市更新。实施城建项目20个，完成投资50亿元。\n"
    )
    investments = [t for t in _targets(body) if "投资" in t[1]]
    assert [(value, unit) for _, _, value, unit in investments] == [(50, "亿元"), (50, "亿元")]
    assert len({code for code, *_ in investments}) == 2


def test_a_named_target_restated_in_a_later_list_is_kept_once() -> None:
    body = "（一）稳就业。城镇新增就业1.8万人。\n（二）办好民生实事。城镇新增就业1.8万人。\n"
    assert [t[1:] for t in _targets(body)] == [("城镇新增就业", 1.8, "万人")]


def test_ranks_listed_before_one_noun_each_take_the_noun() -> None:
    body = "（一）培育企业。新培育省级、市级专精特新企业各30家以上。\n"
    assert [t[1:] for t in _targets(body)] == [
        ("省级专精特新企业", 30, "家"),
        ("市级专精特新企业", 30, "家"),
    ]


def test_fruit_counted_in_weight_cases_keeps_its_target() -> None:
    body = "（一）做强外贸。出口鲜梨2万重量箱，新增果园800亩。\n"
    assert [t[1:] for t in _targets(body)] == [
        ("出口鲜梨", 2, "万重量箱"),
        ("新增果园", 800, "亩"),
    ]


def test_a_bare_there_is_states_the_situation() -> None:
    assert values("本县与某市接壤80公里，境内有甲、乙2条高速且有4个出入口。") == []
    assert values("上级下达的30项任务中，涉及我县的有8项。") == []
    # an aim with 有, and a work on things that exist, stay targets
    assert values("力争有3家企业上市。") == [3]
    assert values("改造现有120个老旧小区。") == [120]
    assert values("全年有50个项目竣工投产。") == [50]  # a time of the plan year: an aim
    assert values("年内有10家企业完成股改。") == [10]
    assert values("境内主要有3条河流。") == []  # 主要 is no 要


def test_the_focus_of_a_work_is_not_its_deliverable() -> None:
    assert values("以2个新区、9个社区中心为重点，完善养老服务。") == []
    assert values("以20个重大项目为抓手，完成投资80亿元。") == [20, 80]


def test_bases_rated_at_a_rank_that_are_upgraded_already_exist() -> None:
    assert values("推动3个国家级、6个省级现代农业园区提档升级。") == []
    assert values("推动15家农家乐提档升级。") == [15]


def test_a_second_measure_right_after_the_first_is_of_the_same_thing() -> None:
    body = "（一）食品安全。完成农产品抽检1500批次2万项。\n"
    assert [t[1:] for t in _targets(body)] == [
        ("农产品抽检", 1500, "批次"),
        ("农产品抽检", 2, "万项"),
    ]


def test_a_package_of_actions_carried_out_is_not_a_count_to_track() -> None:
    assert values("实施八大重点任务、42项具体行动。") == []
    assert values("出台12条具体措施。") == [12]  # a package issued is a deliverable


def test_an_income_bound_before_the_noun_defines_the_class() -> None:
    assert values("消除村集体经济收入10万元以下的村。") == []
    assert values("村集体经济收入10万元以上的村达到60%。") == [60]


def test_a_list_mark_inside_a_paragraph_is_part_of_no_name_or_frame() -> None:
    body = "（一）能源保障。①现有装机容量90万千瓦；②新建风电场3座；③改造现有80个老旧小区。\n"
    assert [t[1:] for t in _targets(body)] == [
        ("风电场", 3, "座"),
        ("老旧小区", 80, "个"),
    ]


_UNNUMBERED_PLAN_LINE = """——2031年1月20日在某乙市第九届人民代表大会第二次会议上
各位代表：
2031年主要工作
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。重点抓好三方面工作：
（一）加力推进产业发展。新增规上工业企业50家。
（二）加力推进城市建设。改造老旧小区120个。
（三）加力推进民生事业。新建养老服务站30个。
"""


def test_numbered_parts_keep_the_reports_numbers_after_an_unnumbered_plan_line() -> None:
    report = extract_report(_UNNUMBERED_PLAN_LINE)
    tops = [(t.code, t.title) for t in report.tasks if t.parent is None]
    assert tops == [
        ("0", "2031年主要工作"),
        ("1", "加力推进产业发展"),
        ("2", "加力推进城市建设"),
        ("3", "加力推进民生事业"),
    ]
    assert report.title == "2031年某乙市政府工作报告"


# Kinds found by reading the extractor's output on a development copy of a 地级市 report
# (not held out, not in the corpus): sentences written in the same patterns.


def test_a_quota_for_each_county_a_year_has_no_total_to_track() -> None:
    assert values("各县（市、区）每年重点培育至少8个美丽乡村示范点。") == []
    assert values("各县（市、区）至少建成1个示范点，全市达到30个以上。") == [30]


def test_the_time_before_a_name_is_not_part_of_it() -> None:
    assert names("年底“青年英才”突破3000人。") == ["“青年英才”"]
    assert names("年底前建成美丽河湖36条。") == ["美丽河湖"]


def test_examples_before_the_noun_are_not_part_of_its_name() -> None:
    assert names("引进甲省、乙省等农产品加工头部企业30家。") == ["农产品加工头部企业"]
    assert names("新建小学、初中各3所。") == ["小学", "初中"]
    assert names("引进甲省、乙省等地企业20家。") == ["甲省、乙省等地企业"]  # 等地 is no example


def test_a_bare_rate_after_an_amount_is_that_amounts_rate() -> None:
    assert names("力争全年技术改造投资超80亿元、增速超12%。") == [
        "技术改造投资",
        "技术改造投资增速",
    ]


def test_platforms_designated_at_a_rank_built_on_are_not_new_ones() -> None:
    assert values("抓好6个产业转移省级重点承接平台建设。") == []
    assert values("推进2个国家级、4个省级工程研究中心建设。") == []
    assert values("新建3个省级重点实验室。") == [3]
    assert values("推进6个产业园区建设。") == [6]
    assert values("推进35个省级重点项目建设。") == [35]  # the year's projects
    assert values("加快30个省级重点项目建设。") == [30]


def test_a_noun_after_the_second_measure_names_it() -> None:
    assert names("新建污水管网50公里20座泵站。") == ["污水管网", "泵站"]
