"""Issue 13, from outside: a `.pb` upload the rounds cannot store is refused naming the
line and writes nothing; query parameters that are not ids never give a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, log_in
from leefwereld.democracy.models import BudgetRound, Project

from .factories import BudgetRoundFactory

pytestmark = pytest.mark.django_db

FORM = {"rule": "mes", "completion": "add1", "utility": "cost", "tie_breaking": "id"}


def _pb(pid="1", cost="600", budget="1000", other="2") -> bytes:
    return (
        f"META\nkey;value\nbudget;{budget}\nvote_type;approval\n"
        f"PROJECTS\nproject_id;cost;name\n{pid};{cost};Speeltuin\n{other};500;Bankjes\n"
        f"VOTES\nvoter_id;vote\n1;{pid}\n2;{pid},{other}\n"
    ).encode()


def _upload(client, data: bytes):
    BudgetRoundFactory()  # the municipality
    log_in(client, UserFactory(role=Role.POLICY_OFFICER))
    rounds, projects = BudgetRound.objects.count(), Project.objects.count()
    response = client.post(
        reverse("democracy:round_import"),
        {"file": SimpleUploadedFile("f.pb", data), **FORM},
    )
    assert response.status_code == 200  # the form again, with the error
    assert (BudgetRound.objects.count(), Project.objects.count()) == (rounds, projects)
    return response.content.decode()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        # Two ids that are equal in their first 40 characters would become one project.
        (_pb(pid="x" * 41 + "a", other="x" * 41 + "b"), "line 7: project_id is 42 characters"),
        (_pb(cost="1e999999"), "line 7: cost"),
        (_pb(budget="12345678901234567890"), "line 3: budget"),
        (_pb(cost="3000000000", budget="4000000000"), "€ 2.147.483.647"),
        (b"META\nkey;value\nbudget;1\nPROJECTS\nVOTES\nvoter_id;vote\n", "PROJECTS (line 4)"),
        (_pb().replace(b"Bankjes", b"B\xe4nkjes"), "Regel 8: het bestand is geen UTF-8"),
    ],
)
def test_an_upload_the_rounds_cannot_store_is_refused_with_its_line(client, data, words):
    page = _upload(client, data)
    assert words.replace("'", "&#x27;") in page or words in page, page[-3000:]


@pytest.mark.parametrize("value", ["²", "٣", "1" * 40, "-1", "0", "abc", "9223372036854775808"])
def test_initiative_filters_and_report_links_with_any_id_give_no_server_error(client, value):
    assert client.get(reverse("democracy:initiative_list"), {"wijk": value}).status_code == 200
    log_in(client, UserFactory(role=Role.RESIDENT))
    response = client.get(reverse("democracy:rule_report"), {"initiatief": value})
    assert response.status_code == 200
