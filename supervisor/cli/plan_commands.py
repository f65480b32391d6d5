"""``import-report``, ``import-plan``, ``plans`` and ``tasks``."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from openpyxl.utils import column_index_from_string

from supervisor.cli.common import (
    actor,
    add_command,
    add_plan_option,
    add_source_option,
    add_user_option,
    done,
    plan_id,
    plan_year_type,
    print_table,
    shorten,
    transaction,
)
from supervisor.cli.extract_commands import add_report_arguments, department_table
from supervisor.domain import PlanSource, TaskKind
from supervisor.errors import ValidationError
from supervisor.extract.labels import short_label
from supervisor.services import plan_import, plans, tasks


def register(commands: argparse._SubParsersAction) -> None:
    """Add the plan commands."""
    imp = add_command(
        commands,
        _import_report,
        "import-report",
        help="导入政府工作报告（.txt/.docx/.pdf），生成任务清单",
    )
    add_report_arguments(imp)
    add_source_option(imp, PlanSource.WORK_REPORT)
    add_user_option(imp)

    sheet = add_command(
        commands,
        _import_plan,
        "import-plan",
        help="导入本单位已有的任务分工方案（.xlsx/.xls）：先预览，加 --yes 才写入",
        description="读取手工制作的任务分工方案表：自动找到表头，按中文列名识别各列"
        "（可用 --columns 更改），列出将导入的任务和系统中没有的单位。不加 --yes 时只预览；"
        "加 --yes 时全部导入，有任何错误都不导入。",
    )
    sheet.add_argument("file", type=Path, help="分工方案文件（.xlsx 或 .xls）")
    sheet.add_argument("--year", type=plan_year_type, help="计划年度（默认：从标题或完成时限识别）")
    sheet.add_argument("--title", help="计划名称（默认：表格标题）")
    sheet.add_argument(
        "--columns",
        metavar="列名=列",
        help="更改列对应关系，如 重点任务=B,牵头单位=D,配合单位=E,完成时限=G",
    )
    sheet.add_argument(
        "--add-departments", action="store_true", help="确认新建系统中没有的单位后导入"
    )
    sheet.add_argument("--yes", action="store_true", help="确认导入（默认只预览）")
    add_source_option(sheet, PlanSource.WORK_REPORT)
    add_user_option(sheet)

    add_command(commands, _plans, "plans", help="列出任务清单（年度计划）")

    tsk = add_command(commands, _tasks, "tasks", help="列出一个任务清单的任务")
    add_plan_option(tsk)


def _import_report(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        plan = plans.import_report(
            session,
            args.file,
            actor=actor(args),
            source=PlanSource(args.source),
            departments=department_table(args),
            year=args.year,
        )
    print(f"已导入：《{plan.title}》（计划编号 {plan.id}，{plan.task_count} 项任务）")
    if plan.routine_count:
        print(
            f"其中 {plan.routine_count} 项为原则性要求，已标为常态化（不考核）；"
            "如需考核，可用 task kind 任务 考核 修改"
        )
    if plan.shortened:
        print(f"有 {len(plan.shortened)} 处文字过长，已截短保存（原文保留在任务全文中）：")
        for line in plan.shortened:
            print(f"  {line}")
    return 0


def _columns(text: str | None) -> dict[plan_import.Field, int] | None:
    """``重点任务=B,牵头单位=D`` → {Field.TASK: 2, Field.LEAD: 4}."""
    if not text:
        return None
    kinds = plan_import.Field
    names = {kind.value: kind for kind in kinds}
    names.update({"任务": kinds.TASK, "牵头": kinds.LEAD, "配合": kinds.CO, "时限": kinds.DEADLINE})
    mapping: dict[plan_import.Field, int] = {}
    for part in re.split(r"[,，;；\s]+", text.strip()):
        name, _, letter = part.partition("=")
        if name not in names or not re.fullmatch(r"[A-Za-z]{1,2}", letter):
            raise ValidationError(
                f"列对应关系“{part}”无法识别：应为 列名=列字母，如 重点任务=B；"
                f"列名可为 {'、'.join(names)}"
            )
        mapping[names[name]] = column_index_from_string(letter.upper())
    return mapping


def _import_plan(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        preview = plan_import.preview_plan_sheet(
            session, args.file, year=args.year, title=args.title, columns=_columns(args.columns)
        )
        _print_plan_preview(preview)
        if not args.yes:
            print("\n以上为预览，未写入任何内容。确认无误后加 --yes 导入。")
            return 0 if not preview.errors else 1
        plan = plan_import.import_plan_sheet(
            session,
            preview,
            actor=actor(args),
            add_departments=args.add_departments,
            source=args.source,
        )
    return done(f"\n已导入：《{plan.title}》（计划编号 {plan.id}，{plan.task_count} 项任务）")


def _print_plan_preview(preview: plan_import.PlanImportPreview) -> None:
    print(f"文件“{preview.path.name}”：《{preview.title}》，年度 {preview.year or '未知'}")
    rows = "、".join(map(str, preview.mapping.header_rows))
    print(f"表头在第{rows}行；列：{preview.mapping.describe()}")
    print_table(
        ["行", "编号", "任务", "牵头单位", "配合单位", "完成时限"],
        [
            (
                t.row,
                t.code,
                short_label(t.title, 30),  # ends at a phrase boundary
                t.lead or "",
                shorten("、".join(t.co), 24),
                "长期" if t.long_term else (t.deadline or ""),
            )
            for t in preview.tasks
        ],
        empty="没有读到任务。",
    )
    if preview.unknown_departments:
        print(
            f"系统中没有的单位（{len(preview.unknown_departments)} 个，加 --add-departments "
            f"确认新建）：{'、'.join(preview.unknown_departments)}"
        )
    for issue in preview.issues:
        print(f"{issue.severity.value}：{issue.message}")


def _plans(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        rows = plans.list_plans(session)
    return print_table(
        ["编号", "年度", "名称", "来源", "任务数", "文件"],
        [(p.id, p.year, p.title, p.source, p.task_count, p.file_name or "") for p in rows],
        empty="还没有任务清单。用 import-report 导入一份报告。",
    )


def _tasks(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        rows = tasks.list_tasks(session, plan_id(session, args))
    return print_table(
        ["编号", "任务", "牵头单位", "完成时限", "类型"],
        [
            (
                "  " * t.depth + t.code,
                short_label(t.title, 30),  # ends at a phrase boundary, never inside a word
                t.lead_department or "",
                t.deadline or "",
                "常态化" if t.kind == TaskKind.ROUTINE else "",
            )
            for t in rows
        ],
        empty="该计划没有任务。",
    )
