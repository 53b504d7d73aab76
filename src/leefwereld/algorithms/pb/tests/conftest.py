"""Shared fixtures: where the .pb files are."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
# GPL data stays outside the repository (see data/README.md).
SHARED = Path(__file__).resolve().parents[5].parent / "shared" / "data" / "pb"
LODZ = SHARED / "poland_lodz_2022_.pb"

MIT_FILES = {
    "assen": DATA / "netherlands_assen_2024_.pb",
    "amsterdam166": DATA / "netherlands_amsterdam_166_.pb",
    "amsterdam252": DATA / "netherlands_amsterdam_252_.pb",
}


def lodz_path() -> Path:
    if not LODZ.exists():
        pytest.skip(f"{LODZ} is absent (GPL-3.0 data is not shipped in the repository)")
    return LODZ
