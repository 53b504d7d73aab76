"""Envelope encryption for the vault: master key → owner data key → record key → content.

Three layers, each AES-256-GCM (``cryptography``; nothing hand-rolled):

* the **master key** comes from the environment (``settings.LEEFWERELD_MASTER_KEY``) and
  never touches the database. It only wraps data keys. Each wrapped key carries the *id*
  of the master key that wrapped it, so during a rotation old and new master keys are
  both usable (see ``docs/vault.md`` and the ``vault_rotate_master_key`` command);
* every resident (or household) has one **data key**, wrapped by the master key;
* every record has its own **record key**, wrapped by the owner's data key. Erasing a
  record destroys this wrapped key (crypto-shredding): no other key can open the record.

The authenticated data (AAD) of every layer names what the ciphertext belongs to (the
owner, the record id, the category), so a ciphertext copied to another row or owner fails
to decrypt instead of showing one resident's data as another's.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from leefwereld.conf.keys import KEY_BYTES as KEY_BYTES  # re-exported: 32, AES-256
from leefwereld.conf.keys import decode_master_key

NONCE_BYTES = 12  # the GCM standard nonce; random per encryption


class DecryptionError(Exception):
    """A ciphertext did not authenticate: wrong key, wrong owner/record binding, or tampering."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt and authenticate; the result is nonce || ciphertext || tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + 16:
        raise DecryptionError("ciphertext too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise DecryptionError("ciphertext did not authenticate") from exc


# --- master keys -----------------------------------------------------------------------


def key_id(key: bytes) -> str:
    """A short, stable name for a master key that reveals nothing about the key itself."""
    return hmac.new(key, b"leefwereld master key id", hashlib.sha256).hexdigest()[:16]


def _decode(value: str, name: str) -> bytes:
    """A master key from its base64 setting: exactly 32 random bytes, used as they are.

    The same check stops a production start with a malformed key (conf/keys.py).
    """
    return decode_master_key(value, name)


@dataclass(frozen=True)
class MasterKeys:
    current_id: str
    keys: dict[str, bytes]

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def previous_master_key_setting() -> str:
    """The old master keys during a rotation (conf/base.py reads them from the environment)."""
    value = getattr(settings, "LEEFWERELD_PREVIOUS_MASTER_KEYS", "")
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return str(value)


def master_keys() -> MasterKeys:
    """The current master key and, during a rotation, the previous ones (by key id)."""
    current_value = getattr(settings, "LEEFWERELD_MASTER_KEY", "")
    if not current_value:
        raise ImproperlyConfigured(
            "LEEFWERELD_MASTER_KEY is not set: the vault cannot encrypt or decrypt anything."
        )
    current = _decode(current_value, "LEEFWERELD_MASTER_KEY")
    keys = {key_id(current): current}
    for n, part in enumerate(p for p in previous_master_key_setting().split(",") if p.strip()):
        old = _decode(part, f"LEEFWERELD_PREVIOUS_MASTER_KEYS[{n}]")
        keys.setdefault(key_id(old), old)
    return MasterKeys(current_id=key_id(current), keys=keys)


# --- the three layers ------------------------------------------------------------------


def data_key_aad(owner_label: str) -> bytes:
    return f"leefwereld:data-key:{owner_label}".encode()


def record_key_aad(record_id: str, owner_label: str) -> bytes:
    return f"leefwereld:record-key:{record_id}:{owner_label}".encode()


def content_aad(record_id: str, owner_label: str, category: str) -> bytes:
    return f"leefwereld:record:{record_id}:{owner_label}:{category}".encode()


def wrap_data_key(data_key: bytes, owner_label: str, keys: MasterKeys | None = None):
    """Wrap under the *current* master key; returns (master key id, wrapped key)."""
    keys = keys or master_keys()
    return keys.current_id, seal(keys.current, data_key, data_key_aad(owner_label))


def unwrap_data_key(
    master_key_id: str, wrapped: bytes, owner_label: str, keys: MasterKeys | None = None
) -> bytes:
    keys = keys or master_keys()
    try:
        master = keys.keys[master_key_id]
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"The master key {master_key_id} that wrapped this data key is not configured. "
            "Add it to LEEFWERELD_PREVIOUS_MASTER_KEYS until the rotation has finished."
        ) from exc
    return unseal(master, bytes(wrapped), data_key_aad(owner_label))
