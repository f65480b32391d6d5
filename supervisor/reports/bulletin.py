"""督查通报 (supervision bulletin) and per-department report as PDF, after GB/T 9704."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from supervisor.domain import STATUS_COLOURS, TaskStatus
from supervisor.reports.atomic import atomic_output
from supervisor.reports.data import BulletinData, DepartmentScore, TaskRow
from supervisor.reports.fonts import FontSet, RenderNotes, load_font_set
from supervisor.reports.pdf_charts import (
    MAX_CHART_AREAS,
    MAX_TREND_POINTS,
    area_status_chart,
    trend_chart,
)
from supervisor.reports.pdf_layout import (
    TEXT_WIDTH,
    CancelCheck,
    Cell,
    GridTable,
    OfficialDocTemplate,
    TableStyle,
    TextBlock,
    TextStyle,
    draw_lines,
    prepare_text,
)

# Sizes after GB/T 9704: 2号 title 22 pt, 3号 body 16 pt; 22 lines in the 225 mm text block.
TITLE_SIZE = 22.0
BODY_SIZE = 16.0
BODY_LEADING = 225 * mm / 22  # 28.98 pt
MASTHEAD_SIZE = 40.0
TABLE_SIZE = 10.5  # 五号
TABLE_LEADING = 14.5
RED = "#D40000"

# A bulletin names this many lagging (or overdue) tasks in its text; the annex lists them all.
MAX_NAMED_TASKS = 30

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
# Annex 2 (按序时任务) holds these; annex 1 (欠序时任务) everything else, including no status.
ON_SCHEDULE = frozenset(
    {TaskStatus.DONE, TaskStatus.AHEAD, TaskStatus.ON_TRACK, TaskStatus.DUE_SOON}
)
_NUMERALS = "一二三四五六七八九十"

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BulletinResult:
    """What a written PDF holds and what happened to its text on the way."""

    path: Path
    page_count: int
    warnings: tuple[str, ...] = ()  # fonts replaced, characters drawn by fallbacks or as □
    replaced_characters: tuple[str, ...] = ()  # characters no font could draw, shown as □


@dataclass(frozen=True, slots=True)
class BulletinStyles:
    """The text styles of a bulletin and its table style."""

    masthead: TextStyle
    issue: TextStyle
    title: TextStyle
    subtitle: TextStyle
    body: TextStyle
    plain: TextStyle  # body without indent
    heading: TextStyle
    subheading: TextStyle
    caption: TextStyle
    annex_label: TextStyle
    annex_title: TextStyle
    signature: TextStyle
    table: TableStyle


def document_styles(fonts: FontSet) -> BulletinStyles:
    """Return the text and table styles of a bulletin for ``fonts``."""
    indent = 2 * BODY_SIZE
    body = TextStyle(fonts.body, BODY_SIZE, BODY_LEADING, first_indent=indent)
    table_body = TextStyle(fonts.table, TABLE_SIZE, TABLE_LEADING, align="justify")
    return BulletinStyles(
        masthead=TextStyle(
            fonts.title, MASTHEAD_SIZE, MASTHEAD_SIZE * 1.3, "center", colour=RED, bold=True
        ),
        issue=TextStyle(fonts.body, BODY_SIZE, BODY_LEADING, "center"),
        title=TextStyle(
            fonts.title,
            TITLE_SIZE,
            TITLE_SIZE * 1.45,
            "center",
            bold=True,
            space_before=20,
            balance=True,
        ),
        subtitle=TextStyle(
            fonts.subheading, BODY_SIZE, BODY_LEADING, "center", space_after=BODY_LEADING / 2
        ),
        body=body,
        plain=replace(body, first_indent=0.0),
        heading=TextStyle(fonts.heading, BODY_SIZE, BODY_LEADING, first_indent=indent),
        subheading=TextStyle(
            fonts.subheading,
            BODY_SIZE,
            BODY_LEADING,
            first_indent=indent,
            bold=fonts.subheading is fonts.body,
        ),
        caption=TextStyle(
            fonts.heading, 12.0, 18.0, "center", space_before=4, space_after=BODY_LEADING / 2
        ),
        annex_label=TextStyle(fonts.heading, BODY_SIZE, BODY_LEADING, "left"),
        annex_title=TextStyle(
            fonts.title,
            18.0,
            28.0,
            "center",
            bold=True,
            space_before=6,
            space_after=12,
            balance=True,
        ),
        signature=TextStyle(fonts.body, BODY_SIZE, BODY_LEADING, "right"),
        table=TableStyle(
            body=table_body,
            header=TextStyle(fonts.table_header, TABLE_SIZE, TABLE_LEADING, align="center"),
        ),
    )


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _share(count: int, total: int) -> str:
    return f"{count / total * 100:.1f}%" if total else "0.0%"


def _numeral(index: int) -> str:
    if index <= 10:
        return _NUMERALS[index - 1]
    tens, ones = divmod(index, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def _task_text(task: TaskRow) -> str:
    text = task.text.strip()
    title = task.title.strip()
    if not text or text == title:
        return title
    if not title or text.startswith(title):
        return text
    return f"{title}：{text}"


def _task_name(task: TaskRow) -> str:
    return task.title.strip() or task.text.strip()


def _join_names(names: Iterable[str]) -> str:
    return "、".join(n for n in names if n)


class _Masthead(Flowable):
    """The office's name on the left and the date on the right above a red rule (版头)."""

    def __init__(self, left: str, right: str, style: TextStyle, fonts: FontSet, notes: RenderNotes):
        super().__init__()
        self._left = prepare_text(left, style, TEXT_WIDTH, fonts, notes)
        self._right = prepare_text(right, style, TEXT_WIDTH, fonts, notes)
        self._style = style

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self._style.leading + 10
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        top = self.height
        left_style = replace(self._style, align="left")
        right_style = replace(self._style, align="right")
        for prepared, style in ((self._left, left_style), (self._right, right_style)):
            draw_lines(canv, prepared.lines[:1], 0, top, self.width, style, prepared.overrides)
        canv.setStrokeColor(HexColor(RED))
        canv.setLineWidth(1.5)
        canv.line(0, 3, self.width, 3)


class _Builder:
    """Collects the flowables of one document, with the styles, fonts and notes they share."""

    def __init__(self, fonts: FontSet, notes: RenderNotes, tracker: CancelCheck) -> None:
        self.fonts = fonts
        self.notes = notes
        self.styles = document_styles(fonts)
        self.tracker = tracker
        self.story: list[Flowable] = []
        self.section = 0
        self.rows_prepared = 0
        self.rows_drawn_offset = 0

    def text(self, text: str, style: TextStyle, *, keep_with_next: bool = False) -> None:
        self.story.append(
            TextBlock(text, style, self.fonts, self.notes, keep_with_next=keep_with_next)
        )

    def body(self, text: str) -> None:
        self.text(text, self.styles.body)

    def heading(self, text: str) -> None:
        self.section += 1
        self.text(f"{_numeral(self.section)}、{text}", self.styles.heading, keep_with_next=True)

    def subheading(self, index: int, text: str) -> None:
        self.text(f"（{_numeral(index)}）{text}", self.styles.subheading, keep_with_next=True)

    def masthead(self, data: BulletinData, name: str) -> None:
        header = data.header
        self.text(name, self.styles.masthead)
        if header.issue_number is not None:
            self.text(f"第{header.issue_number}期", self.styles.issue)
        self.story.append(
            _Masthead(
                header.office_name, _date(header.as_of), self.styles.plain, self.fonts, self.notes
            )
        )

    def table(
        self, widths_mm: Sequence[float], header: Sequence[str], rows: Sequence[Sequence[Cell]]
    ) -> None:
        base = self.rows_prepared
        total_width = sum(widths_mm)
        widths = [w / total_width * TEXT_WIDTH for w in widths_mm]
        offset = base

        def prepared(count: int) -> None:
            self.tracker.advance_to(base + count)

        drawn = [0]

        def on_drawn(count: int) -> None:
            drawn[0] += count
            self.tracker.advance_to(self.tracker.total // 2 + offset + drawn[0])

        self.story.append(
            GridTable(
                widths,
                [Cell(h, "center") for h in header],
                rows,
                self.styles.table,
                self.fonts,
                self.notes,
                on_rows_prepared=prepared,
                on_rows_drawn=on_drawn,
            )
        )
        self.rows_prepared += len(rows)

    def signature(self, data: BulletinData) -> None:
        self.story.append(Spacer(1, BODY_LEADING))
        self.text(data.header.office_name + "\u3000" * 2, self.styles.signature)
        self.text(_date(data.header.as_of) + "\u3000" * 4, self.styles.signature)

    def annex_note(self, titles: Sequence[str]) -> None:
        self.story.append(Spacer(1, BODY_LEADING))
        body = self.styles.body
        for index, title in enumerate(titles, start=1):
            if index == 1:
                self.text(f"附件：{index}.{title}", body)
            else:
                self.text(f"{index}.{title}", replace(body, first_indent=5 * BODY_SIZE))

    def annex(self, number: int, title: str) -> None:
        self.story.append(PageBreak())
        self.text(f"附件{number}", self.styles.annex_label)
        self.text(title, self.styles.annex_title)

    def figure(self, drawing: Drawing | None, caption: str) -> None:
        if drawing is None:
            return
        caption_block = TextBlock(caption, self.styles.caption, self.fonts, self.notes)
        self.story.append(KeepTogether([Spacer(1, 6), drawing, caption_block]))


def _status_cell(task: TaskRow) -> Cell:
    label = task.status.value if task.status is not None else "—"
    if task.urging_count:
        label += f"\n催办{task.urging_count}次"
    fill = STATUS_COLOURS.get(task.status) if task.status is not None else None
    return Cell(label, "center", fill)


def task_table_rows(tasks: Sequence[TaskRow], *, with_problems: bool) -> list[list[Cell]]:
    """Return the cells of an annex task table (序号, task, lead, progress, status, notes)."""
    rows = []
    for index, task in enumerate(tasks, start=1):
        progress = task.progress_text.strip()
        if with_problems and task.problems.strip():
            progress = f"{progress}\n存在问题：{task.problems.strip()}".strip()
        rows.append(
            [
                Cell(str(index), "center"),
                Cell(_task_text(task), "justify"),
                Cell(task.lead_department, "center"),
                Cell(_pct(task.time_progress), "center"),
                Cell(_pct(task.percent_done), "center"),
                _status_cell(task),
                Cell(progress or "—", "justify" if progress else "center"),
            ]
        )
    return rows


TASK_WIDTHS_MM = (10, 43, 23, 15, 15, 16, 34)


def task_table_header(with_problems: bool) -> list[str]:
    """Return the header of an annex task table."""
    last = "进展情况及存在问题" if with_problems else "进展情况"
    return ["序号", "重点任务", "牵头单位", "序时\n进度", "完成\n进度", "状态", last]


def _named_task_line(index: int, task: TaskRow) -> str:
    parts = [f"牵头单位：{task.lead_department or '未明确'}"]
    if task.time_progress is not None or task.percent_done is not None:
        parts.append(f"序时进度{_pct(task.time_progress)}、完成进度{_pct(task.percent_done)}")
    if task.deadline is not None:
        parts.append(f"完成时限{_date(task.deadline)}")
    parts.append(f"已催办{task.urging_count}次" if task.urging_count else "尚未催办")
    return f"{index}.{_task_name(task)}（{'；'.join(parts)}）。"


def _named_tasks(builder: _Builder, tasks: Sequence[TaskRow], annex_number: int) -> None:
    for index, task in enumerate(tasks[:MAX_NAMED_TASKS], start=1):
        builder.body(_named_task_line(index, task))
    if len(tasks) > MAX_NAMED_TASKS:
        builder.body(f"另有{len(tasks) - MAX_NAMED_TASKS}项，详见附件{annex_number}。")


def _status_sentence(counts: Sequence[tuple[TaskStatus, int, float]]) -> str:
    parts = [
        f"{STATUS_PHRASES[status]}{count}项、占比{share * 100:.1f}%"
        for status, count, share in counts
        if count
    ]
    return "；".join(parts)


def _ordered_counts(data: BulletinData) -> list[tuple[TaskStatus, int, float]]:
    given = {sc.status: sc for sc in data.status_counts}
    return [
        (status, given[status].count, given[status].share)
        for status in STATUS_PHRASES
        if status in given
    ]


def _requirements(builder: _Builder, text: str) -> None:
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line[0] in _NUMERALS and "、" in line[:4]:
            builder.text(line, builder.styles.heading, keep_with_next=True)
        elif line.startswith("（") and "）" in line[:5]:
            builder.text(line, builder.styles.subheading)
        else:
            builder.body(line)


def _area_rows(data: BulletinData, statuses: Sequence[TaskStatus]) -> list[list[Cell]]:
    rows = []
    totals = Counter[TaskStatus]()
    for area in data.areas:
        cells = [Cell(area.area, "justify"), Cell(str(area.total), "center")]
        for status in statuses:
            count = area.counts.get(status, 0)
            totals[status] += count
            fill = STATUS_COLOURS[status] if count and status not in ON_SCHEDULE else None
            cells.append(Cell(str(count), "center", fill))
        rows.append(cells)
    if len(data.areas) > 1:
        rows.append(
            [Cell("合计", "center"), Cell(str(sum(a.total for a in data.areas)), "center")]
            + [Cell(str(totals[s]), "center") for s in statuses]
        )
    return rows


def _department_rows(departments: Sequence[DepartmentScore]) -> list[list[Cell]]:
    rows = []
    for score in sorted(departments, key=lambda d: d.rank):
        rows.append(
            [
                Cell(str(score.rank), "center"),
                Cell(score.department, "justify"),
                Cell(str(score.lead_tasks), "center"),
                Cell(str(score.co_tasks), "center"),
                Cell(str(score.done), "center"),
                Cell(
                    str(score.behind),
                    "center",
                    STATUS_COLOURS[TaskStatus.BEHIND] if score.behind else None,
                ),
                Cell(
                    str(score.overdue),
                    "center",
                    STATUS_COLOURS[TaskStatus.OVERDUE] if score.overdue else None,
                ),
                Cell(str(score.not_reported), "center"),
                Cell(str(score.red_cards), "center"),
                Cell(f"{score.score:.1f}", "center"),
            ]
        )
    return rows


def _plan_tasks(plan_title: str) -> str:
    """Return "<plan>重点任务" without doubling a title that already ends in 任务."""
    plan = plan_title.strip()
    return plan if plan.endswith("任务") else f"{plan}重点任务"


def _bulletin_title(data: BulletinData) -> str:
    return f"关于{_plan_tasks(data.header.plan_title)}推进情况的通报"


def _department_title(department: str) -> str:
    return f"关于{department}重点任务推进情况的通报"


def _build_bulletin(builder: _Builder, data: BulletinData) -> None:
    header = data.header
    lagging = [t for t in data.tasks if t.status not in ON_SCHEDULE]
    on_schedule = [t for t in data.tasks if t.status in ON_SCHEDULE]
    behind = [t for t in data.tasks if t.status is TaskStatus.BEHIND]
    overdue = [t for t in data.tasks if t.status is TaskStatus.OVERDUE]
    counts = _ordered_counts(data)
    total = sum(c for _s, c, _share in counts) if counts else len(data.tasks)

    _opening(builder, data, _bulletin_title(data))

    builder.body(
        f"为推动{_plan_tasks(header.plan_title)}落地见效，{header.office_name}对"
        f"{header.period_label}各项任务推进情况进行了督查。现将有关情况通报如下："
    )

    builder.heading("总体情况")
    if total == 0:
        builder.body("截至目前，本计划尚无纳入督查的重点任务。")
    else:
        sentence = _status_sentence(counts)
        builder.body(
            f"截至{_date(header.as_of)}，{_plan_tasks(header.plan_title)}共{total}项。"
            + (f"其中，{sentence}。" if sentence else "")
        )
    chart_areas = [a for a in data.areas if a.total > 0]
    note = f"（任务数最多的{MAX_CHART_AREAS}个领域）" if len(chart_areas) > MAX_CHART_AREAS else ""
    builder.figure(
        area_status_chart(data.areas, TEXT_WIDTH, builder.fonts, builder.notes),
        f"图1  各领域任务推进状态{note}",
    )
    shown = min(len(data.trend), MAX_TREND_POINTS)
    builder.figure(
        trend_chart(data.trend, TEXT_WIDTH, builder.fonts, builder.notes),
        f"图2  近{shown}期任务推进态势" if shown > 1 else "图2  本期任务推进状态",
    )
    builder.tracker.check()

    builder.heading("各领域进展")
    if data.areas:
        lag_areas = sorted(
            (
                a
                for a in data.areas
                if a.counts.get(TaskStatus.BEHIND, 0) + a.counts.get(TaskStatus.OVERDUE, 0)
            ),
            key=lambda a: (
                -(a.counts.get(TaskStatus.BEHIND, 0) + a.counts.get(TaskStatus.OVERDUE, 0))
            ),
        )
        sentence = f"全部{len(data.areas)}个领域任务推进情况见下表。"
        if lag_areas:
            names = _join_names(a.area for a in lag_areas[:3])
            sentence += f"欠序时和逾期任务较多的领域是：{names}。"
        else:
            sentence += "各领域均无欠序时或逾期任务。"
        builder.body(sentence)
        statuses = list(STATUS_PHRASES)
        builder.table(
            (44, 14) + (14,) * len(statuses),
            ["领域", "任务数", *(s.value for s in statuses)],
            _area_rows(data, statuses),
        )
    else:
        builder.body("本期暂无分领域统计数据。")

    builder.heading("滞后任务及未报送情况")
    builder.subheading(1, f"欠序时进度任务（{len(behind)}项）")
    if behind:
        _named_tasks(builder, behind, 1)
    else:
        builder.body("本期无欠序时进度任务。")
    builder.subheading(2, f"逾期未完成任务（{len(overdue)}项）")
    if overdue:
        _named_tasks(builder, overdue, 1)
    else:
        builder.body("本期无逾期未完成任务。")
    builder.subheading(3, "未按时报送进展的单位")
    if data.not_reported_departments:
        names = _join_names(data.not_reported_departments)
        builder.body(
            f"{names}共{len(data.not_reported_departments)}个单位未按时报送本期进展情况，"
            "请于下期报送时一并补报。"
        )
    else:
        builder.body("本期各单位均按时报送了进展情况。")
    builder.tracker.check()

    builder.heading("各单位推进情况")
    if data.departments:
        ranked = sorted(data.departments, key=lambda d: d.rank)
        text = "按照考评规则，各单位得分及排名如下。"
        if len(ranked) >= 6:
            top = _join_names(f"{d.department}（{d.score:.1f}分）" for d in ranked[:3])
            bottom = _join_names(f"{d.department}（{d.score:.1f}分）" for d in ranked[-3:])
            text += f"得分居前的是{top}；排名靠后的是{bottom}。"
        builder.body(text)
        builder.table(
            (10, 40, 13, 13, 13, 13, 13, 13, 13, 15),
            [
                "排名",
                "单位",
                "牵头\n任务",
                "配合\n任务",
                "已完成",
                "欠序时",
                "逾期",
                "未报送",
                "红牌",
                "得分",
            ],
            _department_rows(ranked),
        )
    else:
        builder.body("本期暂无单位考评数据。")

    _closing(
        builder,
        data,
        _Annex("欠序时任务清单", lagging, with_problems=True, empty="本期无欠序时任务。"),
        _Annex(
            "按序时任务清单", on_schedule, with_problems=False, empty="本期无按序时推进的任务。"
        ),
    )


class _Annex(NamedTuple):
    """An annex of task lists: its title, its tasks and what it says when there are none."""

    title: str
    tasks: Sequence[TaskRow]
    with_problems: bool
    empty: str


def _opening(builder: _Builder, data: BulletinData, title: str) -> None:
    """The masthead, the title and the period line under it."""
    header = data.header
    builder.masthead(data, "政务督查")
    builder.text(title, builder.styles.title)
    builder.text(f"（{header.period_label}，截至{_date(header.as_of)}）", builder.styles.subtitle)


def _closing(builder: _Builder, data: BulletinData, *annexes: _Annex) -> None:
    """下步工作要求 (when written), the annex note, the signature and the annexes."""
    if data.requirements.strip():
        builder.heading("下步工作要求")
        _requirements(builder, data.requirements)
    builder.annex_note([annex.title for annex in annexes])
    builder.signature(data)
    for number, annex in enumerate(annexes, start=1):
        builder.annex(number, annex.title)
        _annex_table(builder, annex.tasks, with_problems=annex.with_problems, empty=annex.empty)


def _annex_table(
    builder: _Builder, tasks: Sequence[TaskRow], *, with_problems: bool, empty: str
) -> None:
    if not tasks:
        builder.text(empty, builder.styles.plain)
        return
    builder.table(
        TASK_WIDTHS_MM,
        task_table_header(with_problems),
        task_table_rows(tasks, with_problems=with_problems),
    )


def _department_tasks(data: BulletinData, department: str) -> tuple[list[TaskRow], list[TaskRow]]:
    lead = [t for t in data.tasks if t.lead_department == department]
    co = [
        t for t in data.tasks if t.lead_department != department and department in t.co_departments
    ]
    return lead, co


def _build_department(builder: _Builder, data: BulletinData, department: str) -> None:
    header = data.header
    lead, co = _department_tasks(data, department)
    score = next((d for d in data.departments if d.department == department), None)

    _opening(builder, data, _department_title(department))

    builder.heading("总体情况")
    if not lead and not co:
        builder.body(
            f"截至{_date(header.as_of)}，{header.plan_title}中无{department}牵头或配合的重点任务。"
        )
    else:
        counts = Counter(t.status for t in lead)
        parts = [
            f"{STATUS_PHRASES[status]}{counts[status]}项、占比{_share(counts[status], len(lead))}"
            for status in STATUS_PHRASES
            if counts[status]
        ]
        text = (
            f"截至{_date(header.as_of)}，{department}在{header.plan_title}中牵头任务"
            f"{len(lead)}项、配合任务{len(co)}项。"
        )
        if parts:
            text += f"牵头任务中，{'；'.join(parts)}。"
        builder.body(text)
    if score is not None:
        builder.body(
            f"按照考评规则，{department}本期得分{score.score:.1f}分，在{len(data.departments)}个单位中"
            f"排名第{score.rank}位；红牌{score.red_cards}张。"
        )
    if department in data.not_reported_departments:
        builder.body(f"{department}未按时报送本期进展情况，请尽快补报。")

    lagging = [t for t in (*lead, *co) if t.status in (TaskStatus.BEHIND, TaskStatus.OVERDUE)]
    builder.heading("需加快推进的任务")
    if lagging:
        for index, task in enumerate(lagging, start=1):
            builder.body(_named_task_line(index, task))
    else:
        builder.body("本期无欠序时或逾期任务。")

    _closing(
        builder,
        data,
        _Annex("牵头任务推进情况", lead, with_problems=True, empty="无牵头任务。"),
        _Annex("配合任务推进情况", co, with_problems=True, empty="无配合任务。"),
    )


def _render(
    path: Path,
    *,
    title: str,
    data: BulletinData,
    rows: int,
    build: Callable[[_Builder], None],
    fonts: FontSet | None,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> BulletinResult:
    fonts = fonts or load_font_set()
    notes = RenderNotes()
    # Progress: laying out the table rows is the first half of the work, drawing them the rest.
    tracker = CancelCheck(cancel, progress, 2 * rows + 2)
    tracker.advance_to(0)
    builder = _Builder(fonts, notes, tracker)
    build(builder)
    tracker.advance_to(rows + 1)
    with atomic_output(path) as temp:
        doc = OfficialDocTemplate(
            str(temp),
            fonts,
            title=title,
            author=data.header.office_name,
            subject=f"{data.header.plan_title} {data.header.period_label}",
            on_flowable=tracker.check,
        )
        doc.build(builder.story)
        page_count = doc.page
    tracker.advance_to(tracker.total)
    warnings = list(fonts.warnings) + notes.warnings()
    return BulletinResult(
        path=Path(path),
        page_count=page_count,
        warnings=tuple(warnings),
        replaced_characters=tuple(sorted(notes.replaced)),
    )


def write_bulletin(
    data: BulletinData,
    path: Path,
    *,
    fonts: FontSet | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> BulletinResult:
    """Write the 督查通报 of a plan and period as PDF.

    Args:
        data: Statistics and tasks computed by the services (for any "as of" date).
        path: The PDF to create or replace; replaced only when writing succeeded.
        fonts: Faces to use; the shipped fonts when None (see ``fonts.load_font_set``).
        progress: Called with (done, total) as work proceeds.
        cancel: When set, the export stops with ReportCancelled and writes nothing.

    Returns:
        The path, page count and any font warnings.

    Raises:
        ReportWriteError: The file cannot be written (message in Chinese).
        ReportCancelled: ``cancel`` was set.
    """
    lagging = sum(1 for t in data.tasks if t.status not in ON_SCHEDULE)
    rows = len(data.areas) + len(data.departments) + lagging + (len(data.tasks) - lagging)
    return _render(
        path,
        title=_bulletin_title(data),
        data=data,
        rows=rows,
        build=lambda builder: _build_bulletin(builder, data),
        fonts=fonts,
        progress=progress,
        cancel=cancel,
    )


def write_department_report(
    data: BulletinData,
    department: str,
    path: Path,
    *,
    fonts: FontSet | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> BulletinResult:
    """Write one department's report: its lead and co tasks, score, lagging tasks, as PDF.

    Args:
        data: The bulletin data of the plan and period.
        department: The department's name as in ``TaskRow.lead_department``.
        path: The PDF to create or replace.
        fonts: Faces to use; the shipped fonts when None.
        progress: Called with (done, total) as work proceeds.
        cancel: When set, the export stops with ReportCancelled and writes nothing.

    Returns:
        The path, page count and any font warnings.

    Raises:
        ReportWriteError: The file cannot be written (message in Chinese).
        ReportCancelled: ``cancel`` was set.
    """
    lead, co = _department_tasks(data, department)
    return _render(
        path,
        title=_department_title(department),
        data=data,
        rows=len(lead) + len(co),
        build=lambda builder: _build_department(builder, data, department),
        fonts=fonts,
        progress=progress,
        cancel=cancel,
    )
