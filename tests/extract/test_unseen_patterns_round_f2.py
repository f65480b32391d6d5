"""Failure kinds of round f's second half (corpus15g: four provinces and a 地级市), one test each.

Sentences written in the pattern of the failing texts (tests/extract/UNSEEN_CORPUS.md), never
a report's own text, naming no real place, person or year the rules could be tuned to. Each
test failed before its rule was written.
"""

from __future__ import annotations

from supervisor.extract import extract_indicators


def _found(text: str) -> list[tuple[str, float, str, str]]:
    return [(i.name, i.value, i.unit, i.comparator.value) for i in extract_indicators(text)]


def _values(text: str) -> list[float]:
    return [v for _, v, _, _ in _found(text)]


def test_a_quota_for_each_county_has_no_total_to_track() -> None:
    assert _values("每个县至少建成3个特色商业街区、15个美丽庭院示范村。") == []
    assert _values("每个乡镇至少启动建设1个农产品集散中心。") == []
    assert _values("各县（市、区）至少建成1个县级综合养老服务中心。") == []
    assert _values("各乡镇均建成1个综合文化站。") == []
    # the total over the whole area after the quota, and a plain count, stay targets
    assert _values("每个县新建或提升一所二级医院、全市达到25家以上。") == [25]
    assert _values("新建乡镇综合文化站12个。") == [12]
    assert _values("各县区新建学校30所。") == [30]


def test_things_grown_stronger_exist_already() -> None:
    assert _values("做优做强4个国家先进制造业集群。") == []
    assert _values("建强3个国家级和15个省级区域医疗中心。") == []
    assert _values("做强8家链主企业。") == []
    # new ones built or cultivated stay targets
    assert _values("新培育省级先进制造业集群6个。") == [6]
    assert _values("新建省级区域医疗中心5个。") == [5]


def test_the_level_or_effect_of_things_that_exist_raised_is_no_count() -> None:
    assert _values("提升8个省级外贸转型基地建设水平。") == []
    assert _values("发挥甲乙两地4个消费新场景试点作用。") == []
    assert _values("提升25个欠发达县域帮扶质效。") == []
    # things upgraded as a work stay targets
    assert _values("提升改造农贸市场30个，提高服务水平。") == [30]


def test_pilots_designated_already_and_carried_on_are_no_count() -> None:
    assert _values("推进3个中小企业数字化转型城市试点。") == []
    assert _values("抓好甲、乙、丙、丁4个规模化林场试点建设。") == []
    # new pilots opened or won stay targets
    assert _values("开展10个县域商业体系建设试点。") == [10]
    assert _values("新增国家级试点4个。") == [4]


def test_works_under_way_paced_continued_or_described_by_their_investment_are_no_count() -> None:
    assert _values("加快总投资36亿元的21个配套项目建设。") == []
    assert _values("加快建设总投资18.5亿元的12个重点项目。") == []
    assert _values("加快首批9个老旧街区改造进度。") == []
    assert _values("抓好4条续建高速公路建设。") == []
    # a set named by its investment under another verb, and a work sped up, stay counted
    assert _values("抓好总投资3000亿元的120个市重点项目。") == [120]
    assert _values("加快3个开发区科技创新中心建设。") == [3]


def test_industries_of_a_size_class_are_the_periods_aim_not_a_count() -> None:
    assert _values("加快打造5个万亿级产业。") == []
    assert _values("推动3个千亿级产业基地提质升级。") == []
    # the year's new ones of a class, and projects of a money class, stay counted
    assert _values("力争新增3家千亿级园区。") == [3]
    assert _values("加快推动400个以上亿元级工业项目建设。") == [400]


def test_programmes_named_by_example_and_plans_carried_out_are_no_count() -> None:
    assert _values("布局实施量子信息、生物制造等7个重大科技专项。") == []
    assert _values("实施产业焕新行动和10个重点产业稳增长方案。") == []
    # programmes counted without examples, and plans to be drawn up, stay counted
    assert _values("实施12个以上省科技重大专项。") == [12]
    assert _values("制定5个产业发展方案。") == [5]


def test_things_named_by_example_and_developing_are_no_count() -> None:
    assert _values("促进甲地箱包、乙地纺织、丙地陶瓷等18个特色产业集群发展。") == []
    assert _values("推动甲、乙等5个县域特色产业发展壮大。") == []
    # the year's works named by example stay counted
    assert _values("推进甲港、乙港等6个物流园区建设。") == [6]


def test_things_that_exist_run_well_are_no_count() -> None:
    assert _values("办好6个名校长、35个名师工作室。") == []
    assert _values("办好12所乡村寄宿制学校。") == []
    # the year's list of works stays counted
    assert _values("办好20项民生实事。") == [20]
    assert _values("继续办好10件惠民实事。") == [10]


def test_a_count_of_digits_and_a_numeral_in_a_sports_name_are_no_targets() -> None:
    assert _values("园区营收增速保持两位数以上。") == []
    assert _values("办好铁人三项世界杯、现代五项锦标赛等重大赛事。") == []
    # people counted in 位 and events counted in 项 stay targets
    assert _values("引进高层次人才300位。") == [300]
    assert _values("新办国际赛事三项。") == [3]


def test_a_bound_on_an_attribute_written_before_the_noun_defines_the_class() -> None:
    assert _values("培育一批营收过50亿元食品加工企业。") == []
    assert _values("培育一批营收过百亿元农产品加工企业。") == []
    # the class's count and an attribute reached stay targets
    assert _values("营收超100亿元企业达到12家。") == [12]
    assert _values("园区营收超过500亿元。") == [500]


def test_a_unit_glossed_in_brackets_before_its_bound_keeps_comparator_and_name() -> None:
    assert _found("开放共享大型科研仪器8000台（套）以上。") == [
        ("开放共享大型科研仪器", 8000, "台", ">=")
    ]
    assert _found("改造提升农贸市场50个（家）左右。") == [("农贸市场", 50, "个", "~")]
    # a gloss without a bound changes nothing
    assert _found("新建充电桩1200个（台）。") == [("充电桩", 1200, "个", "=")]


def test_the_setting_of_a_target_restates_it() -> None:
    assert _values("确定5%左右的增长目标，在实际工作中努力争取更好结果。") == []
    assert _values("提出6%的预期目标，兼顾了需要与可能。") == []
    # the target itself stays
    assert _values("地区生产总值增长5%左右。") == [5]


def test_places_supported_to_lead_in_developing_are_no_count() -> None:
    assert _values("支持20个强县（市）率先高质量发展。") == []
    # facilities whose building is supported stay counted (an annotation counts them)
    assert _values("支持100个农村养老服务设施建设。") == [100]


def test_the_count_of_matters_just_listed_is_no_target() -> None:
    assert _values("突出抓好渔船改造、老旧装置更新和矿山排查整治3件事。") == []
    assert _values("集中办好就业、托育、养老4件大事。") == []
    # a list of 民生实事 keeps its count
    assert _values("办好教育、医疗等10件民生实事。") == [10]


def _names(text: str) -> list[str]:
    return [n for n, _, _, _ in _found(text)]


def test_jinxing_between_the_thing_counted_and_its_work_leaves_the_name() -> None:
    assert _names("选择80家企业进行智能化改造。") == ["企业智能化"]


def test_a_list_of_descriptions_before_de_leaves_the_name_to_the_noun() -> None:
    assert _names("打造30个辨识度高、带动面广的夜间消费场景。") == ["夜间消费场景"]
    # a list of things counted keeps its first noun
    assert _names("新建12个社区食堂、助餐点。") == ["社区食堂"]


def test_a_bare_rate_shared_by_a_list_keeps_the_word_before_it() -> None:
    assert _names("美丽河湖、美丽海湾建成率分别达到30%、50%。") == [
        "美丽河湖建成率",
        "美丽海湾建成率",
    ]
    assert _names("森林、草原覆盖率分别达到30%、50%。") == ["森林覆盖率", "草原覆盖率"]


def test_an_investment_after_a_count_written_before_its_work_is_the_works() -> None:
    assert _names("推进1500个市级重点项目、完成投资6000亿元以上。") == [
        "市级重点项目",
        "市级重点项目投资",
    ]


def test_a_count_with_its_noun_before_it_keeps_that_noun_before_a_list() -> None:
    assert _names("实施强链重点项目1200个、投资1000万元以上的技改项目2500个。")[0] == "强链重点项目"
    # counts with only a verb before them share the noun after the list
    assert _names("完成65条、总长度57.9公里的城市道路改造。") == ["城市道路", "城市道路"]


def test_a_building_verb_alone_takes_the_thing_of_the_clause_before() -> None:
    assert _found("实施新一轮乡村道路提升行动，新（改）建3500公里。") == [
        ("乡村道路", 3500, "公里", "=")
    ]
    assert _names("推进城市燃气管网改造，新建1200公里。") == ["城市燃气管网改造"]


def test_counts_by_rank_of_one_noun_each_take_the_noun() -> None:
    assert _names("布局建设15个国家级、12个省级粮食产能提升重点县。") == [
        "国家级粮食产能提升重点县",
        "省级粮食产能提升重点县",
    ]
    assert _names("培育4个国家级和9个省级特色产业集群。") == [
        "国家级特色产业集群",
        "省级特色产业集群",
    ]


def test_counts_after_their_ranks_take_the_noun_after_the_list() -> None:
    assert _names("清理规范市级40项、县级180项行政备案事项。") == [
        "市级行政备案事项",
        "县级行政备案事项",
    ]


def test_a_building_verb_joined_by_tisheng_leaves_the_name() -> None:
    assert _names("新建提升市级乡村振兴片区60个左右。") == ["市级乡村振兴片区"]
    assert _names("新建乡镇卫生院8所。") == ["乡镇卫生院"]


def test_abstract_frames_just_listed_counted_again_are_no_target() -> None:
    assert _values("构建排放管控、减污路径、支撑保障3个体系。") == []
    assert _values("健全监测、预警和处置4项机制。") == []
    # things listed and counted, and a noun that only contains such a word, stay targets
    assert _values("建设甲、乙等5个物流体系示范县。") == [5]


def test_a_gloss_listing_kinds_of_place_ends_no_name() -> None:
    assert _names("支持15个县（市、区）深化城乡供水一体化。") == ["城乡供水一体化县"]
    assert _names("推动12个县（市、区）整县建成美丽乡村。") == ["美丽乡村县"]
    # a gloss without a list stays out of the name as before
    assert _names("建设10个乡镇（街道）区域养老服务中心。") == ["乡镇区域养老服务中心"]


def test_lingyu_is_shared_by_a_lists_names_with_the_measure() -> None:
    assert _names("力争交通、水利领域投资额分别达到900亿元、300亿元。") == [
        "交通领域投资额",
        "水利领域投资额",
    ]


def test_guifan_is_a_work_on_an_existing_thing_written_after_it() -> None:
    assert _names("规范提升农村供水厂站300处。") == ["农村供水厂站规范提升"]
    # 规范化 is an adjective of the thing built
    assert _names("新建规范化村卫生室20个。") == ["规范化村卫生室"]


def test_the_years_list_of_deeds_keeps_its_count_after_its_items() -> None:
    assert _values("办好就业增收、教育提质、医疗惠民等三件民生实事。") == [3]
    # the count of other lists just written stays out
    assert _values("抓好整车制造、关键部件配套、智能网联服务三条主线。") == []


def test_the_years_list_of_deeds_in_quotes_keeps_its_count() -> None:
    assert _found("今年要继续办好“十件民生实事”。") == [("民生实事", 10, "件", "=")]
    # other quoted counts are names
    assert _values("打造“四张名片”。") == []
