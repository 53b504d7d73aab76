"""The `leefwereld` console command: Django's management commands for this project.

`leefwereld migrate`, `leefwereld runserver`, `leefwereld demo --scale small` and
`python -m leefwereld …` all land here.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leefwereld.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["leefwereld", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
