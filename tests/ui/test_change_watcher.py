"""Seeing each other: a change made in one window (or program) shows in another by itself."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from supervisor.services import progress, tasks, urging
from supervisor.services.change_feed import SqliteChangeFeed, open_change_feed
from supervisor.services.database import Database, open_database
from supervisor.services.plans import PlanSummary
from supervisor.ui.dialogs.progress_form import ProgressInput
from supervisor.ui.dialogs.urge_dialog import UrgeInput
from supervisor.ui.main_window import MainWindow
from tests.ui.conftest import TODAY

# The bound: another window's change shows within 2 seconds, no refresh pressed.
WITHIN_MS = 2000


@pytest.fixture
def other_database(ui_database: Database) -> Iterator[Database]:
    """A second engine on the same file, as a second program would have."""
    db = open_database(ui_database.url)
    yield db
    db.close()


@pytest.fixture
def staffed(ui_database: Database, seeded: PlanSummary) -> PlanSummary:
    """The seed plan with its suggested lead units accepted (urging needs a unit)."""
    from supervisor.services.departments import accept_suggestions

    with ui_database.sessions.begin() as session:
        accept_suggestions(session, seeded.id, None, actor="测试员")
    return seeded


@pytest.fixture
def other_window(qtbot: QtBot, other_database: Database, staffed: PlanSummary) -> MainWindow:
    """A second main window, on its own engine, showing the seed plan."""
    win = MainWindow(other_database, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _row(window: MainWindow, task_id: int):
    return window.task_page.task_row(task_id)


def _select(window: MainWindow, task_ids: list[int]) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    page = window.task_page
    window.select_task(task_ids[0])
    selection = QItemSelection()
    for task_id in task_ids:
        index = page.filter.mapFromSource(page.model.index(page.model.row_of_task(task_id), 0))
        selection.select(index, index.siblingAtColumn(page.filter.columnCount() - 1))
    page.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)


def test_progress_in_one_window_shows_in_the_other_keeping_selection_and_scroll(
    qtbot: QtBot, seeded_window: MainWindow, other_window: MainWindow
) -> None:
    rows = other_window.task_page.task_rows()
    target = rows[-1].task_id  # far down: the other window scrolled there
    kept = [rows[-3].task_id, rows[-1].task_id]
    _select(other_window, kept)
    other_window.task_page.view.scrollToBottom()
    scroll_before = other_window.task_page.view.verticalScrollBar().value()
    assert scroll_before > 0
    assert _row(other_window, target).percent_done is None

    seeded_window.workflows.progress.record_progress(
        ProgressInput(
            task_id=target,
            report_date=TODAY,
            percent=40,
            actuals={},
            progress_text="另一位同事报送",
            problems="",
            next_steps="",
            reporter="张三",
        )
    )

    qtbot.waitUntil(
        lambda: (_row(other_window, target).percent_done or 0) == pytest.approx(0.4),
        timeout=WITHIN_MS,
    )
    assert {r.task_id for r in other_window.selected_rows()} == set(kept)
    assert other_window.current_task().task_id == kept[0]
    assert other_window.task_page.view.verticalScrollBar().value() == scroll_before
    # The detail pane of the current task was read again, not left empty.
    assert other_window.detail_pane.isVisible()


def test_urging_from_another_program_shows_without_refresh(
    qtbot: QtBot, other_window: MainWindow, ui_database: Database
) -> None:
    task = next(r for r in other_window.task_page.task_rows() if r.lead_department)
    other_window.select_task(task.task_id)
    assert task.urging_count == 0
    with ui_database.sessions.begin() as session:
        urging.urge(session, task.task_id, actor="李四", note="请加快进度", today=TODAY)
    qtbot.waitUntil(lambda: _row(other_window, task.task_id).urging_count == 1, timeout=WITHIN_MS)
    assert other_window.current_task().task_id == task.task_id


def test_new_task_and_assignment_show_in_the_other_window(
    qtbot: QtBot, seeded_window: MainWindow, other_window: MainWindow
) -> None:
    before = len(other_window.task_page.task_rows())
    seeded_window.context.in_transaction(
        lambda s: tasks.add_task(s, seeded_window.plan_id, title="新增的一项任务", actor="王五")
    )
    qtbot.waitUntil(
        lambda: len(other_window.task_page.task_rows()) == before + 1, timeout=WITHIN_MS
    )
    first = other_window.task_page.task_rows()[0].task_id
    from supervisor.ui.dialogs.assign_dialog import AssignInput

    seeded_window.workflows.assignment.assign_tasks(
        [first], AssignInput(lead=None, co=None, leader="赵副市长", deadline=None, subtree=False)
    )
    qtbot.waitUntil(lambda: _row(other_window, first).leader == "赵副市长", timeout=WITHIN_MS)


def test_own_change_reloads_once_not_twice(
    qtbot: QtBot, staffed: PlanSummary, seeded_window: MainWindow
) -> None:
    seeded_window.reload_tasks()
    task = next(r for r in seeded_window.task_page.task_rows() if r.lead_department)
    reloads: list[object] = []
    seeded_window.live.reloaded.connect(reloads.append)
    seeded_window.workflows.urging.urge_task(
        task.task_id, UrgeInput(date=TODAY, colour=None, department=None, note="催一下")
    )
    assert _row(seeded_window, task.task_id).urging_count == 1
    # Past the poll interval and the settle delay: the window's own save caused no reload.
    qtbot.wait(900)
    assert reloads == []


def test_the_windows_own_jobs_are_not_taken_for_anothers_changes(
    qtbot: QtBot, staffed: PlanSummary, seeded_window: MainWindow, other_database: Database
) -> None:
    """The dashboard's count stores the statuses it worked out (a write SQLite cannot tell
    from another's): it used to reload everything and say 已显示其他窗口或程序刚才的修改."""
    window = seeded_window
    window.reload_tasks()
    reloads: list[object] = []
    window.live.reloaded.connect(reloads.append)
    with qtbot.waitSignal(window.workflows.dashboard.dashboard_loaded, timeout=60_000):
        window.tabs.setCurrentWidget(window.workflows.dashboard.page)
    qtbot.wait(1200)  # past the poll interval and the settle delay
    assert reloads == []
    assert "其他窗口" not in window.statusBar().currentMessage()
    # The job has ended: another program's change shows again, as it should.
    task = next(r for r in window.task_page.task_rows() if r.lead_department)
    with other_database.sessions.begin() as session:
        urging.urge(session, task.task_id, actor="李四", note="请加快进度", today=TODAY)
    qtbot.waitUntil(lambda: _row(window, task.task_id).urging_count == 1, timeout=WITHIN_MS)
    assert len(reloads) == 1


def test_open_form_keeps_what_was_typed_while_the_table_reloads(
    qtbot: QtBot, seeded_window: MainWindow, other_window: MainWindow
) -> None:
    task = other_window.task_page.task_rows()[0]
    form = other_window.workflows.progress.open_progress_form(task.task_id)
    form.open()
    form.progress_edit.setPlainText("正在输入的进展")
    seeded_window.context.in_transaction(
        lambda s: progress.add_progress(
            s, task.task_id, actor="张三", today=TODAY, report_date=TODAY, percent=20
        )
    )
    qtbot.waitUntil(
        lambda: (_row(other_window, task.task_id).percent_done or 0) == pytest.approx(0.2),
        timeout=WITHIN_MS,
    )
    assert form.isVisible()
    assert form.progress_edit.toPlainText() == "正在输入的进展"
    form.reject()


def test_sqlite_feed_is_cheap_and_sees_only_commits(
    ui_database: Database, seeded: PlanSummary
) -> None:
    feed = open_change_feed(ui_database)
    assert isinstance(feed, SqliteChangeFeed)
    try:
        assert not feed.poll().changed
        rounds = 2000
        start = time.perf_counter()
        for _ in range(rounds):
            feed.poll()
        per_poll = (time.perf_counter() - start) / rounds
        # Measured for the record (pytest -s), not asserted: no timing asserts in tests.
        print(f"data_version poll: {per_poll * 1e6:.1f} µs")
        with ui_database.sessions() as session:
            tasks.list_tasks(session, seeded.id)
        assert not feed.poll().changed  # reading is no change
        with ui_database.sessions.begin() as session:
            tasks.add_task(session, seeded.id, title="一项新任务", actor="x")
        assert feed.poll().changed
        assert not feed.poll().changed  # reported once
        # Let go for a restore: the next poll reopens and, not knowing, reports a change.
        feed.release()
        assert feed.poll().changed
        assert not feed.poll().changed
        feed.close()
        with ui_database.sessions.begin() as session:
            tasks.add_task(session, seeded.id, title="关闭后的新任务", actor="x")
        assert not feed.poll().changed  # closed for good: a closed window reloads nothing
    finally:
        feed.close()


@pytest.fixture
def server_windows(qtbot: QtBot, seed_report) -> Iterator[tuple[MainWindow, MainWindow]]:
    """Two windows on one server: an administrator's and an inspector's, the seed plan in it."""
    from supervisor.services.departments import accept_suggestions
    from supervisor.services.office_roles import OfficeRole
    from supervisor.services.plans import import_report
    from tests.pg_office import make_office

    office = make_office("gui")
    admin = open_database(office.url(OfficeRole.ADMIN))
    inspector = open_database(office.url(OfficeRole.INSPECTOR))
    with admin.sessions.begin() as session:
        plan = import_report(session, seed_report, actor="x")
    with admin.sessions.begin() as session:
        accept_suggestions(session, plan.id, None, actor="x")
    windows = []
    for database in (admin, inspector):
        win = MainWindow(database, today=TODAY)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        windows.append(win)
    yield windows[0], windows[1]
    for win in windows:
        win.close()
    admin.close()
    inspector.close()


def test_server_windows_see_each_other_by_notify(
    qtbot: QtBot, server_windows: tuple[MainWindow, MainWindow]
) -> None:
    admin_window, inspector_window = server_windows
    rows = admin_window.task_page.task_rows()
    target = next(r for r in reversed(rows) if r.lead_department)
    kept = [rows[1].task_id, target.task_id]
    _select(admin_window, kept)
    states = []
    admin_window.live.reloaded.connect(states.append)

    inspector_window.workflows.urging.urge_task(
        target.task_id, UrgeInput(date=TODAY, colour=None, department=None, note="请加快")
    )
    qtbot.waitUntil(lambda: _row(admin_window, target.task_id).urging_count == 1, timeout=WITHIN_MS)
    assert {r.task_id for r in admin_window.selected_rows()} == set(kept)
    # The database told who: the inspector's login, whatever the client calls itself.
    assert "sv_gui_inspector" in states[-1].actors
    assert target.task_id in states[-1].task_ids
    assert "sv_gui_inspector" in admin_window.statusBar().currentMessage()

    inspector_window.workflows.progress.record_progress(
        ProgressInput(
            task_id=target.task_id,
            report_date=TODAY,
            percent=55,
            actuals={},
            progress_text="服务器上的报送",
            problems="",
            next_steps="",
            reporter="张三",
        )
    )
    qtbot.waitUntil(
        lambda: (_row(admin_window, target.task_id).percent_done or 0) == pytest.approx(0.55),
        timeout=WITHIN_MS,
    )
    from supervisor.ui.dialogs.assign_dialog import AssignInput

    inspector_window.workflows.assignment.assign_tasks(
        [target.task_id],
        AssignInput(lead=None, co=None, leader="郑副市长", deadline=None, subtree=False),
    )
    qtbot.waitUntil(
        lambda: _row(admin_window, target.task_id).leader == "郑副市长", timeout=WITHIN_MS
    )
    admin_window.context.in_transaction(
        lambda s: tasks.add_task(s, admin_window.plan_id, title="服务器上新增的任务", actor="x")
    )
    qtbot.waitUntil(
        lambda: len(inspector_window.task_page.task_rows()) == len(rows) + 1, timeout=WITHIN_MS
    )


def test_server_restart_keeps_the_open_form_and_both_windows_reconnect(
    qtbot: QtBot, server_windows: tuple[MainWindow, MainWindow]
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from tests.pg_office import restart_server, superuser_url

    admin_window, inspector_window = server_windows
    task = inspector_window.task_page.task_rows()[2]
    form = inspector_window.workflows.tasks.open_task_dialog(task_id=task.task_id)
    form.open()
    form.title_edit.setText("重启期间输入的名称")
    lost: list[bool] = []
    admin_window.live.watcher.connection_changed.connect(lost.append)

    restart_server(superuser_url())

    # The admin's window notices and listens again by itself.
    qtbot.waitUntil(lambda: lost[-2:] == [False, True], timeout=15000)
    assert form.title_edit.text() == "重启期间输入的名称"
    form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not form.isVisible(), form.error_label.text()
    qtbot.waitUntil(
        lambda: _row(admin_window, task.task_id).title == "重启期间输入的名称", timeout=WITHIN_MS
    )


def test_a_server_windows_own_import_reloads_it_once_and_names_no_one(
    qtbot: QtBot, server_windows: tuple[MainWindow, MainWindow], seed_report
) -> None:
    """Its own job's notifications, heard while the job ran, are read by the reload after it:
    no second reload naming the clerk as someone else."""
    admin_window, _ = server_windows
    reloads: list[object] = []
    admin_window.live.reloaded.connect(reloads.append)
    text = seed_report.read_text(encoding="utf-8").replace("石嘴山市", "某某市")
    flow = admin_window.workflows.importing
    with qtbot.waitSignal(flow.start_pasted_extraction(text).done, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: flow.import_dialog is not None, timeout=60_000)
    with qtbot.waitSignal(flow.import_finished, timeout=60_000):
        flow.import_dialog.save_requested.emit(flow.import_dialog.preview.origin, [], True)
    qtbot.wait(1500)  # past the poll interval and the settle delay
    assert reloads == []
    assert admin_window.statusBar().currentMessage().startswith("已导入")
