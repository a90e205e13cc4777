"""Storage: SQLAlchemy 2 async models, repositories and Alembic migrations (SQLite or PostgreSQL)."""
