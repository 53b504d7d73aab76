"""The selection's background work: the body of `tasks.compute_selection`.

The dependency runs one way: `services.start_selection` enqueues the task
(services → tasks), the task runs `execute_selection` here (tasks → worker), and this
module needs only the models, the kernel bridge and the event log — never the services.
"""

from __future__ import annotations

import time
from typing import Any

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

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self._written = 0.0
        self._checked = 0.0

    def report(self, fraction: float, message: str, force: bool = False) -> None:
        now = time.monotonic()
        if now - self._written < self.interval and fraction < 1.0 and not force:
            return
        self._written = now
        SelectionRun.objects.filter(pk=self.run_id).update(
            progress=max(0.0, min(1.0, float(fraction))), message=message[:200]
        )

    def should_cancel(self) -> bool:
        now = time.monotonic()
        if now - self._checked < self.interval:
            return False
        self._checked = now
        return SelectionRun.objects.filter(pk=self.run_id, cancel_requested=True).exists()


def execute_selection(run_id: int) -> str:
    """The background task's body: run the kernel on the run's snapshot and store everything.

    Deliberately not one transaction: progress must be visible while it runs.
    """
    now = timezone.now()
    claimed = SelectionRun.objects.filter(
        pk=run_id, status=SelectionRun.Status.QUEUED, cancel_requested=False
    ).update(status=SelectionRun.Status.RUNNING, started_at=now, progress=0.0)
    if not claimed:
        SelectionRun.objects.filter(pk=run_id, status=SelectionRun.Status.QUEUED).update(
            status=SelectionRun.Status.CANCELLED, finished_at=now
        )
        return SelectionRun.objects.get(pk=run_id).status
    run = SelectionRun.objects.get(pk=run_id)
    reporter = ProgressReporter(run_id)
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
    except Exception as error:
        SelectionRun.objects.filter(pk=run_id).update(
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
    SelectionRun.objects.filter(pk=run_id).update(**fields)
    log(run.panel, "selection_finished", None, run=run_id, status=fields["status"])
    return str(fields["status"])
