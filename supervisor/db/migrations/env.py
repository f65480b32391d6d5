"""Alembic environment: runs on the connection the app hands over, never on a config URL.

Offline (``sql=True``) it writes the SQL for the dialect named in the config's attributes:
``migrate.sqlite_schema_sql`` builds the script a new SQLite file starts from that way.
"""

from __future__ import annotations

from alembic import context

from supervisor.db.models import Base

config = context.config
if context.is_offline_mode():
    context.configure(
        dialect_name=config.attributes["dialect_name"],
        target_metadata=Base.metadata,
        render_as_batch=config.attributes["dialect_name"] == "sqlite",
        literal_binds=True,
    )
else:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
with context.begin_transaction():
    context.run_migrations()
