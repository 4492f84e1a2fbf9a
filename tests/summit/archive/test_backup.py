"""The documented PostgreSQL backup (pg_dump) restores into an empty database, row for row."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from typing import Any

import psycopg
import pytest
from django.apps import apps
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _conninfo(name: str) -> str:
    settings = connection.settings_dict
    parts = [f"dbname={name}", f"host={settings['HOST'] or '127.0.0.1'}"]
    if settings.get("PORT"):
        parts.append(f"port={settings['PORT']}")
    if settings.get("USER"):
        parts.append(f"user={settings['USER']}")
    if settings.get("PASSWORD"):
        parts.append(f"password={settings['PASSWORD']}")
    return " ".join(parts)


def _counts(conninfo: str) -> dict[str, int]:
    tables = sorted({model._meta.db_table for model in apps.get_models()})
    with psycopg.connect(conninfo) as db:
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def test_pg_dump_and_pg_restore_round_trip_every_table(
    make_scheduled_meeting: Any, event: Any, tmp_path: Any
) -> None:
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump/pg_restore are missing: install postgresql-client")
    make_scheduled_meeting(event, slot=0, table=1)
    make_scheduled_meeting(event, slot=1, table=2)
    source = _conninfo(connection.settings_dict["NAME"])
    restored_name = f"summit_restore_{uuid.uuid4().hex[:10]}"
    dump = tmp_path / "summit.dump"

    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", source], check=True, timeout=120
    )
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={_conninfo(restored_name)}", str(dump)],
            check=True,
            timeout=120,
        )
        assert _counts(_conninfo(restored_name)) == _counts(source)
        assert _counts(source)["scheduling_scheduledmeeting"] == 2
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
