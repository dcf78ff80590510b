"""A fresh PostgreSQL database per test on the suite's server, for what needs an empty one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest


@pytest.fixture
def empty_pg(pg_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the suite's server, dropped afterwards."""
    import psycopg

    name = f"pmdesk_{uuid.uuid4().hex[:12]}"
    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield pg_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
