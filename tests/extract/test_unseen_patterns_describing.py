"""Numbers that describe what a clause acts on, grouped by kind over every held-out run (corpus15d).

Each test is written in the pattern of the extras of several held-out reports (scopes, conditions,
pilots, packages, policy descriptions, size-class lists, slogans; tests/extract/UNSEEN_CORPUS.md),
never a report's own sentence, and checks that the nearby genuine targets are still found.
"""

from __future__ import annotations

from supervisor.extract import extract_indicators


def _found(text: str) -> list[tuple[str, float, str]]:
    return [(i.name, i.value, i.unit) for i in extract_indicators(text)]


def _values(text: str) -> list[float]:
    return [v for _, v, _ in _found(text)]


def test_a_count_marking_out_what_another_number_measures_is_its_scope() -> None:
    assert _values("推动8个重点园区工业产值突破900亿元。") == [900]
    assert _values("带动15个商圈销售额增长12%。") == [12]
    # a count separated from the amount is a target of its own
    assert _values("建成8个重点园区、完成投资900亿元。") == [8, 900]
    assert _values("新建5个产业园，投资突破60亿元。") == [5, 60]


def test_a_threshold_that_defines_who_qualifies_is_no_target() -> None:
    assert _found("对年营业收入500万元以上且纳税额达到50万元以上的企业给予奖励。") == []
    assert _found("对年销售额3万元以上的经营户给予一次性补贴。") == []
    # the same amount as a deliverable, and a relief per person, stay targets
    assert _values("全年发放创业担保贷款30亿元以上。") == [30]
    assert _values("对困难家庭每户发放补助2000元。") == [2000]


def test_the_areas_a_pilot_is_tried_in_are_no_count() -> None:
    assert _found("在6个农业大省选择部分县开展收入保险试点。") == []
    assert _found("选择20个左右的乡镇探索集中连片整治。") == []
    # areas where a stated work is done, without a pilot, are still counted
    assert _values("在30个乡镇建设综合服务站。") == [30]


def test_ways_and_lines_of_work_named_by_their_number_are_no_targets() -> None:
    assert _found("抓实产业转型7条路径。") == []
    assert _found("围绕4条主线推进招商。") == []
    # a package issued and a length of line built stay targets
    assert _values("出台8条措施。") == [8]
    assert _values("新建输电线路120公里。") == [120]


def test_a_count_inside_a_policys_description_is_no_target() -> None:
    assert _found("将25项涉企收费的减免范围扩大到个体工商户。") == []
    assert _values("把12个病种的报销比例提高到70%。") == [70]


def test_the_count_of_a_size_class_list_just_written_restates_it() -> None:
    assert _found("做强钢铁、化工、建材、食品4个千亿级产业。") == []
    assert _found("培育陶瓷、茶叶、竹木等12个百亿级产业集群。") == []
    # a size-class count without its list before it is a target
    assert _values("新培育3个百亿级产业集群。") == [3]


def test_a_chinese_count_before_a_quoted_name_is_a_slogan() -> None:
    assert _found("精心擦亮三张“金字招牌”。") == []
    # a quoted thing counted in digits is a deliverable
    assert _values("新建12个“口袋公园”。") == [12]


def test_designated_things_supported_in_what_they_do_are_no_count() -> None:
    assert _found("支持6个国家级示范园区延伸产业链条。") == []
    assert _found("支持4个省级重点实验室、2个省级工程中心开展联合攻关。") == []
    # things supported to be built or improved stay counted
    assert _values("支持30所普通高中改善办学条件。") == [30]
    assert _values("支持200个村级养老服务站建设。") == [200]


def test_money_that_exists_put_to_use_is_no_target() -> None:
    assert _found("用好500亿元产业引导基金。") == []
    assert _found("盘活120亿元存量资产。") == []
    # money to be raised or spent stays a target
    assert _values("争取中央预算内投资80亿元。") == [80]


def test_new_money_put_to_use_stays_a_target() -> None:
    assert _values("用足用好15亿元新增专项债券。") == [15]


def test_the_situation_the_plan_starts_from_is_no_target() -> None:
    assert _found("目前已建成充电桩4万个。") == []
    assert _found("全县共有12个乡镇，180个行政村。") == []
    assert _found("截至上年底，累计建成污水处理厂30座。") == []
    assert _found("依托现有9个物流园区，新建冷库5万立方米。") == [("冷库", 5, "万立方米")]
    # a work on things that exist, and a cumulative target, stay targets
    assert _values("改造现有150个老旧小区。") == [150]
    assert _values("新增充电桩1000个、累计达到9000个。") == [9000]


def test_the_date_a_target_is_due_leaves_its_name() -> None:
    assert _found("到2032年城市绿地率达到40%。") == [("城市绿地率", 40, "%")]
    assert _found("力争5年内培育独角兽企业6家。") == [("独角兽企业", 6, "家")]


def test_a_gloss_in_brackets_does_not_push_a_long_name_past_its_cut() -> None:
    ((found),) = extract_indicators("建设30个社区嵌入式服务设施和乡镇（街道）综合养老服务中心。")
    assert found.name.endswith("服务中心")
    assert "（" not in found.name


def test_those_a_work_serves_are_a_population() -> None:
    assert _found("改造供水管网80公里，惠及居民6万户。") == [("供水管网", 80, "公里")]
    assert _values("实施饮水安全工程，受益群众12万人。") == []
    # people trained or employed are the work itself
    assert _values("开展职业技能培训3万人次。") == [3]


def test_things_approved_or_developing_and_the_count_of_the_work_are_no_targets() -> None:
    assert _found("加快建设已获批的5个储能示范基地。") == []
    assert _found("推动甲、乙2个保税区高质量发展。") == []
    assert _found("扎实做好六项重点工作。") == []
    # a work done on each existing thing stays counted
    assert _values("推动40家旅游景区提档升级。") == [40]


def test_a_count_inside_a_list_of_projects_describes_one_of_them() -> None:
    assert _found("加快甲地煤制油、乙地2个煤制气、丙地储能电站等项目建设。") == []
    # the count of the projects after the list is a target
    assert _values("开工建设甲地水库、乙地泵站等12个项目。") == [12]


def test_cases_are_counted_and_a_bracketed_note_is_no_name() -> None:
    assert _found("为困难群众实施免费白内障手术1500例。") == [("免费白内障手术", 1500, "例")]
    ((found),) = extract_indicators("开展职业技能培训8万人次（责任单位：人社部门）。")
    assert found.name.endswith("职业技能培训")


def test_owning_as_an_attribute_of_the_thing_built_stays_a_target() -> None:
    assert _values("培育拥有自主品牌的出口企业50家。") == [50]
    assert _found("全省共有国家级开发区9个。") == []


def test_an_altitude_or_a_format_names_a_class_and_passes_are_an_area_unit() -> None:
    assert _values("为80所海拔2000米以上乡村学校建设供暖设施。") == [80]
    assert _values("建成120个社区健身路径或5人制足球场。") == [120]
    assert _found("机耕服务面积40万亩次以上。") == [("机耕服务面积", 40, "万亩次")]


def test_existing_facilities_kept_running_are_no_count() -> None:
    assert _found("推进4个国家级创新中心和7个省级创新中心高效运行。") == []
    assert _found("支持甲、乙、丙3个省重点实验室高效运营。") == []
    assert _found("确保12座污水处理厂稳定运行。") == []
    # facilities built and put into operation stay counted
    assert _values("新建5座污水处理厂并投入运行。") == [5]
    assert _values("推进6个区域医疗中心建设。") == [6]
