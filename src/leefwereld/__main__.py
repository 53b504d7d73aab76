"""The `leefwereld` console command: Django's management commands for this project.

`leefwereld migrate`, `leefwereld runserver`, `leefwereld demo --scale small` and
`python -m leefwereld …` all land here.
"""

import os
import sys

# Commands that are pure kernels (no database, no settings): run without loading Django,
# which costs about a second before anything is computed (issue 20).
KERNELS = {
    "pb": "leefwereld.algorithms.pb.cli",
    "sortition": "leefwereld.algorithms.sortition.cli",
}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in KERNELS and not any(a.startswith("--settings") for a in args):
        import importlib

        sys.exit(importlib.import_module(KERNELS[args[0]]).main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leefwereld.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["leefwereld", *args])


if __name__ == "__main__":
    main()
