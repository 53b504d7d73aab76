"""The backup and restore drill (issue 13, item 7), from outside, on SQLite and PostgreSQL.

A small world (vault records of a resident and her household, a grant, a debt-ledger
entry, access-log rows) is backed up with `leefwereld backup`, restored with `leefwereld
restore` into an EMPTY database by a separate process, and looked for there: every record,
grant, ledger entry and access-log row, the records still readable with the master key and
with no other, and the master-key rotation run on the restored database.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from leefwereld.core.tests.factories import as_actor
from leefwereld.debts import ledger
from leefwereld.debts import services as debt_services
from leefwereld.debts.models import LedgerLine, LedgerTransaction
from leefwereld.vault import access
from leefwereld.vault.models import AccessLog, DataKey, Grant, Record
from leefwereld.vault.tests.factories import (
    GrantFactory,
    ResidentWithAccountFactory,
    store_record,
    team_for,
    worker,
)

pytestmark = pytest.mark.django_db(transaction=True)

LEEFWERELD = str(Path(sys.executable).parent / "leefwereld")

# Run in the restored database by a fresh process: what is there, and can it be read?
LOOK = r"""
import json, sys
import django
django.setup()
from leefwereld.core.models import Resident, User
from leefwereld.core.tests.factories import as_actor
from leefwereld.debts.models import LedgerLine, LedgerTransaction
from leefwereld.vault import access
from leefwereld.vault.models import AccessLog, Grant, Record
world = json.loads(sys.argv[1])
found = {
    "records": sorted(str(pk) for pk in Record.objects.values_list("pk", flat=True)),
    "grants": sorted(Grant.objects.values_list("pk", flat=True)),
    "ledger": sorted(LedgerTransaction.objects.values_list("key", flat=True)),
    "ledger_lines": sorted(LedgerLine.objects.values_list("amount_cents", flat=True)),
    "access_log": sorted(AccessLog.objects.values_list("pk", flat=True)),
}
try:
    opened = access.read_records(
        as_actor(User.objects.get(pk=world["professional"]), "drill"),
        Resident.objects.get(pk=world["resident"]),
    )
    found["texts"] = sorted(r.payload["text"] for r in opened.records)
except Exception as error:
    found["refused"] = type(error).__name__ + ": " + str(error)
print(json.dumps(found))
"""


def build_world() -> dict:
    resident = ResidentWithAccountFactory(given_names="Noor")
    team = team_for(resident)
    professional = worker(team)
    records = [
        store_record(resident, "finance", "Schulden", "Achterstand huur 1200 euro"),
        store_record(resident, "family", "Gezin", "Twee kinderen, 4 en 9"),
        store_record(resident.household, "finance", "Huishouden", "Gedeelde rekening"),
    ]
    grant = GrantFactory(resident=resident, grantee_organisation=team)
    debt_services.post(ledger.contribution("contribution:drill", datetime.date(2026, 1, 5), 12345))
    access.read_records(as_actor(professional, "drill"), resident)  # one access-log row
    access.read_records(as_actor(professional, "drill"), resident)  # and a second
    world = {
        "resident": resident.pk,
        "professional": professional.pk,
        "records": sorted(str(r.pk) for r in records),
        "grants": [grant.pk],
        "ledger": ["contribution:drill"],
        "ledger_lines": sorted(LedgerLine.objects.values_list("amount_cents", flat=True)),
        "access_log": sorted(AccessLog.objects.values_list("pk", flat=True)),
        "texts": sorted(
            ["Achterstand huur 1200 euro", "Twee kinderen, 4 en 9", "Gedeelde rekening"]
        ),
    }
    assert Record.objects.count() == 3 and Grant.objects.count() == 1
    assert LedgerTransaction.objects.count() == 1 and len(world["access_log"]) >= 2
    assert DataKey.objects.count() == 2  # the resident's and the household's
    return world


def _env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leefwereld.conf.ci",
        "DATABASE_URL": database_url,
        "LEEFWERELD_MASTER_KEY": settings.LEEFWERELD_MASTER_KEY,
        "LEEFWERELD_PREVIOUS_MASTER_KEYS": "",
        **extra,
    }


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own console script and interpreter
        args, env=env, capture_output=True, text=True, check=False, timeout=600
    )


def _look(database_url: str, world: dict, **extra: str) -> dict:
    result = _run([sys.executable, "-c", LOOK, json.dumps(world)], _env(database_url, **extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def drill(tmp_path: Path, target_url: str) -> None:
    world = build_world()
    dump = tmp_path / "leefwereld.backup"
    call_command("backup", str(dump), verbosity=0)
    manifest = json.loads((tmp_path / "leefwereld.backup.manifest.json").read_text())
    assert manifest["rows"]["vault_record"] == 3
    assert manifest["rows"]["vault_accesslog"] == len(world["access_log"])

    restored = _run([LEEFWERELD, "restore", str(dump)], _env(target_url))
    assert restored.returncode == 0, restored.stderr
    assert "every table matches" in restored.stdout
    migrated = _run([LEEFWERELD, "migrate", "--check"], _env(target_url))
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    # Everything is there and the records open with the master key.
    found = _look(target_url, world)
    assert found == {key: world[key] for key in found}
    assert found["texts"] == world["texts"]

    # Without the master key the backup is ciphertext: another key opens nothing.
    wrong = base64.b64encode(os.urandom(32)).decode()
    refused = _look(target_url, world, LEEFWERELD_MASTER_KEY=wrong)
    assert "texts" not in refused and "not configured" in refused["refused"]
    assert refused["records"] == world["records"]  # the rows are there, unreadable

    # The master-key rotation works on the restored database.
    new = base64.b64encode(os.urandom(32)).decode()
    old = settings.LEEFWERELD_MASTER_KEY
    rotating = {"LEEFWERELD_MASTER_KEY": new, "LEEFWERELD_PREVIOUS_MASTER_KEYS": old}
    rotated = _run([LEEFWERELD, "vault_rotate_master_key"], _env(target_url, **rotating))
    assert rotated.returncode == 0, rotated.stderr
    assert "Done: 2 data keys re-wrapped" in rotated.stdout
    check = _run([LEEFWERELD, "vault_rotate_master_key", "--check"], _env(target_url, **rotating))
    assert check.returncode == 0, check.stderr
    assert _look(target_url, world, LEEFWERELD_MASTER_KEY=new)["texts"] == world["texts"]
    assert "refused" in _look(target_url, world, LEEFWERELD_MASTER_KEY=old)

    # A second restore into the now filled database is refused, nothing touched.
    again = _run([LEEFWERELD, "restore", str(dump)], _env(target_url))
    assert again.returncode != 0 and "not empty" in again.stderr

    # A damaged backup is refused before anything is restored.
    with dump.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00\xff\x00\xff")
    damaged = _run([LEEFWERELD, "restore", str(dump)], _env(target_url))
    assert damaged.returncode != 0 and "does not match its manifest" in damaged.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite drill")
def test_the_sqlite_backup_restores_into_an_empty_database(tmp_path):
    drill(tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL drill")
def test_the_postgresql_backup_restores_into_an_empty_database(tmp_path):
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        if os.environ.get("CI"):
            pytest.fail("pg_dump/pg_restore missing in CI: .ci/run installs postgresql-client")
        pytest.skip("pg_dump/pg_restore are not installed (apt-get install postgresql-client)")
    import psycopg

    params = connection.settings_dict
    target = f"{params['NAME']}_restore"
    server = psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    server.execute(f'DROP DATABASE IF EXISTS "{target}"')
    server.execute(f'CREATE DATABASE "{target}"')
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    url = (
        f"postgres://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}"
        f":{params['PORT'] or 5432}/{target}"
    )
    try:
        drill(tmp_path, url)
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        server.close()
