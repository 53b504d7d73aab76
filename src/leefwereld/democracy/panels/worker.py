"""The selection's background work: the body of `tasks.compute_selection`.

The dependency runs one way: `services.start_selection` enqueues the task
(services → tasks), the task runs `execute_selection` here (tasks → worker), and this
module needs only the models, the kernel bridge and the event log — never the services.

Faults (issue 13): a worker can die at any moment (killed, a deploy, the database gone).
Every attempt claims the run with its own start time (`started_at`) and writes progress and
the outcome only while that claim is still its own, and the outcome and its event in one
transaction. So a run gets exactly one result and one "selection_finished" event however
often it is retried:

* interrupted with a chance to clean up (SIGTERM twice, Ctrl+C, a lost database
  connection): the attempt puts the run back in the queue (`release`) and the task
  enqueues it again (tasks.py);
* killed outright (SIGKILL, power loss): the run stays "running" under a claim nobody
  holds; `leefwereld selection_recover` (tasks.retry_interrupted_selections) re-queues
  runs claimed longer ago than LEEFWERELD_SELECTION_STALE_MINUTES. Should the first worker
  still be alive after all, its late result finds the claim gone and is dropped.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from leefwereld.algorithms.sortition.leximin import InfeasibleQuotas
from leefwereld.algorithms.sortition.model import Cancelled, SortitionError

from . import selection
from .events import log
from .models import SelectionRun


class ProgressReporter:
    """Writes the kernel's progress to the run and asks whether to stop, a few times a second.

    Plain UPDATEs in autocommit, so the page that polls sees them at once and a cancel
    from the page reaches the worker without a lock.
    """

    interval = 0.5  # seconds between writes and between cancel checks

    def __init__(self, run_id: int, attempt: datetime.datetime | None = None) -> None:
        self.run_id = run_id
        self.attempt = attempt
        self._written = 0.0
        self._checked = 0.0

    def _mine(self):
        """The run, as long as this attempt's claim holds (see the module docstring)."""
        runs = SelectionRun.objects.filter(pk=self.run_id)
        if self.attempt is not None:
            runs = runs.filter(status=SelectionRun.Status.RUNNING, started_at=self.attempt)
        return runs

    def report(self, fraction: float, message: str, force: bool = False) -> None:
        now = time.monotonic()
        if now - self._written < self.interval and fraction < 1.0 and not force:
            return
        self._written = now
        self._mine().update(progress=max(0.0, min(1.0, float(fraction))), message=message[:200])

    def should_cancel(self) -> bool:
        now = time.monotonic()
        if now - self._checked < self.interval:
            return False
        self._checked = now
        return SelectionRun.objects.filter(pk=self.run_id, cancel_requested=True).exists()


def _claimed(run_id: int, attempt: datetime.datetime):
    return SelectionRun.objects.filter(
        pk=run_id, status=SelectionRun.Status.RUNNING, started_at=attempt
    )


def release(run_id: int, attempt: datetime.datetime) -> bool:
    """Put an interrupted attempt's run back in the queue; True when it was still ours."""
    return bool(
        _claimed(run_id, attempt).update(
            status=SelectionRun.Status.QUEUED, started_at=None, progress=0.0, message=""
        )
    )


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(
        minutes=int(getattr(settings, "LEEFWERELD_SELECTION_STALE_MINUTES", 120))
    )


def release_stale_runs(now: datetime.datetime | None = None) -> list[int]:
    """Re-queue runs whose worker died: claimed longer ago than the stale limit.

    A run whose cancel was asked for is cancelled instead of retried.
    """
    now = now or timezone.now()
    stale = SelectionRun.objects.filter(
        status=SelectionRun.Status.RUNNING, started_at__lt=now - stale_after()
    )
    released = []
    for run_id, attempt, cancel in stale.values_list("pk", "started_at", "cancel_requested"):
        if attempt is None:  # excluded by the filter; keeps the type checker informed
            continue
        if cancel:
            _claimed(run_id, attempt).update(status=SelectionRun.Status.CANCELLED, finished_at=now)
        elif release(run_id, attempt):
            released.append(run_id)
    return released


def execute_selection(run_id: int) -> str:
    """The background task's body: run the kernel on the run's snapshot and store everything.

    Deliberately not one transaction: progress must be visible while it runs.
    """
    now = timezone.now()
    # This attempt's claim: the moment it started (a retry claims with a later one).
    attempt = now
    claimed = SelectionRun.objects.filter(
        pk=run_id, status=SelectionRun.Status.QUEUED, cancel_requested=False
    ).update(status=SelectionRun.Status.RUNNING, started_at=attempt, progress=0.0)
    if not claimed:
        SelectionRun.objects.filter(pk=run_id, status=SelectionRun.Status.QUEUED).update(
            status=SelectionRun.Status.CANCELLED, finished_at=now
        )
        return SelectionRun.objects.get(pk=run_id).status
    run = SelectionRun.objects.get(pk=run_id)
    reporter = ProgressReporter(run_id, attempt)
    fields: dict[str, Any]
    try:
        problem = selection.build_problem(run.quota_snapshot, run.pool_snapshot, run.size)
        outcome = selection.compute(
            problem,
            run.method,
            run.max_probability,
            # The kernel's 100 % is not the end: the lottery is written after it.
            lambda fraction, message: reporter.report(0.95 * fraction, message),
            reporter.should_cancel,
        )
        reporter.report(0.97, selection.WRITING_LOTTERY, force=True)
        lottery = selection.make_lottery(
            outcome, meta={"kind": "panel", "panel": run.panel_id, "run": run.pk}
        )
    except InfeasibleQuotas as error:
        fields = {
            "status": SelectionRun.Status.INFEASIBLE,
            "explanation": selection.explanation_data(error.explanation),
            "explanation_text": str(error),
        }
    except Cancelled:
        fields = {"status": SelectionRun.Status.CANCELLED}
    except SortitionError as error:
        fields = {"status": SelectionRun.Status.FAILED, "error": str(error)}
    except (KeyboardInterrupt, SystemExit, OperationalError, InterfaceError):
        # Interrupted, or the database went away: not the run's fault, so it is retried.
        # Still gone: `selection_recover` re-queues it once the claim is stale.
        with contextlib.suppress(DatabaseError):
            release(run_id, attempt)
        raise
    except Exception as error:
        _claimed(run_id, attempt).update(
            status=SelectionRun.Status.FAILED, error=repr(error), finished_at=timezone.now()
        )
        raise
    else:
        fields = {
            "status": SelectionRun.Status.DONE,
            "progress": 1.0,
            "message": "done",
            "probabilities": outcome.probabilities,
            "min_probability": outcome.min_probability,
            "max_probability_found": outcome.max_probability,
            "certificate": outcome.certificate,
            "stats": outcome.stats,
            "lottery_text": lottery.text,
            "lottery_hash": lottery.digest,
            "lottery_panels": lottery.panels,
            "lottery_max_deviation": lottery.max_deviation,
        }
    fields["finished_at"] = timezone.now()
    # The outcome and its event together, and only while the claim is ours: a retry that
    # took over (or finished) first keeps its result and this one writes nothing.
    with transaction.atomic():
        if not _claimed(run_id, attempt).update(**fields):
            return SelectionRun.objects.get(pk=run_id).status
        log(run.panel, "selection_finished", None, run=run_id, status=fields["status"])
    return str(fields["status"])
