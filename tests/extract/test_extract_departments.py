"""Department table: the shipped CSV, a city's own table, and lead/co suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from supervisor.domain import DepartmentKind
from supervisor.extract import ExtractionError, extract_report, load_department_table
from supervisor.extract.departments import DEFAULT_TABLE

REQUIRED = [
    "发展和改革",
    "工业和信息化",
    "科学技术",
    "财政",
    "人力资源和社会保障",
    "自然资源",
    "生态环境",
    "住房和城乡建设",
    "交通运输",
    "水务",
    "农业农村",
    "商务",
    "文化旅游",
    "卫生健康",
    "应急管理",
    "市场监督管理",
    "教育",
    "民政",
    "公安",
    "扶贫",
    "审批服务",
    "投资促进",
]


def test_default_table_covers_the_departments_after_the_2019_reform() -> None:
    table = load_department_table()
    names = [d.name for d in table.departments]
    for part in REQUIRED:
        assert any(part in name for name in names), part
    kinds = {d.kind for d in table.departments}
    assert {DepartmentKind.MUNICIPAL, DepartmentKind.COUNTY, DepartmentKind.PARK} <= kinds
    assert all(d.keywords for d in table.departments)


def test_default_table_names_no_particular_city() -> None:
    text = DEFAULT_TABLE.read_text(encoding="utf-8")
    assert "石嘴山" not in text
    assert "大武口" not in text


def test_lead_and_co_departments_with_the_keyword_as_reason() -> None:
    table = load_department_table()
    suggestions = table.suggest("新建高标准农田5万亩，配套建设灌区节水工程")
    assert suggestions[0].role == "lead"
    assert suggestions[0].name == "市农业农村局"
    assert suggestions[0].keyword == "高标准农田"
    co = {s.name: s.keyword for s in suggestions[1:]}
    assert co.get("市水务局") == "灌区"
    assert all(s.role == "co" for s in suggestions[1:])


def test_city_table_adds_counties(tmp_path: Path) -> None:
    city = tmp_path / "city.csv"
    city.write_text(
        "name,short_name,kind,keywords\n江北区人民政府,江北区,县区,江北区、江北\n",
        encoding="utf-8-sig",
    )
    table = load_department_table([DEFAULT_TABLE, city])
    assert table.suggest("推进江北区老旧小区改造")[0].name in {
        "江北区人民政府",
        "市住房和城乡建设局",
    }
    assert any(s.name == "江北区人民政府" for s in table.suggest("推进江北区老旧小区改造"))


def test_shipped_shizuishan_table_loads_on_top_of_the_default() -> None:
    table = load_department_table([DEFAULT_TABLE, DEFAULT_TABLE.parent / "shizuishan.csv"])
    assert table.suggest("加快平罗县全域旅游示范县建设")[0].name in {
        "平罗县人民政府",
        "市文化旅游广电局",
    }


def test_another_city_can_use_its_own_table_alone(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text(
        "name,short_name,kind,keywords\n县发展改革局,发改局,市直部门,项目|投资\n"
        "县教育体育局,教体局,市直部门,学校;幼儿园\n",
        encoding="utf-8",
    )
    table = load_department_table(own)
    report = extract_report(
        "2023年某县政府工作报告\n二、2023年工作安排\n（一）民生\n新建幼儿园3所。\n",
        departments=table,
    )
    item = report.tasks[-1]
    assert item.departments[0].name == "县教育体育局"
    assert item.departments[0].keyword == "幼儿园"


def test_every_task_gets_one_lead() -> None:
    report = extract_report(
        "2023年某市政府工作报告\n二、2023年工作安排\n（一）其他\n做好各项工作。\n"
    )
    for task in report.tasks:
        assert [d.role for d in task.departments].count("lead") == 1


@pytest.mark.parametrize(
    "content",
    ["name,short_name\n某局,某局\n", ""],
)
def test_bad_table_is_a_clear_error(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ExtractionError):
        load_department_table(bad)


def test_missing_table_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="找不到"):
        load_department_table(tmp_path / "none.csv")


@pytest.mark.parametrize(
    ("text", "not_lead"),
    [
        ("推动房地产市场平稳健康发展，稳定市场预期。", "市卫生健康委员会"),
        ("促进平台经济规范健康发展。", "市卫生健康委员会"),
        ("畅通群众诉求表达通道，及时就地解决合理诉求。", "市交通运输局"),
    ],
)
def test_words_inside_other_terms_suggest_nothing(text: str, not_lead: str) -> None:
    suggestions = load_department_table().suggest(text)
    assert not_lead not in [s.name for s in suggestions]


@pytest.mark.parametrize(
    ("text", "lead", "keyword"),
    [
        ("加大利用外资力度，稳住外资企业。", "市商务局", "利用外资"),
        ("完善生育支持政策，发展普惠托育服务。", "市卫生健康委员会", "生育"),
        ("提升基层医疗服务水平，建设紧密型医联体。", "市卫生健康委员会", "医联体"),
    ],
)
def test_suggestions_say_which_keyword(text: str, lead: str, keyword: str) -> None:
    suggestions = load_department_table().suggest(text)
    assert (suggestions[0].name, suggestions[0].role) == (lead, "lead")
    # The reason shown is the strongest keyword of that department in the text.
    assert suggestions[0].keyword == keyword


def test_an_office_table_with_chinese_headers_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "本单位.csv"
    path.write_text(
        "单位名称,别名,关键词\n某区教育体育局,区教体局、教体局,校园足球、课后服务\n",
        encoding="utf-8-sig",
    )
    table = load_department_table([DEFAULT_TABLE, path])
    office = next(d for d in table.departments if d.name == "某区教育体育局")
    assert office.short_name == "区教体局"
    assert {"校园足球", "课后服务", "教体局", "某区教育体育局"} <= set(office.keywords)
    (lead, *_) = table.suggest("由区教体局牵头，推进课后服务全覆盖。")
    assert lead.name == "某区教育体育局"


def test_an_office_table_as_a_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "单位关键词表.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["department", "aliases", "keywords"])
    sheet.append(["某县数据局", "县数据局", "数字政府、政务数据、一网通办"])
    sheet.append([None, None, None])
    workbook.save(path)
    table = load_department_table([DEFAULT_TABLE, path])
    (lead, *_) = table.suggest("加快数字政府建设，推动政务数据共享。")
    assert (lead.name, lead.keyword) == ("某县数据局", "数字政府")


def test_a_damaged_workbook_table_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "表.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ExtractionError, match="表"):
        load_department_table(path)


_PLAN = "二、2024年重点工作\n（一）稳就业。城镇新增就业1万人以上。\n（二）办教育。新建学校3所。\n"


@pytest.mark.parametrize(
    ("head", "lead"),
    [
        ("2024年某市政府工作报告\n", "市人力资源和社会保障局"),
        ("政府工作报告\n——2024年1月在某省人民代表大会上\n省长 某某\n", "省人力资源和社会保障厅"),
        ("2024年某省人民政府工作报告\n", "省人力资源和社会保障厅"),
        ("政府工作报告\n——2024年3月5日\n国务院总理 某某\n", "人力资源和社会保障部"),
    ],
)
def test_the_shipped_table_follows_the_reports_level(head: str, lead: str) -> None:
    report = extract_report(head + _PLAN)
    jobs = next(t for t in report.tasks if "城镇新增就业" in t.title)
    assert jobs.departments[0].name == lead


def test_level_tables_cover_ministries_and_provincial_departments() -> None:
    from supervisor.extract.departments import PROVINCE_TABLE, STATE_COUNCIL_TABLE

    national = {d.name for d in load_department_table(STATE_COUNCIL_TABLE).departments}
    assert {"国家发展和改革委员会", "教育部", "财政部", "外交部", "中国人民银行"} <= national
    province = [d.name for d in load_department_table(PROVINCE_TABLE).departments]
    assert all(name.startswith(("省", "各")) for name in province)
    assert {"省教育厅", "省财政厅", "省发展和改革委员会"} <= set(province)
