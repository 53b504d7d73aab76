"""`leefwereld sortition ...`: citizen-panel selection probabilities, lottery and draw.

A thin wrapper: all the work, and all the option parsing, is in
leefwereld.algorithms.sortition.cli, which runs (and is tested) without Django.

From the shell every argument goes straight to the kernel's own parser:

    leefwereld sortition --quotas Q.csv --pool P.csv --size 22 --json
    leefwereld sortition verify --lottery lottery.json --seed 12,7,33

From code:
    call_command("sortition", kernel_args=["verify", "--lottery", "l.json", "--seed", "1,2"])
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leefwereld.algorithms.sortition.cli import CommandFailed, main, run


class Command(BaseCommand):
    help = (
        "Leximin-fair selection probabilities for a citizens' panel, the transparent lottery and "
        "its public draw. Run `sortition --help`, `sortition verify --help` or "
        "`sortition replace --help`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kernel_args", nargs="*", help="arguments for the sortition kernel")

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is [program, "sortition", ...]; Django's own option parsing would reject
        # the kernel's options, so they bypass it.
        code = main(argv[2:])
        if code:
            sys.exit(code)

    def handle(self, *args: Any, **options: Any) -> str | None:
        try:
            output = run(list(options.get("kernel_args") or args))
        except CommandFailed as exc:
            raise CommandError(exc.output or str(exc), returncode=exc.code) from exc
        self.stdout.write(output)
        return None
