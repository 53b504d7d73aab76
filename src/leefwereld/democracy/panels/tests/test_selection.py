"""The selection as a background task: progress, cancel, the certificate, infeasible quotas."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from leefwereld.core.tests.factories import as_actor
from leefwereld.democracy.panels import services, worker
from leefwereld.democracy.panels.models import Panel, Quota, SelectionRun

from .factories import add_pool, panel_with_quotas

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    panel = panel_with_quotas(status=Panel.Status.CLOSED)
    add_pool(panel, 40, housemates=4)
    return panel


@pytest.fixture
def instant(monkeypatch):
    """Report and check for cancellation at every call of the kernel, not twice a second."""
    monkeypatch.setattr(worker.ProgressReporter, "interval", 0.0)


# The worker closes connections that are not in autocommit (PostgreSQL): a real transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_computes_the_selection_with_its_certificate(panel, officer):
    run = services.start_selection(as_actor(officer), panel)
    assert run.status == SelectionRun.Status.QUEUED and run.task_id
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.DONE, run.error
    assert run.progress == 1.0 and run.percent == 100
    assert len(run.probabilities) == 40
    # 20 seats for 40 people: the expected panel size is the sum of the probabilities.
    assert sum(run.probabilities.values()) == pytest.approx(20)
    assert run.certificate["certified"] is True
    assert run.min_probability == pytest.approx(run.certificate["upper_bound"], abs=1e-6)
    assert len(run.lottery_hash) == 64 and run.lottery_panels


def test_progress_is_stored_while_the_kernel_runs(panel, officer, instant, monkeypatch):
    seen = []
    report = worker.ProgressReporter.report

    def spy(self, fraction, message, **kwargs):
        report(self, fraction, message, **kwargs)
        seen.append(SelectionRun.objects.values_list("progress", "status").get(pk=self.run_id))

    monkeypatch.setattr(worker.ProgressReporter, "report", spy)
    run = services.start_selection(as_actor(officer), panel)
    worker.execute_selection(run.pk)
    fractions = [fraction for fraction, _status in seen]
    assert len(fractions) > 2
    # The kernel's part fills 95 % of the bar, writing the lottery the rest.
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(0.97)
    assert SelectionRun.objects.get(pk=run.pk).progress == 1.0
    assert {status for _fraction, status in seen} == {SelectionRun.Status.RUNNING}


def test_cancel_stops_a_running_computation(panel, officer, instant, monkeypatch):
    report = worker.ProgressReporter.report

    def cancel_after_first_report(self, fraction, message, **kwargs):
        report(self, fraction, message, **kwargs)
        services.cancel_selection(as_actor(officer), SelectionRun.objects.get(pk=self.run_id))

    monkeypatch.setattr(worker.ProgressReporter, "report", cancel_after_first_report)
    run = services.start_selection(as_actor(officer), panel)
    assert worker.execute_selection(run.pk) == SelectionRun.Status.CANCELLED
    run.refresh_from_db()
    assert run.status == SelectionRun.Status.CANCELLED
    assert run.cancel_requested and run.probabilities == {}


def test_a_queued_computation_that_is_cancelled_never_starts(panel, officer):
    run = services.start_selection(as_actor(officer), panel)
    services.cancel_selection(as_actor(officer), run)
    assert worker.execute_selection(run.pk) == SelectionRun.Status.CANCELLED
    assert SelectionRun.objects.get(pk=run.pk).started_at is None


def test_one_computation_at_a_time(panel, officer):
    services.start_selection(as_actor(officer), panel)
    with pytest.raises(ValidationError, match="loopt al"):
        services.start_selection(as_actor(officer), panel)


def test_the_pool_must_be_closed_before_selecting(officer):
    panel = panel_with_quotas(status=Panel.Status.RECRUITING)
    add_pool(panel, 30)
    with pytest.raises(ValidationError, match="Sluit eerst het aanmelden"):
        services.start_selection(as_actor(officer), panel)


def test_infeasible_quotas_get_the_kernels_explanation_and_a_relaxation_to_apply(panel, officer):
    # Nobody in the pool is "oud" more than 14 times; ask for at least 15 of 20.
    Quota.objects.filter(value="oud").update(min=15, max=20, min_flex=None, max_flex=None)
    run = services.start_selection(as_actor(officer), panel)
    assert worker.execute_selection(run.pk) == SelectionRun.Status.INFEASIBLE
    run.refresh_from_db()
    assert "Met deze quota's is geen panel van 20 personen mogelijk" in run.explanation_text
    changes = run.explanation["relaxation"]
    assert changes and all({"feature", "value", "side", "old", "new"} <= set(c) for c in changes)

    services.apply_relaxation(as_actor(officer), run)
    for change in changes:
        quota = Quota.objects.get(
            category__panel=panel, category__key=change["feature"], value=change["value"]
        )
        assert getattr(quota, change["side"]) == change["new"]
    rerun = services.start_selection(as_actor(officer), panel)
    assert worker.execute_selection(rerun.pk) == SelectionRun.Status.DONE


def test_the_progress_fragment_polls_until_done_and_then_stops(client, panel, officer):
    client.force_login(officer)
    run = services.start_selection(as_actor(officer), panel)
    url = reverse("panels:run_progress", args=[run.pk])
    fragment = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert '<progress id="voortgang-balk" max="100" value="0">' in fragment
    worker.execute_selection(run.pk)
    fragment = client.get(url).content.decode()
    assert "hx-trigger" not in fragment
    assert 'value="100"' in fragment
    assert "Bewezen optimaal" in fragment


def test_the_cancel_button_stops_a_queued_run(client, panel, officer):
    client.force_login(officer)
    run = services.start_selection(as_actor(officer), panel)
    response = client.post(reverse("panels:cancel_run", args=[run.pk]), follow=True)
    assert "De berekening is gestopt" in response.content.decode()
    assert SelectionRun.objects.get(pk=run.pk).status == SelectionRun.Status.CANCELLED
