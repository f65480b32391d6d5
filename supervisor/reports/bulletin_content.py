"""What a 督查通报 and a unit's 通报 say: their blocks, from the data, for any output format."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.bulletin_indicators import (
    indicator_behind,
    indicator_items,
    indicator_table,
    pct,
)
from supervisor.reports.bulletin_model import (
    Annex,
    AnnexNote,
    Colophon,
    Document,
    Figure,
    Masthead,
    Paragraph,
    Role,
    Signature,
    Table,
    TableCell,
    Title,
    chinese_date,
    title_phrases,
)
from supervisor.reports.data import BulletinData, DepartmentScore, TaskRow

# The body names this many lagging tasks (grouped by lead unit); annex 1 lists them all.
MAX_NAMED_TASKS = 30
# A ranking longer than twice this (plus two) shows its first and last this many units in the
# body; the annex holds all of them.
RANKING_ENDS = 3
# 主要指标 in the body: at most this many indicators behind 序时; annex 4 lists every one.
MAX_NAMED_INDICATORS = 3

# What 总体情况 calls each status, in the order a reader expects.
STATUS_PHRASES: dict[TaskStatus, str] = {
    TaskStatus.DONE: "已完成",
    TaskStatus.AHEAD: "超序时进度",
    TaskStatus.ON_TRACK: "达到序时进度",
    TaskStatus.DUE_SOON: "临近完成时限",
    TaskStatus.BEHIND: "欠序时进度",
    TaskStatus.OVERDUE: "逾期未完成",
    TaskStatus.NOT_REPORTED: "未报送进展",
}
# Tasks at or ahead of 序时: annex 3 holds these (a 临期 task that is behind is lagging).
ON_SCHEDULE = frozenset(
    {TaskStatus.DONE, TaskStatus.AHEAD, TaskStatus.ON_TRACK, TaskStatus.DUE_SOON}
)
_NUMERALS = "一二三四五六七八九十"

# 下步工作要求 when the office has written none: an editable setting holds this text.
DEFAULT_REQUIREMENTS = (
    "一是压实工作责任。各牵头单位要对照任务清单和序时进度，逐项细化措施，确保按期完成。\n"
    "二是加快滞后任务推进。对本期通报的滞后任务，牵头单位要分析原因、限期赶上序时进度。\n"
    "三是按时报送进展。各单位要如实报送进展、问题和下步打算，督查结果纳入年度考核。"
)


def is_lagging(task: TaskRow) -> bool:
    """滞后: 欠序时, 逾期, or 临期 while behind 序时 (derived once by services.status)."""
    return task.lagging


def numeral(index: int) -> str:
    """一, 二 … 十, 十一 … for headings."""
    if index <= 10:
        return _NUMERALS[index - 1]
    tens, ones = divmod(index, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


# A short name ends at the first clause that says enough (at least this many characters).
_MIN_CLAUSE = 8
_CLAUSE_END = re.compile(r"[，；。：、]")


def task_name(task: TaskRow) -> str:
    """The task's short name for a table of the body: its label's first clause, cut only at a
    punctuation mark (a phrase boundary), never inside a word and never with "…"."""
    name = task.title.strip() or task.text.strip()
    for match in _CLAUSE_END.finditer(name):
        if match.start() >= _MIN_CLAUSE:
            return name[: match.start()]
    return name.rstrip("。；，")


def task_text(task: TaskRow) -> str:
    """The task's whole text, said once (never "title：text" repeating the title)."""
    return task.display_text


def _join(names: Iterable[str]) -> str:
    return "、".join(n for n in names if n)


def _plan_tasks(plan_title: str) -> str:
    """Return "<plan>重点任务" without doubling a title that already ends in 任务."""
    plan = plan_title.strip()
    return plan if plan.endswith("任务") else f"{plan}重点任务"


def bulletin_title(data: BulletinData) -> str:
    """The bulletin's title."""
    return f"关于{_plan_tasks(data.header.plan_title)}推进情况的通报"


def department_title(department: str) -> str:
    """A unit's report's title."""
    return f"关于{department}重点任务推进情况的通报"


def issue_date(data: BulletinData):
    """成文日期: the issue date when set, else the data cut-off."""
    return data.parts.issue_date or data.header.as_of


@dataclass(frozen=True, slots=True)
class AnnexSpec:
    """An annex: its title and the table it holds (or what it says when empty)."""

    title: str
    table: Table | None
    empty: str


class _Writer:
    """Appends blocks, numbering headings as it goes."""

    def __init__(self, title: str) -> None:
        self.document = Document(title)
        self.section = 0

    def add(self, block: object) -> None:
        self.document.blocks.append(block)  # type: ignore[arg-type]

    def body(self, text: str) -> None:
        self.add(Paragraph(Role.BODY, text))

    def heading(self, text: str) -> None:
        self.section += 1
        self.add(Paragraph(Role.HEADING, f"{numeral(self.section)}、{text}"))

    def subheading(self, index: int, text: str) -> None:
        self.add(Paragraph(Role.SUBHEADING, f"（{numeral(index)}）{text}"))


def _opening(writer: _Writer, data: BulletinData, title: str) -> None:
    header = data.header
    parts = data.parts
    issue = f"{header.plan_year}年第{header.issue_number}期" if header.issue_number else ""
    writer.add(Masthead(parts.masthead, issue, header.office_name, issue_date(data)))
    writer.add(Title(title_phrases(title)))
    writer.add(
        Paragraph(Role.SUBTITLE, f"（{header.period_label}，数据截至{chinese_date(header.as_of)}）")
    )
    if parts.recipients.strip():
        writer.add(Paragraph(Role.RECIPIENT, parts.recipients.strip()))


def _status_sentence(data: BulletinData) -> str:
    given = {sc.status: sc for sc in data.status_counts}
    return "；".join(
        f"{phrase}{given[s].count}项、占比{given[s].share * 100:.1f}%"
        for s, phrase in STATUS_PHRASES.items()
        if s in given and given[s].count
    )


def _lag_note(task: TaskRow, common_time: float | None) -> str:
    """What makes a task lagging, briefly: overdue, due soon, or how far it is behind."""
    parts = []
    if task.status is TaskStatus.OVERDUE:
        parts.append("逾期")
    elif task.status is TaskStatus.DUE_SOON and task.deadline is not None:
        parts.append(f"{task.deadline.month}月{task.deadline.day}日到期")
    if task.status is TaskStatus.NOT_REPORTED:
        parts.append("未报送")
    else:
        done = f"完成{pct(task.percent_done)}"
        if task.time_progress != common_time:
            done += f"、序时{pct(task.time_progress)}"
        parts.append(done)
    if task.urging_count:
        parts.append(f"已催办{task.urging_count}次")
    return "，".join(parts)


def _common_time(tasks: Sequence[TaskRow]) -> float | None:
    """The 序时进度 most of the tasks share (tasks due at the year's end), if most share one."""
    counts = Counter(t.time_progress for t in tasks if t.time_progress is not None)
    if not counts:
        return None
    value, count = counts.most_common(1)[0]
    return value if count * 2 > len(tasks) else None


def _lagging_by_unit(writer: _Writer, tasks: Sequence[TaskRow], annex: int) -> None:
    """Lagging tasks grouped by lead unit, one row a unit with its tasks in one cell (most
    lagging units first): a unit with five tasks takes a few lines, not five rows."""
    groups: dict[str, list[TaskRow]] = defaultdict(list)
    for task in tasks:
        groups[task.lead_department or "未明确牵头单位"].append(task)
    common = _common_time(tasks)
    rows = []
    named = 0
    for unit, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        shown = items[: max(0, MAX_NAMED_TASKS - named)]
        if not shown:
            break
        named += len(shown)
        listed = "；".join(
            f"{index}.{task_name(task)}（{_lag_note_short(task, common)}）"
            for index, task in enumerate(shown, start=1)
        )
        overdue = any(t.status is TaskStatus.OVERDUE for t in shown)
        fill = STATUS_COLOURS[TaskStatus.OVERDUE if overdue else TaskStatus.BEHIND]
        rows.append(
            (
                TableCell(unit, "left"),
                TableCell(str(len(items)), "center", fill),
                TableCell(listed, "justify"),
            )
        )
    listed_header = "滞后任务（完成进度，状态）"
    if common is not None:
        # Said once in the header rather than after every task.
        listed_header = f"滞后任务（完成进度，状态；未注明的序时进度均为{pct(common)}）"
    writer.add(Table(("牵头单位", "项数", listed_header), tuple(rows), compact=True))
    if len(tasks) > named:
        writer.body(f"其余{len(tasks) - named}项详见附件{annex}。")


def _lag_note_short(task: TaskRow, common_time: float | None) -> str:
    """Done (and 序时 when not the common one), status, a due date when 临期, the 预警 light
    and urgings, for one entry of the grouped list."""
    label = pct(task.percent_done)
    if task.time_progress != common_time:
        label += f"，序时{pct(task.time_progress)}"
    label += f"，{task.status_text}"
    if task.status is TaskStatus.DUE_SOON and task.deadline is not None:
        label += f"，{task.deadline.month}月{task.deadline.day}日到期"
    if task.warning is not None:
        label += f"，{task.warning.value}"
    if task.urging_count:
        label += f"，催办{task.urging_count}次"
    return label


def _indicators_section(writer: _Writer, data: BulletinData, annex: int) -> None:
    items = indicator_items(data.tasks)
    writer.heading("主要指标完成情况")
    if not items:
        writer.body("本计划暂无量化指标。")
        return
    reported = [(t, i) for t, i in items if i.actual is not None]
    behind = [(t, i) for t, i in reported if indicator_behind(i, t.time_progress)]
    writer.body(
        f"纳入督查的量化指标共{len(items)}项，已填报实际值{len(reported)}项，"
        f"其中{len(behind)}项低于序时应达值（详见附件{annex}）。"
    )
    if behind:
        # The sentence above already points to the annex for the rest.
        writer.add(indicator_table(behind[:MAX_NAMED_INDICATORS]))


def _area_table(data: BulletinData) -> Table:
    statuses = list(STATUS_PHRASES)
    rows = []
    totals: Counter[TaskStatus] = Counter()
    for area in data.areas:
        cells = [TableCell(area.area, "left"), TableCell(str(area.total), "center")]
        for status in statuses:
            count = area.counts.get(status, 0)
            totals[status] += count
            fill = STATUS_COLOURS[status] if count and status not in ON_SCHEDULE else None
            cells.append(TableCell(str(count), "center", fill))
        rows.append(tuple(cells))
    if len(data.areas) > 1:
        rows.append(
            (
                TableCell("合计", "center"),
                TableCell(str(sum(a.total for a in data.areas)), "center"),
                *(TableCell(str(totals[s]), "center") for s in statuses),
            )
        )
    return Table(("领域", "任务数", *(s.value for s in statuses)), tuple(rows), compact=True)


def _cell(value: int, colour: str | None = None) -> TableCell:
    return TableCell(str(value), "center", colour if value else None)


def _ranking_table(departments: Sequence[DepartmentScore], *, annex: int | None = None) -> Table:
    """The ranking with every figure its score comes from: tasks, statuses, 督办单.

    With ``annex``, a long ranking shows only its first and last RANKING_ENDS units and a row
    pointing to the annex that holds all of them; otherwise every ranked unit.
    """
    rows = []
    ranked = sorted((d for d in departments if d.rank is not None), key=lambda d: d.rank or 0)
    cut = annex is not None and len(ranked) > 2 * RANKING_ENDS + 2
    for index, d in enumerate(ranked):
        if cut and RANKING_ENDS <= index < len(ranked) - RANKING_ENDS:
            if index == RANKING_ENDS:
                # A count, not "第4至26名": tied units share a rank.
                hidden = len(ranked) - 2 * RANKING_ENDS
                rows.append(
                    (
                        TableCell("…", "center"),
                        TableCell(f"其余{hidden}个单位见附件{annex}", "left"),
                        *(TableCell("…", "center") for _ in range(7)),
                    )
                )
            continue
        rows.append(
            (
                TableCell(str(d.rank), "center"),
                TableCell(d.department, "left"),
                TableCell(f"{d.lead_tasks}/{d.co_tasks}", "center"),
                _cell(d.done),
                _cell(d.behind, STATUS_COLOURS[TaskStatus.BEHIND]),
                _cell(d.overdue, STATUS_COLOURS[TaskStatus.OVERDUE]),
                _cell(d.not_reported, STATUS_COLOURS[TaskStatus.NOT_REPORTED]),
                TableCell(f"{d.blue_cards}/{d.yellow_cards}/{d.red_cards}", "center"),
                TableCell(f"{d.score:.1f}", "center"),
            )
        )
    header = (
        "排名",
        "单位",
        "牵头/配合",
        "已完成",
        "欠序时",
        "逾期",
        "未报送",
        "蓝/黄/红单",
        "得分",
    )
    return Table(header, tuple(rows), compact=True)


def _scoring_sentence(departments: Sequence[DepartmentScore]) -> str:
    scoring = next((d.scoring for d in departments), "average")
    if scoring == "sum":
        return "得分＝基础分＋各任务及督办单加减分之和。"
    return "得分＝基础分＋各任务及督办单加减分之和÷加权任务数（配合任务按权重折算）。"


def _status_label(task: TaskRow) -> str:
    label = task.status_text
    if task.warning is not None:
        label += f"\n{task.warning.value}"
    if task.urging_count:
        label += f"\n催办{task.urging_count}次"
    return label


def task_table(tasks: Sequence[TaskRow], *, with_problems: bool) -> Table:
    """An annex task table: 序号, the whole task, lead unit, 序时, 完成, status, progress."""
    rows = []
    for index, task in enumerate(tasks, start=1):
        progress = task.progress_text.strip()
        if with_problems and task.problems.strip():
            progress = f"{progress}\n存在问题：{task.problems.strip()}".strip()
        fill = STATUS_COLOURS.get(task.status) if task.status is not None else None
        rows.append(
            (
                TableCell(str(index), "center"),
                TableCell(task_text(task), "justify"),
                TableCell(task.lead_department or "—", "center"),
                TableCell(pct(task.time_progress), "center"),
                TableCell(pct(task.percent_done), "center"),
                TableCell(_status_label(task), "center", fill),
                TableCell(progress or "—", "justify" if progress else "center"),
            )
        )
    last = "进展情况及存在问题" if with_problems else "进展情况"
    header = ("序号", "重点任务", "牵头单位", "序时进度", "完成进度", "状态", last)
    return Table(header, tuple(rows))


def _requirements(writer: _Writer, text: str) -> None:
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line[0] in _NUMERALS and "、" in line[:4]:
            writer.add(Paragraph(Role.HEADING, line))
        elif line.startswith("（") and "）" in line[:5]:
            writer.add(Paragraph(Role.SUBHEADING, line))
        else:
            writer.body(line)


def _closing(writer: _Writer, data: BulletinData, annexes: Sequence[AnnexSpec]) -> None:
    """下步工作要求, 附件说明, signature, annexes (landscape) and the 版记."""
    writer.heading("下步工作要求")
    _requirements(writer, data.requirements.strip() or DEFAULT_REQUIREMENTS)
    writer.add(AnnexNote(tuple(a.title for a in annexes)))
    day = issue_date(data)
    writer.add(Signature(data.header.office_name, day))
    for number_, annex in enumerate(annexes, start=1):
        writer.add(Annex(number_, annex.title))
        if annex.table is None or not annex.table.rows:
            writer.body(annex.empty)
        else:
            writer.add(annex.table)
    parts = data.parts
    writer.add(
        Colophon(parts.copy_to.strip(), parts.printer.strip() or data.header.office_name, day)
    )


def bulletin_document(data: BulletinData) -> Document:
    """The blocks of the plan's 督查通报."""
    header = data.header
    writer = _Writer(bulletin_title(data))
    # 常态化 tasks (status None) are principles, not deliverables: not in counts or lists.
    tasks = [t for t in data.tasks if t.status is not None]
    lagging = [t for t in tasks if is_lagging(t)]
    not_reported = [t for t in tasks if t.status is TaskStatus.NOT_REPORTED and not is_lagging(t)]
    on_schedule = [t for t in tasks if t.status in ON_SCHEDULE and not is_lagging(t)]
    total = sum(sc.count for sc in data.status_counts) or len(tasks)

    _opening(writer, data, bulletin_title(data))
    writer.body(
        f"为推动{_plan_tasks(header.plan_title)}落地见效，{header.office_name}对"
        f"{header.period_label}各项任务推进情况进行了督查。现将有关情况通报如下："
    )
    writer.heading("总体情况")
    if total == 0:
        writer.body("截至目前，本计划尚无纳入督查的重点任务。")
    else:
        sentence = _status_sentence(data)
        writer.body(
            f"截至{chinese_date(header.as_of)}，{_plan_tasks(header.plan_title)}共{total}项。"
            + (f"其中，{sentence}。" if sentence else "")
            + (f"滞后任务{len(lagging)}项。" if lagging else "")
        )
    writer.add(Figure("areas", "图1  各领域任务推进状态"))
    writer.add(Figure("trend", "图2  近期任务推进态势"))

    writer.heading("滞后任务")
    if lagging:
        writer.body(
            f"本期滞后任务共{len(lagging)}项（含临期但落后序时进度的任务），"
            "按牵头单位列示如下（清单及进展见附件1）："
        )
        _lagging_by_unit(writer, lagging, 1)
    else:
        writer.body("本期无滞后任务。")
    if data.not_reported_departments:
        names = _join(data.not_reported_departments)
        writer.body(
            f"{names}共{len(data.not_reported_departments)}个单位未按时报送本期进展情况"
            "（任务清单见附件2），请于下期报送时一并补报。"
        )
    else:
        writer.body("本期各单位均按时报送了进展情况。")

    writer.heading("各单位推进情况")
    if data.departments:
        writer.body(
            f"按照考评规则，各单位得分及排名如下（全部排名见附件5）。"
            f"{_scoring_sentence(data.departments)}"
        )
        writer.add(_ranking_table(data.departments, annex=5))
    else:
        writer.body("本期暂无单位考评数据。")
    if data.unranked_departments:
        names = _join(f"{d.department}（配合{d.co_tasks}项）" for d in data.unranked_departments)
        writer.body(f"以下单位未牵头任务，不参与排名：{names}。")

    _indicators_section(writer, data, 4)
    annexes = [
        AnnexSpec("滞后任务清单", task_table(lagging, with_problems=True), "本期无滞后任务。"),
        AnnexSpec(
            "未报送进展任务清单",
            task_table(not_reported, with_problems=False),
            "本期无未报送进展的任务。",
        ),
        AnnexSpec(
            "按序时推进任务清单",
            task_table(on_schedule, with_problems=False),
            "本期无按序时推进的任务。",
        ),
        AnnexSpec(
            "主要指标完成情况",
            indicator_table(indicator_items(data.tasks)),
            "本计划暂无量化指标。",
        ),
        AnnexSpec("各单位得分排名", _ranking_table(data.departments), "本期暂无单位考评数据。"),
    ]
    _closing(writer, data, annexes)
    return writer.document


def department_tasks(data: BulletinData, department: str) -> tuple[list[TaskRow], list[TaskRow]]:
    """The unit's lead tasks and co tasks."""
    lead = [t for t in data.tasks if t.lead_department == department]
    co = [
        t for t in data.tasks if t.lead_department != department and department in t.co_departments
    ]
    return lead, co


def department_document(data: BulletinData, department: str) -> Document:
    """The blocks of one unit's 通报."""
    header = data.header
    writer = _Writer(department_title(department))
    lead, co = department_tasks(data, department)
    score = next(
        (d for d in (*data.departments, *data.unranked_departments) if d.department == department),
        None,
    )
    _opening(writer, data, department_title(department))
    writer.heading("总体情况")
    if not lead and not co:
        writer.body(
            f"截至{chinese_date(header.as_of)}，{header.plan_title}中无{department}"
            "牵头或配合的重点任务。"
        )
    else:
        counts = Counter(t.status for t in lead)
        parts = [
            f"{STATUS_PHRASES[s]}{counts[s]}项、占比{counts[s] / len(lead) * 100:.1f}%"
            for s in STATUS_PHRASES
            if counts[s]
        ]
        text = (
            f"截至{chinese_date(header.as_of)}，{department}在{header.plan_title}中牵头任务"
            f"{len(lead)}项、配合任务{len(co)}项。"
        )
        if parts:
            text += f"牵头任务中，{'；'.join(parts)}。"
        writer.body(text)
    if score is not None:
        ranked = sum(1 for d in data.departments if d.rank is not None)
        place = (
            f"在{ranked}个单位中排名第{score.rank}位"
            if score.rank is not None
            else "未牵头任务，不参与排名"
        )
        writer.body(
            f"按照考评规则，{department}本期得分{score.score:.1f}分，{place}；"
            f"蓝色、黄色、红色督办单分别为{score.blue_cards}、{score.yellow_cards}、"
            f"{score.red_cards}张。"
        )
    if department in data.not_reported_departments:
        writer.body(f"{department}未按时报送本期进展情况，请尽快补报。")
    lagging = [t for t in (*lead, *co) if is_lagging(t)]
    writer.heading("需加快推进的任务")
    if lagging:
        for index, task in enumerate(lagging, start=1):
            writer.body(f"{index}.{task_name(task)}（{_lag_note(task, None)}）。")
    else:
        writer.body("本期无滞后任务。")
    annexes = [
        AnnexSpec("牵头任务推进情况", task_table(lead, with_problems=True), "无牵头任务。"),
        AnnexSpec("配合任务推进情况", task_table(co, with_problems=True), "无配合任务。"),
    ]
    _closing(writer, data, annexes)
    return writer.document


def report_document(data: BulletinData, department: str | None = None) -> Document:
    """The blocks of the plan's 督查通报, or of ``department``'s 通报 when a unit is named."""
    if department is None:
        return bulletin_document(data)
    return department_document(data, department)
