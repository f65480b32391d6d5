"""The main window's actions, toolbar and menus (a part of the shell, kept apart for size).

``MainWindow`` inherits this: the actions stay attributes of the window (``window.import_action``),
which the workflows' wiring, the role gate and the tests name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QToolBar


class WindowActions:
    """Builds the window's actions, toolbar and menus; mixed into ``MainWindow``."""

    undo_stack: QUndoStack
    plan_combo: QComboBox
    as_of_edit: QDateEdit

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text}（{QKeySequence(shortcut).toString()}）")
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(self.tr("导入报告"), "Ctrl+I")
        self.import_clipboard_action = self._action(self.tr("从剪贴板导入…"))
        self.import_clipboard_action.setToolTip(self.tr("导入从 Word、WPS 或网页中复制的报告全文"))
        self.import_plan_action = self._action(self.tr("导入分工方案"))
        self.new_plan_action = self._action(self.tr("新建清单"), QKeySequence.StandardKey.New)
        self.add_task_action = self._action(self.tr("新增任务"), "Ctrl+Shift+N")
        self.edit_task_action = self._action(self.tr("编辑"), "F2")
        self.split_task_action = self._action(self.tr("拆分"))
        self.move_task_action = self._action(self.tr("移动"))
        self.task_kind_action = self._action(self.tr("常态化/考核"))
        self.task_kind_action.setToolTip(
            self.tr("把选中的任务设为常态化（不考核，不计序时进度和排名），或改回考核")
        )
        self.delete_task_action = self._action(self.tr("删除"), QKeySequence.StandardKey.Delete)
        self.deleted_tasks_action = self._action(self.tr("已删除的任务…"))
        self.assign_action = self._action(self.tr("分工"), "Ctrl+D")
        self.progress_action = self._action(self.tr("报送进展"), "Ctrl+R")
        self.weekly_action = self._action(self.tr("本周报送"), "Ctrl+Shift+R")
        self.urge_action = self._action(self.tr("催办"), "Ctrl+U")
        self.export_action = self._action(self.tr("导出报表"), "Ctrl+E")
        self.fillin_export_action = self._action(self.tr("导出填报表"))
        self.print_action = self._action(self.tr("打印…"), QKeySequence.StandardKey.Print)
        self.print_preview_action = self._action(self.tr("打印预览…"))
        self.fillin_import_action = self._action(self.tr("导入填报表"))
        self.departments_action = self._action(self.tr("单位管理"))
        self.settings_action = self._action(self.tr("设置"), "Ctrl+,")
        self.backup_action = self._action(self.tr("备份数据库…"))
        self.restore_action = self._action(self.tr("从备份恢复…"))
        self.quit_action = self._action(self.tr("退出"), QKeySequence.StandardKey.Quit)
        self.manual_action = self._action(
            self.tr("使用说明"), QKeySequence.StandardKey.HelpContents
        )
        self.about_action = self._action(self.tr("关于"))
        self.search_action = self._action(self.tr("搜索"), QKeySequence.StandardKey.Find)
        self.refresh_action = self._action(self.tr("刷新"), QKeySequence.StandardKey.Refresh)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        # Both usual keys on every desktop (the standard key gives Windows Ctrl+Y only).
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("工具栏"), self)
        bar.setObjectName("main_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(QLabel(self.tr(" 任务清单："), self))
        bar.addWidget(self.plan_combo)
        bar.addWidget(QLabel(self.tr(" 截至："), self))
        bar.addWidget(self.as_of_edit)
        bar.addSeparator()
        # The weekly loop first: on a narrow screen the rest folds into the » overflow menu.
        for action in (
            *(self.import_action, self.new_plan_action, None),
            *(self.add_task_action, self.edit_task_action, self.delete_task_action, None),
            *(self.assign_action, self.progress_action, self.weekly_action, self.urge_action),
            *(None, self.export_action, None, self.undo_action, self.redo_action, None),
            *(self.split_task_action, self.move_task_action, self.fillin_export_action),
            *(self.fillin_import_action, self.departments_action, self.settings_action),
        ):
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        self.addToolBar(bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        menus = (
            (
                self.tr("文件(&F)"),
                (
                    *(self.import_action, self.import_clipboard_action, self.import_plan_action),
                    *(self.new_plan_action, None),
                    *(self.export_action, self.fillin_export_action, self.fillin_import_action),
                    *(None, self.print_action, self.print_preview_action),
                    *(None, self.backup_action, self.restore_action, None, self.settings_action),
                    *(None, self.quit_action),
                ),
            ),
            (
                self.tr("编辑(&E)"),
                (self.undo_action, self.redo_action, None, self.search_action, self.refresh_action),
            ),
            (
                self.tr("任务(&T)"),
                (
                    *(self.add_task_action, self.edit_task_action, self.split_task_action),
                    *(self.move_task_action, self.task_kind_action, self.delete_task_action),
                    self.deleted_tasks_action,
                    *(None, self.assign_action, self.progress_action, self.weekly_action),
                    self.urge_action,
                ),
            ),
            (self.tr("单位(&D)"), (self.departments_action,)),
            (self.tr("帮助(&H)"), (self.manual_action, self.about_action)),
        )
        for title, actions in menus:
            menu = self.menuBar().addMenu(title)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)

    def writing_actions(self) -> tuple[QAction, ...]:
        """The actions that change data (off while the database file is not known healthy).

        设置 stays on: it is where this PC is pointed at another database file. Saving its
        office values waits for the check, and a damaged file refuses them (the database
        itself refuses every write to it, whatever asks).
        """
        return (
            *(self.import_action, self.import_clipboard_action, self.import_plan_action),
            *(self.new_plan_action, self.add_task_action, self.edit_task_action),
            *(self.split_task_action, self.move_task_action, self.task_kind_action),
            *(self.delete_task_action, self.deleted_tasks_action, self.assign_action),
            *(self.progress_action, self.weekly_action, self.urge_action),
            *(self.fillin_export_action, self.fillin_import_action, self.departments_action),
        )
