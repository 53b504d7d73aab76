"""``leefwereld pb FILE.pb``: winners of a participatory budget, for analysts.

A thin wrapper: the work is done by :mod:`leefwereld.algorithms.pb.cli`,
which has no Django dependency and is tested on its own.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from leefwereld.algorithms.pb import cli


class Command(BaseCommand):
    help = cli.DESCRIPTION

    def add_arguments(self, parser: ArgumentParser) -> None:
        cli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.stdout.write(cli.execute(options))
        except cli.CLIError as exc:
            raise CommandError(str(exc)) from exc
