-- Written by supervisor.db.migrate.write_sqlite_schema() from the migrations: the
-- schema a new SQLite database starts with. Do not edit; write it anew instead.

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001

CREATE TABLE audit_entry (
    id INTEGER NOT NULL, 
    at DATETIME NOT NULL, 
    actor VARCHAR(100) NOT NULL, 
    action VARCHAR(20) NOT NULL, 
    entity VARCHAR(40) NOT NULL, 
    entity_id INTEGER, 
    task_id INTEGER, 
    field VARCHAR(60), 
    old_value TEXT, 
    new_value TEXT, 
    CONSTRAINT pk_audit_entry PRIMARY KEY (id)
);

CREATE INDEX ix_audit_entry_task_id ON audit_entry (task_id);

CREATE TABLE department (
    id INTEGER NOT NULL, 
    name VARCHAR(100) NOT NULL, 
    short_name VARCHAR(50), 
    kind VARCHAR(20) NOT NULL, 
    contact VARCHAR(200), 
    keywords TEXT, 
    merged_into_id INTEGER, 
    deleted_at DATETIME, 
    CONSTRAINT pk_department PRIMARY KEY (id), 
    CONSTRAINT fk_department_merged_into_id_department FOREIGN KEY(merged_into_id) REFERENCES department (id), 
    CONSTRAINT uq_department_name UNIQUE (name)
);

CREATE TABLE "plan" (
    id INTEGER NOT NULL, 
    title VARCHAR(200) NOT NULL, 
    year INTEGER NOT NULL, 
    source VARCHAR(20) NOT NULL, 
    source_text TEXT, 
    file_name VARCHAR(260), 
    file_hash VARCHAR(64), 
    created_at DATETIME NOT NULL, 
    deleted_at DATETIME, 
    CONSTRAINT pk_plan PRIMARY KEY (id), 
    CONSTRAINT uq_plan_file_hash UNIQUE (file_hash)
);

CREATE TABLE setting (
    "key" VARCHAR(60) NOT NULL, 
    value TEXT NOT NULL, 
    CONSTRAINT pk_setting PRIMARY KEY ("key")
);

CREATE TABLE returned_workbook (
    id INTEGER NOT NULL, 
    file_hash VARCHAR(64) NOT NULL, 
    file_name VARCHAR(260) NOT NULL, 
    plan_id INTEGER NOT NULL, 
    department_id INTEGER, 
    period VARCHAR(20) NOT NULL, 
    imported_at DATETIME NOT NULL, 
    imported_by VARCHAR(100) NOT NULL, 
    CONSTRAINT pk_returned_workbook PRIMARY KEY (id), 
    CONSTRAINT fk_returned_workbook_department_id_department FOREIGN KEY(department_id) REFERENCES department (id), 
    CONSTRAINT fk_returned_workbook_plan_id_plan FOREIGN KEY(plan_id) REFERENCES "plan" (id) ON DELETE CASCADE, 
    CONSTRAINT uq_returned_workbook_file_hash UNIQUE (file_hash)
);

CREATE TABLE task (
    id INTEGER NOT NULL, 
    plan_id INTEGER NOT NULL, 
    parent_id INTEGER, 
    position INTEGER NOT NULL, 
    code VARCHAR(40) NOT NULL, 
    title VARCHAR(500) NOT NULL, 
    text TEXT NOT NULL, 
    leader VARCHAR(100), 
    lead_department_id INTEGER, 
    start_date DATE, 
    deadline DATE, 
    created_at DATETIME NOT NULL, 
    deleted_at DATETIME, 
    version INTEGER NOT NULL, 
    CONSTRAINT pk_task PRIMARY KEY (id), 
    CONSTRAINT fk_task_lead_department_id_department FOREIGN KEY(lead_department_id) REFERENCES department (id), 
    CONSTRAINT fk_task_parent_id_task FOREIGN KEY(parent_id) REFERENCES task (id), 
    CONSTRAINT fk_task_plan_id_plan FOREIGN KEY(plan_id) REFERENCES "plan" (id) ON DELETE CASCADE
);

CREATE INDEX ix_task_lead_department_id ON task (lead_department_id);

CREATE INDEX ix_task_plan_parent ON task (plan_id, parent_id, position);

CREATE TABLE department_suggestion (
    id INTEGER NOT NULL, 
    task_id INTEGER NOT NULL, 
    department_name VARCHAR(100) NOT NULL, 
    role VARCHAR(8) NOT NULL, 
    keyword VARCHAR(100) NOT NULL, 
    accepted_at DATETIME, 
    CONSTRAINT pk_department_suggestion PRIMARY KEY (id), 
    CONSTRAINT fk_department_suggestion_task_id_task FOREIGN KEY(task_id) REFERENCES task (id) ON DELETE CASCADE
);

CREATE INDEX ix_department_suggestion_task_id ON department_suggestion (task_id);

CREATE TABLE indicator (
    id INTEGER NOT NULL, 
    task_id INTEGER NOT NULL, 
    position INTEGER NOT NULL, 
    name VARCHAR(200) NOT NULL, 
    value FLOAT, 
    value_max FLOAT, 
    unit VARCHAR(20) NOT NULL, 
    comparator VARCHAR(8) NOT NULL, 
    text TEXT NOT NULL, 
    deleted_at DATETIME, 
    CONSTRAINT pk_indicator PRIMARY KEY (id), 
    CONSTRAINT fk_indicator_task_id_task FOREIGN KEY(task_id) REFERENCES task (id) ON DELETE CASCADE
);

CREATE INDEX ix_indicator_task_id ON indicator (task_id);

CREATE TABLE progress_report (
    id INTEGER NOT NULL, 
    task_id INTEGER NOT NULL, 
    period VARCHAR(20) NOT NULL, 
    report_date DATE NOT NULL, 
    percent FLOAT, 
    progress_text TEXT NOT NULL, 
    problems TEXT NOT NULL, 
    next_steps TEXT NOT NULL, 
    reporter VARCHAR(100) NOT NULL, 
    corrects_id INTEGER, 
    created_at DATETIME NOT NULL, 
    created_by VARCHAR(100) NOT NULL, 
    CONSTRAINT pk_progress_report PRIMARY KEY (id), 
    CONSTRAINT fk_progress_report_corrects_id_progress_report FOREIGN KEY(corrects_id) REFERENCES progress_report (id), 
    CONSTRAINT fk_progress_report_task_id_task FOREIGN KEY(task_id) REFERENCES task (id) ON DELETE CASCADE
);

CREATE INDEX ix_progress_report_period ON progress_report (period);

CREATE INDEX ix_progress_report_task_date ON progress_report (task_id, report_date, id);

CREATE TABLE task_co_department (
    task_id INTEGER NOT NULL, 
    department_id INTEGER NOT NULL, 
    CONSTRAINT pk_task_co_department PRIMARY KEY (task_id, department_id), 
    CONSTRAINT fk_task_co_department_department_id_department FOREIGN KEY(department_id) REFERENCES department (id), 
    CONSTRAINT fk_task_co_department_task_id_task FOREIGN KEY(task_id) REFERENCES task (id) ON DELETE CASCADE
);

CREATE TABLE urging (
    id INTEGER NOT NULL, 
    task_id INTEGER NOT NULL, 
    department_id INTEGER, 
    date DATE NOT NULL, 
    colour VARCHAR(4), 
    note TEXT NOT NULL, 
    created_at DATETIME NOT NULL, 
    created_by VARCHAR(100) NOT NULL, 
    CONSTRAINT pk_urging PRIMARY KEY (id), 
    CONSTRAINT fk_urging_department_id_department FOREIGN KEY(department_id) REFERENCES department (id), 
    CONSTRAINT fk_urging_task_id_task FOREIGN KEY(task_id) REFERENCES task (id) ON DELETE CASCADE
);

CREATE INDEX ix_urging_task_id ON urging (task_id);

CREATE TABLE indicator_actual (
    id INTEGER NOT NULL, 
    report_id INTEGER NOT NULL, 
    indicator_id INTEGER NOT NULL, 
    value DOUBLE NOT NULL, 
    CONSTRAINT pk_indicator_actual PRIMARY KEY (id), 
    CONSTRAINT fk_indicator_actual_indicator_id_indicator FOREIGN KEY(indicator_id) REFERENCES indicator (id), 
    CONSTRAINT fk_indicator_actual_report_id_progress_report FOREIGN KEY(report_id) REFERENCES progress_report (id) ON DELETE CASCADE, 
    CONSTRAINT uq_indicator_actual_report_id UNIQUE (report_id, indicator_id)
);

CREATE INDEX ix_indicator_actual_indicator_id ON indicator_actual (indicator_id);

INSERT INTO alembic_version (version_num) VALUES ('0001') RETURNING version_num;

-- Running upgrade 0001 -> 0002

CREATE INDEX ix_task_co_department_department_id ON task_co_department (department_id);

UPDATE alembic_version SET version_num='0002' WHERE alembic_version.version_num = '0001';

-- Running upgrade 0002 -> 0003

CREATE INDEX ix_task_plan_deleted ON task (plan_id, deleted_at);

UPDATE alembic_version SET version_num='0003' WHERE alembic_version.version_num = '0002';

-- Running upgrade 0003 -> 0004

ALTER TABLE task ADD COLUMN kind VARCHAR(10) DEFAULT '考核' NOT NULL;

ALTER TABLE progress_report ADD COLUMN department_id INTEGER CONSTRAINT fk_progress_report_department_id_department REFERENCES department (id);

DROP INDEX ix_progress_report_task_date;

CREATE INDEX ix_progress_report_task_date ON progress_report (task_id, report_date, id, department_id);

UPDATE alembic_version SET version_num='0004' WHERE alembic_version.version_num = '0003';

-- Running upgrade 0004 -> 0005

UPDATE alembic_version SET version_num='0005' WHERE alembic_version.version_num = '0004';

-- Running upgrade 0005 -> 0006

ALTER TABLE indicator ADD COLUMN baseline FLOAT;

UPDATE alembic_version SET version_num='0006' WHERE alembic_version.version_num = '0005';

-- Running upgrade 0006 -> 0007

CREATE TABLE task_status_day (
    task_id INTEGER NOT NULL, 
    day DATE NOT NULL, 
    plan_id INTEGER NOT NULL, 
    status VARCHAR(10) NOT NULL, 
    CONSTRAINT pk_task_status_day PRIMARY KEY (task_id, day), 
    CONSTRAINT fk_task_status_day_plan_id_plan FOREIGN KEY(plan_id) REFERENCES "plan" (id) ON DELETE CASCADE, 
    CONSTRAINT fk_task_status_day_task_id_task FOREIGN KEY(task_id) REFERENCES task (id) ON DELETE CASCADE
);

CREATE INDEX ix_task_status_day_plan_day ON task_status_day (plan_id, day, status);

CREATE TRIGGER task_status_day_progress_report_insert AFTER INSERT ON progress_report FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id = NEW.task_id AND day >= NEW.report_date; END;

CREATE TRIGGER task_status_day_progress_report_update AFTER UPDATE ON progress_report FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id = OLD.task_id AND day >= OLD.report_date; DELETE FROM task_status_day WHERE task_id = NEW.task_id AND day >= NEW.report_date; END;

CREATE TRIGGER task_status_day_progress_report_delete AFTER DELETE ON progress_report FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id = OLD.task_id AND day >= OLD.report_date; END;

CREATE TRIGGER task_status_day_indicator_actual_insert AFTER INSERT ON indicator_actual FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p WHERE p.id = NEW.report_id AND p.task_id = task_status_day.task_id AND task_status_day.day >= p.report_date); END;

CREATE TRIGGER task_status_day_indicator_actual_update AFTER UPDATE ON indicator_actual FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p WHERE p.id = OLD.report_id AND p.task_id = task_status_day.task_id AND task_status_day.day >= p.report_date); DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p WHERE p.id = NEW.report_id AND p.task_id = task_status_day.task_id AND task_status_day.day >= p.report_date); END;

CREATE TRIGGER task_status_day_indicator_actual_delete AFTER DELETE ON indicator_actual FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p WHERE p.id = OLD.report_id AND p.task_id = task_status_day.task_id AND task_status_day.day >= p.report_date); END;

CREATE TRIGGER task_status_day_task_insert AFTER INSERT ON task FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id IN (NEW.id, NEW.parent_id); END;

CREATE TRIGGER task_status_day_task_update AFTER UPDATE OF plan_id, parent_id, start_date, deadline, deleted_at, kind, lead_department_id ON task FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id IN (OLD.id, OLD.parent_id); DELETE FROM task_status_day WHERE task_id IN (NEW.id, NEW.parent_id); END;

CREATE TRIGGER task_status_day_task_delete AFTER DELETE ON task FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id IN (OLD.id, OLD.parent_id); END;

CREATE TRIGGER task_status_day_indicator_insert AFTER INSERT ON indicator FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id = NEW.task_id; END;

CREATE TRIGGER task_status_day_indicator_update AFTER UPDATE ON indicator FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id = OLD.task_id; DELETE FROM task_status_day WHERE task_id = NEW.task_id; END;

CREATE TRIGGER task_status_day_indicator_delete AFTER DELETE ON indicator FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE task_id = OLD.task_id; END;

CREATE TRIGGER task_status_day_plan_update AFTER UPDATE ON plan FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE plan_id = OLD.id; DELETE FROM task_status_day WHERE plan_id = NEW.id; END;

CREATE TRIGGER task_status_day_plan_delete AFTER DELETE ON plan FOR EACH ROW BEGIN DELETE FROM task_status_day WHERE plan_id = OLD.id; END;

CREATE TRIGGER task_status_day_setting_insert AFTER INSERT ON setting FOR EACH ROW WHEN NEW.key NOT IN ('bulletin_last_issue', 'fillin_sealed_since') BEGIN DELETE FROM task_status_day; END;

CREATE TRIGGER task_status_day_setting_update AFTER UPDATE ON setting FOR EACH ROW WHEN OLD.key NOT IN ('bulletin_last_issue', 'fillin_sealed_since') OR NEW.key NOT IN ('bulletin_last_issue', 'fillin_sealed_since') BEGIN DELETE FROM task_status_day; END;

CREATE TRIGGER task_status_day_setting_delete AFTER DELETE ON setting FOR EACH ROW WHEN OLD.key NOT IN ('bulletin_last_issue', 'fillin_sealed_since') BEGIN DELETE FROM task_status_day; END;

UPDATE alembic_version SET version_num='0007' WHERE alembic_version.version_num = '0006';

-- Running upgrade 0007 -> 0008

DROP INDEX ix_task_status_day_plan_day;

DROP TABLE task_status_day;

CREATE TABLE task_status_day (
    task_id INTEGER NOT NULL, 
    day DATE NOT NULL, 
    plan_id INTEGER NOT NULL, 
    status VARCHAR(10) NOT NULL, 
    CONSTRAINT pk_task_status_day PRIMARY KEY (task_id, day)
);

CREATE INDEX ix_task_status_day_plan_day ON task_status_day (plan_id, day, status);

CREATE TABLE task_status_redo (
    task_id INTEGER NOT NULL, 
    CONSTRAINT pk_task_status_redo PRIMARY KEY (task_id)
);

DROP TRIGGER task_status_day_progress_report_insert;

CREATE TRIGGER task_status_day_progress_report_insert AFTER INSERT ON progress_report FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id FROM task_status_day WHERE task_id = NEW.task_id AND day >= NEW.report_date; DELETE FROM task_status_day WHERE task_id = NEW.task_id AND day >= NEW.report_date; END;

DROP TRIGGER task_status_day_progress_report_update;

CREATE TRIGGER task_status_day_progress_report_update AFTER UPDATE ON progress_report FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id FROM task_status_day WHERE task_id = OLD.task_id AND day >= OLD.report_date; INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id FROM task_status_day WHERE task_id = NEW.task_id AND day >= NEW.report_date; DELETE FROM task_status_day WHERE task_id = OLD.task_id AND day >= OLD.report_date; DELETE FROM task_status_day WHERE task_id = NEW.task_id AND day >= NEW.report_date; END;

DROP TRIGGER task_status_day_progress_report_delete;

CREATE TRIGGER task_status_day_progress_report_delete AFTER DELETE ON progress_report FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id FROM task_status_day WHERE task_id = OLD.task_id AND day >= OLD.report_date; DELETE FROM task_status_day WHERE task_id = OLD.task_id AND day >= OLD.report_date; END;

DROP TRIGGER task_status_day_indicator_actual_insert;

CREATE TRIGGER task_status_day_indicator_actual_insert AFTER INSERT ON indicator_actual FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT s.task_id FROM task_status_day s JOIN progress_report p ON p.id = NEW.report_id AND p.task_id = s.task_id AND s.day >= p.report_date; DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p WHERE p.id = NEW.report_id AND p.task_id = task_status_day.task_id AND task_status_day.day >= p.report_date); END;

DROP TRIGGER task_status_day_indicator_actual_update;

CREATE TRIGGER task_status_day_indicator_actual_update AFTER UPDATE ON indicator_actual FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT s.task_id FROM task_status_day s JOIN progress_report p ON p.id = OLD.report_id AND p.task_id = s.task_id AND s.day >= p.report_date; INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT s.task_id FROM task_status_day s JOIN progress_report p ON p.id = NEW.report_id AND p.task_id = s.task_id AND s.day >= p.report_date; DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p WHERE p.id = OLD.report_id AND p.task_id = task_status_day.task_id AND task_status_day.day >= p.report_date); DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p WHERE p.id = NEW.report_id AND p.task_id = task_status_day.task_id AND task_status_day.day >= p.report_date); END;

DROP TRIGGER task_status_day_indicator_actual_delete;

CREATE TRIGGER task_status_day_indicator_actual_delete AFTER DELETE ON indicator_actual FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT s.task_id FROM task_status_day s JOIN progress_report p ON p.id = OLD.report_id AND p.task_id = s.task_id AND s.day >= p.report_date; DELETE FROM task_status_day WHERE EXISTS (SELECT 1 FROM progress_report p WHERE p.id = OLD.report_id AND p.task_id = task_status_day.task_id AND task_status_day.day >= p.report_date); END;

DROP TRIGGER task_status_day_task_insert;

CREATE TRIGGER task_status_day_task_insert AFTER INSERT ON task FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT NEW.id UNION SELECT NEW.parent_id WHERE NEW.parent_id IS NOT NULL; DELETE FROM task_status_day WHERE task_id IN (NEW.id, NEW.parent_id); END;

DROP TRIGGER task_status_day_task_update;

CREATE TRIGGER task_status_day_task_update AFTER UPDATE OF plan_id, parent_id, start_date, deadline, deleted_at, kind, lead_department_id ON task FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT OLD.id UNION SELECT OLD.parent_id WHERE OLD.parent_id IS NOT NULL; INSERT OR IGNORE INTO task_status_redo (task_id) SELECT NEW.id UNION SELECT NEW.parent_id WHERE NEW.parent_id IS NOT NULL; DELETE FROM task_status_day WHERE task_id IN (OLD.id, OLD.parent_id); DELETE FROM task_status_day WHERE task_id IN (NEW.id, NEW.parent_id); END;

DROP TRIGGER task_status_day_task_delete;

CREATE TRIGGER task_status_day_task_delete AFTER DELETE ON task FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT OLD.id UNION SELECT OLD.parent_id WHERE OLD.parent_id IS NOT NULL; DELETE FROM task_status_day WHERE task_id IN (OLD.id, OLD.parent_id); END;

DROP TRIGGER task_status_day_indicator_insert;

CREATE TRIGGER task_status_day_indicator_insert AFTER INSERT ON indicator FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id FROM task_status_day WHERE task_id = NEW.task_id; DELETE FROM task_status_day WHERE task_id = NEW.task_id; END;

DROP TRIGGER task_status_day_indicator_update;

CREATE TRIGGER task_status_day_indicator_update AFTER UPDATE ON indicator FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id FROM task_status_day WHERE task_id = OLD.task_id; INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id FROM task_status_day WHERE task_id = NEW.task_id; DELETE FROM task_status_day WHERE task_id = OLD.task_id; DELETE FROM task_status_day WHERE task_id = NEW.task_id; END;

DROP TRIGGER task_status_day_indicator_delete;

CREATE TRIGGER task_status_day_indicator_delete AFTER DELETE ON indicator FOR EACH ROW BEGIN INSERT OR IGNORE INTO task_status_redo (task_id) SELECT DISTINCT task_id FROM task_status_day WHERE task_id = OLD.task_id; DELETE FROM task_status_day WHERE task_id = OLD.task_id; END;

UPDATE alembic_version SET version_num='0008' WHERE alembic_version.version_num = '0007';

