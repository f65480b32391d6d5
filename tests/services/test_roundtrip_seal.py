"""Sealed fill-in workbooks: an edited, re-checksummed, borrowed or downgraded file is refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session
from test_roundtrip import (  # the seed plan and its helpers
    DEVELOPMENT,
    INDUSTRY,
    Seeded,
    _as_version_1,
    assert_refused,
    export,
    fill,
    messages,
    preview_of,
    seeded,
    typical,
    typical_return,
)

from supervisor.db.models import Setting
from supervisor.reports.fillin_format import (
    META_KEYS,
    META_SHEET,
    META_TASK_FIRST_COLUMN,
    FillInMeta,
    meta_digest,
)
from supervisor.reports.xlsx_returned import read_fillin_workbook
from supervisor.services import roundtrip
from supervisor.services.identity import (
    SEAL_KEY,
    accepts_unsealed,
    set_accepts_unsealed,
    stored_seal_key,
)

__all__ = ["seeded", "typical_return"]  # fixtures used by name
ROWS = {key: row for row, (key, _label) in enumerate(META_KEYS, 1)}


def _rewrite_meta(path: Path, key: bytes, digest, **changes: object) -> Path:
    """Edit the hidden metadata as a department could, and write ``digest(meta)`` as checksum."""
    meta = read_fillin_workbook(path, seal_key=key).meta
    assert meta is not None
    edited = replace(meta, **changes)
    workbook = load_workbook(path)
    sheet = workbook[META_SHEET]
    for field, value in changes.items():
        sheet.cell(ROWS[field], 2).value = value
    sheet.cell(ROWS["digest"], 2).value = digest(edited)
    workbook.save(path)
    return path


def _plain(meta: FillInMeta) -> str:
    return meta_digest(replace(meta, format_version=3))  # the plain SHA-256 of version 3


def test_exported_workbooks_are_sealed_with_a_key_that_is_not_in_them(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    files = export(session, seeded.plan_id, tmp_path / "out")
    key = stored_seal_key(session)
    assert key is not None
    assert len(key) == 32
    stored = session.scalar(select(Setting.value).where(Setting.key == SEAL_KEY))
    for path in files.values():
        meta = read_fillin_workbook(path, seal_key=key).meta
        assert meta is not None
        assert meta.format_version == 4
        book = load_workbook(path, read_only=True)
        try:
            text = "".join(str(value) for sheet in book for row in sheet.values for value in row)
        finally:
            book.close()
        assert stored not in text
        assert key.hex() not in path.read_bytes().decode("latin-1")


def test_a_recomputed_plain_checksum_is_refused(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    key = stored_seal_key(session)
    # The old plain SHA-256 over the edited metadata: anyone can recompute it.
    _rewrite_meta(typical_return, key, _plain, plan_title="改过的计划名称")
    assert_refused(session, preview_of(session, seeded, typical_return), "密封校验不符")


def test_a_seal_made_with_another_key_is_refused(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    key = stored_seal_key(session)
    _rewrite_meta(typical_return, key, lambda meta: meta_digest(meta, b"x" * 32))
    assert_refused(session, preview_of(session, seeded, typical_return), "密封校验不符")


def test_another_departments_workbook_presented_as_ones_own_is_refused(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    # 工业和信息化局 fills in 发展改革委's workbook and names itself as the department,
    # recomputing every checksum it can: without the key the seal cannot follow.
    files = export(session, seeded.plan_id, tmp_path / "out")
    returned = fill(files[DEVELOPMENT], *typical(seeded))
    _rewrite_meta(returned, stored_seal_key(session), _plain, department=INDUSTRY)
    preview = preview_of(session, seeded, returned)
    assert preview.files[0].reports == ()
    assert_refused(session, preview, "密封校验不符")


def test_a_stripped_identity_and_downgraded_format_is_refused_by_default(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    assert not accepts_unsealed(session)  # a sealed export happened (the fixture's)
    downgraded = _as_version_1(typical_return, stored_seal_key(session))
    preview = preview_of(session, seeded, downgraded)
    assert_refused(session, preview, "本单位已设置不再接受旧版填报表")


def test_unsealed_files_are_accepted_until_the_first_sealed_export(
    session: Session, seeded: Seeded, tmp_path: Path
) -> None:
    assert accepts_unsealed(session)  # nothing exported yet: every workbook out is unsealed
    export(session, seeded.plan_id, tmp_path / "out")
    assert not accepts_unsealed(session)
    set_accepts_unsealed(session, True)
    assert accepts_unsealed(session)
    set_accepts_unsealed(session, False)
    assert not accepts_unsealed(session)


def test_an_unsealed_file_applies_with_a_warning_when_allowed(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    set_accepts_unsealed(session, True)
    key = stored_seal_key(session)
    _rewrite_meta(typical_return, key, meta_digest, format_version=3)
    preview = preview_of(session, seeded, typical_return)
    assert messages(preview) == ""
    warnings = " ".join(issue.message for issue in preview.files[0].warnings)
    assert "无密封" in warnings
    roundtrip.apply_returned(session, preview, actor="测试员")


def test_an_unsealed_file_with_an_edited_task_code_is_refused_before_its_rows_are_read(
    session: Session, seeded: Seeded, typical_return: Path
) -> None:
    # Even while unsealed files are allowed, the metadata must agree with the plan.
    set_accepts_unsealed(session, True)
    meta = read_fillin_workbook(typical_return, seal_key=stored_seal_key(session)).meta
    assert meta is not None
    first = replace(meta.tasks[0], code="9.9.9")
    edited = replace(meta, format_version=3, tasks=(first, *meta.tasks[1:]))
    workbook = load_workbook(typical_return)
    sheet = workbook[META_SHEET]
    sheet.cell(ROWS["format_version"], 2).value = 3
    sheet.cell(2, META_TASK_FIRST_COLUMN + 3).value = "9.9.9"
    sheet.cell(ROWS["digest"], 2).value = meta_digest(edited)
    workbook.save(typical_return)
    preview = preview_of(session, seeded, typical_return)
    assert preview.files[0].reports == ()
    assert_refused(session, preview, "的任务编号为“9.9.9”，本计划中为")
