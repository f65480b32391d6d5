"""Names a clerk would write in a 指标 column, in the patterns the held-out reports still missed.

Each test is written in the pattern of a held-out report's unnamed target (tests/extract/
UNSEEN_CORPUS.md, round e), never a report's own sentence.
"""

from __future__ import annotations

from supervisor.extract import extract_indicators


def _named(text: str) -> list[tuple[str, float]]:
    return [(i.name, i.value) for i in extract_indicators(text)]


def test_an_investment_after_a_counted_work_is_that_works_investment() -> None:
    assert _named("全年实施重点项目500个左右、完成投资800亿元以上。") == [
        ("重点项目", 500),
        ("重点项目投资", 800),
    ]
    assert _named("开工建设产业项目120个、计划投资300亿元。")[-1] == ("产业项目投资", 300)
    # an investment with its own subject keeps it
    assert _named("新建学校5所，教育投资增长8%。")[-1] == ("教育投资", 8)


def test_sectors_written_as_one_word_get_one_name_each() -> None:
    assert _named("一二三产增加值分别增长4%、7%、6%左右。") == [
        ("一产增加值", 4),
        ("二产增加值", 7),
        ("三产增加值", 6),
    ]
    assert [n for n, _ in _named("二三产业投资分别增长5%、8%。")] == [
        "第二产业投资",
        "第三产业投资",
    ]


def test_a_bound_defining_the_class_and_the_verb_before_a_facility_leave_the_name() -> None:
    assert _named("为60所海拔2000米以上乡村小学建设取暖设施。") == [("乡村小学取暖设施", 60)]
    assert _named("为300个人口5000人以上的行政村建设污水处理设施。") == [
        ("行政村污水处理设施", 300)
    ]
    # a work named with 建设 but no facility keeps it
    assert _named("打造20个乡村建设示范村。") == [("乡村建设示范村", 20)]


def test_a_stretch_named_before_a_length_leaves_the_name_to_the_work() -> None:
    assert _named("重点推进甲山至乙山段沿河岸线60公里生态廊道建设。") == [("生态廊道", 60)]
    assert _named("实施甲江至乙江段30公里河道疏浚。") == [("河道疏浚", 30)]
    # a subject before the length keeps naming it
    assert _named("新建农村公路120公里。") == [("农村公路", 120)]


def test_places_counted_are_named_by_what_they_do() -> None:
    assert _named("重点支持15个县深化城乡供水一体化改革。") == [("城乡供水一体化改革县", 15)]
    assert _named("推动40个乡镇开展农村污水集中处理。") == [("农村污水集中处理乡镇", 40)]
    # places that are the thing built keep their name
    assert _named("创建10个省级示范村。") == [("省级示范村", 10)]


def test_a_rate_after_a_total_is_named_by_their_subject() -> None:
    assert _named("力争旅游总收入突破800亿元、增长9%。") == [
        ("旅游总收入", 800),
        ("旅游总收入", 9),
    ]
    # a name holding a number of its own (5G基站) keeps it
    assert _named("新建5G基站3000个。") == [("5G基站", 3000)]


def test_a_measure_after_a_counted_thing_is_that_things_measure() -> None:
    assert _named("推动甲地等4座电站、装机120万千瓦建成投产。") == [
        ("电站", 4),
        ("电站装机", 120),
    ]
    # a list of things sharing one measure keeps its own naming
    assert [n for n, _ in _named("稻谷、小麦产量分别达到300万吨、200万吨。")] == [
        "稻谷产量",
        "小麦产量",
    ]
