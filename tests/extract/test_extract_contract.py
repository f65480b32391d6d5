"""The JSON contract of DESIGN.md and the outline text, checked on the seed report."""

from __future__ import annotations

import json

import pytest
from extract_corpus import SEED

from supervisor.extract import (
    ExtractedReport,
    extract_report,
    format_outline,
    to_contract_dict,
)


@pytest.fixture(scope="module")
def seed() -> ExtractedReport:
    return extract_report(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def contract(seed: ExtractedReport) -> dict:
    return json.loads(json.dumps(to_contract_dict(seed), ensure_ascii=False))


def _task(contract: dict, code: str) -> dict:
    return next(t for t in contract["tasks"] if t["code"] == code)


def _indicators(contract: dict) -> list[dict]:
    return [i for t in contract["tasks"] for i in t["indicators"]]


def test_top_level_keys(contract: dict) -> None:
    assert set(contract) == {"title", "year", "tasks"}
    assert contract["title"] == "2020年石嘴山市政府工作报告"
    assert contract["year"] == 2020


def test_task_and_indicator_keys(contract: dict) -> None:
    for task in contract["tasks"]:
        assert set(task) == {
            "code",
            "parent",
            "title",
            "text",
            "deadline",
            "departments",
            "indicators",
            "kind",
        }
        assert task["kind"] in {"考核", "常态化"}
        assert isinstance(task["departments"], list)
        assert task["departments"]
        assert all(isinstance(name, str) for name in task["departments"])
        for indicator in task["indicators"]:
            required = {"name", "value", "value_max", "unit", "comparator", "text"}
            assert required <= set(indicator) <= required | {"baseline", "lead"}
            assert indicator["comparator"] in {"=", ">=", "<=", "~", "range"}


def test_design_example_task(contract: dict) -> None:
    task = _task(contract, "2.1.1")
    assert task["parent"] == "2.1"
    assert task["title"] == "大力推动工业提质增效"
    assert task["deadline"] == "2020-12-31"
    assert task["departments"][0] == "市工业和信息化局"
    leaf = _task(contract, "2.1.1.1")
    assert leaf["parent"] == "2.1.1"
    assert {
        "name": "两化融合项目",
        "value": 40,
        "value_max": None,
        "unit": "个",
        "comparator": "=",
        "text": "实施40个两化融合项目",
    } in leaf["indicators"]


def test_parents_exist_and_come_first(contract: dict) -> None:
    seen: set[str] = set()
    for task in contract["tasks"]:
        assert task["parent"] is None or task["parent"] in seen
        seen.add(task["code"])
    assert len(seen) == len(contract["tasks"])


def test_main_targets(contract: dict) -> None:
    targets = _task(contract, "2.0")["indicators"]
    assert targets[0] == {
        "name": "地区生产总值",
        "value": 6.5,
        "value_max": 7,
        "unit": "%",
        "comparator": "range",
        "text": "地区生产总值增长6.5%—7%",
    }
    assert ("固定资产投资", 0, "%") in [(i["name"], i["value"], i["unit"]) for i in targets]
    incomes = [(i["name"], i["value"]) for i in targets if "可支配收入" in i["name"]]
    assert incomes == [("城镇居民人均可支配收入", 7.5), ("农村居民人均可支配收入", 8)]


@pytest.mark.parametrize(
    ("value", "unit", "name_part", "comparator"),
    [
        (102, "个", "重点项目", "="),
        (128, "亿元", "投资", "="),
        (1, "万人", "城镇新增就业", ">="),
        (158, "户", "贫困人口", "="),
        (735, "名", "贫困人口", "="),
        (40, "个", "两化融合项目", "="),
    ],
)
def test_design_examples(
    contract: dict, value: float, unit: str, name_part: str, comparator: str
) -> None:
    assert any(
        i["value"] == value
        and i["unit"] == unit
        and name_part in i["name"]
        and i["comparator"] == comparator
        for i in _indicators(contract)
    )


def test_review_section_is_context_only(contract: dict) -> None:
    assert all(not t["code"].startswith("1") for t in contract["tasks"])
    assert all(i["value"] != 2076 for i in _indicators(contract))


def test_names_and_ordinals_are_not_targets(contract: dict) -> None:
    texts = [i["text"] for i in _indicators(contract)]
    assert not any(
        marker in text
        for text in texts
        for marker in ("第七届", "12345", "1+16", "七五", "60周年", "十四五")
    )


def test_outline_lists_every_task_with_departments_and_deadline(seed: ExtractedReport) -> None:
    outline = format_outline(seed)
    assert outline.splitlines()[0] == "2020年石嘴山市政府工作报告（2020年）"
    assert "2.1.1 大力推动工业提质增效  [牵头：市工业和信息化局" in outline
    assert "· 地区生产总值 6.5—7%" in outline
    assert "· 城镇新增就业 ≥1万人" in outline
    assert sum(1 for line in outline.splitlines() if "时限：" in line) == len(seed.tasks)


def test_baseline_is_in_the_contract_only_when_the_text_gives_one() -> None:
    from supervisor.extract import extract_report, format_outline, to_contract_dict

    report = extract_report(
        "2023年某县政府工作报告\n二、2023年重点工作\n（一）民生\n"
        "农村集中供水率从88%提高到92%。新建乡镇卫生院3所。\n"
    )
    indicators = [i for t in to_contract_dict(report)["tasks"] for i in t["indicators"]]
    assert [(i["name"], i["value"], i.get("baseline")) for i in indicators] == [
        ("农村集中供水率", 92, 88),
        ("乡镇卫生院", 3, None),
    ]
    assert "baseline" not in indicators[1]
    assert "农村集中供水率 从88%到92%" in format_outline(report)


def test_outline_says_why_each_department_was_suggested() -> None:
    from supervisor.extract import extract_report, format_outline

    report = extract_report(
        "2023年某县政府工作报告\n二、2023年重点工作\n（一）民生\n新建高标准农田2万亩。\n"
    )
    assert "[牵头：市农业农村局〔高标准农田〕" in format_outline(report)


def test_a_target_whose_name_points_elsewhere_carries_its_own_lead(contract: dict) -> None:
    targets = _task(contract, "2.0")
    by_name = {i["name"]: i for i in targets["indicators"]}
    # The main targets are led by 发改; the retail sales figure is 商务's, the budget 财政's.
    assert targets["departments"][0] == "市发展和改革委员会"
    assert by_name["社会消费品零售总额"]["lead"] == "市商务局"
    assert by_name["地方一般公共预算收入"]["lead"] == "市财政局"
    assert "lead" not in by_name["地区生产总值"]
