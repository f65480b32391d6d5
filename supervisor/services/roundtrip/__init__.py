"""Department fill-in round trip (部门填报): export workbooks, preview and apply returned files.

One module per step: ``export`` writes the workbooks, ``preview`` checks returned files
against the database (``changes`` says what each row would change), ``apply`` stores a
preview in one transaction; ``state`` is the plan as all three see it. The fill-in
vocabulary (sheets, columns, roles, row keys, issues) is ``reports.fillin_format``.
"""

from __future__ import annotations

from supervisor.services.roundtrip.apply import (
    AppliedFile,
    ApplyResult,
    apply_returned,
    missing_returns,
)
from supervisor.services.roundtrip.changes import FieldChange
from supervisor.services.roundtrip.export import (
    ExportedWorkbook,
    FillInExportResult,
    export_fillin_workbooks,
)
from supervisor.services.roundtrip.preview import (
    FilePreview,
    PlannedReport,
    ReturnPreview,
    preview_returned,
)
from supervisor.services.roundtrip.state import default_period

__all__ = [
    "AppliedFile",
    "ApplyResult",
    "ExportedWorkbook",
    "FieldChange",
    "FilePreview",
    "FillInExportResult",
    "PlannedReport",
    "ReturnPreview",
    "apply_returned",
    "default_period",
    "export_fillin_workbooks",
    "missing_returns",
    "preview_returned",
]
