"""The pages: who may open them, and the main flow through the forms."""

import datetime

import pytest
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory, as_actor
from leefwereld.support import services
from leefwereld.support.models import Decision, Intake, Melding, Plan

from .factories import make_case, other_professional

pytestmark = pytest.mark.django_db

INTAKE = {
    "held_on": "2025-03-03",
    "needs": "Hulp bij schoonmaken",
    "own_strength": "Koken lukt nog",
    "network": "Dochter komt wekelijks",
    "net0_name": "Dochter",
    "net0_helps_with": "boodschappen",
    "net0_how_often": "elke week",
    "carer_support": "Dochter is moe",
    "carer_load": "7",
    "general_provisions": "Boodschappendienst",
    "coordination": "Huisarts weet ervan",
    "contribution": "Eigen bijdrage uitgelegd",
    "contribution_amount": "21,60",
    "pgb_explained": "on",
}


def test_a_professional_holds_the_intake_and_the_resident_annotates_the_report(client):
    case = make_case()
    client.force_login(case.professional)
    response = client.post(
        reverse("support:melding_new", args=[case.resident.pk]), {"question": "Hulp in huis"}
    )
    melding = Melding.objects.get()
    assert response.url == reverse("support:case", args=[melding.pk])
    assert "Hulp in huis" in client.get(response.url).content.decode()
    response = client.post(reverse("support:intake", args=[melding.pk]), INTAKE)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = client.get(reverse("support:report", args=[melding.pk])).content.decode()
    assert "Dochter" in report and "€ 21,60" in report

    client.force_login(case.resident.user)
    client.post(reverse("support:report", args=[melding.pk]), {"text": "Ook de buurman helpt."})
    assert Intake.objects.get().annotation_record is not None
    pdf = client.get(reverse("support:report_pdf", args=[melding.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_resident_edits_a_goal_signs_and_compares_versions(client):
    case = make_case()
    services.start_plan(as_actor(case.professional), case.household, template="schulden_werk")
    client.force_login(case.resident.user)
    page = client.get(reverse("support:plan", args=[case.household.pk])).content.decode()
    assert "overzicht over mijn geld" in page
    plan = Plan.objects.get()
    content = services.current_content(as_actor(case.resident.user), plan)
    goal = content["goals"][0]["id"]
    form = client.get(reverse("support:plan_edit", args=[case.household.pk])).context["form"]
    data = {name: (field.initial or "") for name, field in form.fields.items()}
    data[f"goal-{goal}-text"] = "Ik wil zonder stress mijn rekeningen betalen."
    response = client.post(reverse("support:plan_edit", args=[case.household.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.current_version == 2
    client.post(reverse("support:plan_sign", args=[case.household.pk]), {"version": "2"})
    assert plan.versions.get(number=2).signatures.count() == 1
    diff = client.get(reverse("support:plan_compare", args=[case.household.pk])).content.decode()
    assert "zonder stress" in diff and "Gewijzigd" in diff
    assert client.get(reverse("support:plan_pdf", args=[case.household.pk])).content.startswith(
        b"%PDF"
    )


def test_a_measurement_shows_as_a_chart_with_a_table(client):
    case = make_case()
    client.force_login(case.professional)
    url = reverse("support:measure", args=[case.household.pk])
    client.post(url, {"instrument": "zrm", "person": "", "zrm_financien": "2", "note": "zwaar"})
    services.record_measurement(
        as_actor(case.professional),
        case.household,
        instrument="zrm",
        scores={"financien": 4},
        measured_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    page = client.get(reverse("support:plan", args=[case.household.pk])).content.decode()
    assert "<svg" in page and "<table" in page and "zwaar" in page


def test_a_decision_letter_has_the_bezwaar_clause(client):
    case = make_case()
    pro = case.professional
    melding = services.register_melding(as_actor(pro), case.resident, question="Hulp")
    services.hold_intake(
        as_actor(pro),
        melding,
        answers={k: "x" for k, _l in services.GUIDE_ITEMS},
        pgb_explained=True,
    )
    application = services.register_application(
        as_actor(pro), melding, provision="Huishoudelijke hulp", provision_kind="maatwerk"
    )
    client.force_login(pro)
    response = client.post(
        reverse("support:decide", args=[application.pk]),
        {
            "outcome": "granted",
            "reasons": "U kunt niet zelf schoonmaken.",
            "sent_on": "2025-11-13",
            "contribution": "21,60",
        },
    )
    decision = Decision.objects.get()
    assert response.url == reverse("support:decision", args=[decision.pk])
    page = client.get(response.url).content.decode()
    assert "bezwaar" in page and "29 december 2025" in page and "€ 21,60" in page
    client.force_login(case.resident.user)
    assert client.get(reverse("support:letter_pdf", args=[decision.pk])).content.startswith(b"%PDF")


def test_the_deadlines_dashboard_highlights_late_terms(client):
    case = make_case()
    services.register_melding(
        as_actor(case.professional),
        case.resident,
        question="Hulp",
        received_on=datetime.date(2020, 1, 6),
    )
    client.force_login(case.professional)
    page = client.get(reverse("support:deadlines")).content.decode()
    assert "lw-support-late" in page and case.resident.full_name in page


def test_the_resident_files_a_melding_online_and_sees_the_receipt(client):
    case = make_case()
    client.force_login(case.resident.user)
    response = client.post(reverse("support:my_support"), {"question": "Ik zoek dagbesteding"})
    page = client.get(response.url).content.decode()
    assert "ontvangen" in page and "cliëntondersteuner" in page


@pytest.mark.parametrize(
    "name,args",
    [
        ("support:case", "melding"),
        ("support:report", "melding"),
        ("support:plan", "household"),
        ("support:plan_edit", "household"),
        ("support:measure", "household"),
        ("support:melding_new", "resident"),
    ],
)
def test_strangers_get_403(client, name, args):
    case = make_case()
    melding = services.register_melding(as_actor(case.professional), case.resident, question="Hulp")
    services.hold_intake(
        as_actor(case.professional),
        melding,
        answers={k: "x" for k, _l in services.GUIDE_ITEMS},
        pgb_explained=True,
    )
    services.start_plan(as_actor(case.professional), case.household)
    arg = {"melding": melding.pk, "household": case.household.pk, "resident": case.resident.pk}[
        args
    ]
    client.force_login(other_professional())
    assert client.get(reverse(name, args=[arg])).status_code == 403
    client.force_login(UserFactory(role=Role.COUNCIL_MEMBER))
    assert client.get(reverse(name, args=[arg])).status_code == 403


def test_the_api_lists_plans_and_opens_one_through_the_vault(client):
    case = make_case()
    plan, _ = services.start_plan(
        as_actor(case.professional), case.household, template="ouder_kind"
    )
    client.force_login(case.resident.user)
    listing = client.get("/api/v1/support/plans/").json()
    assert [p["id"] for p in listing["results"] if "results" in listing] or listing
    detail = client.get(f"/api/v1/support/plans/{plan.pk}/").json()
    assert len(detail["content"]["goals"]) == 3
    response = client.post(
        "/api/v1/support/measurements/",
        {"household": case.household.pk, "instrument": "zrm", "scores": {"financien": 3}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    rows = client.get(f"/api/v1/support/measurements/?household={case.household.pk}").json()
    assert rows[0]["scores"] == {"financien": 3}
    client.force_login(other_professional())
    assert client.get(f"/api/v1/support/plans/{plan.pk}/").status_code == 404


@pytest.mark.parametrize("typed", ["1e3", "NaN", "Infinity", "9" * 26, "12,345"])
def test_the_intake_refuses_an_amount_that_is_not_one_and_stores_nothing(client, typed):
    case = make_case()
    client.force_login(case.professional)
    client.post(
        reverse("support:melding_new", args=[case.resident.pk]), {"question": "Hulp in huis"}
    )
    melding = Melding.objects.get()
    response = client.post(
        reverse("support:intake", args=[melding.pk]), {**INTAKE, "contribution_amount": typed}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contribution_amount"]
    assert not Intake.objects.exists()
