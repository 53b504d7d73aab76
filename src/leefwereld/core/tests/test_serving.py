"""What the production serving stack relies on: the health check, the kernels' fast start,
and the settings `make serve` and `make bench-load` run with."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

PB_FILE = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "data"
    / "pb"
    / "netherlands_amsterdam_166_.pb"
)


@pytest.mark.django_db
def test_the_health_check_answers_ok_without_login_and_shows_nothing_else():
    response = Client().get("/gezond/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def kernel_run(*args: str) -> subprocess.CompletedProcess:
    # A fresh interpreter: what `leefwereld pb …` does, and whether it loaded Django.
    code = (
        "import sys\n"
        "from leefwereld.__main__ import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit as stop:\n"
        "    code = stop.code\n"
        "print('DJANGO LOADED' if 'django.core.management' in sys.modules else 'NO DJANGO')\n"
        "sys.exit(code)\n"
    )
    # The code is this test's own constant text, run with this interpreter.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(not PB_FILE.exists(), reason="../shared/data is not beside the checkout")
def test_leefwereld_pb_computes_without_loading_django():
    done = kernel_run("pb", str(PB_FILE))
    assert done.returncode == 0, done.stderr
    assert "funded (" in done.stdout
    assert done.stdout.strip().endswith("NO DJANGO")


def test_leefwereld_sortition_help_comes_from_the_kernel_without_django():
    done = kernel_run("sortition", "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: leefwereld sortition" in done.stdout
    assert done.stdout.strip().endswith("NO DJANGO")


def test_other_commands_still_go_through_django():
    done = kernel_run("check", "--deploy", "--fail-level", "CRITICAL")
    assert done.stdout.strip().endswith("DJANGO LOADED")


def test_the_serving_settings_run_the_production_stack():
    code = (
        "import django, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'leefwereld.conf.serve'\n"
        "from django.conf import settings\n"
        "print(settings.DEBUG, settings.CACHES['default']['BACKEND'],"
        " settings.STORAGES['staticfiles']['BACKEND'],"
        " settings.DATABASES['default']['CONN_MAX_AGE'] > 0)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [
        "False",
        "django.core.cache.backends.db.DatabaseCache",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "True",
    ]
