"""A shared PostgreSQL server: the office's group roles, their GRANTs, the row rule on settings,
and the triggers that record who made a change and announce it (``db init-server``).

Everything here is SQL the server enforces, whatever program connects: a login with a lower
role cannot change what it may not, and cannot sign a change with another login's name.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import Connection, text

from supervisor.db.notify import CHANNEL, NOTIFIED_TABLES

# The three NOLOGIN group roles; a login is given an office role by membership of one.
# Prefixed, because role names are global to the server, which may hold other databases.
ADMIN_ROLE = "supervisor_admin"
INSPECTOR_ROLE = "supervisor_inspector"
LEADER_ROLE = "supervisor_leader"
GROUP_ROLES = (ADMIN_ROLE, INSPECTOR_ROLE, LEADER_ROLE)

# What 督查员 and 领导 may do to each table (管理员 owns every table and may do everything).
# 督查员: tasks and indicators (soft deletion is an UPDATE), assignment (co-units are rows of
# task_co_department, so re-assigning deletes some), progress, urging, fill-in round trips;
# reports and urgings are never updated, so no UPDATE there. 领导 reads, and its exports write
# the audit line of the bulletin's issue number (the setting itself: see SETTING_KEYS).
TABLE_PRIVILEGES: dict[str, dict[str, tuple[str, ...]]] = {
    "plan": {INSPECTOR_ROLE: ("SELECT",), LEADER_ROLE: ("SELECT",)},
    "department": {INSPECTOR_ROLE: ("SELECT",), LEADER_ROLE: ("SELECT",)},
    "task": {INSPECTOR_ROLE: ("SELECT", "INSERT", "UPDATE"), LEADER_ROLE: ("SELECT",)},
    "task_co_department": {
        INSPECTOR_ROLE: ("SELECT", "INSERT", "DELETE"),
        LEADER_ROLE: ("SELECT",),
    },
    "indicator": {INSPECTOR_ROLE: ("SELECT", "INSERT", "UPDATE"), LEADER_ROLE: ("SELECT",)},
    "department_suggestion": {
        INSPECTOR_ROLE: ("SELECT", "INSERT", "UPDATE"),
        LEADER_ROLE: ("SELECT",),
    },
    # DELETE only for 撤回 (the undo of one's own 保存), and only of one's own rows: see
    # _withdraw_rows_rule.
    "progress_report": {
        INSPECTOR_ROLE: ("SELECT", "INSERT", "DELETE"),
        LEADER_ROLE: ("SELECT",),
    },
    "indicator_actual": {
        INSPECTOR_ROLE: ("SELECT", "INSERT", "DELETE"),
        LEADER_ROLE: ("SELECT",),
    },
    "urging": {INSPECTOR_ROLE: ("SELECT", "INSERT"), LEADER_ROLE: ("SELECT",)},
    "audit_entry": {INSPECTOR_ROLE: ("SELECT", "INSERT"), LEADER_ROLE: ("SELECT", "INSERT")},
    "returned_workbook": {INSPECTOR_ROLE: ("SELECT", "INSERT"), LEADER_ROLE: ("SELECT",)},
    "setting": {
        INSPECTOR_ROLE: ("SELECT", "INSERT", "UPDATE"),
        LEADER_ROLE: ("SELECT", "INSERT", "UPDATE"),
    },
    "alembic_version": {INSPECTOR_ROLE: ("SELECT",), LEADER_ROLE: ("SELECT",)},
    # Derived statuses (services.status.stored). 督查员's writes fire the triggers that delete
    # stale rows (they run as the writer), and its trends store statuses; a row it could
    # forge by hand is one its own reports could change anyway, and any later change drops
    # it. 领导 only reads: its trends work out what is missing without storing it.
    "task_status_day": {INSPECTOR_ROLE: ("SELECT", "INSERT", "DELETE"), LEADER_ROLE: ("SELECT",)},
    # The tasks whose statuses the triggers dropped (migration 0008): marked by 督查员's
    # writes, cleared by its trends.
    "task_status_redo": {
        INSPECTOR_ROLE: ("SELECT", "INSERT", "DELETE"),
        LEADER_ROLE: ("SELECT",),
    },
}
# The settings a lower role writes as a side effect of its own work (row-level security on
# ``setting``): an export remembers the bulletin's issue number; the first sealed fill-in
# export notes that sealed workbooks went out. Every other setting is the administrator's.
SETTING_KEYS: dict[str, tuple[str, ...]] = {
    INSPECTOR_ROLE: ("bulletin_last_issue", "fillin_sealed_since"),
    LEADER_ROLE: ("bulletin_last_issue",),
}
# The column the database fills with the login's name on every insert, whatever the client
# sent: who made the change is the server's to say, not the program's.
ACTOR_COLUMNS = {
    "audit_entry": "actor",
    "progress_report": "created_by",
    "urging": "created_by",
    "returned_workbook": "imported_by",
}
AUDIT_APPEND_ONLY_MESSAGE = "审计日志只能追加，不能修改或删除"
FUNCTIONS = (
    "supervisor_stamp_actor()",
    "supervisor_audit_append_only()",
    "supervisor_notify_change()",
    # Created by migration 0007: the triggers that drop stale stored statuses.
    "supervisor_task_status_stale()",
    "supervisor_task_status_drop(text, jsonb)",
)


def quote(connection: Connection, name: str) -> str:
    """``name`` as a quoted SQL identifier (role and user names come from the user)."""
    return connection.dialect.identifier_preparer.quote_identifier(name)


def is_superuser(connection: Connection) -> bool:
    """Whether the connected login is a superuser."""
    return bool(
        connection.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = session_user"))
    )


def can_create_roles(connection: Connection) -> bool:
    """Whether the connected login may create roles (superuser or CREATEROLE)."""
    return bool(
        connection.scalar(
            text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user")
        )
    )


def existing_group_roles(connection: Connection) -> set[str]:
    """Which of the three group roles exist on the server."""
    rows = connection.scalars(
        text("SELECT rolname::text FROM pg_roles WHERE rolname = ANY(:names)"),
        {"names": list(GROUP_ROLES)},
    )
    return set(rows)


def create_group_roles(connection: Connection) -> list[str]:
    """Create the group roles that do not exist yet (NOLOGIN); returns those created."""
    created = []
    existing = existing_group_roles(connection)
    for role in GROUP_ROLES:
        if role not in existing:
            connection.exec_driver_sql(f"CREATE ROLE {quote(connection, role)} NOLOGIN")
            created.append(role)
    return created


def set_up(connection: Connection) -> bool:
    """Whether ``init-server`` set this database up: its tables belong to the admins' group.

    (Group roles alone say nothing: they are global to the server, which may hold other
    databases that were never set up.)
    """
    return bool(
        connection.scalar(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename = 'alembic_version' AND tableowner = :admin)"
            ),
            {"admin": ADMIN_ROLE},
        )
    )


def become_owner_role(connection: Connection) -> None:
    """Act as the administrators' group for the rest of the transaction, when a member.

    The tables belong to that group (``apply_privileges``), so any administrator, not only
    the login that ran ``init-server``, can run the migrations, and the tables a migration
    creates belong to the group too.
    """
    member = connection.scalar(
        text(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :role "
            "AND pg_has_role(session_user, oid, 'MEMBER'))"
        ),
        {"role": ADMIN_ROLE},
    )
    if member and not is_superuser(connection):
        connection.exec_driver_sql(f"SET LOCAL ROLE {quote(connection, ADMIN_ROLE)}")


def apply_privileges(connection: Connection) -> None:
    """Give every table to the administrators and grant the others what they may do.

    Idempotent: privileges are revoked and granted anew, so a changed matrix applies in full.
    Also installs the triggers and the row rule on ``setting``.
    """
    q = lambda name: quote(connection, name)  # noqa: E731
    database = connection.scalar(text("SELECT current_database()"))
    tables = list(
        connection.scalars(
            text("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'")
        )
    )
    admin, inspector, leader = (q(r) for r in GROUP_ROLES)
    run = connection.exec_driver_sql
    # The database and the schema belong to the server's superuser: granting on them is
    # init-server's (run by the superuser); an administrator upgrading skips it.
    if _owns(connection, "SELECT datdba FROM pg_database WHERE datname = current_database()"):
        run(f"GRANT CONNECT, TEMPORARY ON DATABASE {q(database)} TO {admin}, {inspector}, {leader}")
    if _owns(connection, "SELECT nspowner FROM pg_namespace WHERE nspname = 'public'"):
        run(f"GRANT USAGE, CREATE ON SCHEMA public TO {admin}")
        run(f"GRANT USAGE ON SCHEMA public TO {inspector}, {leader}")
    for table in tables:
        run(f"ALTER TABLE public.{q(table)} OWNER TO {admin}")
        run(f"REVOKE ALL ON public.{q(table)} FROM PUBLIC, {inspector}, {leader}")
        for role, privileges in TABLE_PRIVILEGES.get(table, {}).items():
            run(f"GRANT {', '.join(privileges)} ON public.{q(table)} TO {q(role)}")
    # Inserting needs the id sequences; reading one changes no data.
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {inspector}, {leader}")
    _setting_rows_rule(connection)
    _withdraw_rows_rule(connection)
    _actor_triggers(connection)
    _audit_append_only(connection)
    _notify_triggers(connection)
    # The functions too, so that an administrator's next upgrade may replace them.
    # (Those a migration creates exist only from its revision on: upgrade_to may stop before.)
    for function in FUNCTIONS:
        if connection.scalar(text("SELECT to_regprocedure(:f) IS NOT NULL"), {"f": function}):
            run(f"ALTER FUNCTION {function} OWNER TO {admin}")


def _owns(connection: Connection, owner_query: str) -> bool:
    return bool(
        connection.scalar(text(f"SELECT pg_has_role(current_user, ({owner_query}), 'MEMBER')"))
    )


def _setting_rows_rule(connection: Connection) -> None:
    q = lambda name: quote(connection, name)  # noqa: E731
    run = connection.exec_driver_sql
    run("ALTER TABLE setting ENABLE ROW LEVEL SECURITY")
    # Dropped and made anew: a changed list of keys applies in full.
    run("DROP POLICY IF EXISTS setting_read ON setting")
    for suffix in ("insert", "update"):
        for role in (INSPECTOR_ROLE, LEADER_ROLE):
            run(f"DROP POLICY IF EXISTS {role}_{suffix} ON setting")
    run(f"CREATE POLICY setting_read ON setting FOR SELECT TO {q(INSPECTOR_ROLE)}, "
        f"{q(LEADER_ROLE)} USING (true)")  # fmt: skip
    # UPDATE sees every row (USING true) and only the new row is checked: a refused update
    # fails loudly with the policy's error instead of silently matching no row.
    for role, keys in SETTING_KEYS.items():
        allowed = ", ".join("'" + key.replace("'", "''") + "'" for key in keys)
        run(f"CREATE POLICY {role}_insert ON setting FOR INSERT TO {q(role)} "
            f"WITH CHECK (key IN ({allowed}))")  # fmt: skip
        run(f"CREATE POLICY {role}_update ON setting FOR UPDATE TO {q(role)} "
            f"USING (true) WITH CHECK (key IN ({allowed}))")  # fmt: skip


def _withdraw_rows_rule(connection: Connection) -> None:
    """督查员 may delete a report only to withdraw (撤回) one it recorded itself.

    services.withdrawal refuses a batch with anything on top; this rule makes the server refuse
    a colleague's reports whatever program asks. Administrators own the tables and bypass it.
    """
    q = lambda name: quote(connection, name)  # noqa: E731
    run = connection.exec_driver_sql
    inspector, leader = q(INSPECTOR_ROLE), q(LEADER_ROLE)
    own_report = "created_by = session_user::text"
    own_actual = (
        "EXISTS (SELECT 1 FROM progress_report p WHERE p.id = report_id "
        "AND p.created_by = session_user::text)"
    )
    for table, own in (("progress_report", own_report), ("indicator_actual", own_actual)):
        run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for suffix in ("read", "insert", "withdraw"):
            run(f"DROP POLICY IF EXISTS {table}_{suffix} ON {table}")
        run(f"CREATE POLICY {table}_read ON {table} FOR SELECT TO {inspector}, {leader} "
            "USING (true)")  # fmt: skip
        run(f"CREATE POLICY {table}_insert ON {table} FOR INSERT TO {inspector} "
            "WITH CHECK (true)")  # fmt: skip
        run(f"CREATE POLICY {table}_withdraw ON {table} FOR DELETE TO {inspector} "
            f"USING ({own})")  # fmt: skip


def _actor_triggers(connection: Connection) -> None:
    run = connection.exec_driver_sql
    # session_user, not current_user: a member may SET ROLE to its group, which changes
    # current_user to the group's name; the login it connected as stays session_user.
    run(
        "CREATE OR REPLACE FUNCTION supervisor_stamp_actor() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user::text)); "
        "RETURN NEW; END $$"
    )
    for table, column in ACTOR_COLUMNS.items():
        run(f"DROP TRIGGER IF EXISTS {table}_actor ON {table}")
        run(
            f"CREATE TRIGGER {table}_actor BEFORE INSERT ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION supervisor_stamp_actor('{column}')"
        )


def _audit_append_only(connection: Connection) -> None:
    run = connection.exec_driver_sql
    # For every login, the administrators too: a supervision record is evidence. Only a
    # superuser (the server's IT staff) could drop the trigger.
    run(
        "CREATE OR REPLACE FUNCTION supervisor_audit_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION '{AUDIT_APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; "
        "END $$"
    )
    run("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
    run("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
    run(
        "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION supervisor_audit_append_only()"
    )
    run(
        "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
        "FOR EACH STATEMENT EXECUTE FUNCTION supervisor_audit_append_only()"
    )


def _notify_triggers(connection: Connection) -> None:
    run = connection.exec_driver_sql
    # The payload of db.notify: the row's id (a task's id for task_co_department, which has
    # none), the task it belongs to, the operation and the login.
    run(
        "CREATE OR REPLACE FUNCTION supervisor_notify_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ DECLARE "
        "r jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END); "
        "task bigint := CASE WHEN TG_TABLE_NAME = 'task' THEN (r->>'id')::bigint "
        "ELSE (r->>'task_id')::bigint END; "
        "BEGIN "
        "IF TG_TABLE_NAME = 'indicator_actual' THEN "
        "SELECT p.task_id INTO task FROM progress_report p WHERE p.id = (r->>'report_id')::bigint; "
        "END IF; "
        f"PERFORM pg_notify('{CHANNEL}', json_build_object("
        "'table', TG_TABLE_NAME, 'id', COALESCE((r->>'id')::bigint, (r->>'task_id')::bigint), "
        "'task', task, 'op', TG_OP, 'actor', session_user::text)::text); "
        "RETURN NULL; END $$"
    )
    for table in NOTIFIED_TABLES:
        run(f"DROP TRIGGER IF EXISTS {table}_notify ON {table}")
        run(
            f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION supervisor_notify_change()"
        )


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677).

    Sent instead of the password, so the password never appears in SQL the server might log
    (``psql``'s ``\\password`` does the same).
    """
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def may_migrate(connection: Connection) -> bool:
    """Whether the connected login may change the schema: a superuser, a member of the role
    owning the tables, or, in an empty database, a login that may create tables."""
    return bool(
        connection.scalar(
            text(
                "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) OR "
                "COALESCE((SELECT pg_has_role(session_user, tableowner, 'MEMBER') FROM pg_tables "
                "  WHERE schemaname = 'public' AND tablename = 'alembic_version'), "
                "  NOT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public') "
                "  AND has_schema_privilege('public', 'CREATE'))"
            )
        )
    )
