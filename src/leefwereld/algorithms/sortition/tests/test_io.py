from pathlib import Path

import pytest

from leefwereld.algorithms.sortition.io import read_problem, read_quotas
from leefwereld.algorithms.sortition.model import InputError
from leefwereld.algorithms.sortition.tests.helpers import SHARED, SHARED_MISSING


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


QUOTAS = "feature,value,min,max\ngender,female,1,2\ngender,male,1,2\n"
POOL = (
    "id,gender,adres\na,female,Kerkstraat 1a\nb,male,kerkstraat 1-A\nc,male,Dorpsstraat 2\n"
    "d,female,\n"
)


def test_sortition_foundation_layout_is_read_with_flex_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "q.csv",
        "feature,value,min,max,min_flex,max_flex\nage,young,1,3,0,4\nage,old,0,2,0,3\n",
    )
    quotas = read_quotas(path)
    assert [(q.feature, q.value, q.min, q.max, q.min_flex, q.max_flex) for q in quotas] == [
        ("age", "young", 1, 3, 0, 4),
        ("age", "old", 0, 2, 0, 3),
    ]


def test_flanigan_layout_reads_category_as_feature_and_feature_as_value(tmp_path: Path) -> None:
    path = write(
        tmp_path, "q.csv", "category,feature,min,max\ngender,female,9,20\ngender,male,9,20\n"
    )
    quotas = read_quotas(path)
    assert [(q.feature, q.value) for q in quotas] == [("gender", "female"), ("gender", "male")]


def test_semicolon_files_from_dutch_excel_are_read(tmp_path: Path) -> None:
    quotas = write(tmp_path, "q.csv", QUOTAS.replace(",", ";"))
    pool = write(tmp_path, "p.csv", POOL.replace(",", ";"))
    problem = read_problem(quotas, pool, 2)
    assert problem.ids == ["a", "b", "c", "d"]


def test_pool_without_id_column_uses_row_numbers(tmp_path: Path) -> None:
    quotas = write(tmp_path, "q.csv", QUOTAS)
    pool = write(tmp_path, "p.csv", "gender\nfemale\nmale\nmale\n")
    assert read_problem(quotas, pool, 2).ids == ["1", "2", "3"]


def test_address_column_groups_fuzzy_spellings_and_not_blank_addresses(tmp_path: Path) -> None:
    quotas = write(tmp_path, "q.csv", QUOTAS)
    pool = write(tmp_path, "p.csv", POOL)
    problem = read_problem(quotas, pool, 2, household_column="adres")
    households = [p.household for p in problem.people]
    assert households[0] == households[1] is not None
    assert households[2] != households[0]
    assert households[3] is None


@pytest.mark.parametrize(
    ("quotas", "pool", "line", "field", "fragment"),
    [
        ("feature,value,min,max\ngender,female,one,2\n", POOL, 2, "min", "not a whole number"),
        ("feature,value,min,max\ngender,female,3,2\n", POOL, 2, "min", "larger than max"),
        ("feature,value,max\ngender,female,2\n", POOL, 1, "min", "missing"),
        (QUOTAS, "id,gender\na,female\nb,unknown\n", 3, "gender", "not a value of gender"),
        (QUOTAS, "id,gender\na,female\na,male\n", 3, "id", "already used on line 2"),
        (QUOTAS, "id,sex\na,female\n", 1, "gender", "not found"),
    ],
)
def test_bad_input_names_file_line_and_field(
    tmp_path: Path, quotas: str, pool: str, line: int, field: str, fragment: str
) -> None:
    q = write(tmp_path, "quotas.csv", quotas)
    p = write(tmp_path, "pool.csv", pool)
    with pytest.raises(InputError) as caught:
        read_problem(q, p, 2)
    error = caught.value
    assert error.line == line
    assert error.field == field
    assert fragment in str(error)
    assert error.source.endswith(("quotas.csv", "pool.csv"))
    assert f"line {line}" in str(error)


@pytest.mark.skipif(not SHARED.exists(), reason=SHARED_MISSING)
def test_both_shared_quota_formats_are_read() -> None:
    sf = read_problem(SHARED / "sf_fixture_features.csv", SHARED / "sf_fixture_candidates.csv", 22)
    assert len(sf.people) == 150 and sf.features == (
        "Gender",
        "age_bracket",
        "edu_level",
        "geo_bucket",
    )
    assert sf.people[0].id == "p0"
    flanigan = SHARED / "flanigan2021_example_small_20"
    fl = read_problem(flanigan / "categories.csv", flanigan / "respondents.csv", 20)
    assert len(fl.people) == 200 and fl.features == ("gender", "leaning")
    assert fl.people[0].id == "1"  # no id column: row numbers
