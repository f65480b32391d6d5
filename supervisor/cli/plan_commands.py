"""``import-report``, ``plans`` and ``tasks``."""

from __future__ import annotations

import argparse
from pathlib import Path

from supervisor.cli.common import (
    actor,
    add_plan_option,
    add_source_option,
    add_user_option,
    plan_id,
    print_table,
    transaction,
)
from supervisor.cli.extract_commands import add_department_table_option, department_table
from supervisor.domain import PlanSource, TaskKind
from supervisor.extract.outline import short_label
from supervisor.services import plans, tasks


def register(commands: argparse._SubParsersAction) -> None:
    """Add the plan commands."""
    imp = commands.add_parser(
        "import-report", help="导入政府工作报告（.txt/.docx/.pdf），生成任务清单"
    )
    imp.add_argument("file", type=Path, help="报告文件")
    add_source_option(imp, PlanSource.WORK_REPORT)
    add_user_option(imp)
    add_department_table_option(imp)
    imp.set_defaults(handler=_import_report)

    lst = commands.add_parser("plans", help="列出任务清单（年度计划）")
    lst.set_defaults(handler=_plans)

    tsk = commands.add_parser("tasks", help="列出一个任务清单的任务")
    add_plan_option(tsk)
    tsk.set_defaults(handler=_tasks)


def _import_report(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        plan = plans.import_report(
            session,
            args.file,
            actor=actor(args),
            source=PlanSource(args.source),
            departments=department_table(args),
        )
    print(f"已导入：《{plan.title}》（计划编号 {plan.id}，{plan.task_count} 项任务）")
    if plan.routine_count:
        print(
            f"其中 {plan.routine_count} 项为原则性要求，已标为常态化（不考核）；"
            "如需考核，可用 task kind 任务 考核 修改"
        )
    return 0


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
