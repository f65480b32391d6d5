"""Command line: ``supervisor <command>``; every command calls the same services as the GUI."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from supervisor import __version__
from supervisor.errors import DamagedDatabaseError, SupervisorError, os_error_message
from supervisor.logs import log_unexpected, unexpected_error_message

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def command_modules() -> tuple[ModuleType, ...]:
    """The modules that register the commands, in the order ``--help`` lists them."""
    # Imported on use: main.py asks wants_gui() first, and the GUI must not wait for the
    # workbook, PDF and extraction libraries that the commands import.
    from supervisor.cli import (
        db_commands,
        dept_commands,
        export_commands,
        extract_commands,
        fillin_commands,
        plan_commands,
        progress_commands,
        task_commands,
    )

    return (
        db_commands,
        extract_commands,
        plan_commands,
        task_commands,
        dept_commands,
        progress_commands,
        export_commands,
        fillin_commands,
    )


class _ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its help and usage errors in Chinese (errors still exit with code 2)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：参数错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser."""
    parser = _ChineseArgumentParser(
        prog="supervisor",
        description="重点任务督查督办：把政府工作报告变成可跟踪的重点任务。不带命令时启动图形界面。",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出"
    )
    add_database_option(parser)
    commands = parser.add_subparsers(
        dest="command", metavar="命令", parser_class=_ChineseArgumentParser
    )
    for module in command_modules():
        module.register(commands)
    return parser


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """``--db URL``: shared by the command line and the GUI launcher."""
    parser.add_argument(
        "--db",
        metavar="URL",
        help="数据库：SQLAlchemy URL 或 SQLite 文件路径（默认：环境变量 SUPERVISOR_DB，"
        "否则为用户数据文件夹中的 supervisor.sqlite）",
    )


def wants_gui(argv: Sequence[str]) -> bool:
    """True when the arguments name no command (only ``--db``): the GUI should start."""
    rest = list(argv)
    while rest and rest[0].startswith("--db"):
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    return not rest


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code: 0 ok, 1 error, 2 usage."""
    _use_replacing_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except DamagedDatabaseError as err:
        print(f"错误：{_damaged_message(err)}", file=sys.stderr)
        return EXIT_ERROR
    except SupervisorError as err:
        print(f"错误：{err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. ``| head``) went away: not an error of ours. Point stdout at devnull
        # so the interpreter's final flush does not fail again (Python docs, "SIGPIPE").
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:
        # Disk full, a read-only or vanished folder: the user's to fix, not a bug to log.
        print(f"错误：{os_error_message(err)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:
        from supervisor.services.database import database_error_message

        message = database_error_message(err)
        if message is not None:
            print(f"错误：{message}", file=sys.stderr)
            return EXIT_ERROR
        log_path = log_unexpected(err, f"command {args.command} failed")
        print(unexpected_error_message(log_path), file=sys.stderr)
        return EXIT_ERROR


def _damaged_message(err: DamagedDatabaseError) -> str:
    # Raised deep in the database layer the error cannot name a backup; the service can.
    if err.final or err.path is None:
        return str(err)
    from supervisor.services.database import damaged

    return str(damaged(Path(str(err.path)), err.detail))


def _use_replacing_stdio() -> None:
    # A Windows console may be GBK: an unprintable character must not abort the command.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
