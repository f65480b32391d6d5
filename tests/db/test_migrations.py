"""Schema migrations: from empty, from every older revision with data in it, models in sync."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from supervisor.db import migrate
from supervisor.db.models import Base, Plan, Task
from supervisor.db.session import make_engine
from supervisor.services.database import open_database


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_the_pinned_head_is_the_newest_migration() -> None:
    # The app checks the schema against HEAD_REVISION without importing Alembic.
    assert migrate.HEAD_REVISION == migrate.head_revision() == _revisions()[-1]


def test_migrations_from_empty_create_every_table(database_url: str) -> None:
    # Run the migrations themselves: open_database builds an empty database from the models.
    engine = make_engine(database_url)
    try:
        migrate.upgrade_to(engine, "head")
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_migrated_schema_matches_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate.upgrade_to(engine, "head")
        with engine.connect() as connection:
            diff = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}),
                Base.metadata,
            )
        assert diff == []
    finally:
        engine.dispose()


def test_upgrade_keeps_data_written_at_every_older_revision(tmp_path: Path) -> None:
    for older in _revisions():
        path = tmp_path / f"at-{older}.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        migrate.upgrade_to(engine, older)
        with engine.begin() as connection:
            # Plain SQL: the ORM classes describe the newest schema, not the older one.
            connection.execute(
                text(
                    "INSERT INTO plan (id, title, year, source, created_at) "
                    "VALUES (1, '2021年某市政府工作报告', 2021, '政府工作报告', :now)"
                ),
                {"now": dt.datetime(2021, 1, 5)},
            )
            connection.execute(
                text(
                    "INSERT INTO task (id, plan_id, position, code, title, text, created_at, "
                    "version) VALUES (1, 1, 0, '1', '稳定经济增长', '', :now, 1)"
                ),
                {"now": dt.datetime(2021, 1, 5)},
            )
        engine.dispose()

        db = open_database(f"sqlite:///{path}")
        try:
            with db.sessions() as session:
                assert session.scalar(select(Plan.title)) == "2021年某市政府工作报告"
                assert session.scalar(select(Task.title)) == "稳定经济增长"
            if older != migrate.head_revision():
                assert db.pre_upgrade_copy is not None
                assert db.pre_upgrade_copy.exists()
        finally:
            db.close()


def test_older_database_is_copied_aside_before_upgrade(tmp_path: Path) -> None:
    revisions = _revisions()
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade_to(engine, revisions[0])
    engine.dispose()
    db = open_database(f"sqlite:///{path}")
    try:
        if len(revisions) == 1:
            assert db.pre_upgrade_copy is None  # already at head: nothing to copy
        else:
            assert db.pre_upgrade_copy is not None
            copy = make_engine(f"sqlite:///{db.pre_upgrade_copy}")
            assert migrate.current_revision(copy) == revisions[0]
            copy.dispose()
    finally:
        db.close()


def test_sqlite_runs_with_wal_foreign_keys_and_a_large_page_cache(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA cache_size")).scalar() == -32768  # KiB
    finally:
        db.close()


def test_upgrade_from_0003_keeps_reports_and_actuals_and_adds_kind_and_unit(
    tmp_path: Path,
) -> None:
    # 0004 adds a column to progress_report: copying that table would cascade-delete every
    # indicator_actual row (foreign keys are on), so this pins that nothing is lost.
    path = tmp_path / "at-0003.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade_to(engine, "0003")
    now = dt.datetime(2020, 3, 2)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO plan (id, title, year, source, created_at) "
                "VALUES (1, '2020年某市政府工作报告', 2020, '政府工作报告', :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text("INSERT INTO department (id, name, kind) VALUES (1, '市发展改革委', '市直部门')")
        )
        connection.execute(
            text(
                "INSERT INTO task (id, plan_id, position, code, title, text, created_at, version,"
                " lead_department_id) VALUES (1, 1, 0, '1', '完成投资128亿元', '', :now, 1, 1)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO indicator (id, task_id, position, name, value, unit, comparator, "
                "text) VALUES (1, 1, 0, '投资', 128, '亿元', '=', '完成投资128亿元')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO progress_report (id, task_id, period, report_date, percent, "
                "progress_text, problems, next_steps, reporter, created_at, created_by) VALUES "
                "(1, 1, '2020-W10', '2020-03-02', 20, '已开工', '', '', '', :now, '测试员')"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO indicator_actual (id, report_id, indicator_id, value) "
                "VALUES (1, 1, 1, 25.5)"
            )
        )
    engine.dispose()

    db = open_database(f"sqlite:///{path}")
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT kind FROM task")).scalar() == "考核"
            assert connection.execute(
                text("SELECT department_id, percent FROM progress_report")
            ).one() == (None, 20)
            assert connection.execute(text("SELECT value FROM indicator_actual")).scalar() == 25.5
            indexes = {
                ix["name"]: ix["column_names"]
                for ix in inspect(connection).get_indexes("progress_report")
            }
            assert indexes["ix_progress_report_task_date"] == [
                "task_id",
                "report_date",
                "id",
                "department_id",
            ]
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    finally:
        db.close()


def test_upgrade_to_0005_gives_cut_titles_a_whole_label(tmp_path: Path) -> None:
    sentence = (
        "加快推进城乡基础设施建设，实施城市道路改造提升工程，新建改造市政道路30公里，"
        "完成老旧小区改造40个，新增城市停车泊位5000个，推进海绵城市建设，建成区40%以上面积"
        "达到海绵城市建设要求"
    )
    paragraph = f"改善城乡面貌。{sentence}。确保年底前全部完工。"
    cut = sentence[:79] + "…"  # what the importer stored before 0005
    assert cut[-2:-1] not in "，；。、"  # cut mid-phrase
    path = tmp_path / "at-0004.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade_to(engine, "0004")
    now = dt.datetime(2020, 3, 2)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO plan (id, title, year, source, created_at) "
                "VALUES (1, '2020年某市政府工作报告', 2020, '政府工作报告', :now)"
            ),
            {"now": now},
        )
        for task_id, title, body in [
            (1, cut, sentence + "。"),  # an item: its text is the sentence
            (2, cut, paragraph),  # the same sentence inside a paragraph
            (3, "自拟标题很长…", sentence),  # edited by hand: not in the text, left alone
            (4, "新建幼儿园5所", "新建幼儿园5所。"),  # never cut
        ]:
            connection.execute(
                text(
                    "INSERT INTO task (id, plan_id, position, code, title, text, created_at, "
                    "version) VALUES (:id, 1, :id, :code, :title, :text, :now, 1)"
                ),
                {"id": task_id, "code": str(task_id), "title": title, "text": body, "now": now},
            )
    engine.dispose()

    db = open_database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as connection:
            titles = dict(connection.execute(text("SELECT id, title FROM task")).all())
            audit = connection.execute(
                text("SELECT task_id, actor, field, old_value, new_value FROM audit_entry")
            ).all()
            versions = dict(connection.execute(text("SELECT id, version FROM task")).all())
    finally:
        db.close()
    label = (
        "加快推进城乡基础设施建设，实施城市道路改造提升工程，新建改造市政道路30公里，"
        "完成老旧小区改造40个，新增城市停车泊位5000个，推进海绵城市建设"
    )
    assert titles == {1: label, 2: label, 3: "自拟标题很长…", 4: "新建幼儿园5所"}
    assert sorted(audit) == [
        (1, "数据库升级", "title", cut, label),
        (2, "数据库升级", "title", cut, label),
    ]
    assert versions == {1: 2, 2: 2, 3: 1, 4: 1}


def test_upgrade_from_0005_adds_an_empty_baseline_and_keeps_indicators_and_actuals(
    tmp_path: Path,
) -> None:
    # 0006 adds indicator.baseline: copying that table would lose the rows indicator_actual
    # refers to, so the column is added in place.
    path = tmp_path / "at-0005.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade_to(engine, "0005")
    now = dt.datetime(2023, 3, 2)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO plan (id, title, year, source, created_at) "
                "VALUES (1, '2023年某县政府工作报告', 2023, '政府工作报告', :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO task (id, plan_id, position, code, title, text, created_at, version)"
                " VALUES (1, 1, 0, '1', '农村集中供水率', '农村集中供水率达到92%。', :now, 1)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO indicator (id, task_id, position, name, value, unit, comparator, "
                "text) VALUES (1, 1, 0, '农村集中供水率', 92, '%', '=', '达到92%')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO progress_report (id, task_id, period, report_date, percent, "
                "progress_text, problems, next_steps, reporter, created_at, created_by) VALUES "
                "(1, 1, '2023-W26', '2023-06-30', 50, '', '', '', '', :now, '测试员')"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO indicator_actual (id, report_id, indicator_id, value) "
                "VALUES (1, 1, 1, 90)"
            )
        )
    engine.dispose()

    db = open_database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as connection:
            assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
            indicators = connection.execute(
                text("SELECT id, name, value, baseline FROM indicator")
            ).all()
            actuals = connection.execute(
                text("SELECT indicator_id, value FROM indicator_actual")
            ).all()
    finally:
        db.close()
    assert indicators == [(1, "农村集中供水率", 92, None)]
    assert actuals == [(1, 90)]


def test_baseline_column_exists_from_empty(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate.upgrade_to(engine, "head")
        columns = {c["name"] for c in inspect(engine).get_columns("indicator")}
        assert "baseline" in columns
    finally:
        engine.dispose()


def test_upgrade_from_0006_adds_an_empty_task_status_day_whose_triggers_work(
    database_url: str,
) -> None:
    # 0007 adds the stored statuses: an existing database starts with none, keeps its
    # reports, and from then on its triggers drop the rows a back-dated report makes stale
    # (that task's from the report's date on) and those of a task whose deadline changes,
    # leaving other tasks' rows alone.
    engine = make_engine(database_url)
    try:
        migrate.upgrade_to(engine, "0006")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO plan (id, title, year, source, created_at) "
                    "VALUES (1, '2023年某县政府工作报告', 2023, '政府工作报告', :now)"
                ),
                {"now": dt.datetime(2023, 3, 2)},
            )
            for task_id in (1, 2):
                connection.execute(
                    text(
                        "INSERT INTO task (id, plan_id, position, code, title, text, "
                        "created_at, version, kind) VALUES (:id, 1, :id, :code, '农村供水', '', "
                        ":now, 1, '考核')"
                    ),
                    {"id": task_id, "code": str(task_id), "now": dt.datetime(2023, 3, 2)},
                )
            connection.execute(
                text(
                    "INSERT INTO progress_report (id, task_id, period, report_date, percent, "
                    "progress_text, problems, next_steps, reporter, created_at, created_by) "
                    "VALUES (1, 1, '2023-W26', '2023-06-30', 50, '', '', '', '', :now, 'x')"
                ),
                {"now": dt.datetime(2023, 7, 1)},
            )
        migrate.upgrade_to(engine, "head")
        with engine.begin() as connection:
            assert connection.execute(text("SELECT count(*) FROM task_status_day")).scalar() == 0
            assert connection.execute(text("SELECT percent FROM progress_report")).all() == [(50,)]
            for task_id in (1, 2):
                for day in ("2023-06-25", "2023-07-02", "2023-07-09"):
                    connection.execute(
                        text(
                            "INSERT INTO task_status_day (task_id, day, plan_id, status) "
                            "VALUES (:task, :day, 1, '达序时')"
                        ),
                        {"task": task_id, "day": dt.date.fromisoformat(day)},
                    )
            connection.execute(
                text(
                    "INSERT INTO progress_report (id, task_id, period, report_date, percent, "
                    "progress_text, problems, next_steps, reporter, created_at, created_by) "
                    "VALUES (2, 1, '2023-W27', '2023-07-03', 60, '', '', '', '', :now, 'x')"
                ),
                {"now": dt.datetime(2023, 7, 3)},
            )
            query = text("SELECT task_id, day FROM task_status_day ORDER BY task_id, day")
            after_report = [(task, str(day)) for task, day in connection.execute(query)]
            connection.execute(text("UPDATE task SET deadline = '2023-10-31' WHERE id = 2"))
            after_deadline = [(task, str(day)) for task, day in connection.execute(query)]
        assert after_report == [
            (1, "2023-06-25"),
            (1, "2023-07-02"),
            (2, "2023-06-25"),
            (2, "2023-07-02"),
            (2, "2023-07-09"),
        ]
        assert after_deadline == [(1, "2023-06-25"), (1, "2023-07-02")]
    finally:
        engine.dispose()


def test_upgrade_from_0007_drops_task_status_day_keys_and_triggers_still_drop_rows(
    database_url: str,
) -> None:
    # 0008 drops the table's foreign keys (their checks doubled a cold store's time); the
    # rows of a deleted task or plan must still go, by the triggers alone. PostgreSQL keeps
    # the stored rows; SQLite makes the (derived) table anew, empty.
    engine = make_engine(database_url)
    now = dt.datetime(2023, 3, 2)
    try:
        migrate.upgrade_to(engine, "0007")
        with engine.begin() as connection:
            for plan_id in (1, 2):
                connection.execute(
                    text(
                        "INSERT INTO plan (id, title, year, source, created_at) "
                        "VALUES (:id, :title, 2023, '政府工作报告', :now)"
                    ),
                    {"id": plan_id, "title": f"2023年{plan_id}号方案", "now": now},
                )
            for task_id, plan_id in ((1, 1), (2, 1), (3, 2)):
                connection.execute(
                    text(
                        "INSERT INTO task (id, plan_id, position, code, title, text, "
                        "created_at, version, kind) VALUES (:id, :plan, :id, :code, '农村供水', "
                        "'', :now, 1, '考核')"
                    ),
                    {"id": task_id, "plan": plan_id, "code": str(task_id), "now": now},
                )
            store = text(
                "INSERT INTO task_status_day (task_id, day, plan_id, status) "
                "VALUES (:task, :day, :plan, '达序时')"
            )
            connection.execute(store, {"task": 1, "day": dt.date(2023, 6, 25), "plan": 1})
        migrate.upgrade_to(engine, "head")
        assert not inspect(engine).get_foreign_keys("task_status_day")
        count = text("SELECT count(*) FROM task_status_day")
        with engine.begin() as connection:
            kept = connection.execute(count).scalar()
            assert kept == (1 if engine.dialect.name == "postgresql" else 0)
            for task_id, plan_id in ((1, 1), (2, 1), (3, 2)):
                for day in (dt.date(2023, 7, 2), dt.date(2023, 7, 9)):
                    connection.execute(store, {"task": task_id, "day": day, "plan": plan_id})
            connection.execute(text("DELETE FROM task WHERE id = 2"))
            left = connection.execute(text("SELECT DISTINCT task_id FROM task_status_day"))
            assert sorted(row[0] for row in left) == [1, 3]
            connection.execute(text("DELETE FROM plan WHERE id = 1"))
            left = connection.execute(text("SELECT DISTINCT task_id FROM task_status_day"))
            assert [row[0] for row in left] == [3]
            connection.execute(text("DELETE FROM plan WHERE id = 2"))
            assert connection.execute(count).scalar() == 0
        config = migrate.alembic_config()
        with engine.begin() as connection:  # and back: the keys return
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
        assert len(inspect(engine).get_foreign_keys("task_status_day")) == 2
    finally:
        engine.dispose()
