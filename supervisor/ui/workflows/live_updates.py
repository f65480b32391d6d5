"""Another clerk's change shows in this window by itself, the clerk's view left as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot

from supervisor.services.change_feed import FeedState, open_change_feed
from supervisor.ui.work.change_watcher import ChangeWatcher, reload_keeping_view
from supervisor.ui.workflows.context import Workflow, WorkflowContext

if TYPE_CHECKING:
    from supervisor.ui.widgets.task_page import TaskPage


class LiveUpdatesWorkflow(Workflow):
    """Reloads plans, tasks and the tab on screen when the database changed elsewhere.

    Forms are never touched: an open task form keeps what was typed (its save checks the
    task's version and shows what changed meanwhile), the weekly grid keeps unsaved cells.
    """

    reloaded = Signal(object)  # the FeedState that caused a reload

    def __init__(self, context: WorkflowContext, page: TaskPage) -> None:
        super().__init__(context)
        self._page = page
        self.watcher = ChangeWatcher(open_change_feed(context.database), self)
        self.watcher.changed_elsewhere.connect(self._on_watcher_changed_elsewhere)
        self.watcher.connection_changed.connect(self._on_watcher_connection_changed)
        context.database_closing.connect(self.watcher.release)
        context.own_work_started.connect(self.watcher.own_work_started)
        context.own_work_ended.connect(self.watcher.own_work_ended)

    def before_reload(self) -> None:
        """The window reads everything now: changes seen so far need no second reload."""
        self.watcher.swallow()

    def start(self) -> None:
        """Begin watching."""
        self.watcher.start()

    def stop(self) -> None:
        """Stop watching and release the feed's connection."""
        self.watcher.stop()

    @Slot(object)
    def _on_watcher_changed_elsewhere(self, state: FeedState) -> None:
        context = self.context
        reload_keeping_view(self._page, lambda: context.show_plan_after_change(context.plan_id))
        who = "、".join(sorted(state.actors))
        context.show_status(
            self.tr("已显示 %1 刚才的修改").replace("%1", who)
            if who
            else self.tr("已显示其他窗口或程序刚才的修改")
        )
        self.reloaded.emit(state)

    @Slot(bool)
    def _on_watcher_connection_changed(self, connected: bool) -> None:
        self.context.show_status(
            self.tr("已重新连接数据库服务器，数据已更新")
            if connected
            else self.tr("与数据库服务器的连接已中断，正在重试……（已输入的内容不会丢失）"),
            0 if not connected else 10000,
        )
