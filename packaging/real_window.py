"""Smoke-test steps that open the bundled GUI's real X11 window, here or in a bare Debian root."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smoke_test import Sandbox

TITLE = "重点任务督查督办"
WINDOW_TIMEOUT = 90.0
EXIT_TIMEOUT = 30.0
# Where the sandbox (bundle, home, report) appears inside the bare root.
INSIDE = "/smoke"
X11_SOCKETS = Path("/tmp/.X11-unix")


class WindowError(AssertionError):
    """The GUI did not open, show or close its window as it should."""


@dataclass(frozen=True)
class Place:
    """Where the window opens: an X display, and optionally a bare root to run the GUI in."""

    display: str
    bare_root: Path | None = None


def _xdotool(display: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def _command(box: Sandbox, place: Place, env: dict[str, str]) -> tuple[list[str], Path]:
    """The command starting the bundled GUI with exactly ``env``; and the data folder it uses.

    In a bare root the GUI runs under chroot in a mount namespace of its own (the mounts go
    away with it) and a network namespace with nothing in it.
    """
    if place.bare_root is None:
        return box.command([]), box.user_data_dir()
    root = place.bare_root.resolve()
    inside_env = {
        **env,
        "HOME": f"{INSIDE}/{box.home.relative_to(box.root)}",
    }
    program = f"{INSIDE}/{box.program.relative_to(box.root)}"
    quoted = shlex.quote(str(root))
    mounts = [f"{quoted}{INSIDE}", f"{quoted}/tmp/.X11-unix", f"{quoted}/proc", f"{quoted}/dev"]
    script = "; ".join(
        [
            "set -e",
            # Private mounts vanish with the namespace; where / is no mount point (inside a
            # chroot) they may be shared with the parent's, so they are also undone at the end.
            f"trap 'umount -l {' '.join(reversed(mounts))} 2>/dev/null || true' EXIT",
            f"mkdir -p {shlex.quote(str(root))}{INSIDE} {shlex.quote(str(root))}/tmp/.X11-unix",
            f"mount --bind {shlex.quote(str(box.root))} {shlex.quote(str(root))}{INSIDE}",
            f"mount --bind {X11_SOCKETS} {shlex.quote(str(root))}/tmp/.X11-unix",
            f"mount -t proc proc {shlex.quote(str(root))}/proc",
            f"mount --bind /dev {shlex.quote(str(root))}/dev",
            "chroot "
            + shlex.quote(str(root))
            + " /usr/bin/env -i "
            + " ".join(shlex.quote(f"{k}={v}") for k, v in inside_env.items())
            + f" {shlex.quote(program)}",
        ]
    )
    # unshare makes the mounts private, which needs / to be a mount point.
    propagation = "private" if _root_is_mount_point() else "unchanged"
    command = ["unshare", "--mount", "--propagation", propagation, "--net", "sh", "-c", script]
    return command, box.user_data_dir()


def _root_is_mount_point() -> bool:
    """Whether / is a mount point (not so inside a plain chroot; os.path.ismount cannot tell)."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return any(line.split()[4] == "/" for line in lines if len(line.split()) > 4)


def _start(box: Sandbox, place: Place, env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
    command, data = _command(box, place, env)
    process = subprocess.Popen(
        command,
        env=box.env(**env),
        cwd=box.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # so a hung GUI can be stopped with everything it started
    )
    return process, data


def _stop(process: subprocess.Popen) -> str:
    """Stop the GUI's process group; its standard error."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    _, err = process.communicate(timeout=30)
    return err.decode("utf-8", "replace")


def _find_window(display: str, process: subprocess.Popen) -> str:
    """The id of the shown main window, waiting for it while the GUI runs."""
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while time.monotonic() < deadline:
        found = _xdotool(display, "search", "--onlyvisible", "--name", f"^{TITLE}")
        ids = found.stdout.split()
        if ids:
            return ids[0]
        if process.poll() is not None:
            raise WindowError(
                f"the GUI exited with {process.returncode} before showing a window:\n"
                f"{_stop(process)[-3000:]}"
            )
        time.sleep(0.5)
    raise WindowError(f"no window titled {TITLE} after {WINDOW_TIMEOUT:.0f} s:\n{_stop(process)}")


def step_window(box: Sandbox, place: Place) -> str:
    """Open the main window on the real xcb platform, find it, close it as a user would."""
    process, _ = _start(box, place, {"DISPLAY": place.display, "QT_QPA_PLATFORM": "xcb"})
    try:
        window = _find_window(place.display, process)
        name = _xdotool(place.display, "getwindowname", window).stdout.strip()
        geometry = _xdotool(place.display, "getwindowgeometry", window).stdout.split()
        size = geometry[geometry.index("Geometry:") + 1] if "Geometry:" in geometry else "?"
        # Alt+F4: the window manager asks the window to close (WM_DELETE_WINDOW), as a click
        # on its close button does; the program must then end by itself, with status 0.
        _xdotool(place.display, "windowactivate", "--sync", window)
        _xdotool(place.display, "key", "--clearmodifiers", "alt+F4")
        try:
            process.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise WindowError(f"the GUI did not exit after Alt+F4:\n{_stop(process)}") from None
    except BaseException:
        _stop(process)
        raise
    err = _stop(process)
    if process.returncode != 0 or "Traceback" in err:
        raise WindowError(f"the GUI ended with {process.returncode}:\n{err[-3000:]}")
    where = f"in bare root {place.bare_root}" if place.bare_root else "on this machine"
    return f"window {window} {name!r} {size} shown {where}, closed with Alt+F4, exit 0"


def _expect_refusal(box: Sandbox, place: Place, env: dict[str, str], needles: list[str]) -> str:
    """Start the GUI where it cannot open a window: it must end with 1 and log the reason."""
    log = box.user_data_dir() / "supervisor.log"
    log.unlink(missing_ok=True)
    process, _ = _start(box, place, env)
    try:
        process.wait(timeout=EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise WindowError(f"the GUI neither opened nor gave up:\n{_stop(process)}") from None
    err = _stop(process)
    if process.returncode != 1 or "Traceback" in err:
        raise WindowError(f"expected exit 1 with a message, got {process.returncode}:\n{err}")
    logged = log.read_text(encoding="utf-8") if log.is_file() else ""
    for needle in needles:
        if needle not in logged or needle not in err:
            raise WindowError(f"{needle!r} is not in supervisor.log and stderr:\n{logged}\n{err}")
    return logged.strip().splitlines()[-1].split(": ", 1)[-1]


def step_no_display(box: Sandbox) -> str:
    """Without any display the GUI says so in Chinese (log and standard error), exit 1."""
    return _expect_refusal(box, Place(""), {}, ["无法启动", "未设置 DISPLAY"])


def step_missing(box: Sandbox, place: Place) -> str:
    """With the bundled libxcb-cursor taken away, the log names the package to install."""
    found = sorted(box.bundle.rglob("libxcb-cursor.so.0*"))
    if not found:
        raise WindowError(f"the bundle carries no libxcb-cursor.so.0 under {box.bundle}")
    aside = [(path, path.with_name(path.name + ".aside")) for path in found]
    for path, moved in aside:
        shutil.move(path, moved)
    try:
        env = {"DISPLAY": place.display, "QT_QPA_PLATFORM": "xcb"}
        return _expect_refusal(box, place, env, ["libxcb-cursor.so.0", "libxcb-cursor0"])
    finally:
        for path, moved in aside:
            shutil.move(moved, path)
