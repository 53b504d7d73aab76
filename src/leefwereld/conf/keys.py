"""Reading a vault master key from its setting: shared by the start-up check and the vault.

Production validates `LEEFWERELD_MASTER_KEY` (and any previous keys) when the settings load,
so a malformed key stops the start instead of failing at the first vault use. The vault's
crypto module decodes keys with the same function, so the two can never disagree.
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32  # AES-256


def decode_master_key(value: str, name: str) -> bytes:
    """A master key from its base64 setting: exactly 32 random bytes, used as they are."""
    try:
        material = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(
            f"{name} is not valid base64 "
            "(`leefwereld vault_rotate_master_key --generate` prints a valid key)."
        ) from exc
    if len(material) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{name} must be base64 of exactly {KEY_BYTES} random bytes, not {len(material)} "
            "(`leefwereld vault_rotate_master_key --generate` prints one)."
        )
    return material


def validate_master_keys(current: str, previous: str) -> None:
    """Stop the start when the current or a previous master key is malformed."""
    decode_master_key(current, "LEEFWERELD_MASTER_KEY")
    for n, part in enumerate(p for p in previous.split(",") if p.strip()):
        decode_master_key(part, f"LEEFWERELD_PREVIOUS_MASTER_KEYS[{n}]")
