"""The urgent path, the own plan within 7 days, and the decisions API through the vault."""

import datetime

import pytest
from django.urls import reverse

from leefwereld.core.tests.factories import as_actor
from leefwereld.support import services
from leefwereld.support.models import Melding
from leefwereld.support.services import DecisionInput
from leefwereld.vault.models import AccessLog, Record

from .factories import make_case, other_professional

pytestmark = pytest.mark.django_db

ANSWERS = {key: "x" for key, _l in services.GUIDE_ITEMS}


def test_an_urgent_melding_gets_a_temporary_provision_from_the_case_page(client):
    case = make_case()
    melding = services.register_melding(
        as_actor(case.professional), case.resident, question="Ik val steeds", urgent=True
    )
    client.force_login(case.professional)
    url = reverse("support:case", args=[melding.pk])
    response = client.post(url, {"tmp-what": "Alarmknop en dagelijks een bezoek"})
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.urgent and melding.temporary_provision_on is not None
    record = Record.objects.get(resident=case.resident, kind="wmo-tijdelijke-voorziening")
    assert b"Alarmknop" not in bytes(record.ciphertext)
    assert "Alarmknop" in services.read(as_actor(case.resident.user), record.pk)["text"]
    # An empty description is refused with a message, not stored.
    response = client.post(url, {"tmp-what": "  "})
    assert response.status_code == 200
    assert Record.objects.filter(kind="wmo-tijdelijke-voorziening").count() == 1


def test_the_resident_hands_in_an_own_plan_on_the_receipt_page(client):
    case = make_case()
    client.force_login(case.resident.user)
    client.post(reverse("support:my_support"), {"question": "Hulp in huis"})
    melding = Melding.objects.get()
    url = reverse("support:receipt", args=[melding.pk])
    assert melding.own_plan_deadline.strftime("%Y") in client.get(url).content.decode()
    client.post(url, {"text": "Mijn buurvrouw kan twee keer per week koken."})
    melding.refresh_from_db()
    assert melding.own_plan_received_on == datetime.date.today()
    assert Record.objects.filter(resident=case.resident, kind="wmo-persoonlijk-plan").exists()
    # Another resident cannot open this receipt.
    client.force_login(make_case().resident.user)
    assert client.get(url).status_code == 404


def test_the_decisions_api_lists_metadata_and_opens_the_letter_through_the_vault(client):
    case = make_case()
    pro = case.professional
    melding = services.register_melding(as_actor(pro), case.resident, question="Hulp")
    services.hold_intake(as_actor(pro), melding, answers=ANSWERS, pgb_explained=True)
    application = services.register_application(
        as_actor(pro), melding, provision="Hulp bij het huishouden", provision_kind="algemeen"
    )
    decision = services.decide(
        as_actor(pro),
        application,
        DecisionInput(outcome="refused", provision="", reasons="Een algemene voorziening past."),
        decided_on=datetime.date(2025, 11, 13),
    )
    client.force_login(case.resident.user)
    listing = client.get("/api/v1/support/decisions/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [(r["id"], r["outcome"], r["bezwaar_deadline"]) for r in rows] == [
        (decision.pk, "refused", "2025-12-29")
    ]
    assert "content" not in rows[0]
    before = AccessLog.objects.count()
    detail = client.get(f"/api/v1/support/decisions/{decision.pk}/").json()
    assert detail["content"]["reasons"] == "Een algemene voorziening past."
    assert AccessLog.objects.count() == before + 1
    client.force_login(other_professional())
    assert client.get(f"/api/v1/support/decisions/{decision.pk}/").status_code == 404
    listing = client.get("/api/v1/support/decisions/").json()
    assert (listing["results"] if isinstance(listing, dict) else listing) == []


def test_the_plans_api_names_the_coach_and_their_organisation(client):
    case = make_case()
    plan, _ = services.start_plan(as_actor(case.professional), case.household)
    client.force_login(case.resident.user)
    detail = client.get(f"/api/v1/support/plans/{plan.pk}/").json()
    assert detail["coach"] == case.professional.display_name
    assert detail["coach_organisation"] == case.team.name
    assert detail["content"]["coach"]["organisation"] == case.team.name
