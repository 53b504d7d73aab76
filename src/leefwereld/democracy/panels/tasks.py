"""Background tasks of the panels app, run by `leefwereld db_worker` (django-tasks).

The selection of a large pool takes minutes; a web request must not wait for it.
`services.start_selection` enqueues `compute_selection`; the task runs the body in
`worker.py`, which records progress and the outcome on the run. Imports go one way
(services → tasks → worker), so the task never imports the services.
"""

from __future__ import annotations

import contextlib
import datetime

from django.db import DatabaseError, InterfaceError, OperationalError
from django_tasks import task

from . import worker
from .models import SelectionRun


@task()
def compute_selection(run_id: int) -> str:
    try:
        return worker.execute_selection(run_id)
    except (KeyboardInterrupt, SystemExit, OperationalError, InterfaceError):
        # The attempt put the run back in the queue (worker.release): queue a new task for
        # it, since django-tasks marks this one failed and never runs it again.
        # The database is gone: `leefwereld selection_recover` re-queues it later.
        with contextlib.suppress(DatabaseError):
            requeue(run_id)
        raise


def requeue(run_id: int) -> bool:
    """Enqueue a queued run again (its earlier task was interrupted)."""
    if not SelectionRun.objects.filter(pk=run_id, status=SelectionRun.Status.QUEUED).exists():
        return False
    result = compute_selection.enqueue(run_id)
    SelectionRun.objects.filter(pk=run_id).update(task_id=str(result.id))
    return True


def retry_interrupted_selections(now: datetime.datetime | None = None) -> list[int]:
    """Re-queue and re-enqueue the runs whose worker died (`leefwereld selection_recover`)."""
    released = worker.release_stale_runs(now)
    for run_id in released:
        requeue(run_id)
    return released
