"""A shared PostgreSQL server: the office's group roles, their GRANTs, and the triggers that
record who made a change and announce it (``db init-server``)."""

from __future__ import annotations

# The three NOLOGIN group roles; a login is given an office role by membership of one.
# Prefixed, because role names are global to the server, which may hold other databases.
ADMIN_ROLE = "supervisor_admin"
INSPECTOR_ROLE = "supervisor_inspector"
LEADER_ROLE = "supervisor_leader"
GROUP_ROLES = (ADMIN_ROLE, INSPECTOR_ROLE, LEADER_ROLE)
