"""常态化 proposals: a principle without a deliverable, never a sentence with something to do."""

from __future__ import annotations

import json

import pytest

from supervisor.domain import TaskKind
from supervisor.extract import extract_report, to_contract_dict
from supervisor.extract.pipeline import propose_kind


@pytest.mark.parametrize(
    "sentence",
    [
        "坚持以人民为中心的发展思想，始终把群众利益放在首位。",
        "坚决做到“两个维护”，始终在思想上政治上行动上同党中央保持高度一致。",
        "树牢“四个意识”，坚定“四个自信”。",
        "严格依照宪法法律行使职权、履行职责。",
        "认真贯彻上级决策部署，确保政令畅通、执行有力。",
        "自觉运用党的创新理论武装头脑、指导实践、推动工作。",
    ],
)
def test_principles_are_proposed_routine(sentence: str) -> None:
    assert propose_kind(sentence, 2023) is TaskKind.ROUTINE


@pytest.mark.parametrize(
    "sentence",
    [
        # A stance with a number, a date, or something built, issued or held.
        "坚持项目为王，全年新开工亿元以上项目50个。",
        "坚持问题导向，6月底前出台优化营商环境实施方案。",
        "坚决抓好环保督察反馈问题整改。",
        "始终把安全放在首位，排查整治各类隐患。",
        "坚持和发展新时代“枫桥经验”，健全矛盾纠纷多元化解机制。",
        "坚持就业优先，城镇新增就业1.2万人。",
        # No stance at all: a plain commitment.
        "推进城乡融合发展。",
        "加快老旧小区改造。",
    ],
)
def test_deliverables_stay_assessed(sentence: str) -> None:
    assert propose_kind(sentence, 2023) is TaskKind.ASSESSED


def test_the_contract_carries_the_proposed_kind() -> None:
    report = extract_report(
        "2023年江川市政府工作报告\n"
        "二、2023年重点工作\n"
        "（一）加强政府自身建设\n"
        "强化政治建设。坚决做到“两个维护”，始终同党中央保持高度一致。"
        "全年新建公共服务项目12个。\n"
    )
    tasks = {task["text"]: task for task in to_contract_dict(report)["tasks"]}
    principle = next(t for text, t in tasks.items() if text.startswith("坚决做到"))
    deliverable = next(t for text, t in tasks.items() if text.startswith("全年新建"))
    assert (principle["kind"], deliverable["kind"]) == ("常态化", "考核")
    # Structure (sections, headings with children) is never proposed.
    assert all(t["kind"] == "考核" for t in tasks.values() if t["code"].count(".") < 2)
    json.dumps(to_contract_dict(report), ensure_ascii=False)  # stays JSON-ready
