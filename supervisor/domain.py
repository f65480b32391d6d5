"""Domain vocabulary shared by every layer: enums only, no imports of other project modules."""

from __future__ import annotations

from enum import StrEnum


class PlanSource(StrEnum):
    """Where a plan (年度任务 / 任务清单) comes from."""

    WORK_REPORT = "政府工作报告"
    LEADER_INSTRUCTION = "领导批示"
    NPC_SUGGESTION = "人大建议"
    CPPCC_PROPOSAL = "政协提案"
    MEETING_DECISION = "会议议定事项"
    OTHER = "其他"


class DepartmentKind(StrEnum):
    """Kind of a unit (单位)."""

    MUNICIPAL = "市直部门"
    COUNTY = "县区"
    PARK = "园区"
    OTHER = "其他"


class TaskStatus(StrEnum):
    """Derived status of a task, never typed in (DESIGN.md workflow point 4)."""

    DONE = "已完成"
    AHEAD = "超序时"
    ON_TRACK = "达序时"
    BEHIND = "欠序时"
    OVERDUE = "逾期"
    DUE_SOON = "临期"
    NOT_REPORTED = "未报送"


class TaskKind(StrEnum):
    """Whether a task is measured against 序时进度 (考核) or is a standing principle (常态化).

    A 常态化 / 不考核 task (坚决做到两个维护 and the like: an attitude, no deliverable) stays
    in the 分工方案 but is left out of status, counts, statistics and ranking: it has no
    TaskStatus (None) and is shown as "常态化" in the status column instead.
    """

    ASSESSED = "考核"
    ROUTINE = "常态化"


def status_text(status: TaskStatus | None, kind: TaskKind | str) -> str:
    """What a status column shows: the status, or 常态化 for a task that is not assessed."""
    if status is not None:
        return status.value
    return TaskKind.ROUTINE.value if kind == TaskKind.ROUTINE else ""


class WarningLight(StrEnum):
    """The graded warning (预警) derived beside the status; DESIGN.md's ``Warning``.

    Named so as not to shadow Python's built-in ``Warning``. The rule (bands are settings)
    is in ``services.status``.
    """

    GREEN = "绿灯"
    YELLOW = "黄灯"
    RED = "红灯"


class ExportKind(StrEnum):
    """What an export writes (services.exports; the GUI's export dialog offers the same)."""

    ASSIGNMENT = "任务分工方案"
    PROGRESS = "周进度表"
    BULLETIN = "督查通报"
    DEPARTMENT = "单位通报"


class UrgingColour(StrEnum):
    """Colour of a 督办单: blue (reminder), yellow (lagging), red (overdue)."""

    BLUE = "蓝"
    YELLOW = "黄"
    RED = "红"


class Comparator(StrEnum):
    """How an indicator's target is meant (DESIGN.md extraction contract)."""

    EQ = "="
    GE = ">="
    LE = "<="
    APPROX = "~"
    RANGE = "range"


# Colours used wherever a status is shown (xlsx fill, PDF, GUI): one palette for all outputs.
STATUS_COLOURS: dict[TaskStatus, str] = {
    TaskStatus.DONE: "#C6EFCE",
    TaskStatus.AHEAD: "#C6EFCE",
    TaskStatus.ON_TRACK: "#E2F0D9",
    TaskStatus.BEHIND: "#FFEB9C",
    TaskStatus.OVERDUE: "#FFC7CE",
    TaskStatus.DUE_SOON: "#BDD7EE",
    TaskStatus.NOT_REPORTED: "#D9D9D9",
}

# Cell fills of the warning (the xlsx/PDF/GUI palette of Excel's good / neutral / bad cells).
WARNING_COLOURS: dict[WarningLight, str] = {
    WarningLight.GREEN: "#C6EFCE",
    WarningLight.YELLOW: "#FFEB9C",
    WarningLight.RED: "#FFC7CE",
}

# The lamp itself (a dot, a chart mark, coloured text): strong enough to read on white.
WARNING_SIGNAL_COLOURS: dict[WarningLight, str] = {
    WarningLight.GREEN: "#00B050",
    WarningLight.YELLOW: "#FFC000",
    WarningLight.RED: "#FF0000",
}
