"""Whole names: a task keeps its full text; a long sentence's label ends at a phrase boundary."""

from __future__ import annotations

import pytest

from supervisor.extract import extract_report
from supervisor.extract.labels import short_label

_LONG_ITEM = (
    "深入实施创新驱动发展战略，支持规模以上工业企业建设研发机构，"
    "推动产学研深度融合，新增国家级高新技术企业30家，"
    "科技型中小企业评价入库数量达到200家以上，全社会研发经费投入强度提高到1.5%"
)


@pytest.mark.parametrize(
    ("text", "limit", "label"),
    [
        # Short enough: the sentence itself, without its full stop.
        ("新建幼儿园5所。", 80, "新建幼儿园5所"),
        # Long: the leading clauses that fit, ending at the last comma within the limit.
        (
            _LONG_ITEM,
            50,
            "深入实施创新驱动发展战略，支持规模以上工业企业建设研发机构，推动产学研深度融合",
        ),
        # A semicolon or an enumeration comma (、) is a boundary too.
        (
            "加快建设城市快速路、综合管廊、海绵城市和地下停车场等基础设施项目",
            20,
            "加快建设城市快速路、综合管廊",
        ),
        # A comma inside a document name or a quotation is no boundary.
        (
            "认真落实《关于促进中小企业健康发展的若干意见，进一步优化营商环境》各项要求，减轻企业负担",
            30,
            "认真落实《关于促进中小企业健康发展的若干意见，进一步优化营商环境》各项要求",
        ),
        # One long clause: kept whole rather than cut inside a word.
        (
            "全面推进城乡环境综合整治提升行动持续巩固国家卫生城市创建成果",
            12,
            "全面推进城乡环境综合整治提升行动持续巩固国家卫生城市创建成果",
        ),
        # Too short a first clause (大力推进，…): the longer cut after the limit wins.
        (
            "大力推进，" + "重点项目前期工作和要素保障" * 3 + "，确保早开工",
            10,
            "大力推进，" + "重点项目前期工作和要素保障" * 3,
        ),
    ],
)
def test_short_label_ends_at_a_phrase_boundary(text: str, limit: int, label: str) -> None:
    got = short_label(text, limit)
    assert got == label
    assert "…" not in got
    assert text.startswith(got)


def test_imported_tasks_keep_their_whole_text_and_labels_are_clauses() -> None:
    report = extract_report(
        "2023年江川市政府工作报告\n"
        "二、2023年重点工作\n"
        "（一）增强创新能力\n"
        f"强化科技支撑。{_LONG_ITEM}。一是完善人才引进政策，落实住房、子女入学、配偶就业、"
        "医疗保障、创业扶持、职称评定、项目申报、经费补助等一揽子支持措施，"
        "全年引进各类高层次人才和急需紧缺人才500名以上；二是建设人才公寓1000套。\n"
    )
    items = [t for t in report.tasks if "研发机构" in t.text or "人才" in t.text]
    assert items
    for task in report.tasks:
        assert "…" not in task.title
        # The label is the start of the task's own text (after an enumeration marker).
        assert task.title in task.text
        boundary = task.text[task.text.index(task.title) + len(task.title) :][:1]
        assert boundary in {"", "，", "；", "。", "、", "：", "！", "？"}
    whole = next(t for t in report.tasks if t.text.startswith("深入实施"))
    assert whole.text.rstrip("。") == _LONG_ITEM
    assert whole.title == (
        "深入实施创新驱动发展战略，支持规模以上工业企业建设研发机构，推动产学研深度融合，"
        "新增国家级高新技术企业30家，科技型中小企业评价入库数量达到200家以上"
    )
    talent = next(t for t in report.tasks if t.text.startswith("一是完善人才引进政策"))
    assert talent.title == (
        "完善人才引进政策，落实住房、子女入学、配偶就业、医疗保障、"
        "创业扶持、职称评定、项目申报、经费补助等一揽子支持措施"
    )
    assert "500名以上" in talent.text
