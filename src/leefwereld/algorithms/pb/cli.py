"""The analysts' command, as plain functions (the Django command only wraps these).

    leefwereld pb FILE.pb [--rule mes|greedy] [--completion add1|add1e|add1u|utilitarian|none]
                          [--utility cost|approval|cardinal] [--tie-breaking id]
                          [--no-caps] [--explain] [--json]

Without Django: ``python -m leefwereld.algorithms.pb.cli FILE.pb ...``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from leefwereld.algorithms.pb.explain import explain, sentences, summary
from leefwereld.algorithms.pb.model import format_amount
from leefwereld.algorithms.pb.pabulib import PabulibError, parse
from leefwereld.algorithms.pb.profile import UTILITIES
from leefwereld.algorithms.pb.rules import COMPLETIONS, RULES, allocate
from leefwereld.algorithms.pb.tiebreak import CRITERIA

DESCRIPTION = "Compute the winners of a participatory budget from a pabulib .pb file."


class CLIError(Exception):
    """A problem to report to the user in one line (bad file, bad option)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a pabulib .pb file")
    parser.add_argument("--rule", choices=RULES, default="mes", help="default: mes")
    parser.add_argument(
        "--completion",
        choices=COMPLETIONS,
        default="add1",
        help="how equal shares spends what it leaves over (default: add1)",
    )
    parser.add_argument("--utility", choices=UTILITIES, default="cost", help="default: cost")
    parser.add_argument(
        "--tie-breaking",
        default="id",
        help=f"comma-separated criteria from {', '.join(CRITERIA)} (default: id, as pabutools)",
    )
    parser.add_argument("--no-caps", action="store_true", help="ignore category/district caps")
    parser.add_argument("--explain", action="store_true", help="explain every project in Dutch")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="leefwereld pb", description=DESCRIPTION)
    add_arguments(parser)
    return parser


def _number(amount: int, decimals: int) -> int | float:
    if decimals == 0:
        return amount
    return float(Fraction(amount, 10**decimals))


def execute(options: Mapping[str, Any]) -> str:
    """Run with parsed options (an argparse namespace as a dict, or Django's ``options``)."""
    try:
        instance = parse(options["file"])
    except OSError as exc:
        raise CLIError(f"cannot read {options['file']}: {exc.strerror or exc}") from exc
    except PabulibError as exc:
        raise CLIError(f"{options['file']}: {exc}") from exc
    try:
        outcome = allocate(
            instance,
            rule=options["rule"],
            completion=options["completion"],
            utility=options["utility"],
            tie_breaking=options["tie_breaking"],
            caps=not options["no_caps"],
            trace=bool(options["explain"]),
        )
    except ValueError as exc:
        raise CLIError(str(exc)) from exc
    explanation = None
    if options["explain"]:
        explanation = explain(outcome, instance.meta.get("currency", "EUR") or "EUR")
    d = instance.decimals
    if options["json"]:
        data: dict[str, Any] = {
            "funded": list(outcome.funded),
            "spent": _number(outcome.spent, d),
        }
        if explanation is not None:
            data["explanation"] = [summary(explanation), *sentences(explanation)]
        return json.dumps(data, ensure_ascii=False)
    rule = outcome.rule
    if rule == "mes":
        rule += f", completion {outcome.completion}, utility {outcome.utility}"
        if outcome.raises:
            rule += f", per-voter budget raised {outcome.raises}x"
    lines = [
        f"rule: {rule}; tie-breaking {','.join(outcome.tie_breaking)}; "
        f"caps {'on' if outcome.caps else 'off'}",
        f"funded ({len(outcome.funded)}): {' '.join(outcome.funded)}",
        f"spent: {format_amount(outcome.spent, d)} of {format_amount(outcome.budget, d)}",
    ]
    if explanation is not None:
        lines += ["", summary(explanation), *sentences(explanation)]
    return "\n".join(lines)


def run(argv: Sequence[str]) -> str:
    """Parse ``argv`` (without the program name) and return the text to print."""
    args = build_parser().parse_args(list(argv))
    return execute(vars(args))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        print(run(sys.argv[1:] if argv is None else argv))
    except CLIError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
