"""Long fuzzing run of the file readers: malformed `.pb` files and sortition quota/pool
tables, counting clear errors, correct results, tracebacks and hangs.

    .venv/bin/python bench/file_readers_fuzz.py [--count 2000] [--timeout 10] [--before REV]

`--before REV` also runs the readers as they were at git revision REV (for the figures in
BENCHMARKS.md: tracebacks and hangs before and after the bounds of issue 13).
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from leefwereld.algorithms.pb.tests.mutations import malformed  # noqa: E402
from leefwereld.algorithms.sortition.tests.mutations import malformed_tables  # noqa: E402


class Hang(Exception):
    pass


class WrongResult(Exception):
    """Accepted although the panel size or a quota bound is impossible."""


def _alarm(_signum, _frame):
    raise Hang


def _module_at(rev: str, path: str, name: str) -> ModuleType:
    source = subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    file = Path(tempfile.mkdtemp()) / f"{name}.py"
    file.write_text(source)
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run(label: str, inputs: list, attempt: Callable, expected: tuple, timeout: int) -> None:
    outcomes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    slowest = 0.0
    signal.signal(signal.SIGALRM, _alarm)
    for item in inputs:
        start = time.perf_counter()
        signal.alarm(timeout)
        try:
            attempt(item)
            outcomes["correct result"] += 1
        except Hang:
            outcomes[f"hang (> {timeout} s)"] += 1
        except WrongResult:
            outcomes["accepted an impossible size or bound"] += 1
        except expected as error:
            has_line = (
                getattr(error, "line", None) is not None
                or getattr(error, "source", "") == "--size"
                or "panel size" in str(error)
            )
            outcomes["clear error" + ("" if has_line else " without a line")] += 1
        except Exception as error:
            outcomes["traceback"] += 1
            kinds[type(error).__name__] += 1
        finally:
            signal.alarm(0)
        slowest = max(slowest, time.perf_counter() - start)
    print(f"{label}: {len(inputs)} inputs")
    for outcome, n in sorted(outcomes.items()):
        print(f"    {outcome:28} {n}")
    if kinds:
        print(f"    traceback kinds: {dict(kinds)}")
    print(f"    slowest input: {slowest:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--timeout", type=int, default=10)
    parser.add_argument("--before", help="git revision to compare with")
    args = parser.parse_args()
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leefwereld.conf.ci")
    django.setup()

    from leefwereld.algorithms.pb import pabulib
    from leefwereld.algorithms.sortition import io as sortition_io
    from leefwereld.algorithms.sortition.model import SortitionError

    pb_inputs = [malformed(seed) for seed in range(args.count)]
    tables = [malformed_tables(seed) for seed in range(args.count)]

    def pb_after(data: bytes) -> None:
        pabulib.parse_text(pabulib.decode(data))

    from leefwereld.algorithms.sortition import model as sortition_model

    def sortition_with(module, model) -> Callable:
        def attempt(item) -> None:
            quotas_text, pool_text, size = item
            quotas = module.parse_quotas(module.read_table(quotas_text, "quotas.csv"))
            people = module.parse_pool(module.read_table(pool_text, "pool.csv"), quotas)
            if hasattr(module, "check_bounds"):
                module.check_bounds(quotas, people, size, "quotas.csv", "pool.csv")
            problem = model.Problem.build(quotas, people, size)
            model.TypeSpace.build(problem)
            # What the solver would be asked: a panel no pool can fill is a wrong result.
            if not 1 <= problem.size <= len(problem.people) or any(
                q.max > problem.size for q in problem.quotas
            ):
                raise WrongResult

        return attempt

    if args.before:
        old = _module_at(args.before, "src/leefwereld/algorithms/pb/pabulib.py", "pabulib_old")

        def pb_before(data: bytes) -> None:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise RuntimeError("UnicodeDecodeError (the old reader read text)") from error
            old.parse_text(text)

        run(f".pb reader at {args.before}", pb_inputs, pb_before, (old.PabulibError,), args.timeout)
        old_model = _module_at(
            args.before, "src/leefwereld/algorithms/sortition/model.py", "sortition_model_old"
        )
        old_io = _module_at(
            args.before, "src/leefwereld/algorithms/sortition/io.py", "sortition_io_old"
        )
        for name in ("Person", "Problem", "Quota"):
            setattr(old_io, name, getattr(old_model, name))
        run(
            f"sortition quotas/pool at {args.before}",
            tables,
            sortition_with(old_io, old_model),
            (SortitionError, old_model.SortitionError),
            args.timeout,
        )
    run(".pb reader now", pb_inputs, pb_after, (pabulib.PabulibError,), args.timeout)
    run(
        "sortition quotas/pool now",
        tables,
        sortition_with(sortition_io, sortition_model),
        (SortitionError,),
        args.timeout,
    )


if __name__ == "__main__":
    main()
