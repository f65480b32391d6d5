"""Report text → ExtractedReport: outline, codes, indicators, deadlines and departments."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from supervisor.domain import TaskKind as AssessmentKind
from supervisor.extract.deadlines import default_deadline, find_deadline
from supervisor.extract.departments import (
    DepartmentTable,
    load_department_table,
    table_for_report,
)
from supervisor.extract.indicators import extract_indicators
from supervisor.extract.model import (
    DepartmentSuggestion,
    ExtractedIndicator,
    ExtractedReport,
    ExtractedTask,
    ExtractionError,
    TaskKind,
)
from supervisor.extract.outline import OutlineNode, build_outline
from supervisor.extract.segment import unescape_entities

# Longest government work reports run to ~60,000 characters; 5 million is far beyond any real
# report and still extracts in seconds, so anything larger is refused rather than ground through.
MAX_CHARS = 5_000_000
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_SAMPLE = 100_000


def extract_report(
    text: str, departments: DepartmentTable | None = None, *, year: int | None = None
) -> ExtractedReport:
    """Turn the text of a government work report into the plan year's task tree.

    Args:
        text: The report as text (see ``supervisor.extract.source`` for reading files).
        departments: Keyword table for suggested departments; ``None`` uses the shipped one
            for the report's level (city, province or State Council).
        year: The plan year when the text names none (a copied page that says only 今年);
            a year the text names is always the one taken.

    Returns:
        Title, plan year and tasks in pre-order (each parent before its children).

    Raises:
        NoPlanYearError: The text names no year and ``year`` is not given.
        ExtractionError: Empty, binary or oversized text, or no recognisable plan.
    """
    _check_text(text)
    outline = build_outline(unescape_entities(text), year)
    table = departments if departments is not None else _level_table(text[:_HEAD_CHARS])
    tasks: list[ExtractedTask] = []
    for section in outline.sections:
        _emit(section, str(section.number), None, 1, outline.year, table, (), (), tasks)
    return ExtractedReport(title=outline.title, year=outline.year, tasks=_without_restated(tasks))


def _without_restated(tasks: list[ExtractedTask]) -> tuple[ExtractedTask, ...]:
    """A later task repeating a target already set (a list of 民生实事 restating the plan's
    城镇新增就业18万人) tracks it twice: the first task keeps it."""
    seen: list[ExtractedIndicator] = []
    kept = []
    for task in tasks:
        own = [i for i in task.indicators if not any(_restates(i, s) for s in seen)]
        seen.extend(task.indicators)
        kept.append(
            task if len(own) == len(task.indicators) else replace(task, indicators=tuple(own))
        )
    return tuple(kept)


def _restates(later: ExtractedIndicator, earlier: ExtractedIndicator) -> bool:
    same = (later.value, later.value_max, later.unit) == (
        earlier.value,
        earlier.value_max,
        earlier.unit,
    )
    shorter = min(later.name, earlier.name, key=len)
    return (
        same
        and not _MEASURE_ALONE.match(shorter)
        and (later.name in earlier.name or earlier.name in later.name)
    )


# 完成投资50亿元 in two areas: a measure without its subject is not the same target twice.
_MEASURE_ALONE = re.compile(
    r"^(?:完成|实现|累计|全年|年度)?(?:总投资|投资|投资额|产值|增加值|面积|规模|收入|里程|总量)$"
)


# The title, date line and speaker come first; 400 characters hold them in any report.
_HEAD_CHARS = 400


def _level_table(head: str) -> DepartmentTable:
    # Blank lines between title, date line, speaker and opening do not count as lines.
    first_lines = "\n".join([line for line in head.splitlines() if line.strip()][:6])
    return _shipped_table(str(table_for_report(first_lines)))


@functools.cache
def _shipped_table(path: str) -> DepartmentTable:
    return load_department_table(path)


def _check_text(text: str) -> None:
    if not text or not text.strip():
        raise ExtractionError("报告内容为空，无法提取任务。")
    if len(text) > MAX_CHARS:
        raise ExtractionError(
            f"报告过长（{len(text):,} 个字符，上限 {MAX_CHARS:,}），请确认选择的是政府工作报告。"
        )
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ExtractionError("文件内容不是文本（可能是二进制文件或编码错误），无法提取任务。")
    if not _CJK.search(sample):
        raise ExtractionError("未识别到中文内容，无法提取任务。")


def _emit(
    node: OutlineNode,
    code: str,
    parent: str | None,
    level: int,
    year: int,
    table: DepartmentTable,
    context: tuple[str, ...],
    inherited: tuple[DepartmentSuggestion, ...],
    out: list[ExtractedTask],
) -> None:
    own_text = node.title if node.kind == TaskKind.SECTION else node.title + "\n" + node.text
    departments = table.suggest(own_text, context) or _inherit(inherited, table)
    deadline_text = node.text if node.kind == TaskKind.ITEM else node.title
    deadline = find_deadline(deadline_text, year) or default_deadline(year)
    indicators = extract_indicators(node.indicator_text) if node.indicator_text else []
    inherited_by_children = departments
    if indicators and departments:
        indicators = [_own_lead(i, table, departments[0].name) for i in indicators]
        departments = _with_target_leads(departments, indicators)
    task_kind = AssessmentKind.ASSESSED
    if not node.children and node.kind in _PROPOSABLE and not indicators:
        task_kind = propose_kind(node.text, year)
    out.append(
        ExtractedTask(
            code=code,
            parent=parent,
            title=node.title,
            text=node.text,
            deadline=deadline,
            departments=departments,
            indicators=tuple(indicators),
            level=level,
            kind=node.kind,
            task_kind=task_kind,
        )
    )
    child_context = (node.title, *context)
    ordinal = 0
    for child in node.children:
        if child.kind == TaskKind.TARGETS:
            child_code = f"{code}.0"
        else:
            ordinal += 1
            child_code = f"{code}.{ordinal}"
        _emit(
            child,
            child_code,
            code,
            level + 1,
            year,
            table,
            child_context,
            inherited_by_children,
            out,
        )


# Only a leaf commitment can be a principle; sections, targets and parents are structure.
_PROPOSABLE = frozenset({TaskKind.ITEM, TaskKind.LEAD, TaskKind.HEADING})
# Verbs of stance and principle: 坚持…, 坚决做到…, 树牢…意识, 自觉接受…, 认真贯彻…部署.
_PRINCIPLE = re.compile(
    r"坚持|坚决|坚定|始终|牢固树立|树牢|自觉|严格依照|严格遵守|恪守|弘扬|践行|贯彻|"
    r"巩固深化|不断增强|切实增强|增强\S{0,4}意识|保持\S{0,20}一致|确保政令畅通|武装头脑"
)
# Words of a deliverable: something built, issued, held, set up, fixed or counted.
_DELIVERABLE = re.compile(
    r"建设|建成|新建|改造|扩建|完成|实施|出台|制定|编制|修订|开工|竣工|投产|投运|引进|举办|"
    r"创建|打造|设立|成立|启动|整治|整改|治理|培育|新增|办好|推行|推广|建立|健全|完善|开展|"
    r"组织|召开|评选|销号|清零|覆盖|提高到|增长|下降|减少|压减|化解|处置|消除|验收|申报|"
    r"签约|落地|上线|开通|通车|搬迁|安置|发放|培训|排查|试点|示范|项目|工程|平台|"
    r"方案|办法|条例|规划|清单|改革"
)
# Text in quotes or book-title marks names something (“两个维护”, 《…》): not a number.
_QUOTED = re.compile(r"“[^”]{0,40}”|《[^》]{0,60}》|「[^」]{0,40}」|\"[^\"]{0,40}\"")
_DIGIT = re.compile(r"\d")


def propose_kind(text: str, year: int) -> AssessmentKind:
    """常态化 for a principle or attitude without a deliverable, else 考核.

    A proposal, confirmed or changed by the user on import: the text states a stance
    (坚持…, 坚决做到…, 树牢…, 自觉…, 认真贯彻…) and names nothing to deliver (no object
    built, issued or held, no number outside quotes, no date).
    """
    if not _PRINCIPLE.search(text) or _DELIVERABLE.search(text):
        return AssessmentKind.ASSESSED
    if _DIGIT.search(_QUOTED.sub("", text)) or find_deadline(text, year) is not None:
        return AssessmentKind.ASSESSED
    return AssessmentKind.ROUTINE


def _own_lead(
    indicator: ExtractedIndicator, table: DepartmentTable, task_lead: str
) -> ExtractedIndicator:
    """The target with the lead its own name points to, when that is not its task's lead.

    A task with several targets (the main targets, a paragraph of works) is led by one
    department, but a clerk splitting its targets gives each the department its name belongs
    to: 社会消费品零售总额 to 商务, 城镇新增就业 to 人社.
    """
    own = table.suggest(indicator.name)
    if not own or own[0].name == task_lead:
        return indicator
    return replace(indicator, lead=own[0])


def _with_target_leads(
    departments: tuple[DepartmentSuggestion, ...], indicators: list[ExtractedIndicator]
) -> tuple[DepartmentSuggestion, ...]:
    """The task's suggestions, then the departments its own targets point to, as 配合 units.

    The clerk assigns the task to one lead; the units whose targets it holds (商务 for
    社会消费品零售总额 among the main targets) are proposed to work with it, so that the
    fill-in workbook reaches them and the per-target lead is not lost at import.
    """
    named = {d.name for d in departments}
    extra = []
    for indicator in indicators:
        if indicator.lead is not None and indicator.lead.name not in named:
            named.add(indicator.lead.name)
            extra.append(DepartmentSuggestion(indicator.lead.name, "co", indicator.lead.keyword))
    return (*departments, *extra)


def _inherit(
    inherited: tuple[DepartmentSuggestion, ...], table: DepartmentTable
) -> tuple[DepartmentSuggestion, ...]:
    if inherited:
        return inherited
    fallback = table.fallback()
    return (fallback,) if fallback else ()
