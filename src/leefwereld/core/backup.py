"""Backup and restore of the whole database: `leefwereld backup` and `leefwereld restore`.

PostgreSQL: `pg_dump --format=custom` and `pg_restore` into an empty database, in one
transaction. SQLite: SQLite's online backup API (a consistent copy while the site runs).
Next to every backup a manifest (`<file>.manifest.json`) records the SHA-256 of the file and
the rows per table; `restore` checks the file against it before restoring and the rows per
table after, so a restore that lost anything fails loudly instead of silently.

The master key is never in a backup (it lives in the environment): a stolen backup opens
no vault record, and a restore needs the key the data was written under
(docs/operator-guide.md, "Backups and restore").
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections

MANIFEST_SUFFIX = ".manifest.json"


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def vendor(alias: str = DEFAULT_DB_ALIAS) -> str:
    return connections[alias].vendor


def row_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per table of the database, every table Django can see."""
    connection = connections[alias]
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # Table names come from the database's own catalogue, quoted: not user input.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise CommandError(
            f"{name} is not installed: install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    return found


def _pg_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password goes in the environment."""
    settings = connections[alias].settings_dict
    arguments = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        arguments += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", str(settings["USER"])]
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - pg_dump/pg_restore found on PATH, no shell
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup(path: Path, alias: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write a backup of the database to `path` and its manifest; returns the manifest."""
    connection = connections[alias]
    counts = row_counts(alias)
    if connection.vendor == "postgresql":
        arguments, environment = _pg_arguments(alias)
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *arguments],
            environment,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise CommandError(f"No backup for the {connection.vendor} database.")
    manifest = {
        "format": "pg_dump-custom" if connection.vendor == "postgresql" else "sqlite",
        "sha256": sha256_of(path),
        "rows": counts,
    }
    manifest_path(path).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(path: Path, alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Restore `path` into the EMPTY database `alias`; returns the rows per table after."""
    connection = connections[alias]
    if not path.is_file():
        raise CommandError(f"{path} does not exist.")
    manifest: dict[str, Any] | None = None
    if manifest_path(path).is_file():
        manifest = json.loads(manifest_path(path).read_text())
        if manifest.get("sha256") != sha256_of(path):
            raise CommandError(f"{path} does not match its manifest (SHA-256): damaged copy?")
    tables = connection.introspection.table_names()
    if tables:
        raise CommandError(
            f"The database is not empty ({len(tables)} tables): restore only into an empty "
            "database (createdb a new one, or delete the SQLite file)."
        )
    if connection.vendor == "postgresql":
        arguments, environment = _pg_arguments(alias)
        connection.close()
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *arguments,
                str(path),
            ],
            environment,
        )
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    else:
        raise CommandError(f"No restore for the {connection.vendor} database.")
    counts = row_counts(alias)
    if manifest is not None:
        expected = manifest["rows"]
        differ = sorted(
            table
            for table in set(expected) | set(counts)
            if expected.get(table) != counts.get(table)
        )
        if differ:
            details = ", ".join(
                f"{t}: {expected.get(t, 'absent')} → {counts.get(t, 'absent')}" for t in differ
            )
            raise CommandError(f"The restore does not match the backup: {details}")
    return counts
