"""``export xlsx``, ``export bulletin`` and ``export department``: reports as files."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from supervisor.archives import FileTooLargeError, read_regular_file
from supervisor.cli.common import (
    add_command,
    add_group,
    add_plan_option,
    date_type,
    period_type,
    plan_id,
    print_warnings,
    transaction,
)
from supervisor.errors import InputFileError
from supervisor.reports.office_fonts import ROLES
from supervisor.services import exports

# --kind values: the Chinese names users know, and ASCII ones for consoles that cannot type them.
KINDS = {
    "分工": exports.ASSIGNMENT,
    "周报": exports.PROGRESS,
    "assignment": exports.ASSIGNMENT,
    "progress": exports.PROGRESS,
}
_MAX_REQUIREMENTS_BYTES = 1_000_000


def register(commands: argparse._SubParsersAction) -> None:
    """Add the export commands."""
    kinds = add_group(
        commands,
        "export",
        "导出报表：任务分工方案/周进度表（Excel）、督查通报/单位通报（PDF）",
        metavar="报表",
    )

    xlsx = add_command(
        kinds,
        _export_xlsx,
        "xlsx",
        help="导出任务分工方案或周进度表（.xlsx）",
        description="导出任务分工方案（--kind 分工）或周进度表（--kind 周报）。"
        "指定 --period 或 --as-of 时按当时的数据导出（之后填报的进展不计入）。",
    )
    xlsx.add_argument(
        "--kind",
        required=True,
        choices=list(KINDS),
        metavar="{分工,周报}",
        help="分工：任务分工方案；周报：周进度表",
    )
    _add_common_options(xlsx)
    xlsx.add_argument("--department", metavar="单位", help="只导出该单位牵头或配合的任务")
    xlsx.add_argument(
        "--all-tasks",
        action="store_true",
        help="列出全部任务（含上级标题任务）；默认只列末级任务（统计口径）",
    )
    xlsx.add_argument(
        "--paper",
        choices=("A4", "A3"),
        default="A4",
        help="纸张：A4（默认，横向）或 A3（横向，文字列更宽）",
    )

    bulletin = add_command(
        kinds,
        _export_bulletin,
        "bulletin",
        help="导出督查通报（.pdf 或 Word .docx）",
        description="导出一期督查通报（公文格式）：总体情况、滞后任务、单位排名、主要指标、"
        "下步工作要求和附件清单。版头、主送、抄送、字体等取自设置（settings）。",
    )
    _add_common_options(bulletin)
    _add_bulletin_options(bulletin)

    department = add_command(
        kinds,
        _export_department,
        "department",
        help="导出一个单位的通报（.pdf 或 Word .docx）",
        description="导出一个单位的通报：牵头和配合任务、得分排名、需加快推进的任务。",
    )
    department.add_argument("name", metavar="单位", help="单位全称或简称")
    _add_common_options(department)
    _add_bulletin_options(department)


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    add_plan_option(parser)
    when = parser.add_mutually_exclusive_group()
    when.add_argument(
        "--period",
        type=period_type,
        metavar="报送期",
        help="报送期，如 2020-W12（第12周）或 2020-M06（6月）；按该期末的数据导出",
    )
    when.add_argument(
        "--as-of",
        dest="as_of",
        type=date_type,
        metavar="日期",
        help="截至日期，如 2020-06-30（默认：今天，限于计划年度内）",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="文件", help="输出文件路径"
    )


def _add_bulletin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--issue", type=_issue, metavar="N", help="期号（第N期；默认：本年度下一期）"
    )
    parser.add_argument(
        "--format",
        dest="file_format",
        choices=("pdf", "docx"),
        default=None,
        help="pdf（默认）或 docx（Word，可继续编辑）；默认按输出文件扩展名",
    )
    parser.add_argument(
        "--issue-date",
        dest="issue_date",
        type=date_type,
        metavar="日期",
        help="成文日期（默认：今天）；数据截止日期由 --period/--as-of 决定",
    )
    parser.add_argument(
        "--font",
        action="append",
        default=[],
        type=_font_choice,
        metavar="角色=字体",
        help="指定某一角色的字体，可重复：title 标题、body 正文、heading 一级标题、"
        "subheading 二级标题、page_number 页码；字体为 auto、shipped、字体名称（如 仿宋_GB2312）"
        "或字体文件",
    )
    text = parser.add_mutually_exclusive_group()
    text.add_argument("--requirements", default="", metavar="文字", help="下步工作要求")
    text.add_argument(
        "--requirements-file",
        type=Path,
        metavar="文件",
        help="从文本文件读取下步工作要求（UTF-8 或 GBK）",
    )


def _font_choice(text: str) -> tuple[str, str]:
    role, sep, face = text.partition("=")
    role, face = role.strip(), face.strip()
    if not sep or not face:
        raise argparse.ArgumentTypeError(f"字体应写成 角色=字体，如 body=仿宋_GB2312：{text}")
    if role not in ROLES:
        raise argparse.ArgumentTypeError(f"没有名为 {role} 的字体角色；可用：{'、'.join(ROLES)}")
    return role, face


def _file_format(args: argparse.Namespace) -> str:
    """--format, else the output's extension (.docx means Word), else PDF."""
    if args.file_format:
        return args.file_format
    return "docx" if args.output.suffix.lower() == ".docx" else "pdf"


def _issue(text: str) -> int:
    try:
        number = int(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"期号必须是正整数：{text}") from err
    if number < 1:
        raise argparse.ArgumentTypeError(f"期号必须是正整数：{text}")
    return number


def requirements_text(args: argparse.Namespace) -> str:
    """The 下步工作要求 from ``--requirements`` or ``--requirements-file``.

    Raises:
        InputFileError: the file is missing, too large or not text.
    """
    path: Path | None = args.requirements_file
    if path is None:
        return args.requirements
    try:
        # Stops at the limit while reading; FIFOs and devices (/dev/zero) are refused unread.
        data = read_regular_file(path, _MAX_REQUIREMENTS_BYTES)
    except FileTooLargeError as err:
        raise InputFileError(f"文件“{path}”太大，下步工作要求应是一段文字") from err
    except InputFileError as err:
        raise InputFileError(f"无法读取文件“{path}”：{err}") from err
    # Notepad on older Windows saves GBK, newer saves UTF-8 (with or without a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise InputFileError(f"文件“{path}”不是 UTF-8 或 GBK 编码的文本文件")


def _report(result: exports.ExportResult) -> None:
    extent = f"{result.rows} 项任务"
    if result.pages is not None:
        extent += f"，{result.pages} 页"
    when = f"{result.period_label}，截至 {result.as_of.isoformat()}"
    if result.issue_number is not None:
        when = f"第{result.issue_number}期，{when}"
    print(f"已导出{result.kind}（{when}，{extent}）：")
    print(result.path)
    if result.faces:
        print("字体：" + "；".join(result.faces))
    print_warnings(result.warnings)


def _export(
    args: argparse.Namespace, export: Callable[..., exports.ExportResult], **options: object
) -> int:
    """Run one export with the common options (plan, output, period or date) and report it."""
    with transaction(args) as session:
        result = export(
            session,
            plan_id(session, args),
            path=args.output,
            as_of=args.as_of,
            period=args.period,
            **options,
        )
    _report(result)
    return 0


def _export_xlsx(args: argparse.Namespace) -> int:
    export = (
        exports.export_assignment_sheet
        if KINDS[args.kind] == exports.ASSIGNMENT
        else exports.export_progress_sheet
    )
    return _export(
        args,
        export,
        department=args.department,
        leaves_only=not args.all_tasks,
        paper=args.paper,
    )


def _bulletin_options(args: argparse.Namespace) -> dict[str, object]:
    return {
        "issue_number": args.issue,
        "requirements": requirements_text(args),
        "issue_date": args.issue_date,
        "fonts": dict(args.font),
        "file_format": _file_format(args),
    }


def _export_bulletin(args: argparse.Namespace) -> int:
    return _export(args, exports.export_bulletin, **_bulletin_options(args))


def _export_department(args: argparse.Namespace) -> int:
    return _export(
        args, exports.export_department_report, department=args.name, **_bulletin_options(args)
    )
