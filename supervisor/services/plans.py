"""Plans: import a report file as a plan with its task tree, list the plans."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supervisor.db.models import DepartmentSuggestion, Indicator, Plan, Task
from supervisor.domain import PlanSource, TaskKind
from supervisor.errors import DuplicateError, InputFileError, NotFoundError, ValidationError
from supervisor.services import audit, validation

if TYPE_CHECKING:
    from supervisor.extract import DepartmentTable, ExtractedReport
    from supervisor.extract.source import ReportSource

# Years a plan may be for: wide enough for archives and long programmes, narrow enough to
# catch a typo such as 2202.
PLAN_YEARS = range(2000, 2101)


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """A plan as listed to the user."""

    id: int
    title: str
    year: int
    source: str
    file_name: str | None
    task_count: int
    created_at: dt.datetime
    # Of the imported tasks, how many the extraction proposed as 常态化 (set on import).
    routine_count: int = 0
    # What the import had to shorten to fit the database, one line each (set on import).
    shortened: tuple[str, ...] = ()


def list_plans(session: Session) -> list[PlanSummary]:
    """All plans that are not deleted, newest year first."""
    task_count = (
        select(func.count(Task.id))
        .where(Task.plan_id == Plan.id, Task.deleted_at.is_(None))
        .scalar_subquery()
    )
    rows = session.execute(
        select(Plan, task_count)
        .where(Plan.deleted_at.is_(None))
        .order_by(Plan.year.desc(), Plan.id.desc())
    )
    return [_summary(plan, count) for plan, count in rows]


def _summary(plan: Plan, task_count: int) -> PlanSummary:
    return PlanSummary(
        plan.id, plan.title, plan.year, plan.source, plan.file_name, task_count, plan.created_at
    )


def _find_plan_by_hash(session: Session, *hashes: str) -> Plan | None:
    """The plan imported from a report with one of these hashes, if any.

    A plan stores the fingerprint of its normalised text (``text_fingerprint``), so the same
    report with other line ends, spacing or encoding is found; plans imported before that
    stored the hash of the file's bytes, which is matched too.
    """
    wanted = [value for value in hashes if value]
    return session.scalars(select(Plan).where(Plan.file_hash.in_(wanted)).limit(1)).first()


def find_imported_report(session: Session, report: ReportSource) -> PlanSummary | None:
    """The plan a report already read was imported as, if any (nothing is extracted).

    Found by the fingerprint of the file's normalised text, as ``import_report`` refuses it,
    so the GUI can say so before a preview is built and edited in vain. The caller reads the
    file (``extract.source.read_report_file``) once, for this and for the extraction.
    """
    existing = _find_plan_by_hash(session, report.sha256, report.file_sha256)
    if existing is None:
        return None
    count = session.scalar(
        select(func.count(Task.id)).where(Task.plan_id == existing.id, Task.deleted_at.is_(None))
    )
    return _summary(existing, count or 0)


# The file name recorded for a report pasted from the clipboard (followed by when).
PASTED_SOURCE = "从剪贴板粘贴"


def pasted_report(text: str, *, pasted_at: dt.datetime | None = None) -> ReportSource:
    """A report pasted from the clipboard, held to the checks and limits of a report file.

    The plan it becomes records where it came from: its file name reads
    "从剪贴板粘贴（2024-01-15 09:30）", and the same text pasted or imported from a file
    before is recognised by its normalised-text fingerprint.

    Raises:
        InputFileError: no text (empty, only blanks), not text (binary content), or longer
            than any report (``MAX_REPORT_CHARS``).
    """
    from supervisor.extract.source import (
        MAX_REPORT_CHARS,
        ReportSource,
        check_report_length,
        normalise_text,
        text_fingerprint,
    )

    when = (pasted_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    name = f"{PASTED_SOURCE}（{when}）"
    # Refused before any work on it: the clipboard can hold far more than a report.
    if len(text) > 2 * MAX_REPORT_CHARS:
        check_report_length(text, PASTED_SOURCE)
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t")
    if controls > max(8, len(sample) // 100):
        raise InputFileError("剪贴板中的内容不是文字（含二进制内容），请复制报告的文字后再导入")
    clean = normalise_text(text)
    if not clean.strip():
        raise InputFileError(
            "剪贴板中没有文字：请先在 Word、WPS 或网页中选中报告全文并复制，再从剪贴板导入"
        )
    check_report_length(clean, PASTED_SOURCE)
    return ReportSource(
        path=Path(name),
        text=clean,
        sha256=text_fingerprint(clean),
        encoding="clipboard",
        file_sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def import_report(
    session: Session,
    path: Path | str | ReportSource,
    *,
    actor: str,
    source: PlanSource = PlanSource.WORK_REPORT,
    departments: DepartmentTable | None = None,
    year: int | None = None,
) -> PlanSummary:
    """Store a report file (or a text already read, e.g. ``pasted_report``) as a plan.

    The plan keeps the report's text, its file name and fingerprint, and the extracted tree.

    ``departments`` is the keyword table for suggested departments (default: the office's own
    table laid over the shipped one, or the shipped one of the report's level). ``year`` is
    the plan year for a text that names none.

    Nothing is written when the file cannot be read or was imported before.

    Raises:
        InputFileError: the file is empty, binary, undecodable or too large.
        NoPlanYearError: the text names no year and ``year`` is not given.
        ExtractionError: the text holds no plan section.
        ValidationError: ``year`` outside 2000–2100.
        DuplicateError: a file with the same content is already a plan.
    """
    # Imported here: the main window lists plans at start-up and needs no extraction for it.
    from supervisor.extract import extract_report
    from supervisor.extract.source import ReportSource, check_task_count, read_report_file

    if year is not None:
        year = checked_year(year)
    report = path if isinstance(path, ReportSource) else read_report_file(path)
    existing = _find_plan_by_hash(session, report.sha256, report.file_sha256)
    if existing is not None:
        raise DuplicateError(f"该报告已导入过：《{existing.title}》（计划编号 {existing.id}）")
    if departments is None:
        from supervisor.services.keyword_table import department_table_for

        # The office's own keyword table, loaded once in 单位管理, applies to every import.
        departments = department_table_for(session, report.text)
    extracted = extract_report(report.text, departments, year=year)
    check_task_count(len(extracted.tasks), report.path.name)
    plan = Plan(
        title=extracted.title,
        year=extracted.year,
        source=str(source),
        source_text=report.text,
        file_name=report.path.name,
        file_hash=report.sha256,
    )
    add_imported_plan(session, plan, f"该报告已导入过：{report.path.name}")
    count, shortened = _store_task_tree(session, plan, extracted)
    audit.record(session, actor, "import", "plan", plan.id, new=report.path.name)
    routine = sum(item.task_kind == TaskKind.ROUTINE for item in extracted.tasks)
    return replace(_summary(plan, count), routine_count=routine, shortened=tuple(shortened))


MAX_TITLE_LENGTH = 500  # Task.title; the whole text is kept in Task.text
MAX_INDICATOR_NAME_LENGTH = 200  # Indicator.name; the sentence is kept in Indicator.text


def _shorten(text: str, limit: int, what: str, shortened: list[str]) -> str:
    """Cut text to a column's limit, noting what was cut so the import can say so."""
    if len(text) <= limit:
        return text
    shortened.append(f"{what}有 {len(text):,} 字，超过 {limit} 字，只保存了前 {limit} 字")
    return text[:limit]


def _store_task_tree(
    session: Session, plan: Plan, extracted: ExtractedReport
) -> tuple[int, list[str]]:
    """Insert the extracted tasks (pre-order, so a parent always comes before its children).

    Returns:
        The number of tasks and, one line each, the titles and indicator names shortened.
    """
    by_code: dict[str, Task] = {}
    positions: dict[str | None, int] = {}
    shortened: list[str] = []
    for item in extracted.tasks:
        parent = by_code.get(item.parent) if item.parent else None
        position = positions.get(item.parent, 0)
        positions[item.parent] = position + 1
        task = Task(
            plan=plan,
            parent=parent,
            position=position,
            code=item.code,
            title=_shorten(item.title, MAX_TITLE_LENGTH, f"任务 {item.code} 的标题", shortened),
            text=item.text,
            deadline=item.deadline,
            # The extraction's proposal (常态化 for a principle); the user can change it.
            kind=item.task_kind.value,
            indicators=[
                Indicator(
                    position=i,
                    name=_shorten(
                        ind.name,
                        MAX_INDICATOR_NAME_LENGTH,
                        f"任务 {item.code} 的第 {i + 1} 个指标名称",
                        shortened,
                    ),
                    value=ind.value,
                    value_max=ind.value_max,
                    baseline=ind.baseline,
                    unit=ind.unit,
                    comparator=str(ind.comparator),
                    text=ind.text,
                )
                for i, ind in enumerate(item.indicators)
            ],
            suggestions=[
                DepartmentSuggestion(department_name=d.name, role=d.role, keyword=d.keyword)
                for d in item.departments
            ],
        )
        by_code[item.code] = task
    session.add_all(by_code.values())
    session.flush()
    return len(by_code), shortened


def checked_year(year: int | str) -> int:
    """A plan year as plans store it: an integer 2000–2100.

    Raises:
        ValidationError: not an integer, or outside 2000–2100 (the message names it).
    """
    try:
        clean = int(str(year).strip())
    except ValueError as err:
        raise ValidationError(f"年度必须是整数：{year}") from err
    if clean not in PLAN_YEARS:
        raise ValidationError(f"年度应在 {PLAN_YEARS.start} 到 {PLAN_YEARS.stop - 1} 之间：{year}")
    return clean


def create_plan(
    session: Session,
    *,
    title: str,
    year: int | str,
    source: PlanSource | str,
    actor: str,
    source_text: str | None = None,
) -> PlanSummary:
    """Create an empty plan (任务清单) to which tasks are added by hand.

    Raises:
        ValidationError: empty title, a year outside 2000–2100, an unknown source.
    """
    clean_title = validation.require_text(title, "计划名称", 200)
    clean_year = checked_year(year)
    try:
        clean_source = PlanSource(str(source).strip())
    except ValueError as err:
        allowed = "、".join(s.value for s in PlanSource)
        raise ValidationError(f"任务来源只能是 {allowed}：{source}") from err
    plan = Plan(
        title=clean_title,
        year=clean_year,
        source=clean_source.value,
        source_text=(source_text or "").strip() or None,
    )
    session.add(plan)
    session.flush()
    audit.record(session, actor, "create", "plan", plan.id, new=clean_title)
    return _summary(plan, 0)


def latest_plan_id(session: Session) -> int:
    """The id of the newest plan (the default of commands that take ``--plan``).

    Raises:
        NotFoundError: there is no plan yet.
    """
    plan_id = session.scalar(
        select(Plan.id).where(Plan.deleted_at.is_(None)).order_by(Plan.year.desc(), Plan.id.desc())
    )
    if plan_id is None:
        raise NotFoundError("还没有任务清单，请先导入报告或新建计划")
    return plan_id


def add_imported_plan(session: Session, plan: Plan, duplicate: str) -> None:
    """Insert an imported plan; a file imported twice is a DuplicateError saying ``duplicate``.

    The callers look the file's hash up first; this catches another user who imported the
    same file between that check and this insert (the hash is unique).
    """
    session.add(plan)
    try:
        session.flush()
    except IntegrityError as err:
        raise DuplicateError(duplicate) from err
