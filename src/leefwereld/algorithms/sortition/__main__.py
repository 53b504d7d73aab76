"""`python -m leefwereld.algorithms.sortition …`: the sortition kernel without Django."""

import sys

from leefwereld.algorithms.sortition.cli import main

sys.exit(main())
