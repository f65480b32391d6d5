"""Helpers shared by the command modules: options, a transaction on the chosen database, tables."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from supervisor.domain import PlanSource
from supervisor.errors import ValidationError
from supervisor.services import plans, tasks
from supervisor.services.audit import default_actor, server_records_actor
from supervisor.services.database import Database, open_database
from supervisor.services.departments import find_department
from supervisor.services.periods import Period, parse_period

TASK_HELP = "任务：编号（如 2.3.1，见 tasks 命令）或 #ID"


# --- options ---------------------------------------------------------------------------------


def add_command(
    actions: argparse._SubParsersAction,
    handler: Callable[[argparse.Namespace], int],
    name: str,
    **options: object,
) -> argparse.ArgumentParser:
    """The command (or action) ``name``, run by ``handler``; ``options`` go to ``add_parser``."""
    parser = actions.add_parser(name, **options)
    parser.set_defaults(handler=handler)
    return parser


def add_group(
    commands: argparse._SubParsersAction,
    name: str,
    help_text: str,
    *,
    default: Callable[[argparse.Namespace], int] | None = None,
    metavar: str = "操作",
    **defaults: object,
) -> argparse._SubParsersAction:
    """A command group ``name ACTION``; its actions are added to what this returns.

    Args:
        default: The handler of the bare ``name`` (its list action); without one, an action
            must be named.
        defaults: Values the bare ``name`` sets that its list action's options would set.
    """
    group = commands.add_parser(name, help=help_text)
    if default is not None:
        group.set_defaults(handler=default, **defaults)
    return group.add_subparsers(
        dest=f"{name.replace('-', '_')}_command", metavar=metavar, required=default is None
    )


def add_plan_option(parser: argparse.ArgumentParser) -> None:
    """``--plan N``: which plan (default: the newest)."""
    parser.add_argument("--plan", type=int, help="计划编号（默认：最新的计划）")


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """``--user NAME``: who the audit log records (SQLite only: a server records its login)."""
    parser.add_argument(
        "--user",
        help="记入审计日志的操作人（默认：系统用户名；仅限 SQLite，PostgreSQL 由服务器记录登录名）",
    )


def add_task_argument(parser: argparse.ArgumentParser, *, user: bool = True) -> None:
    """The positional TASK and ``--plan`` (codes are looked up in that plan)."""
    parser.add_argument("task", metavar="任务", help=TASK_HELP)
    add_plan_option(parser)
    if user:
        add_user_option(parser)


def add_source_option(parser: argparse.ArgumentParser, default: PlanSource) -> None:
    """``--source``: where a plan's tasks come from."""
    parser.add_argument(
        "--source",
        choices=[s.value for s in PlanSource],
        default=default.value,
        help=f"任务来源（默认：{default.value}）",
    )


def add_as_of_option(parser: argparse.ArgumentParser) -> None:
    """``--as-of DATE``: the date to compute for (default: today)."""
    parser.add_argument("--as-of", dest="as_of", help="统计截至日期，如 2020-06-30（默认：今天）")


def add_department_filter(parser: argparse.ArgumentParser) -> None:
    """``--department NAME``: only the tasks that unit leads or supports (see ``department_id``)."""
    parser.add_argument("--department", help="只看该单位牵头或配合的任务")


def parse_date(text: str) -> dt.date:
    """A date typed as 年-月-日.

    Raises:
        ValidationError: not such a date.
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as err:
        raise ValidationError(f"日期格式应为 年-月-日（如 2020-06-30）：{text}") from err


def plan_year_type(text: str) -> int:
    """argparse type of a plan year: an integer 2000–2100, as plans store."""
    try:
        return plans.checked_year(text)
    except ValidationError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def date_type(text: str) -> dt.date:
    """``type=`` of a date option: a bad date is a usage error (exit code 2)."""
    try:
        return parse_date(text)
    except ValidationError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def period_type(text: str) -> Period:
    """``type=`` of a ``--period`` option: a bad key is a usage error (exit code 2)."""
    try:
        return parse_period(text)
    except ValidationError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


# --- values of the options -------------------------------------------------------------------


def as_of(args: argparse.Namespace) -> dt.date:
    """The ``--as-of`` date, or today."""
    value = getattr(args, "as_of", None)
    if not value:
        return dt.date.today()
    return parse_date(value)


def plan_id(session: Session, args: argparse.Namespace) -> int:
    """The plan named by ``--plan``, else the newest."""
    return args.plan if args.plan is not None else plans.latest_plan_id(session)


def task_id(session: Session, args: argparse.Namespace, ref: str | None = None, **kw: bool) -> int:
    """The id of the task named on the command line."""
    return tasks.resolve_task(session, args.plan, ref if ref is not None else args.task, **kw)


def department_id(session: Session, args: argparse.Namespace) -> int | None:
    """The unit named by ``--department``, or None when the option is not given."""
    return find_department(session, args.department).id if args.department else None


def from_args(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The options ``names`` as keywords of the service they go to, which names them alike."""
    return {name: getattr(args, name) for name in names}


def versioned(args: argparse.Namespace) -> dict[str, Any]:
    """The keywords of a change to what the user has seen: the version seen (``--version``;
    refused if the task changed since) and who makes the change."""
    return {"expected_version": args.version, "actor": actor(args)}


def changes(args: argparse.Namespace, fields: Sequence[str], options: str) -> dict[str, str]:
    """The fields the user gave a value for, each read from the option of the same name.

    Args:
        fields: The service's keywords, which are the options' names (dest).
        options: The options to name when none was given, e.g. "--title、--deadline".

    Raises:
        ValidationError: no field was given.
    """
    given = {key: value for key in fields if (value := getattr(args, key)) is not None}
    if not given:
        raise ValidationError(f"请至少指定一项要修改的内容（{options} 等）")
    return given


def actor(args: argparse.Namespace) -> str:
    """Who the change is recorded as: ``--user`` if the command has it, else the OS user.

    On PostgreSQL the server records its login whatever is passed here, so ``--user`` would
    only pretend: it is refused.

    Raises:
        ValidationError: ``--user`` on a PostgreSQL database.
    """
    user = getattr(args, "user", None)
    if user and server_records_actor(getattr(args, "db", None)):
        raise ValidationError(
            "PostgreSQL 数据库由服务器记录操作人（即登录数据库的用户名），不能用 --user 指定；"
            "请以自己的数据库用户登录"
        )
    return user or default_actor()


@contextmanager
def opened_database(args: argparse.Namespace, *, create: bool = False) -> Iterator[Database]:
    """The database named by ``--db``, open for the block and closed after it, whatever happens.

    Args:
        create: create a SQLite file that does not exist yet (``db init``/``db upgrade`` only).
    """
    database = open_database(args.db, create=create)
    try:
        yield database
    finally:
        database.close()


@contextmanager
def transaction(args: argparse.Namespace) -> Iterator[Session]:
    """One transaction on the database named by ``--db``: committed on success, else rolled back."""
    # A mistyped --db must not start an empty database: only `db init`/`db upgrade` create one.
    with opened_database(args) as database, database.sessions.begin() as session:
        yield session


# --- output ----------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` terminal columns, marking the cut with "…"."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table aligned for Chinese text."""
    cells = [[str(c) for c in headers], *([("" if c is None else str(c)) for c in r] for r in rows)]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        padded = [c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, empty: str) -> int:
    """Print ``rows`` as a table, or ``empty`` when there are none; the command's exit code."""
    print(format_table(headers, rows) if rows else empty)
    return 0


def done(message: str) -> int:
    """Print what a command did; the command's exit code (success)."""
    print(message)
    return 0


def print_warnings(warnings: Iterable[str]) -> None:
    """Notes for the user on stderr, so stdout keeps only what was written."""
    for warning in warnings:
        print(f"提示：{warning}", file=sys.stderr)
