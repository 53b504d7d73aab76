"""Nothing a resident tells us is stored in plaintext, and erased records stay unreadable.

The test writes records with known marker strings through every write path, then scans
the raw database — every table, every column — for the markers (as text and as the hex
of their bytes, which is how BLOB/bytea columns are dumped). It runs on whichever
database the suite runs on: SQLite (the whole database as an SQL dump) and PostgreSQL
(every row of every table cast to text).
"""

import pytest
from django.db import connection

from leefwereld.core.tests.factories import as_actor
from leefwereld.vault import access, crypto, services
from leefwereld.vault.models import Record

from .factories import ResidentWithAccountFactory, store_record, team_for, worker

pytestmark = pytest.mark.django_db

MARKERS = {
    "record": "Zq-record-marker-Schuld-bij-Essent",
    "title": "Zq-title-marker-Depressie",
    "household": "Zq-household-marker-Huurachterstand",
    "professional": "Zq-professional-marker-Verslaving",
    "updated": "Zq-updated-marker-Opname",
    "reason": "Zq-reason-marker-Suicidaal-gevaar-acuut",
}


def raw_database() -> str:
    """Every byte the database holds, as text."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            dump = []
            for table in tables:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT t::text FROM {quoted} t")  # noqa: S608 - table names from introspection
                dump.extend(row[0] for row in cursor.fetchall())
        return "\n".join(dump)
    pytest.skip(f"no raw scan for {connection.vendor}")


def forms_of(marker: str) -> list[str]:
    return [marker, marker.encode().hex(), marker.encode().hex().upper()]


def test_no_marker_is_stored_in_plaintext_anywhere():
    resident = ResidentWithAccountFactory()
    team = team_for(resident)
    professional = worker(team)
    services.grant_access(
        as_actor(resident.user),
        resident,
        categories=["mental_health", "addiction"],
        purpose="ggz Zq-canary-plain-column",
        mode="read_write",
        grantee_organisation=team,
    )
    own = access.write_record(
        as_actor(resident.user, "test"),
        resident,
        "finance",
        access.OWN_PURPOSE,
        {"title": MARKERS["title"], "text": MARKERS["record"]},
    )
    store_record(resident.household, "housing", "Huur", MARKERS["household"])
    access.write_record(
        as_actor(professional, "test"),
        resident,
        "addiction",
        "ggz Zq-canary-plain-column",
        {"text": MARKERS["professional"], "nested": {"list": [MARKERS["professional"]]}},
    )
    access.update_record(
        as_actor(resident.user, "t"), own, {"text": MARKERS["updated"]}, purpose=access.OWN_PURPOSE
    )
    services.break_glass(as_actor(professional), resident, reason=MARKERS["reason"])
    access.read_records(as_actor(professional, "test"), resident)

    dump = raw_database()

    # The scan sees real content: a purpose is a plain column by design, and is found.
    assert "Zq-canary-plain-column" in dump
    leaked = [name for name, marker in MARKERS.items() if any(f in dump for f in forms_of(marker))]
    assert leaked == []
    # And the layer still reads them back.
    texts = {r.text for r in access.read_records(as_actor(resident.user, "t"), resident).records}
    assert {MARKERS["updated"], MARKERS["household"], MARKERS["professional"]} <= texts


def test_an_erased_record_cannot_be_decrypted_even_from_a_copy_of_its_ciphertext():
    resident = ResidentWithAccountFactory()
    record = store_record(resident, "health", "Diagnose", "Zq-erase-marker")
    copied_ciphertext = bytes(record.ciphertext)
    copied_wrapped_key = bytes(record.wrapped_key)

    access.erase_record(as_actor(resident.user, "test"), record)

    stored = Record.objects.get(pk=record.pk)
    assert stored.wrapped_key is None
    assert bytes(stored.ciphertext) == b""
    dump = raw_database()
    assert copied_ciphertext.hex() not in dump.lower()
    assert copied_wrapped_key.hex() not in dump.lower()
    # Everything the platform still holds — the master key, the resident's data key, the
    # row — cannot open the copied ciphertext: its record key is gone.
    stored.ciphertext = copied_ciphertext
    data_key = access.ensure_data_key(resident_id=resident.pk)
    with pytest.raises(access.RecordErased):
        access._decrypt(stored, data_key)
    # Nor can the data key open it directly: it was sealed with the destroyed record key.
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(
            data_key,
            copied_ciphertext,
            crypto.content_aad(str(record.pk), record.owner_label, record.category),
        )
