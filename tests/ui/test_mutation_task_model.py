"""Task table: a case a mutation run found unchecked (an edit before the search text is made)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from supervisor.ui.models.task_model import TaskColumn, TaskTableModel
from tests.ui.test_task_model_roles import _rows


def test_an_edit_to_a_row_whose_search_text_is_not_made_yet() -> None:
    # The search text is made in idle time, in row order; an edit to a row it has not reached
    # yet leaves the list alone (that row's text is made from the new row later).
    model = TaskTableModel()
    model.set_rows(_rows())
    model.prepare_search(1)
    edited = dataclasses.replace(_rows()[1], title="脱贫攻坚巩固提升")
    model.replace_row(edited)
    assert model.index(1, TaskColumn.TITLE).data(Qt.ItemDataRole.DisplayRole) == "脱贫攻坚巩固提升"
    texts = model.search_strings
    assert len(texts) == len(_rows())
    assert "脱贫攻坚巩固提升" in texts[1]
    assert "建成污水处理厂" in texts[0]
