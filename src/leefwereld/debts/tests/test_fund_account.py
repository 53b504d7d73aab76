"""The fund's own IBAN: production refuses to start without it, and a payment file is
never made with a sample account."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest

from leefwereld.debts import sepa


def _import_production(**extra: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "LEEFWERELD_DEBT_FUND_IBAN"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "leefwereld.conf.production",
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
            "LEEFWERELD_MASTER_KEY": "q" * 43 + "=",
            **extra,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import leefwereld.conf.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_the_funds_iban():
    result = _import_production()
    assert result.returncode != 0
    assert "LEEFWERELD_DEBT_FUND_IBAN" in result.stderr


def test_production_starts_with_the_funds_iban():
    result = _import_production(LEEFWERELD_DEBT_FUND_IBAN="NL02 ABNA 0123 4567 89")
    assert result.returncode == 0, result.stderr


def test_no_payment_file_without_the_funds_iban(settings):
    settings.LEEFWERELD_DEBT_FUND_IBAN = ""
    with pytest.raises(sepa.FundAccountMissing, match="LEEFWERELD_DEBT_FUND_IBAN"):
        sepa.pain001(
            [object()],  # type: ignore[list-item]  the account is checked first
            message_id="m",
            created=datetime.datetime(2025, 9, 1, 12),
            execution_date=datetime.date(2025, 9, 2),
        )


def test_the_payment_file_names_the_configured_account(settings):
    settings.LEEFWERELD_DEBT_FUND_IBAN = "NL02 ABNA 0123 4567 89"
    settings.LEEFWERELD_DEBT_FUND_NAME = "Schuldenfonds Rotterdam"
    assert sepa.fund_account() == ("Schuldenfonds Rotterdam", "NL02ABNA0123456789")


def test_the_demo_settings_set_a_demo_account_explicitly():
    from leefwereld.conf import dev

    assert dev.LEEFWERELD_DEBT_FUND_IBAN
