"""Background tasks of the panels app, run by `leefwereld db_worker` (django-tasks).

The selection of a large pool takes minutes; a web request must not wait for it.
`services.start_selection` enqueues `compute_selection`; the task runs the body in
`worker.py`, which records progress and the outcome on the run. Imports go one way
(services → tasks → worker), so the task never imports the services.
"""

from __future__ import annotations

from django_tasks import task

from . import worker


@task()
def compute_selection(run_id: int) -> str:
    return worker.execute_selection(run_id)
