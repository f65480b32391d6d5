"""``fillin export``/``import``/``missing``/``unsealed``: the 部门填报 round trip."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from supervisor.cli.common import (
    actor,
    add_command,
    add_group,
    add_plan_option,
    add_user_option,
    format_table,
    from_args,
    period_type,
    plan_id,
    print_warnings,
    shorten,
    transaction,
)
from supervisor.services import identity, roundtrip
from supervisor.services.periods import Period

EXIT_OK, EXIT_ERROR = 0, 1


def register(commands: argparse._SubParsersAction) -> None:
    """Add the fill-in commands."""
    actions = add_group(
        commands, "fillin", "部门填报：导出各单位填报表、导入回收的填报表、查看未报送单位"
    )

    export = add_command(
        actions,
        _export,
        "export",
        help="按单位导出填报表（每个单位一个 .xlsx，放入文件夹或一个 .zip）",
        description="为每个牵头或配合任务的单位导出一个填报表：任务信息列锁定，"
        "完成进度、进展情况、指标完成值等列供单位填写。",
    )
    _add_plan_and_period(export)
    export.add_argument(
        "--department",
        action="append",
        metavar="单位",
        help="只导出该单位的填报表，可多次给出（默认：所有有任务的单位）",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="文件夹|文件.zip",
        help="输出文件夹（不存在时创建）或 .zip 文件",
    )
    export.add_argument(
        "--return-by",
        metavar="日期",
        help="报送截止日期，印在每张填报表上（默认：周报为该周周五，月报为月末）",
    )

    imp = add_command(
        actions,
        _import,
        "import",
        help="导入回收的填报表：先预览，加 --yes 才写入",
        description="检查回收的填报表并列出每个文件将写入的变化和发现的问题。"
        "不加 --yes 时只预览；加 --yes 时在一个事务中全部导入，任一文件有错误则都不导入。",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="文件或文件夹", help="填报表或文件夹")
    _add_plan_and_period(imp, period_help="（默认：按文件中的报送期）")
    imp.add_argument("--yes", action="store_true", help="确认导入（默认只预览，不写入）")
    imp.add_argument(
        "--only-clean",
        action="store_true",
        help="与 --yes 同用：只导入没有错误的文件，跳过有错误的文件",
    )
    add_user_option(imp)

    missing = add_command(actions, _missing, "missing", help="列出某报送期尚未交回填报表的单位")
    _add_plan_and_period(missing)

    unsealed = add_command(
        actions,
        _unsealed,
        "unsealed",
        help="查看或设置是否接受旧版（无密封）填报表",
        description="自本系统首次导出带密封的填报表起，默认不再接受旧版（格式版本 1–3，无密封）"
        "填报表，因为无法核验其是否被改动、是否出自本数据库。仍有单位交回旧表时可临时允许。",
    )
    choice = unsealed.add_mutually_exclusive_group()
    choice.add_argument("--allow", action="store_true", help="接受旧版填报表（导入时提示）")
    choice.add_argument("--refuse", action="store_true", help="不再接受旧版填报表")


def _add_plan_and_period(
    parser: argparse.ArgumentParser, *, period_help: str = "（默认：当前报送期，限于计划年度内）"
) -> None:
    add_plan_option(parser)
    parser.add_argument(
        "--period",
        type=period_type,
        metavar="报送期",
        help=f"报送期，如 2020-W12（第12周）或 2020-M06（6月）{period_help}",
    )


def _period_text(period: Period) -> str:
    return f"{period.label}（{period.start.isoformat()} 至 {period.end.isoformat()}）"


def _export(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        result = roundtrip.export_fillin_workbooks(
            session,
            plan_id(session, args),
            args.output,
            departments=args.department,
            **from_args(args, "period", "return_by"),
        )
    print(f"已导出 {len(result.workbooks)} 个单位的填报表，报送期{_period_text(result.period)}：")
    print(
        format_table(
            ["单位", "任务数", "指标数", "文件"],
            [(w.department, w.tasks, w.indicators, w.file_name) for w in result.workbooks],
        )
    )
    print(f"保存位置：{result.target}")
    print_warnings(result.warnings)
    return EXIT_OK


def _print_preview(preview: roundtrip.ReturnPreview) -> None:
    print(
        f"导入到计划“{preview.plan_title}”（编号 {preview.plan_id}），"
        f"报送期{_period_text(preview.period)}"
    )
    for item in preview.files:
        who = item.department or "单位不明"
        state = "有错误，不能导入" if item.errors else f"{len(item.reports)} 项任务将新增进展"
        print(f"\n文件“{item.file_name}”（{who}）：{state}")
        contact = "　".join(
            f"{label}：{item.contact[key]}"
            for key, label in (("contact", "联系人"), ("phone", "联系电话"), ("reviewer", "审核"))
            if item.contact.get(key)
        )
        if contact:
            print(f"  {contact}")
        for report in item.reports:
            print(
                f"  任务 {report.code} {shorten(report.title, 40)}"
                f"（{report.role}，{report.report_date.isoformat()}）"
            )
            for change in report.changes:
                print(f"    {change.label}：{shorten(change.old, 40)} → {shorten(change.new, 40)}")
        for issue in item.issues:
            print(f"  {issue.severity.value}：{issue.message}")
    errors = len(preview.error_files)
    clean = len(preview.files) - errors
    print(f"\n共 {len(preview.files)} 个文件：可导入 {clean} 个，有错误 {errors} 个。")


def _import(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        preview = roundtrip.preview_returned(
            session, plan_id(session, args), args.paths, period=args.period
        )
        _print_preview(preview)
        errors = len(preview.error_files)
        if not args.yes:
            if errors:
                print(
                    f"错误：有 {errors} 个文件存在错误，请修改后重新导入"
                    "（或加 --yes --only-clean 只导入没有错误的文件）。",
                    file=sys.stderr,
                )
                return EXIT_ERROR
            print("以上为预览，未写入数据库；确认无误后加 --yes 导入。")
            return EXIT_OK
        if errors and not args.only_clean:
            print(
                f"错误：有 {errors} 个文件存在错误，本次未导入任何内容；"
                "请修改后重新导入，或加 --only-clean 只导入没有错误的文件。",
                file=sys.stderr,
            )
            return EXIT_ERROR
        result = roundtrip.apply_returned(
            session, preview, actor=actor(args), only_clean=args.only_clean
        )
    print(f"已导入 {len(result.files)} 个文件，新增 {result.reports} 条进展报送。")
    if result.skipped:
        print(
            f"错误：{len(result.skipped)} 个文件存在错误未导入：{'、'.join(result.skipped)}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return EXIT_OK


def _unsealed(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        if args.allow or args.refuse:
            identity.set_accepts_unsealed(session, args.allow)
        allowed = identity.accepts_unsealed(session)
    state = "接受（导入时提示无法核验）" if allowed else "不接受（请各单位使用重新导出的填报表）"
    print(f"旧版（无密封）填报表：{state}")
    return EXIT_OK


def _missing(args: argparse.Namespace) -> int:
    with transaction(args) as session:
        plan = plan_id(session, args)
        period = args.period or roundtrip.default_period(session, plan)
        names = roundtrip.missing_returns(session, plan, period)
    label = _period_text(period)
    if not names:
        print(f"报送期{label}：各单位均已交回填报表。")
        return EXIT_OK
    print(f"报送期{label}尚未交回填报表的单位（{len(names)} 个）：")
    for name in names:
        print(f"  {name}")
    return EXIT_OK
