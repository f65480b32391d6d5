"""``plan new``, ``task add|edit|split|move|delete|restore|show`` and ``indicator``."""

from __future__ import annotations

import argparse
import re

from supervisor.cli.common import (
    TASK_HELP,
    actor,
    add_command,
    add_group,
    add_plan_option,
    add_source_option,
    add_task_argument,
    add_user_option,
    changes,
    done,
    format_table,
    from_args,
    plan_id,
    print_table,
    task_id,
    transaction,
    versioned,
)
from supervisor.domain import PlanSource, TaskKind
from supervisor.errors import ValidationError
from supervisor.extract.labels import short_label
from supervisor.services import plans, tasks
from supervisor.services.tasks import IndicatorInput, TaskDetail

INDICATOR_HELP = (
    "指标：名称,目标值[,单位[,比较方式]]，如 重点项目,102,个 或 GDP增长,6.5-7,%% ；"
    "比较方式 = >= <= ~ range（目标值写成 a-b 时为区间）"
)


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``plan``, ``task`` and ``indicator``."""
    plan_actions = add_group(commands, "plan", "新建任务清单（计划）")
    new = add_command(plan_actions, _plan_new, "new", help="新建一个空的任务清单，再逐项添加任务")
    new.add_argument("--title", required=True, help="计划名称，如 2020年重点任务")
    new.add_argument("--year", required=True, help="年度，如 2020")
    add_source_option(new, PlanSource.OTHER)
    add_user_option(new)

    actions = add_group(commands, "task", "任务：添加、修改、拆分、移动、删除、恢复、查看")

    add = add_command(actions, _task_add, "add", help="添加任务")
    add_plan_option(add)
    add.add_argument("--title", required=True, help="任务名称")
    add.add_argument("--parent", help=f"上级任务（{TASK_HELP}）；不给则为顶层任务")
    add.add_argument("--code", help="任务编号（默认：接在同级任务之后自动编号）")
    add.add_argument("--text", default="", help="任务原文")
    add.add_argument("--leader", help="责任领导")
    add.add_argument("--start", help="开始日期（默认：计划年度1月1日）")
    add.add_argument("--deadline", help="完成时限，如 2020-12-31")
    add.add_argument("--position", type=int, help="在同级任务中的位置（从 1 起；默认：最后）")
    add.add_argument("--indicator", action="append", default=[], help=INDICATOR_HELP)
    add_user_option(add)

    edit = add_command(
        actions, _task_edit, "edit", help="修改任务的名称、原文、编号、责任领导或日期"
    )
    add_task_argument(edit)
    edit.add_argument("--title", help="任务名称")
    edit.add_argument("--text", help="任务原文")
    edit.add_argument("--code", help="任务编号")
    edit.add_argument("--leader", help="责任领导（空字符串清除）")
    edit.add_argument("--start", dest="start_date", help="开始日期（空字符串清除）")
    edit.add_argument("--deadline", help="完成时限（空字符串清除）")
    add_version_option(edit)

    split = add_command(
        actions, _task_split, "split", help="把任务细化为若干子任务（继承分工和时限）"
    )
    add_task_argument(split)
    split.add_argument("titles", nargs="+", metavar="子任务名称", help="每个子任务的名称")
    add_version_option(split)

    move = add_command(actions, _task_move, "move", help="移动任务（连同其子任务）")
    add_task_argument(move)
    target = move.add_mutually_exclusive_group(required=True)
    target.add_argument("--parent", help=f"新的上级任务（{TASK_HELP}）")
    target.add_argument("--top", action="store_true", help="移为顶层任务")
    move.add_argument("--position", type=int, help="在新同级任务中的位置（从 1 起；默认：最后）")
    add_version_option(move)

    delete = add_command(
        actions, _task_delete, "delete", help="删除任务及其子任务（可用 restore 恢复）"
    )
    add_task_argument(delete)
    add_version_option(delete)

    restore = add_command(
        actions, _task_restore, "restore", help="恢复被删除的任务（连同一起删除的子任务）"
    )
    add_task_argument(restore)

    deleted = add_command(
        actions, _task_deleted, "deleted", help="列出已删除、可恢复的任务（最近删除的在前）"
    )
    add_plan_option(deleted)

    kind = add_command(
        actions,
        _task_kind,
        "kind",
        help="任务类型：考核（按序时进度预警）或 常态化（不考核，不计入统计和排名）",
    )
    add_task_argument(kind)
    kind.add_argument("kind", metavar="类型", help="考核，或 常态化（也可写 不考核）")
    add_version_option(kind)

    show = add_command(actions, _task_show, "show", help="查看一项任务的分工和指标")
    add_task_argument(show, user=False)

    ind_actions = add_group(commands, "indicator", "任务的指标：添加、修改、删除")
    ind_add = add_command(ind_actions, _indicator_add, "add", help="给任务添加指标")
    add_task_argument(ind_add)
    ind_add.add_argument("spec", metavar="指标", help=INDICATOR_HELP)
    add_version_option(ind_add)
    ind_edit = add_command(
        ind_actions, _indicator_edit, "edit", help="修改指标（编号见 task show）"
    )
    ind_edit.add_argument("indicator_id", type=int, metavar="指标ID", help="指标 ID")
    ind_edit.add_argument("--name", help="指标名称")
    ind_edit.add_argument("--value", help="目标值")
    ind_edit.add_argument("--max", dest="value_max", help="目标上限（区间目标）")
    ind_edit.add_argument("--unit", help="单位")
    ind_edit.add_argument("--comparator", help="比较方式：= >= <= ~ range")
    add_plan_option(ind_edit)
    add_user_option(ind_edit)
    add_version_option(ind_edit)
    ind_delete = add_command(ind_actions, _indicator_delete, "delete", help="删除指标")
    ind_delete.add_argument("indicator_id", type=int, metavar="指标ID", help="指标 ID")
    add_plan_option(ind_delete)
    add_user_option(ind_delete)
    add_version_option(ind_delete)


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """``--version N``: the version the user last saw; a newer one means a conflict."""
    parser.add_argument(
        "--expect-version",
        dest="version",
        type=int,
        help="读取时的任务版本号（见 task show）；任务已被他人修改时拒绝保存",
    )


def parse_indicator(spec: str) -> IndicatorInput:
    """``名称,目标值[,单位[,比较方式]]`` (Chinese commas too) as an indicator to add."""
    parts = [part.strip() for part in re.split("[,，]", spec)]
    if len(parts) < 2 or len(parts) > 4:
        raise ValidationError(f"指标格式应为 名称,目标值[,单位[,比较方式]]：{spec}")
    name, target = parts[0], parts[1]
    unit = parts[2] if len(parts) > 2 else ""
    comparator = parts[3] if len(parts) > 3 else ""
    value: str = target
    value_max: str | None = None
    ranged = re.fullmatch(r"\s*(-?[\d.]+)\s*[-—～~到]\s*([\d.]+)\s*", target)
    if ranged:
        value, value_max = ranged.group(1), ranged.group(2)
        comparator = comparator or "range"
    return IndicatorInput(name, value, value_max, unit, comparator or "=")


def print_task(task: TaskDetail) -> None:
    """The fields and indicators of a task."""
    print(f"任务 {task.code} {task.title}（ID #{task.id}，版本 {task.version}）")
    lines = [
        ("责任领导", task.leader or ""),
        ("牵头单位", task.lead_department or ""),
        ("配合单位", "、".join(task.co_departments)),
        ("开始日期", task.start_date or ""),
        ("完成时限", task.deadline or ""),
        ("任务类型", task.kind),
    ]
    if task.deleted_at is not None:
        lines.append(("已删除", task.deleted_at.strftime("%Y-%m-%d %H:%M")))
    for label, value in lines:
        print(f"  {label}：{value}")
    if task.indicators:
        print(
            format_table(
                ["指标ID", "指标", "比较", "目标值", "上限", "单位"],
                [
                    (i.id, i.name, i.comparator, f"{i.value:g}", _g(i.value_max), i.unit)
                    for i in task.indicators
                ],
            )
        )


def _g(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _position(value: int | None) -> int | None:
    if value is None:
        return None
    if value < 1:
        raise ValidationError(f"位置从 1 起：{value}")
    return value - 1


def _plan_new(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        plan = plans.create_plan(
            session, title=args.title, year=args.year, source=args.source, actor=actor(args)
        )
    return done(f"已新建计划：《{plan.title}》（计划编号 {plan.id}）")


def _task_add(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        plan = plan_id(session, args)
        parent = tasks.resolve_task(session, plan, args.parent) if args.parent else None
        task = tasks.add_task(
            session,
            plan,
            parent_id=parent,
            start_date=args.start,
            position=_position(args.position),
            indicators=[parse_indicator(spec) for spec in args.indicator],
            actor=actor(args),
            **from_args(args, "title", "code", "text", "leader", "deadline"),
        )
    return done(f"已添加任务 {task.code} {task.title}（ID #{task.id}）")


def _task_edit(args: argparse.Namespace) -> int:
    given = changes(
        args, ("title", "text", "code", "leader", "start_date", "deadline"), "--title、--deadline"
    )
    with transaction(args) as session:
        target = task_id(session, args)
        version = tasks.edit_task(session, target, **versioned(args), **given)
        task = tasks.get_task(session, target)
    return done(f"已修改任务 {task.code} {task.title}（版本 {version}）")


def _task_split(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        children = tasks.split_task(session, task_id(session, args), args.titles, **versioned(args))
    for child in children:
        print(f"已添加子任务 {child.code} {child.title}（ID #{child.id}）")
    return 0


def _task_move(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        target = task_id(session, args)
        parent = None if args.top else task_id(session, args, args.parent)
        task = tasks.move_task(
            session, target, parent_id=parent, position=_position(args.position), **versioned(args)
        )
    return done(f"已移动任务 {task.code} {task.title}")


def _task_delete(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        target = task_id(session, args)
        task = tasks.get_task(session, target)
        count = tasks.delete_task(session, target, **versioned(args))
    return done(
        f"已删除任务 {task.code} {task.title}（共 {count} 项，可用 task restore #{task.id} 恢复）"
    )


def _task_restore(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        target = task_id(session, args, include_deleted=True)
        count = tasks.restore_task(session, target, actor=actor(args))
        task = tasks.get_task(session, target)
    return done(f"已恢复任务 {task.code} {task.title}（共 {count} 项）")


def _task_deleted(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        listed = tasks.deleted_tasks(session, plan_id(session, args))
    return print_table(
        ["恢复用", "编号", "任务", "删除时间（UTC）", "任务数"],
        [
            (
                f"#{d.id}",
                d.code,
                short_label(d.title, 30),
                f"{d.deleted_at:%Y-%m-%d %H:%M}",
                d.count,
            )
            for d in listed
        ],
        empty="没有已删除的任务",
    )


def _task_kind(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        task = tasks.set_task_kind(session, task_id(session, args), args.kind, **versioned(args))
    note = "，不计入序时进度、统计和排名" if task.kind == TaskKind.ROUTINE else ""
    return done(f"任务 {task.code} {task.title} 的类型：{task.kind}{note}（版本 {task.version}）")


def _task_show(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        task = tasks.get_task(
            session, task_id(session, args, include_deleted=True), include_deleted=True
        )
    print_task(task)
    return 0


def _indicator_add(args: argparse.Namespace) -> int:
    item = parse_indicator(args.spec)
    with transaction(args) as session:
        info = tasks.add_indicator(session, task_id(session, args), item, **versioned(args))
    return done(f"已添加指标 {info.name}（指标ID {info.id}）")


def _indicator_edit(args: argparse.Namespace) -> int:
    given = changes(args, ("name", "value", "value_max", "unit", "comparator"), "--name、--value")
    with transaction(args) as session:
        info = tasks.edit_indicator(session, args.indicator_id, **versioned(args), **given)
    return done(f"已修改指标 {info.name}（指标ID {info.id}）")


def _indicator_delete(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        tasks.delete_indicator(session, args.indicator_id, **versioned(args))
    return done(f"已删除指标 {args.indicator_id}")
