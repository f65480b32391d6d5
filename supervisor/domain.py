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
