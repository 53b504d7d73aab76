"""`leefwereld selection_recover`: re-queue citizen-panel selections whose worker died.

A worker killed outright (SIGKILL, power loss, an OOM kill) leaves its run "running" with
nobody computing it. Run this when the worker service starts (systemd ExecStartPre=) and
every few minutes (a timer): runs claimed longer ago than LEEFWERELD_SELECTION_STALE_MINUTES
are queued again and computed from the start; a late result of the old attempt is dropped
(democracy/panels/worker.py), so a run never gets two results.
"""

from django.core.management.base import BaseCommand

from leefwereld.democracy.panels import tasks


class Command(BaseCommand):
    help = "Re-queue citizen-panel selections whose background worker died mid-task."

    def handle(self, *args, **options) -> None:
        released = tasks.retry_interrupted_selections()
        if options["verbosity"] > 0:
            self.stdout.write(f"{len(released)} interrupted selection(s) queued again.")
