"""Database: SQLAlchemy models, engine/session, Alembic migrations."""
