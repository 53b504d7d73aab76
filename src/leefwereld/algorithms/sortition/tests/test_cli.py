import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leefwereld.algorithms.sortition.cli import CommandFailed, main, run
from leefwereld.algorithms.sortition.synthetic import generate_pool
from leefwereld.algorithms.sortition.tests.test_lottery import PINNED, PINNED_DIGEST, PINNED_PANEL


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    pool = generate_pool(60, 10, seed=9)
    quotas = tmp_path / "quotas.csv"
    people = tmp_path / "pool.csv"
    quotas.write_text(pool.quotas_csv())
    people.write_text(pool.pool_csv())
    return quotas, people


def test_json_output_is_one_object_with_the_agreed_keys(files: tuple[Path, Path]) -> None:
    quotas, pool = files
    out = run(
        [
            "--quotas",
            str(quotas),
            "--pool",
            str(pool),
            "--size",
            "10",
            "--address-columns",
            "adres,postcode",
            "--json",
        ]
    )
    data = json.loads(out)
    assert {
        "min_probability",
        "max_probability",
        "panels",
        "probabilities",
        "certificate",
    } <= data.keys()
    assert len(data["probabilities"]) == 60 and "p1" in data["probabilities"]
    assert data["min_probability"] == pytest.approx(min(data["probabilities"].values()))
    assert data["certificate"]["upper_bound"] >= data["certificate"]["min_probability"] - 1e-12
    assert isinstance(data["panels"], int) and data["panels"] >= 1


def test_text_output_names_probabilities_support_and_certificate(files: tuple[Path, Path]) -> None:
    quotas, pool = files
    out = run(["--quotas", str(quotas), "--pool", str(pool), "--size", "10", "--method", "maximin"])
    assert "Minimum selection probability" in out
    assert "Maximum selection probability" in out
    assert "Panels in the support" in out
    assert "Certificate" in out


def test_row_numbers_key_the_probabilities_without_an_id_column(tmp_path: Path) -> None:
    quotas = tmp_path / "q.csv"
    pool = tmp_path / "p.csv"
    quotas.write_text("category,feature,min,max\ngender,female,1,2\ngender,male,1,2\n")
    pool.write_text("gender\nfemale\nmale\nmale\nfemale\n")
    data = json.loads(run(["--quotas", str(quotas), "--pool", str(pool), "--size", "2", "--json"]))
    assert sorted(data["probabilities"]) == ["1", "2", "3", "4"]
    assert data["min_probability"] == pytest.approx(0.5)


def test_infeasible_quotas_give_a_json_explanation_and_exit_code_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quotas = tmp_path / "q.csv"
    pool = tmp_path / "p.csv"
    quotas.write_text("feature,value,min,max\ngender,female,3,3\ngender,male,3,3\n")
    pool.write_text("id,gender\na,female\nb,male\nc,female\nd,male\ne,female\nf,male\n")
    code = main(["--quotas", str(quotas), "--pool", str(pool), "--size", "4", "--json"])
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["error"] == "infeasible"
    assert data["explanation"]["relaxation"]
    assert "Kleinste aanpassing" in data["message"]


def test_bad_input_reports_file_line_and_field(tmp_path: Path) -> None:
    quotas = tmp_path / "q.csv"
    pool = tmp_path / "p.csv"
    quotas.write_text("feature,value,min,max\ngender,female,1,2\n")
    pool.write_text("id,gender\na,female\nb,vrouw\n")
    with pytest.raises(CommandFailed, match=r"p\.csv, line 3, field 'gender'"):
        run(["--quotas", str(quotas), "--pool", str(pool), "--size", "1"])


def test_verify_prints_the_drawn_panel_and_checks_the_hash() -> None:
    out = run(
        ["verify", "--lottery", str(PINNED), "--seed", "12,7,33", "--expected-hash", PINNED_DIGEST]
    )
    assert "Hash check: OK" in out
    assert ", ".join(PINNED_PANEL) in out
    data = json.loads(run(["verify", "--lottery", str(PINNED), "--seed", "12, 7, 33", "--json"]))
    assert data["hash_ok"] and data["panel"] == PINNED_PANEL and data["ticket"] == 32


def test_verify_fails_on_a_wrong_published_hash() -> None:
    with pytest.raises(CommandFailed) as caught:
        run(["verify", "--lottery", str(PINNED), "--seed", "1", "--expected-hash", "0" * 64])
    assert caught.value.output is not None and "MISMATCH" in caught.value.output


def test_lottery_then_replacement_round_trip(files: tuple[Path, Path], tmp_path: Path) -> None:
    quotas, pool = files
    lottery = tmp_path / "lottery.json"
    out = run(
        [
            "--quotas",
            str(quotas),
            "--pool",
            str(pool),
            "--size",
            "10",
            "--lottery-out",
            str(lottery),
            "--lottery-size",
            "50",
        ]
    )
    assert "SHA-256 to publish" in out
    panel = json.loads(run(["verify", "--lottery", str(lottery), "--seed", "5,5", "--json"]))[
        "panel"
    ]
    replacement = tmp_path / "replacement.json"
    problem_args = ["--quotas", str(quotas), "--pool", str(pool), "--lottery", str(lottery)]
    draw_args = ["--seed", "5,5", "--dropouts", panel[0], "--lottery-out", str(replacement)]
    out = run(["replace", *problem_args, *draw_args, "--lottery-size", "20"])
    assert "Replacing 1" in out
    chosen = json.loads(run(["verify", "--lottery", str(replacement), "--seed", "3", "--json"]))[
        "panel"
    ]
    assert len(chosen) == 1 and chosen[0] not in panel


def test_usage_errors_do_not_exit_the_process() -> None:
    with pytest.raises(CommandFailed) as caught:
        run(["--size", "3"])
    assert caught.value.code == 2


def test_django_management_command_hands_its_arguments_to_the_kernel(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("django")
    try:
        from leefwereld.democracy.management.commands.sortition import Command
    except Exception as exc:  # the app may need configured settings to import
        pytest.skip(f"the democracy app does not import without settings here: {exc}")
    argv = ["leefwereld", "sortition", "verify", "--lottery", str(PINNED), "--seed", "12,7,33"]
    Command().run_from_argv(argv)
    assert ", ".join(PINNED_PANEL) in capsys.readouterr().out


def test_json_mode_prints_nothing_but_the_json_object_on_stdout(files: tuple[Path, Path]) -> None:
    # HiGHS prints a banner from C++ when first started; it must not reach stdout.
    quotas, pool = files
    src = Path(__file__).resolve().parents[4]
    command = [sys.executable, "-m", "leefwereld.algorithms.sortition.cli"]
    command += ["--quotas", str(quotas), "--pool", str(pool), "--size", "10", "--json"]
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)  # noqa: S603
    assert json.loads(done.stdout)["panels"] >= 1
