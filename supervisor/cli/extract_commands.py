"""``extract FILE [--json]``: the task tree of a report, without touching the database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from supervisor.archives import check_regular_file
from supervisor.cli.common import add_command, plan_year_type
from supervisor.extract import DepartmentTable, extract_report, format_outline, to_contract_dict
from supervisor.extract.departments import DEFAULT_TABLE, load_department_table
from supervisor.extract.source import read_report_file

# A city's keyword table is a few hundred rows; 5 MB is far beyond one.
MAX_DEPARTMENT_TABLE_BYTES = 5 * 1024 * 1024


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``extract`` command."""
    extract = add_command(
        commands,
        _extract,
        "extract",
        help="从报告中提取任务、指标、完成时限和建议责任单位（不写入数据库）",
    )
    add_report_arguments(extract)
    extract.add_argument("--json", action="store_true", help="输出 JSON（UTF-8）")


def _extract(args: argparse.Namespace) -> int:
    source = read_report_file(args.file)
    table = department_table(args)
    report = extract_report(source.text, table, year=args.year)
    if args.json:
        payload = json.dumps(to_contract_dict(report), ensure_ascii=False, indent=2)
        # The contract is UTF-8 whatever the console's code page is.
        sys.stdout.flush()
        sys.stdout.buffer.write(payload.encode("utf-8") + b"\n")
        sys.stdout.buffer.flush()
    else:
        print(format_outline(report))
    return 0


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """What extracting a report reads: the report FILE and ``--departments FILE``, a city's own
    keyword table laid over the shipped one (see ``department_table``)."""
    parser.add_argument("file", type=Path, help="报告文件（.txt/.docx/.pdf）")
    parser.add_argument(
        "--year",
        type=plan_year_type,
        help="计划年度（仅在报告中找不到年份时使用，如只写“今年”的网页摘录）",
    )
    parser.add_argument(
        "--departments",
        type=Path,
        action="append",
        metavar="CSV/XLSX",
        help=(
            "本市的单位关键词表（CSV 或 Excel：单位名称、别名、关键词列，可多次给出），"
            "叠加在软件自带的通用表之上"
        ),
    )


def department_table(args: argparse.Namespace) -> DepartmentTable | None:
    """The shipped table with the files given by ``--departments`` laid over it.

    ``None`` without ``--departments``: extraction then picks the shipped table of the
    report's level (city, province or State Council).
    """
    if not args.departments:
        return None
    for path in args.departments:
        check_regular_file(path, MAX_DEPARTMENT_TABLE_BYTES, what="单位关键词表")
    return load_department_table([DEFAULT_TABLE, *args.departments])
