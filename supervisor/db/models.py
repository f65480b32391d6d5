"""ORM classes of the domain in DESIGN.md: plans, tasks, indicators, departments, progress."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervisor.db.base import Base


def utcnow() -> dt.datetime:
    """Naive UTC timestamp: SQLite has no time zones, so every stored time is UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


task_co_department = Table(
    "task_co_department",
    Base.metadata,
    Column("task_id", ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    # Indexed on its own: "one department's tasks" looks co-tasks up by department.
    Column("department_id", ForeignKey("department.id"), primary_key=True, index=True),
)


class Plan(Base):
    """A report imported, or a list of tasks made by hand (年度计划 / 任务清单)."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    source: Mapped[str] = mapped_column(String(20))
    source_text: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(260))
    file_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    tasks: Mapped[list[Task]] = relationship(back_populates="plan", cascade="all, delete-orphan")


class Department(Base):
    """A unit (单位 / 部门) that leads or supports tasks."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20), default="市直部门")
    contact: Mapped[str | None] = mapped_column(String(200))
    keywords: Mapped[str | None] = mapped_column(Text)
    # A merged unit points at the one that absorbed it, so old references still resolve.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Task(Base):
    """A key task (任务): a node of the plan's task tree."""

    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_plan_parent", "plan_id", "parent_id", "position"),
        # The plan's live tasks without reading their rows: the queries that join a plan's
        # tasks only to select them (indicators, co-departments, urgings) scan this.
        Index("ix_task_plan_deleted", "plan_id", "deleted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    leader: Mapped[str | None] = mapped_column(String(100))
    lead_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Optimistic locking: an UPDATE carries "WHERE version = <read>", so a stale edit fails.
    version: Mapped[int] = mapped_column(default=1)
    # domain.TaskKind: "考核" (measured against 序时进度) or "常态化" (a standing principle).
    kind: Mapped[str] = mapped_column(String(10), default="考核", server_default="考核")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    parent: Mapped[Task | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Task]] = relationship(back_populates="parent", order_by="Task.position")
    lead_department: Mapped[Department | None] = relationship()
    co_departments: Mapped[list[Department]] = relationship(secondary=task_co_department)
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Indicator.position"
    )
    suggestions: Mapped[list[DepartmentSuggestion]] = relationship(
        back_populates="task", cascade="all, delete-orphan"
    )


class Indicator(Base):
    """A quantitative target of a task (指标)."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    # 基数: the X of 从X提高到Y (the target is Y), in the indicator's unit.
    baseline: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="")
    comparator: Mapped[str] = mapped_column(String(8), default="=")
    text: Mapped[str] = mapped_column(Text, default="")
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    task: Mapped[Task] = relationship(back_populates="indicators")


class DepartmentSuggestion(Base):
    """A department the extraction proposed for a task, with the keyword that matched."""

    __tablename__ = "department_suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    department_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(8))  # "lead" or "co"
    keyword: Mapped[str] = mapped_column(String(100), default="")
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    task: Mapped[Task] = relationship(back_populates="suggestions")


class ProgressReport(Base):
    """One progress report (进展) of a task for a period; rows are never updated."""

    __tablename__ = "progress_report"
    # The latest-report lookups seek (task, date, id) backwards and skip co-units' reports:
    # with the unit in the index they never read a report row (services.status).
    __table_args__ = (
        Index("ix_progress_report_task_date", "task_id", "report_date", "id", "department_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(20), index=True)  # e.g. "2020-W12", "2020-M06"
    report_date: Mapped[dt.date] = mapped_column(Date)
    percent: Mapped[float | None] = mapped_column(Float)
    progress_text: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    reporter: Mapped[str] = mapped_column(String(100), default="")
    # A correction is a new report pointing at the one it corrects; history stays intact.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("progress_report.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    # The unit that reported; NULL = the office / the lead unit. A co-unit's report is its
    # contribution (配合情况) and never drives the task's status (services.status).
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))

    actuals: Mapped[list[IndicatorActual]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )


class IndicatorActual(Base):
    """The actual value of one indicator stated in one progress report."""

    __tablename__ = "indicator_actual"
    __table_args__ = (UniqueConstraint("report_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_report.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    value: Mapped[float]

    report: Mapped[ProgressReport] = relationship(back_populates="actuals")


class Urging(Base):
    """A dated urging (催办) of a task, optionally a coloured 督办单."""

    __tablename__ = "urging"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    colour: Mapped[str | None] = mapped_column(String(4))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")


class AuditEntry(Base):
    """One change: who, when, which entity and field, old → new (审计日志)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # create, update, delete, restore, …
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    task_id: Mapped[int | None] = mapped_column(index=True)
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class ReturnedWorkbook(Base):
    """A department fill-in workbook that was imported, so the same file is not applied twice."""

    __tablename__ = "returned_workbook"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_hash: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(260))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    period: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(100), default="")


class Setting(Base):
    """An office-wide setting (office name, thresholds), shared by everyone on the database."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class StaleTaskMark(Base):
    """A task whose stored statuses a trigger dropped, or whose own row changed (migration
    0008): a trend works these out first rather than searching every leaf for gaps."""

    __tablename__ = "task_status_redo"

    task_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class StoredTaskStatus(Base):
    """A leaf task's status on a past period's last day, kept so a trend need not work it out
    again; database triggers delete what a change makes stale (services.status.stored)."""

    __tablename__ = "task_status_day"

    __table_args__ = (Index("ix_task_status_day_plan_day", "plan_id", "day", "status"),)

    # No foreign keys (migration 0008): the triggers drop a deleted task's or plan's rows,
    # and two key checks per row made storing a cold trend's 70,000 rows twice as slow.
    task_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    # The task's plan: a plan's counts are read from its rows alone (an index-only scan).
    plan_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
