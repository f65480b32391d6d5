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
