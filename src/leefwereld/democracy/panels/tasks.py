"""Background tasks of the panels app, run by `leefwereld db_worker` (django-tasks).

The selection of a large pool takes minutes; a web request must not wait for it. The
task only calls the service verb, which records progress and the outcome on the run.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def compute_selection(run_id: int) -> str:
    return services.execute_selection(run_id)
