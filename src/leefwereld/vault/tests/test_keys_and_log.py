"""Envelope encryption, master-key rotation and the append-only access log."""

import base64
import io
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from leefwereld.core.models import User
from leefwereld.core.tests.factories import ResidentFactory, as_actor
from leefwereld.vault import access, crypto
from leefwereld.vault.models import AccessLog, DataKey, Record

from .factories import ResidentWithAccountFactory, store_record

pytestmark = pytest.mark.django_db

POINT = "test:page"


def new_master() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_a_ciphertext_copied_to_another_record_does_not_decrypt():
    resident = ResidentFactory()
    original = store_record(resident, "finance", "Echt", "van Noor")
    decoy = store_record(resident, "finance", "Anders", "iets anders")
    Record.objects.filter(pk=decoy.pk).update(
        ciphertext=original.ciphertext, wrapped_key=original.wrapped_key
    )
    decoy.refresh_from_db()
    data_key = access.ensure_data_key(resident_id=resident.pk)

    with pytest.raises(crypto.DecryptionError):
        access._decrypt(decoy, data_key)


def test_a_record_moved_to_another_owner_does_not_decrypt():
    one, two = ResidentFactory(), ResidentFactory()
    record = store_record(one, "finance", "x", "van de een")
    Record.objects.filter(pk=record.pk).update(resident=two)
    record.refresh_from_db()

    with pytest.raises(crypto.DecryptionError):
        access._decrypt(record, access.ensure_data_key(resident_id=two.pk))


def test_each_owner_gets_one_data_key_wrapped_under_the_current_master_key():
    resident = ResidentFactory()
    store_record(resident, "finance")
    store_record(resident, "housing")
    store_record(resident.household, "finance")

    keys = DataKey.objects.all()
    assert keys.count() == 2
    assert {k.master_key_id for k in keys} == {crypto.master_keys().current_id}


def test_a_too_short_master_key_is_refused(settings):
    settings.LEEFWERELD_MASTER_KEY = base64.b64encode(b"short").decode()
    with pytest.raises(ImproperlyConfigured):
        crypto.master_keys()


@pytest.mark.parametrize("length", [31, 33, 48])
def test_a_master_key_must_be_exactly_32_bytes(settings, length):
    settings.LEEFWERELD_MASTER_KEY = base64.b64encode(b"k" * length).decode()
    with pytest.raises(ImproperlyConfigured, match="exactly 32"):
        crypto.master_keys()


def test_the_public_demo_key_is_32_bytes_used_as_they_are(settings):
    demo = base64.b64decode(settings.LEEFWERELD_DEMO_MASTER_KEY)
    assert len(demo) == 32
    settings.LEEFWERELD_MASTER_KEY = settings.LEEFWERELD_DEMO_MASTER_KEY
    assert crypto.master_keys().current == demo


def test_rotation_rewraps_every_data_key_and_reads_work_before_during_and_after(settings):
    resident = ResidentWithAccountFactory()
    record = store_record(resident, "finance", "Schuld", "marker-rotatie")
    old_key = settings.LEEFWERELD_MASTER_KEY
    old_id = crypto.master_keys().current_id

    # Step 2: deploy the new key with the old one as previous: everything still opens.
    settings.LEEFWERELD_MASTER_KEY = new_master()
    settings.LEEFWERELD_PREVIOUS_MASTER_KEYS = old_key
    assert access.read_record(as_actor(resident.user, POINT), record.pk).text == "marker-rotatie"
    with pytest.raises(CommandError):
        call_command("vault_rotate_master_key", "--check", stdout=io.StringIO())

    # Step 3: re-wrap.
    out = io.StringIO()
    call_command("vault_rotate_master_key", "--batch-size", "1", stdout=out)
    assert "Done: 1 data keys re-wrapped" in out.getvalue()
    assert not DataKey.objects.filter(master_key_id=old_id).exists()
    call_command("vault_rotate_master_key", "--check", stdout=io.StringIO())

    # Step 5: the old key is gone; records still open.
    settings.LEEFWERELD_PREVIOUS_MASTER_KEYS = ""
    assert access.read_record(as_actor(resident.user, POINT), record.pk).text == "marker-rotatie"


def test_without_the_old_key_a_not_yet_rotated_data_key_cannot_be_opened(settings):
    resident = ResidentWithAccountFactory()
    record = store_record(resident, "finance")
    settings.LEEFWERELD_MASTER_KEY = new_master()
    settings.LEEFWERELD_PREVIOUS_MASTER_KEYS = ""

    with pytest.raises(ImproperlyConfigured, match="not configured"):
        access.read_record(as_actor(resident.user, POINT), record.pk)


def test_the_generate_option_prints_a_fresh_32_byte_key():
    out = io.StringIO()
    call_command("vault_rotate_master_key", "--generate", stdout=out)
    assert len(base64.b64decode(out.getvalue().strip())) == 32


def _a_log_row() -> AccessLog:
    resident = ResidentWithAccountFactory()
    access.read_records(as_actor(resident.user, POINT), resident)
    return AccessLog.objects.get()


def test_the_model_refuses_to_change_or_delete_a_log_row():
    row = _a_log_row()
    row.purpose = "anders"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=row.pk).update(purpose="anders")
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=row.pk).delete()


def test_the_database_refuses_a_raw_update_of_a_log_row():
    row = _a_log_row()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE vault_accesslog SET purpose = 'vervalst' WHERE id = %s", [row.pk])
    assert AccessLog.objects.get(pk=row.pk).purpose != "vervalst"


def test_the_database_refuses_a_raw_delete_of_a_log_row():
    row = _a_log_row()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM vault_accesslog WHERE id = %s", [row.pk])
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_the_retention_purge_deletes_only_rows_older_than_the_retention(settings):
    row = _a_log_row()
    out = io.StringIO()
    call_command("vault_purge_access_log", stdout=out)
    assert "deleted 0" in out.getvalue()
    call_command("vault_purge_access_log", "--years", "0", stdout=out, stderr=io.StringIO())
    assert not AccessLog.objects.filter(pk=row.pk).exists()
    assert User.objects.exists()
