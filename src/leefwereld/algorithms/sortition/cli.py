"""The practitioners' command, as a plain function (no Django needed).

    leefwereld sortition --quotas Q.csv --pool P.csv --size K [--method leximin|maximin]
        [--household-column COL | --address-columns A,B] [--id-column COL]
        [--max-probability P] [--lottery-out L.json [--lottery-size 1000]] [--json]
    leefwereld sortition verify --lottery L.json --seed 12,7,33 [--expected-hash HEX] [--json]
    leefwereld sortition replace --quotas Q.csv --pool P.csv --lottery L.json --seed 12,7,33
        --dropouts ID,ID --lottery-out R.json [household options] [--json]

`run(argv)` returns the text to print, or raises CommandFailed carrying the text
(for --json: exactly one JSON object either way) and an exit code.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from leefwereld.algorithms.sortition.io import read_problem
from leefwereld.algorithms.sortition.leximin import (
    CancelCallback,
    Distribution,
    InfeasibleQuotas,
    ProgressCallback,
    find_distribution,
)
from leefwereld.algorithms.sortition.lottery import (
    build_lottery,
    load_lottery,
    parse_seed,
    replacement_problem,
    save_lottery,
    verify_draw,
)
from leefwereld.algorithms.sortition.model import MAX_COUNT, Problem, SortitionError

PROG = "leefwereld sortition"
# A lottery of a million panels is already a 100 MB file.
MAX_LOTTERY = 1_000_000


class CommandFailed(SortitionError):
    def __init__(self, message: str, output: str | None = None, code: int = 1) -> None:
        super().__init__(message)
        self.output = output
        self.code = code


def _bounded(minimum: int, maximum: int):
    """An argparse type: a whole number in ASCII digits within [minimum, maximum]."""

    def parse(text: str) -> int:
        if re.fullmatch(r"[+-]?[0-9]{13,}", text.strip()):
            raise argparse.ArgumentTypeError(f"{text[:30]} is larger than {maximum}")
        if not re.fullmatch(r"[+-]?[0-9]{1,12}", text.strip()):
            raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a whole number")
        value = int(text)
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(f"{value} is not between {minimum} and {maximum}")
        return value

    return parse


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a number") from None
    if not 0 < value <= 1:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text[:20]} is not a probability in (0, 1]")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CommandFailed(f"{self.prog}: {message}\n{self.format_usage()}", code=2)


def _problem_options(parser: argparse.ArgumentParser, size: bool = True) -> None:
    parser.add_argument(
        "--quotas",
        required=True,
        help="quota table (feature,value,min,max or category,feature,min,max)",
    )
    parser.add_argument("--pool", required=True, help="pool of candidates, one row per person")
    if size:
        parser.add_argument(
            "--size", required=True, type=_bounded(1, MAX_COUNT), help="number of panel seats"
        )
    parser.add_argument(
        "--id-column", help="column with person ids (default: id/person_id/... or row numbers)"
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--household-column", help="column naming the household; at most one per household"
    )
    group.add_argument(
        "--address-columns", help="comma-separated address columns defining a household"
    )
    parser.add_argument("--json", action="store_true", help="print exactly one JSON object")


def _solve_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description="Leximin-fair selection probabilities for a citizens' panel."
    )
    _problem_options(parser)
    parser.add_argument("--method", choices=["leximin", "maximin"], default="leximin")
    parser.add_argument(
        "--max-probability", type=_probability, help="cap on anyone's selection probability"
    )
    parser.add_argument("--lottery-out", help="write the transparent lottery (JSON) to this file")
    parser.add_argument(
        "--lottery-size",
        type=_bounded(1, MAX_LOTTERY),
        default=1000,
        help="panels in the lottery (default 1000)",
    )
    parser.add_argument(
        "--random-seed", type=_bounded(0, 2**32 - 1), default=0, help=argparse.SUPPRESS
    )
    parser.add_argument("--progress", action="store_true", help="report progress on stderr")
    return parser


def _verify_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} verify", description="Re-run a public draw from a published lottery."
    )
    parser.add_argument("--lottery", required=True, help="the published lottery file")
    parser.add_argument(
        "--seed", required=True, help="the public numbers, comma-separated (e.g. 12,7,33)"
    )
    parser.add_argument(
        "--expected-hash", help="the SHA-256 published before the draw (default: the file's own)"
    )
    parser.add_argument("--json", action="store_true", help="print exactly one JSON object")
    return parser


def _replace_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} replace", description="Lottery for replacing people who drop out."
    )
    _problem_options(parser, size=False)
    parser.add_argument("--lottery", required=True, help="the lottery the panel was drawn from")
    parser.add_argument("--seed", required=True, help="the public numbers of that draw")
    parser.add_argument(
        "--dropouts", required=True, help="comma-separated ids of the people who dropped out"
    )
    parser.add_argument("--lottery-out", required=True, help="file for the replacement lottery")
    parser.add_argument("--lottery-size", type=_bounded(1, MAX_LOTTERY), default=1000)
    return parser


def _read(args: argparse.Namespace, size: int) -> Problem:
    address = [c.strip() for c in args.address_columns.split(",")] if args.address_columns else []
    return read_problem(
        args.quotas,
        args.pool,
        size,
        id_column=args.id_column,
        household_column=args.household_column,
        address_columns=address,
    )


def _stderr_progress(fraction: float, message: str) -> None:
    print(f"[{fraction:6.1%}] {message}", file=sys.stderr, flush=True)


def _infeasible(exc: InfeasibleQuotas, as_json: bool) -> CommandFailed:
    explanation = exc.explanation
    data = explanation.as_dict() if hasattr(explanation, "as_dict") else {}
    if as_json:
        output = json.dumps(
            {"error": "infeasible", "explanation": data, "message": str(exc)}, ensure_ascii=False
        )
        return CommandFailed(str(exc), output=output)
    return CommandFailed(str(exc), output=str(exc))


def summary(dist: Distribution) -> dict[str, object]:
    problem = dist.problem
    probabilities = dist.person_probabilities()
    cert = dist.certificate
    return {
        "method": dist.method,
        "size": problem.size,
        "pool_size": len(problem.people),
        "min_probability": float(probabilities.min()) if len(probabilities) else 0.0,
        "max_probability": float(probabilities.max()) if len(probabilities) else 0.0,
        "panels": len(dist.weights),
        "probabilities": {pid: float(probabilities[i]) for i, pid in enumerate(problem.ids)},
        "excluded": [problem.ids[i] for i in dist.excluded_people()],
        "max_probability_cap": dist.max_probability,
        "certificate": cert.as_dict(),
        "seconds": round(dist.stats.get("seconds", 0.0), 3),
    }


def _solve_text(data: dict[str, object], dist: Distribution) -> str:
    cert = dist.certificate
    lines = [
        f"Method: {dist.method}, pool {data['pool_size']}, panel of {data['size']}",
        f"Minimum selection probability: {data['min_probability']:.6f}",
        f"Maximum selection probability: {data['max_probability']:.6f}",
        f"Panels in the support: {data['panels']} (panel compositions; seats are filled uniformly "
        "among interchangeable people)",
        "Certificate: no lottery can give every selectable person more than "
        f"{cert.upper_bound:.12f}; "
        f"this one gives at least {cert.min_probability:.12f} (gap {cert.gap:.2e}, "
        f"{'optimal within tolerance' if cert.certified else 'NOT certified'})",
    ]
    excluded = data["excluded"]
    if isinstance(excluded, list) and excluded:
        lines.append(f"Never selectable (no feasible panel contains them): {', '.join(excluded)}")
    return "\n".join(lines)


def _solve(
    argv: Sequence[str], progress: ProgressCallback | None, should_cancel: CancelCallback | None
) -> str:
    args = _solve_parser().parse_args(list(argv))
    problem = _read(args, args.size)
    report = progress or (_stderr_progress if args.progress else None)
    try:
        dist = find_distribution(
            problem,
            method=args.method,
            max_probability=args.max_probability,
            progress=report,
            should_cancel=should_cancel,
            seed=args.random_seed,
        )
    except InfeasibleQuotas as exc:
        raise _infeasible(exc, args.json) from exc
    data = summary(dist)
    text = _solve_text(data, dist)
    if args.lottery_out:
        lottery = build_lottery(dist, args.lottery_size, meta={"kind": "panel"})
        save_lottery(lottery, args.lottery_out)
        data["lottery"] = {
            "file": args.lottery_out,
            "sha256": lottery.digest,
            "count": lottery.count,
            "max_deviation": lottery.max_deviation,
        }
        text += (
            f"\nLottery: {lottery.count} panels written to {args.lottery_out}"
            f"\nSHA-256 to publish before the draw: {lottery.digest}"
            "\nLargest difference between lottery and optimal probability: "
            f"{lottery.max_deviation:.6f}"
        )
    return json.dumps(data, ensure_ascii=False) if args.json else text


def _verify(argv: Sequence[str]) -> str:
    args = _verify_parser().parse_args(list(argv))
    lottery = load_lottery(args.lottery)
    seed = parse_seed(args.seed)
    result = verify_draw(lottery, seed, args.expected_hash)
    data = {
        "hash_ok": result.digest_ok,
        "sha256": result.computed_digest,
        "published_sha256": result.stated_digest,
        "seed": seed,
        "count": lottery.count,
        "ticket": result.index + 1,
        "panel": result.panel,
    }
    if args.json:
        output = json.dumps(data, ensure_ascii=False)
    else:
        output = "\n".join(
            [
                f"Lottery: {args.lottery} ({lottery.count} panels of {lottery.size})",
                f"SHA-256 computed from the panels: {result.computed_digest}",
                f"SHA-256 published:                {result.stated_digest}",
                "Hash check: OK"
                if result.digest_ok
                else "Hash check: MISMATCH - this is not the published lottery",
                f"Public numbers: {','.join(str(n) for n in seed)}",
                f"Drawn panel: number {result.index + 1} of {lottery.count}",
                f"Members ({len(result.panel)}): {', '.join(result.panel)}",
            ]
        )
    if not result.digest_ok:
        raise CommandFailed("the lottery does not match the published hash", output=output)
    return output


def _replace(
    argv: Sequence[str], progress: ProgressCallback | None, should_cancel: CancelCallback | None
) -> str:
    args = _replace_parser().parse_args(list(argv))
    lottery = load_lottery(args.lottery)
    seed = parse_seed(args.seed)
    drawn = verify_draw(lottery, seed)
    if not drawn.digest_ok:
        raise CommandFailed(
            "the lottery does not match its hash; refusing to build replacements on it"
        )
    problem = _read(args, lottery.size)
    dropouts = [d.strip() for d in args.dropouts.split(",") if d.strip()]
    sub = replacement_problem(problem, drawn.panel, dropouts)
    try:
        dist = find_distribution(sub, progress=progress, should_cancel=should_cancel)
    except InfeasibleQuotas as exc:
        raise _infeasible(exc, args.json) from exc
    replacement = build_lottery(
        dist,
        args.lottery_size,
        meta={
            "kind": "replacement",
            "replaces": dropouts,
            "panel_lottery_sha256": lottery.digest,
            "panel_seed": seed,
            "remaining": [pid for pid in drawn.panel if pid not in dropouts],
        },
    )
    save_lottery(replacement, args.lottery_out)
    data = summary(dist)
    data["lottery"] = {
        "file": args.lottery_out,
        "sha256": replacement.digest,
        "count": replacement.count,
    }
    if args.json:
        return json.dumps(data, ensure_ascii=False)
    return "\n".join(
        [
            f"Replacing {len(dropouts)} of panel {drawn.index + 1}: {', '.join(dropouts)}",
            f"Candidates: {len(sub.people)} people "
            "(not on the panel, not living with a remaining member)",
            f"Minimum selection probability among them: {data['min_probability']:.6f}",
            f"Replacement lottery: {replacement.count} options written to {args.lottery_out}",
            f"SHA-256 to publish before the draw: {replacement.digest}",
            f"Draw with: {PROG} verify --lottery {args.lottery_out} --seed <new public numbers>",
        ]
    )


def run(
    argv: Sequence[str],
    progress: ProgressCallback | None = None,
    should_cancel: CancelCallback | None = None,
) -> str:
    """Run the command; return what to print. Raises CommandFailed on failure."""
    argv = list(argv)
    try:
        if argv and argv[0] == "verify":
            return _verify(argv[1:])
        if argv and argv[0] == "replace":
            return _replace(argv[1:], progress, should_cancel)
        return _solve(argv, progress, should_cancel)
    except CommandFailed:
        raise
    except SortitionError as exc:
        as_json = "--json" in argv
        output = (
            json.dumps({"error": type(exc).__name__, "message": str(exc)}, ensure_ascii=False)
            if as_json
            else None
        )
        raise CommandFailed(str(exc), output=output) from exc


def main(argv: Sequence[str] | None = None) -> int:
    try:
        print(run(sys.argv[1:] if argv is None else argv))
        return 0
    except CommandFailed as exc:
        if exc.output is not None:
            print(exc.output)
        # The message goes to stderr unless it is already the printed output.
        if exc.output is None or (not exc.output.startswith("{") and exc.output != str(exc)):
            print(str(exc), file=sys.stderr)
        return exc.code


if __name__ == "__main__":
    sys.exit(main())
