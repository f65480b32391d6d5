"""Set up a shared PostgreSQL server for the office and manage who holds which role.

``init_server`` builds the schema and the three group roles with their privileges;
``grant``/``revoke`` make a login a member of one (creating the login, with a password the
caller asks for, when it does not exist). The connecting login needs the right to create
roles (the server's superuser, ``postgres``, or a login with CREATEROLE).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from supervisor import paths
from supervisor.db import migrate, server
from supervisor.db.session import make_engine
from supervisor.errors import DatabaseError, PermissionDeniedError, ValidationError
from supervisor.services.office_roles import SERVER_ROLE, OfficeRole, parse_role

MAX_NAME_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1


@dataclass(frozen=True, slots=True)
class InitReport:
    """What ``init_server`` did."""

    url: str
    revision_before: str | None
    revision_after: str
    roles_created: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GrantResult:
    """What ``grant`` did."""

    user: str
    role: OfficeRole
    login_created: bool
    roles_revoked: tuple[OfficeRole, ...]


@dataclass(frozen=True, slots=True)
class Member:
    """A login and the office role it holds."""

    user: str
    role: OfficeRole
    can_login: bool


def server_url(url: str | None) -> str:
    """The PostgreSQL URL named by ``url`` (or ``SUPERVISOR_DB``).

    Raises:
        ValidationError: it names a SQLite file, for which there is nothing to set up.
    """
    resolved = paths.database_url(url)
    if make_url(resolved).get_backend_name() != "postgresql":
        raise ValidationError(
            "该命令只适用于 PostgreSQL 服务器（如 postgresql+psycopg://用户@服务器/库名）；"
            "SQLite 数据库文件没有角色，能打开文件的人即可使用全部功能"
        )
    return resolved


def init_server(url: str | None) -> InitReport:
    """Create or bring up to date the schema, the group roles, their GRANTs and triggers.

    Idempotent: run again after an upgrade of the program, or to repair privileges.

    Raises:
        PermissionDeniedError: the login may not create roles.
        DatabaseError: the server cannot be reached or the schema built.
    """
    resolved = server_url(url)
    with _server(resolved) as engine:
        try:
            with engine.connect() as connection:
                _require_role_admin(connection)
                before = migrate.current_revision(engine)
            with engine.begin() as connection:
                created = server.create_group_roles(connection)
            migrate.upgrade(engine)
            with engine.begin() as connection:
                server.apply_privileges(connection)
            from supervisor.services import identity

            identity.ensure_identity(engine)
        except SQLAlchemyError as err:
            raise DatabaseError(f"初始化服务器数据库失败：{_first_line(err)}") from err
    return InitReport(resolved, before, migrate.HEAD_REVISION, tuple(created))


def grant(
    url: str | None, user: str, role: str | OfficeRole, password: Callable[[], str]
) -> GrantResult:
    """Give ``user`` the office role ``role`` (a login holds one: others are revoked).

    A login that does not exist is created, with the password ``password()`` returns (asked
    only then); the server receives its SCRAM verifier, never the password itself.

    Raises:
        ValidationError: a bad user name, role or empty password.
        PermissionDeniedError: the login may not manage roles.
        DatabaseError: the server was not set up with ``init-server``.
    """
    name = checked_user_name(user)
    office_role = parse_role(role)
    with _managing_roles(url) as connection:
        exists = _login_exists(connection, name)
        if not exists:
            secret = password()
            if not secret:
                raise ValidationError("口令不能为空，未创建用户")
            verifier = server.scram_verifier(secret)
            connection.exec_driver_sql(
                f"CREATE ROLE {server.quote(connection, name)} LOGIN PASSWORD '{verifier}'"
            )
        revoked = []
        for other, group in SERVER_ROLE.items():
            if other is not office_role and _member_of(connection, name, group):
                _run_membership(connection, "REVOKE", group, name)
                revoked.append(other)
        _run_membership(connection, "GRANT", SERVER_ROLE[office_role], name)
    return GrantResult(name, office_role, not exists, tuple(revoked))


def revoke(url: str | None, user: str, role: str | OfficeRole) -> bool:
    """Take the office role ``role`` from ``user``; False when the user did not hold it.

    The login itself stays (its past changes keep its name in the audit trail); without a
    role it can read nothing.

    Raises:
        ValidationError / PermissionDeniedError / DatabaseError / NotFoundError.
    """
    from supervisor.errors import NotFoundError

    name = checked_user_name(user)
    office_role = parse_role(role)
    with _managing_roles(url) as connection:
        if not _login_exists(connection, name):
            raise NotFoundError(f"服务器上没有用户“{name}”")
        group = SERVER_ROLE[office_role]
        if not _member_of(connection, name, group):
            return False
        _run_membership(connection, "REVOKE", group, name)
    return True


def members(url: str | None) -> list[Member]:
    """Every login holding an office role, by role then name."""
    with _server(server_url(url)) as engine, engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT m.rolname::text, g.rolname::text, m.rolcanlogin "
                "FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = ANY(:groups)"
            ),
            {"groups": list(server.GROUP_ROLES)},
        ).all()
    by_group = {group: role for role, group in SERVER_ROLE.items()}
    order = list(OfficeRole)
    found = [Member(user, by_group[group], bool(login)) for user, group, login in rows]
    return sorted(found, key=lambda m: (order.index(m.role), m.user))


def checked_user_name(user: str) -> str:
    """A login name the server accepts and that is not one of the group roles.

    Raises:
        ValidationError: with why not.
    """
    name = user.strip()
    if not name:
        raise ValidationError("用户名不能为空")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise ValidationError(f"用户名太长（最多 {MAX_NAME_BYTES} 字节）：{name}")
    if name in server.GROUP_ROLES or name.lower().startswith("pg_"):
        raise ValidationError(f"“{name}”是角色组或系统保留的名字，不能用作用户名")
    if any(ch in name for ch in "\"'\\\x00") or any(ch.isspace() for ch in name):
        raise ValidationError(f"用户名不能含引号、反斜杠或空白：{name}")
    return name


@contextmanager
def _server(resolved_url: str) -> Iterator[Engine]:
    """An engine on the server for the block, its connections closed after it."""
    engine = make_engine(resolved_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _managing_roles(url: str | None) -> Iterator[Connection]:
    """One transaction on the server, as a login that may manage roles, once it is set up."""
    with _server(server_url(url)) as engine, engine.begin() as connection:
        _require_role_admin(connection)
        _require_group_roles(connection)
        yield connection


def _require_role_admin(connection: Connection) -> None:
    if not server.can_create_roles(connection):
        login = connection.scalar(text("SELECT session_user::text"))
        raise PermissionDeniedError(
            f"数据库用户“{login}”无权创建或管理角色：请用服务器的超级用户（如 postgres）"
            "或有 CREATEROLE 权限的用户连接"
        )


def _require_group_roles(connection: Connection) -> None:
    if len(server.existing_group_roles(connection)) < len(server.GROUP_ROLES):
        raise DatabaseError("服务器还没有督查室的角色：请先运行 supervisor db init-server 连接地址")


def _login_exists(connection: Connection, name: str) -> bool:
    return bool(
        connection.scalar(
            text("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :n)"), {"n": name}
        )
    )


def _member_of(connection: Connection, name: str, group: str) -> bool:
    return bool(
        connection.scalar(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_auth_members a "
                "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
                "WHERE g.rolname = :g AND m.rolname = :m)"
            ),
            {"g": group, "m": name},
        )
    )


def _run_membership(connection: Connection, verb: str, group: str, name: str) -> None:
    q = server.quote
    preposition = "TO" if verb == "GRANT" else "FROM"
    connection.exec_driver_sql(f"{verb} {q(connection, group)} {preposition} {q(connection, name)}")


def _first_line(err: Exception) -> str:
    return str(getattr(err, "orig", None) or err).splitlines()[0]
