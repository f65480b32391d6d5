"""``assign``, ``departments`` and ``suggestions``: who does what."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from supervisor.cli.common import (
    TASK_HELP,
    actor,
    add_command,
    add_group,
    add_plan_option,
    add_user_option,
    done,
    from_args,
    plan_id,
    print_table,
    task_id,
    transaction,
)
from supervisor.domain import DepartmentKind
from supervisor.errors import ValidationError
from supervisor.services import assignment, departments, keyword_table


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``assign``, ``departments`` and ``suggestions``."""
    assign = add_command(
        commands, _assign, "assign", help="分工：牵头单位、配合单位、责任领导、完成时限（可批量）"
    )
    assign.add_argument("tasks", nargs="+", metavar="任务", help=TASK_HELP + "；可给多个")
    add_plan_option(assign)
    assign.add_argument("--subtree", action="store_true", help="连同所选任务的全部子任务")
    assign.add_argument("--lead", help="牵头单位（空字符串清除）")
    co = assign.add_mutually_exclusive_group()
    co.add_argument("--co", help="配合单位，用逗号或顿号分隔（替换原有配合单位）")
    co.add_argument("--no-co", action="store_true", help="清除配合单位")
    assign.add_argument("--leader", help="责任领导（空字符串清除）")
    assign.add_argument("--deadline", help="完成时限，如 2020-12-31")
    add_user_option(assign)

    actions = add_group(commands, "departments", "单位：列出、添加、改名、合并", default=_list)
    add_command(actions, _list, "list", help="列出单位及其牵头、配合的任务数（默认操作）")
    add = add_command(actions, _add, "add", help="添加单位")
    add.add_argument("name", metavar="名称", help="单位全称")
    add.add_argument("--short", help="简称")
    add.add_argument(
        "--kind",
        choices=[k.value for k in DepartmentKind],
        default=DepartmentKind.MUNICIPAL.value,
        help="类别（默认：市直部门）",
    )
    add.add_argument("--contact", help="联系人及电话")
    add_user_option(add)
    rename = add_command(actions, _rename, "rename", help="单位改名（任务随之更新）")
    rename.add_argument("name", metavar="原名称")
    rename.add_argument("new_name", metavar="新名称")
    add_user_option(rename)
    merge = add_command(
        actions,
        _merge,
        "merge",
        help="合并同一单位的两个名称：前者的任务、催办并入后者，前者成为别名",
    )
    merge.add_argument("source", metavar="被合并的名称")
    merge.add_argument("target", metavar="保留的名称")
    add_user_option(merge)
    keywords = add_command(
        actions,
        _keywords,
        "keywords",
        help="本单位的关键词表（建议牵头单位用）：查看；给出文件则导入并保存，--clear 改回自带表",
    )
    keywords.add_argument(
        "file", nargs="?", type=Path, metavar="CSV/XLSX", help="单位名称、别名、关键词列的表"
    )
    keywords.add_argument("--clear", action="store_true", help="删除本单位的表，改用软件自带的表")
    add_user_option(keywords)

    sug_actions = add_group(
        commands,
        "suggestions",
        "报告提取出的建议单位：查看、采纳",
        default=_suggestions,
        include_accepted=False,
        plan=None,
    )
    sug_list = add_command(sug_actions, _suggestions, "list", help="列出待采纳的建议（默认操作）")
    add_plan_option(sug_list)
    sug_list.add_argument("--all", dest="include_accepted", action="store_true", help="含已采纳")
    accept = add_command(
        sug_actions, _accept, "accept", help="采纳建议：给出建议ID，或 --all 全部采纳"
    )
    accept.add_argument("ids", nargs="*", type=int, metavar="建议ID")
    accept.add_argument("--all", dest="accept_all", action="store_true", help="采纳全部待采纳建议")
    add_plan_option(accept)
    add_user_option(accept)


def _names(text: str) -> list[str]:
    return [name for name in (part.strip() for part in re.split("[,，、;；]", text)) if name]


def _assign(args: argparse.Namespace) -> int:
    co = [] if args.no_co else (_names(args.co) if args.co is not None else None)
    with transaction(args) as session:
        ids = [task_id(session, args, ref) for ref in args.tasks]
        result = assignment.assign(
            session,
            ids,
            co=co,
            actor=actor(args),
            **from_args(args, "lead", "leader", "deadline", "subtree"),
        )
    return done(f"已分工：{len(result.task_ids)} 项任务，其中 {result.changed} 项有变化")


def _list(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        rows = departments.list_departments(session)
    return print_table(
        ["名称", "简称", "类别", "牵头", "配合", "别名"],
        [
            (d.name, d.short_name or "", d.kind, d.lead_tasks, d.co_tasks, "、".join(d.aliases))
            for d in rows
        ],
        empty="还没有单位。用 departments add 添加，或用 suggestions accept 采纳建议。",
    )


def _keywords(args: argparse.Namespace) -> int:
    if args.clear and args.file:
        raise ValidationError("--clear 与文件不能同时给出")
    with transaction(args) as session:
        if args.clear:
            cleared = keyword_table.clear_office_table(session, actor=actor(args))
            return done("已改用软件自带的关键词表" if cleared else "本来就在使用软件自带的关键词表")
        if args.file:
            table = keyword_table.load_office_table(session, args.file, actor=actor(args))
            print(f"已导入并保存本单位的关键词表“{table.file_name}”（{table.size} 个单位），")
            return done("以后导入报告时按此表建议牵头单位和配合单位")
        table = keyword_table.office_table(session)
    if table is None:
        print("使用软件自带的关键词表（按报告的市、省、国家级别）")
    else:
        loaded = table.loaded_at.strftime("%Y-%m-%d %H:%M")
        print(f"本单位的关键词表：{table.file_name}（{table.size} 个单位，{loaded} 导入）")
        print("、".join(table.names))
    return 0


def _add(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        info = departments.add_department(
            session,
            args.name,
            short_name=args.short,
            actor=actor(args),
            **from_args(args, "kind", "contact"),
        )
    return done(f"已添加单位：{info.name}")


def _rename(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        info = departments.rename_department(session, args.name, args.new_name, actor=actor(args))
    return done(f"已改名：{args.name} → {info.name}")


def _merge(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        result = departments.merge_departments(session, args.source, args.target, actor=actor(args))
    return done(
        f"已将“{result.source}”并入“{result.target}”：牵头任务 {result.lead_tasks} 项、"
        f"配合任务 {result.co_tasks} 项、催办 {result.urgings} 条"
    )


def _suggestions(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        rows = departments.list_suggestions(
            session, plan_id(session, args), pending_only=not args.include_accepted
        )
    role = {"lead": "牵头", "co": "配合"}
    return print_table(
        ["建议ID", "任务", "建议单位", "角色", "关键词", "已采纳"],
        [
            (
                s.id,
                f"{s.task_code} {s.task_title[:20]}",
                s.department_name,
                role.get(s.role, s.role),
                s.keyword,
                "是" if s.accepted_at else "",
            )
            for s in rows
        ],
        empty="没有待采纳的单位建议。",
    )


def _accept(args: argparse.Namespace) -> int:
    if args.accept_all == bool(args.ids):
        raise ValidationError("请给出要采纳的建议ID，或用 --all 采纳全部（二者选一）")
    with transaction(args) as session:
        accepted = departments.accept_suggestions(
            session,
            plan_id(session, args),
            None if args.accept_all else args.ids,
            actor=actor(args),
        )
    return done(f"已采纳 {len(accepted)} 条单位建议")
