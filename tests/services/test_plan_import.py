"""import-plan: hand-made 任务分工方案 sheets of several shapes read, previewed and stored.

Every sheet is built here the way offices make them: titles above the table, one or two header
rows, columns in any order, merged cells, area rows, numbering 1、/（1）/1.1, blank spacer rows
and an .xls file. Bad workbooks are refused with a Chinese message and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supervisor.db.models import Plan, Task
from supervisor.errors import DuplicateError, ValidationError
from supervisor.reports.plan_sheet import Field
from supervisor.services import departments, plan_import
from tests.services.conftest import snapshot

ACTOR = "测试员"
UNITS = ("市发展和改革委员会", "市财政局", "市工业和信息化局", "市生态环境局")


@pytest.fixture
def units(session: Session) -> None:
    departments.add_department(session, "市发展和改革委员会", actor=ACTOR, short_name="市发改委")
    for name in UNITS[1:]:
        departments.add_department(session, name, actor=ACTOR)
    session.commit()


def _save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def simple_sheet(path: Path) -> Path:
    """Title row, one header row, area rows merged across, tasks numbered 1、."""
    wb = Workbook()
    ws = wb.active
    ws.append(["2020年市政府工作报告重点工作任务分工方案"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["序号", "重点任务", "牵头单位", "配合单位", "责任领导", "完成时限"])
    ws.append(["一、聚焦产业转型"])
    ws.merge_cells("A4:F4")
    ws.append(
        [
            1,
            "1、全力推进102个重点项目建设，完成投资128亿元。",
            "市发改委",
            "市财政局",
            "张副市长",
            "2020年6月底前",
        ]
    )
    ws.append([2, "2、实施40个两化融合项目。", "市工业和信息化局", "", "李副市长", "年底前"])
    ws.append(["二、聚焦生态保护"])
    ws.merge_cells("A7:F7")
    ws.append([3, "3、打好蓝天保卫战。", "市生态环境局", "市发改委、市财政局", "王副市长", "长期"])
    return _save(wb, path)


def two_header_sheet(path: Path) -> Path:
    """Two header rows (责任分工 over 牵头单位 | 配合单位), vertical merges, another order."""
    wb = Workbook()
    ws = wb.active
    ws.append(["附件1"])
    ws.append(["2021年重点工作任务分解表"])
    ws.append(["编号", "工作任务", "具体目标", "责任分工", None, "完成时间"])
    ws.append([None, None, None, "牵头单位", "配合单位", None])
    for column in "ABCF":
        ws.merge_cells(f"{column}3:{column}4")
    ws.merge_cells("D3:E3")
    ws.append(
        ["1", "推进老旧小区改造", "改造老旧小区21万平方米", "市发改委", "市财政局", "2021.12"]
    )
    ws.append(["2", "城镇新增就业", "新增就业1万人以上", "市财政局", None, "6月底"])
    return _save(wb, path)


def numbering_sheet(path: Path) -> Path:
    """Numbering 1 / 1.1 / （1） in its own column, spacer rows, 完成时限 first, a note below."""
    wb = Workbook()
    ws = wb.active
    ws.append(["重点任务分工"])
    ws.append(["完成时限", "序号", "主要任务", "责任单位", "配合部门", "备注"])
    ws.append(["2020年12月", "1", "推进重点项目建设", "市发改委", "", ""])
    ws.append([])
    ws.append(["2020年9月30日", "1.1", "完成项目前期手续", "市发改委", "市财政局", ""])
    ws.append([dt.datetime(2020, 10, 31), "（1）", "办理用地审批", "市工业和信息化局", "", "重点"])
    ws.append([None, None, None, None, None, None])
    ws.append(["2020年底", "2", "开展专项督查", "市财政局", "", ""])
    ws.append(["注：本表由市政府督查室汇总。"])
    return _save(wb, path)


def merged_task_sheet(path: Path) -> Path:
    """A task cell merged down over two rows, one lead unit per row; 重点工作 as column name."""
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "重点工作", "牵头单位", "完成时限"])
    ws.append([1, "推进“放管服”改革，政务服务事项网上可办率达到90%。", "市发改委", "2020年6月底前"])
    ws.append([None, None, "市财政局", None])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("D2:D3")
    ws.append([2, "发展现代畜牧产业。", "市农业农村局", "上半年"])
    return _save(wb, path)


def xls_sheet(path: Path) -> Path:
    """An old .xls, written with xlwt: merged title, numbering 1., a date cell, 2020.12."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("分工方案")
    sheet.write_merge(0, 0, 0, 4, "2020年重点任务分工方案")
    for column, header in enumerate(["序号", "任务内容", "牵头单位", "配合单位", "完成时限"]):
        sheet.write(2, column, header)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    sheet.write(3, 0, "1.")
    sheet.write(3, 1, "1.建设智慧城市平台。")
    sheet.write(3, 2, "市工业和信息化局")
    sheet.write(3, 3, "市发改委")
    sheet.write(3, 4, dt.datetime(2020, 11, 30), date_style)
    sheet.write(4, 0, "2.")
    sheet.write(4, 1, "2.完善社会信用体系。")
    sheet.write(4, 2, "市发改委")
    sheet.write(4, 4, "2020.12")
    book.save(str(path))
    return path


def _plans(session: Session) -> int:
    return session.scalar(select(func.count(Plan.id))) or 0


# --- five shapes -------------------------------------------------------------------------------


def test_a_simple_sheet_with_areas_is_previewed_then_stored(
    session: Session, units: None, tmp_path: Path
) -> None:
    path = simple_sheet(tmp_path / "分工方案.xlsx")
    preview = plan_import.preview_plan_sheet(session, path)

    assert preview.errors == ()
    assert preview.year == 2020
    assert preview.title == "2020年市政府工作报告重点工作任务分工方案"
    assert preview.mapping.header_rows == (3,)
    assert preview.mapping.columns[Field.TASK] == 2
    assert [t.code for t in preview.tasks] == ["1", "1.1", "1.2", "2", "2.1"]
    first = preview.tasks[1]
    assert first.lead == "市发展和改革委员会"  # 市发改委 is its registered short name
    assert first.co == ("市财政局",)
    assert first.deadline == dt.date(2020, 6, 30)
    assert preview.tasks[2].deadline == dt.date(2020, 12, 31)
    assert preview.tasks[4].long_term
    assert preview.tasks[4].co == ("市发展和改革委员会", "市财政局")
    assert _plans(session) == 0  # a preview writes nothing

    plan = plan_import.import_plan_sheet(session, preview, actor=ACTOR)
    session.commit()

    stored = {t.code: t for t in session.scalars(select(Task).where(Task.plan_id == plan.id))}
    assert set(stored) == {"1", "1.1", "1.2", "2", "2.1"}
    assert stored["1"].title == "聚焦产业转型"
    assert stored["1.1"].parent_id == stored["1"].id
    assert stored["1.1"].lead_department.name == "市发展和改革委员会"
    assert [d.name for d in stored["1.1"].co_departments] == ["市财政局"]
    assert stored["1.1"].leader == "张副市长"
    assert stored["1.1"].deadline == dt.date(2020, 6, 30)
    # Targets in the text become indicators, as in an imported report.
    assert {(i.value, i.unit) for i in stored["1.1"].indicators} >= {(102, "个"), (128, "亿元")}
    with pytest.raises(DuplicateError, match="已导入过"):
        plan_import.import_plan_sheet(session, preview, actor=ACTOR)


def test_two_header_rows_and_columns_in_another_order(
    session: Session, units: None, tmp_path: Path
) -> None:
    preview = plan_import.preview_plan_sheet(session, two_header_sheet(tmp_path / "a.xlsx"))

    assert preview.errors == ()
    assert preview.mapping.header_rows == (3, 4)
    columns = preview.mapping.columns
    assert (columns[Field.LEAD], columns[Field.CO], columns[Field.DEADLINE]) == (4, 5, 6)
    assert columns[Field.TARGET] == 3
    assert preview.year == 2021
    renovation, jobs = preview.tasks
    assert renovation.title == "推进老旧小区改造"
    assert "目标：改造老旧小区21万平方米" in renovation.text
    assert renovation.deadline == dt.date(2021, 12, 31)  # 2021.12
    assert jobs.deadline == dt.date(2021, 6, 30)  # 6月底 of the plan year


def test_numbering_variants_spacer_rows_and_a_note(
    session: Session, units: None, tmp_path: Path
) -> None:
    preview = plan_import.preview_plan_sheet(
        session, numbering_sheet(tmp_path / "n.xlsx"), year=2020
    )

    assert preview.errors == ()
    assert [(t.code, t.parent) for t in preview.tasks] == [
        ("1", None),
        ("1.1", "1"),
        ("1.1.1", "1.1"),
        ("2", None),
    ]
    assert preview.tasks[1].deadline == dt.date(2020, 9, 30)
    assert preview.tasks[2].deadline == dt.date(2020, 10, 31)  # a date cell
    assert preview.tasks[2].lead == "市工业和信息化局"
    assert preview.tasks[3].deadline == dt.date(2020, 12, 31)


def test_a_task_merged_over_rows_and_an_unknown_unit_to_confirm(
    session: Session, units: None, tmp_path: Path
) -> None:
    path = merged_task_sheet(tmp_path / "m.xlsx")
    preview = plan_import.preview_plan_sheet(session, path, year=2020)

    assert [t.code for t in preview.tasks] == ["1", "2"]
    reform = preview.tasks[0]
    assert reform.lead == "市发展和改革委员会"
    assert reform.co == ("市财政局",)  # the second lead unit works with the first
    assert any("列出了2个牵头单位" in w.message for w in preview.warnings)
    assert preview.unknown_departments == ("市农业农村局",)
    before = snapshot(session)
    with pytest.raises(ValidationError, match="市农业农村局"):
        plan_import.import_plan_sheet(session, preview, actor=ACTOR)
    assert snapshot(session) == before

    plan = plan_import.import_plan_sheet(session, preview, actor=ACTOR, add_departments=True)
    session.commit()
    assert plan.task_count == 2
    assert departments.find_department(session, "市农业农村局").name == "市农业农村局"


def test_an_xls_file(session: Session, units: None, tmp_path: Path) -> None:
    preview = plan_import.preview_plan_sheet(session, xls_sheet(tmp_path / "old.xls"))

    assert preview.errors == ()
    assert preview.year == 2020
    assert [t.title for t in preview.tasks] == ["建设智慧城市平台", "完善社会信用体系"]
    assert preview.tasks[0].deadline == dt.date(2020, 11, 30)
    assert preview.tasks[0].co == ("市发展和改革委员会",)
    assert preview.tasks[1].deadline == dt.date(2020, 12, 31)


def test_a_changed_column_mapping_is_used(session: Session, units: None, tmp_path: Path) -> None:
    path = simple_sheet(tmp_path / "s.xlsx")
    # The user says 配合单位 is column C and 牵头单位 column D (swapped on purpose).
    columns = {Field.TASK: 2, Field.CO: 3, Field.LEAD: 4, Field.DEADLINE: 6}
    preview = plan_import.preview_plan_sheet(session, path, columns=columns)

    assert preview.tasks[1].lead == "市财政局"
    assert preview.tasks[1].co == ("市发展和改革委员会",)


# --- row problems and bad workbooks --------------------------------------------------------------


def test_a_date_that_cannot_be_read_names_its_cell_and_blocks_the_import(
    session: Session, units: None, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "重点任务", "牵头单位", "完成时限"])
    ws.append([1, "推进重点项目建设", "市财政局", "尽快"])
    ws.append([2, "完成投资", "市财政局", "=TODAY()"])
    path = _save(wb, tmp_path / "d.xlsx")

    preview = plan_import.preview_plan_sheet(session, path, year=2020)

    messages = [e.message for e in preview.errors]
    assert any(m.startswith("第2行“完成时限”列（D2）：无法识别的时限“尽快”") for m in messages)
    # A formula is read as its text, never computed into today's date.
    assert any("第3行“完成时限”列（D3）：无法识别的时限“=TODAY()”" in m for m in messages)
    assert any("含有公式" in w.message for w in preview.warnings)
    before = snapshot(session)
    with pytest.raises(ValidationError, match="2 处错误，未导入任何内容"):
        plan_import.import_plan_sheet(session, preview, actor=ACTOR)
    assert snapshot(session) == before


def test_a_sheet_that_is_no_division_sheet_is_refused(session: Session, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", "13900000000"])
    path = _save(wb, tmp_path / "通讯录.xlsx")

    with pytest.raises(ValidationError, match="找不到任务分工方案的表头"):
        plan_import.preview_plan_sheet(session, path)
    assert _plans(session) == 0


def _bomb_with_dtd(path: Path) -> Path:
    source = simple_sheet(path.with_name("source.xlsx"))
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as bomb:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                entities = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                data = data.replace(b"<worksheet", entities.encode() + b"<worksheet", 1)
            bomb.writestr(item, data)
    return path


def _zip_bomb(path: Path) -> Path:
    source = simple_sheet(path.with_name("source.xlsx"))
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in original.infolist():
            bomb.writestr(item, original.read(item))
        bomb.writestr("xl/media/padding.bin", b"\0" * (210 * 1024 * 1024))
    return path


def _encrypted(path: Path) -> Path:
    # What Office writes for a password-protected workbook: an OLE compound file holding an
    # EncryptionInfo stream and the encrypted package (only the markers matter for refusing).
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    path.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + b"\0" * 1024)
    return path


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (_bomb_with_dtd, "不安全的 XML 内容"),
        (_zip_bomb, "疑似压缩炸弹"),
        (_encrypted, "设置了打开密码"),
        (lambda p: (p.write_bytes(b"not a workbook at all"), p)[1], "不是 Excel .xlsx 文件"),
        (lambda p: (p.write_bytes(b""), p)[1], "是空文件"),
    ],
    ids=["xml-bomb", "zip-bomb", "encrypted", "not-excel", "empty"],
)
def test_hostile_or_unreadable_workbooks_are_refused_and_nothing_is_stored(
    session: Session, tmp_path: Path, build, message: str
) -> None:
    path = build(tmp_path / "bad.xlsx")
    before = snapshot(session)

    with pytest.raises(ValidationError, match=message):
        plan_import.preview_plan_sheet(session, path)
    assert snapshot(session) == before


def test_parse_deadline_forms() -> None:
    parse = plan_import.parse_deadline
    assert parse("2020年6月底前", None, 2020) == (dt.date(2020, 6, 30), False)
    assert parse("6月底", None, 2020) == (dt.date(2020, 6, 30), False)
    assert parse("年底前", None, 2020) == (dt.date(2020, 12, 31), False)
    assert parse("长期", None, 2020) == (None, True)
    assert parse("持续推进", None, 2020) == (None, True)
    assert parse("2020.12", None, 2020) == (dt.date(2020, 12, 31), False)
    assert parse("2021-03-15", None, 2020) == (dt.date(2021, 3, 15), False)
    assert parse("", None, 2020) == (None, False)
    with pytest.raises(ValueError, match="下周"):
        parse("下周", None, 2020)
