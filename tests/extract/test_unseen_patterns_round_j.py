"""Failure kinds of round j (a province, a county page and a city's abridged report, held out
until the rules of 8d0992e were finished), in their pattern: sentences written for the kinds
listed in UNSEEN_CORPUS.md, not taken from the reports, most with a counter-case.
"""

from tests.extract.work_sentences import found, values


def test_a_structure_of_three_elements_is_no_money() -> None:
    assert values("加快构建种养加协调发展的三元结构。") == []
    assert values("发放补贴三亿元。") == [3]


def test_key_fields_advanced_are_no_deliverable() -> None:
    assert values("推进两个重点领域率先突破。") == []


def test_a_focus_on_listed_industries_counts_none_of_them() -> None:
    assert values("聚焦8个省级主导产业和60个县域特色产业。") == []


def test_industries_that_stand_raised_are_not_new_ones() -> None:
    assert values("优化提升9个省级主导产业。") == []
    assert values("新培育9个省级主导产业。") == [9]


def test_a_small_range_after_each_city_is_each_citys_share() -> None:
    assert values("支持各市集中打造1—2个高能级开发区。") == []
    assert values("新增省级特色高中3—5所。") == [3]


def test_a_range_written_with_a_horizontal_bar_is_a_range() -> None:
    ((name, low, high, unit),) = found("新增省级特色高中2―4所。")
    assert ("省级特色高中" in name, low, high, unit) == (True, 2, 4, "所")


def test_measures_carried_out_firmly_are_a_package() -> None:
    assert values("抓细抓实“五个常态化”20项措施。") == []


def test_ranked_bases_sped_up_are_under_way() -> None:
    assert values("加快4家省级区域医疗中心建设。") == []
    assert values("加快新建4家区域医疗中心。") == [4]


def test_pilot_tasks_pushed_are_carried_on() -> None:
    assert values("扎实推动180多项改革试点建设任务。") == []


def test_a_count_before_a_years_attribute_is_no_duration() -> None:
    assert values("培育60个年产值超过5亿元的产业化联合体。") == [60]
    assert values("培育40个营业收入超过8亿元的联合体。") == [40]
    assert values("推动5个领域项目投资突破200亿元。") == [200]  # the count marks out a scope
    assert values("用3个月时间集中整治。") == []
