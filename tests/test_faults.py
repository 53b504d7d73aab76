"""Faults injected (issue 13, item 6): a background worker interrupted or killed mid-task,
and the database connection lost in the middle of a request.

Each test asserts the outcome from outside: the run's status and result, the number of
"selection_finished" events and task rows, the page's status and text, and what the
database holds afterwards.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, as_actor, log_in
from leefwereld.democracy.panels import selection, services, worker
from leefwereld.democracy.panels.models import Panel, PanelEvent, SelectionRun
from leefwereld.democracy.panels.tests.factories import add_pool, panel_with_quotas

# The worker runs outside the test's transaction, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


class Killed(BaseException):
    """What SIGKILL looks like from inside: nothing after it runs (no except, no finally
    of ours catches it)."""


@pytest.fixture
def panel():
    panel = panel_with_quotas(status=Panel.Status.CLOSED)
    add_pool(panel, 40, housemates=4)
    return panel


@pytest.fixture
def officer():
    return UserFactory(role=Role.POLICY_OFFICER)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def finished_events(run: SelectionRun) -> int:
    return PanelEvent.objects.filter(kind="selection_finished", detail__run=run.pk).count()


def assert_one_result(run: SelectionRun) -> None:
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.DONE, run.error
    assert len(run.probabilities) == 40 and len(run.lottery_hash) == 64
    assert finished_events(run) == 1
    assert SelectionRun.objects.filter(panel=run.panel).count() == 1


def test_a_worker_interrupted_mid_task_puts_the_run_back_and_it_is_computed_once(
    panel, officer, monkeypatch
):
    """Ctrl+C twice / SIGTERM during a task (SystemExit or KeyboardInterrupt in the task)."""
    real = selection.make_lottery
    calls = []

    def interrupted_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt  # after the kernel's minutes of work, before the result
        return real(*args, **kwargs)

    monkeypatch.setattr(selection, "make_lottery", interrupted_once)
    run = services.start_selection(as_actor(officer), panel)
    run_worker()  # the first task is interrupted and queues the run again; the second computes
    assert len(calls) == 2
    assert_one_result(run)
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [t.status for t in tasks] == ["FAILED", "SUCCESSFUL"]
    run.refresh_from_db()
    assert run.task_id == str(tasks.last().id)


def test_a_killed_worker_leaves_a_run_that_selection_recover_computes_once(
    panel, officer, monkeypatch, settings
):
    real = selection.compute
    monkeypatch.setattr(selection, "compute", lambda *a, **k: (_ for _ in ()).throw(Killed()))
    run = services.start_selection(as_actor(officer), panel)
    with pytest.raises(Killed):
        worker.execute_selection(run.pk)
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.RUNNING  # nobody left to finish it
    monkeypatch.setattr(selection, "compute", real)

    # Not yet stale: a worker that is merely slow is left alone.
    call_command("selection_recover", verbosity=0)
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.RUNNING

    settings.LEEFWERELD_SELECTION_STALE_MINUTES = 0
    call_command("selection_recover", verbosity=0)
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.QUEUED
    run_worker()
    assert_one_result(run)


def test_a_late_result_of_a_presumed_dead_worker_is_dropped(panel, officer, monkeypatch, settings):
    """The first worker was only slow: a retry took over and finished; the first worker's
    result, arriving later, writes nothing."""
    real = selection.compute
    settings.LEEFWERELD_SELECTION_STALE_MINUTES = 0
    taken_over = []

    def slow_first_attempt(*args, **kwargs):
        outcome = real(*args, **kwargs)
        if not taken_over:
            taken_over.append(1)
            call_command("selection_recover", verbosity=0)  # thinks we died
            run_worker()  # the retry computes and finishes
        return outcome

    monkeypatch.setattr(selection, "compute", slow_first_attempt)
    run = services.start_selection(as_actor(officer), panel)
    run_worker()
    assert taken_over
    assert_one_result(run)
    # Every task ran; none wrote a second result.
    run_worker()
    assert_one_result(run)


def test_a_lost_database_connection_mid_request_gives_the_error_page_and_no_half_write(
    panel, officer
):
    """The verb's first writes (the run, the task) succeed, then the connection dies on the
    event row: the page is the plain-Dutch 500 page and nothing of the verb is stored."""
    client = Client(raise_request_exception=False)
    log_in(client, officer)
    event_table = PanelEvent._meta.db_table
    failures = []

    def connection_dies(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and event_table in sql:
            failures.append(sql)
            if connection.vendor == "postgresql":
                # A real loss: the server ends this backend, the INSERT meets a dead socket.
                import psycopg

                pid = context["connection"].connection.info.backend_pid
                params_ = connection.settings_dict
                with psycopg.connect(
                    host=params_["HOST"] or "127.0.0.1",
                    port=params_["PORT"] or 5432,
                    user=params_["USER"],
                    password=params_["PASSWORD"] or None,
                    dbname=params_["NAME"],
                    autocommit=True,
                ) as other:
                    other.execute("SELECT pg_terminate_backend(%s)", [pid])
            else:
                raise OperationalError("disk I/O error")  # SQLite's nearest equivalent
        return execute(sql, params, many, context)

    with connection.execute_wrapper(connection_dies):
        response = client.post(reverse("panels:start_selection", args=[panel.pk]))
    assert failures, "the fault was not injected"
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page and "Er is niets verloren gegaan" in page
    # Nothing half-written: no run, no queued task, no event.
    assert SelectionRun.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert not PanelEvent.objects.filter(kind="selection_started").exists()
    # And the next request, on a fresh connection, works.
    assert client.post(reverse("panels:start_selection", args=[panel.pk])).status_code == 302
    assert SelectionRun.objects.count() == 1
