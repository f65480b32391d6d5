"""Start 重点任务督查督办: the GUI without a command, the command line with one."""

from __future__ import annotations

import sys


def main() -> int:
    """Dispatch to the GUI or the command line."""
    from supervisor import cli

    argv = sys.argv[1:]
    if cli.wants_gui(argv):
        from supervisor.ui.app import main as gui_main

        return gui_main(argv)
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
