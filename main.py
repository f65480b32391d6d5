"""Start 重点任务督查督办: the GUI without a command, the command line with one."""

from __future__ import annotations

import gc
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
        # Starting allocates some 100,000 objects that live until exit (modules, classes, the
        # window): collections meanwhile only re-walk them (≈0.1 s, most of it while
        # SQLAlchemy and the models load). The GUI turns the collector on before its loop.
        gc.disable()
        # The database layer before Qt: once imported, PySide6 wraps every later import and
        # reads the new module's source to see whether it uses Qt (≈0.07 s over SQLAlchemy).
        from supervisor.db import models  # noqa: F401
        from supervisor.services import database  # noqa: F401
        from supervisor.ui import preflight

        # Qt aborts with an English line on a terminal when it cannot open a window (no
        # display, a missing system library); say why in Chinese first, in a dialog and the log.
        if not preflight.ensure_window_possible():
            return 1
        from supervisor.ui.app import main as gui_main

        return gui_main(argv)
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
