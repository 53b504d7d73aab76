"""`python -m leefwereld.algorithms.pb FILE.pb …`: the analysts' command without Django."""

import sys

from leefwereld.algorithms.pb.cli import main

sys.exit(main())
