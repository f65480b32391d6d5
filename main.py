"""Start 重点任务督查督办: the GUI without a command, the command line with one."""

from __future__ import annotations

import sys


def main() -> int:
    """Dispatch to the GUI or the command line; ``--portable`` keeps data beside the program."""
    from supervisor import cli, paths

    argv, portable = paths.strip_portable_option(sys.argv[1:])
    if portable:
        # Before dispatch: the data folder is read lazily, so both the GUI and every command
        # see it, and so do the log file and the settings.
        paths.enable_portable_mode()
    if cli.wants_gui(argv):
        from supervisor.ui.app import main as gui_main

        return gui_main(argv)
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
