"""Failure kinds of round i (provincial and city reports of 2018–2025, held out until the rules
of 2258300 were finished), in their pattern: sentences written for the kinds listed in
UNSEEN_CORPUS.md, not taken from the reports; most with a counter-case that stays counted.
"""

import pytest

from supervisor.extract import NoPlanYearError, extract_report
from tests.extract.work_sentences import PLAN_HEAD, values


def test_lines_a_plan_keeps_are_a_doctrine() -> None:
    assert values("统筹划定落实三条控制线，守住三条底线。") == []
    assert values("新建三条城市主干道。") == [3]


def test_a_quota_for_each_district_city_has_no_total() -> None:
    assert values("每个设区市至少建成3所示范性托育机构。") == []


def test_the_standing_of_clusters_raised_is_not_a_count_to_track() -> None:
    assert values("加快提升85个县域特色产业集群竞争力。") == []
    assert values("抓好9个农业优势产业集群、60个现代农业园区。") == []
    assert values("抓好60个园区建设。") == [60]


def test_plans_carried_out_are_a_package() -> None:
    assert values("实施15个专项行动计划。") == []
    assert values("编制15个专项规划。") == [15]


def test_bounds_listed_before_one_noun_define_classes() -> None:
    assert values("新增营业收入超30亿元、超80亿元产业集群5个和3个。") == [5, 3]
    assert values("集体经济年收入5万元以上村达70%以上。") == [70]
    assert values("完成400个农宅空置率20%—40%的空心村治理。") == [400]
    assert values("完成森林覆盖率35%的目标任务。") == [35]  # one value before 的: the target
    assert values("实现森林覆盖率35%以上的目标。") == [35]  # 的目标 names no class
    assert values("完成工业总产值100亿元以上目标。") == [100]
    assert values("确保一般公共预算收入10亿元以上并保持增长。") == [10]


def test_works_pushed_forward_are_under_way() -> None:
    assert values("推动3家央企区域总部、2所高校加快建设。") == []
    assert values("新建2所高校并加快建设。") == [2]


def test_national_designations_built_on_are_not_new_ones() -> None:
    assert values("抓好甲、乙等4个国家物流枢纽承载城市建设。") == []


def test_fields_and_sectors_a_work_covers_are_its_scope() -> None:
    assert values("围绕新材料、生物医药等8个重点领域，组织关键技术攻关。") == []
    assert values("开展钢铁、焦化等5个重点行业企业绩效升级行动。") == []
    assert values("开展50个行业专家服务活动。") == [50]


def test_a_year_the_text_names_wins_over_the_one_given() -> None:
    page = "今年主要预期目标是：生产总值增长6%以上。\n（一）聚力创新。新增高新技术企业70家。\n"
    with pytest.raises(NoPlanYearError, match="请指定计划年度"):
        extract_report(page)
    assert extract_report(page, year=2024).year == 2024
    assert extract_report(PLAN_HEAD + "（一）某项工作。新建学校3所。\n", year=2024).year == 2031


def test_a_named_list_reaching_a_size_class_is_the_periods_aim() -> None:
    assert values("推动甲、乙、丙3个产业集群达到1000亿级。") == []
    assert values("新增2家千亿级园区。") == [2]


def test_bounds_with_their_nouns_listed_define_classes() -> None:
    assert values("培育一批产值过30亿元的特色园区、过80亿元的县域特色园区。") == []
    assert values("产值过30亿元的园区达到12个。") == [12]


def test_partners_projects_cooperated_on_are_not_the_years_investment() -> None:
    assert values("加快与甲集团、乙集团等总投资900亿元的能源项目务实合作。") == []
    assert values("与央企合作实施项目20个。") == [20]
    assert values("与国内外20家知名企业开展战略合作。") == [20]  # partners to win


def test_a_reviews_targets_before_a_yearless_plan_are_not_the_years() -> None:
    page = (
        "过去一年，全县主要预期目标是：生产总值增长6%，实际增长6.5%。\n"
        "今年主要预期目标是：生产总值增长7%。\n"
        "（一）抓项目。新建学校3所。\n"
    )
    report = extract_report(page, year=2031)
    assert [i.value for t in report.tasks for i in t.indicators] == [7, 3]
    review_only = page.replace("今年主要预期目标是：生产总值增长7%。\n", "")
    report = extract_report(review_only, year=2031)
    assert [i.value for t in report.tasks for i in t.indicators] == [3]
