"""The vault's operator settings come from the environment (conf/base.py)."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from leefwereld.conf.base import LEEFWERELD_DEMO_MASTER_KEY, env_int


def test_a_number_setting_falls_back_to_its_default(monkeypatch):
    monkeypatch.delenv("LEEFWERELD_GRANT_MAX_DAYS", raising=False)
    assert env_int("LEEFWERELD_GRANT_MAX_DAYS", 365) == 365


def test_a_number_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("LEEFWERELD_BREAK_GLASS_HOURS", " 8 ")
    assert env_int("LEEFWERELD_BREAK_GLASS_HOURS", 24) == 8


@pytest.mark.parametrize("value", ["twaalf", "0", "-3", "1.5"])
def test_a_wrong_number_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("LEEFWERELD_ACCESS_LOG_RETENTION_YEARS", value)
    with pytest.raises(ImproperlyConfigured, match="LEEFWERELD_ACCESS_LOG_RETENTION_YEARS"):
        env_int("LEEFWERELD_ACCESS_LOG_RETENTION_YEARS", 5)


def _import_production(master_key: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leefwereld.conf.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "LEEFWERELD_MASTER_KEY": master_key,
        "LEEFWERELD_DEBT_FUND_IBAN": "NL91ABNA0417164300",
    }
    return subprocess.run(
        [sys.executable, "-c", "import leefwereld.conf.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_public_demo_key():
    result = _import_production(LEEFWERELD_DEMO_MASTER_KEY)
    assert result.returncode != 0
    assert "public demo key" in result.stderr


def test_production_starts_with_a_real_key():
    result = _import_production("q" * 43 + "=")
    assert result.returncode == 0, result.stderr
