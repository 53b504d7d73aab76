"""Purpose and honesty (issue 12, item 5), tried from outside: log in, open the page, and
check both the answer and what the resident's own log says."""

import pytest
from django.urls import reverse

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory
from leefwereld.vault.models import AccessLog, LegalBasis

from .factories import (
    GrantFactory,
    LegalBasisFactory,
    ResidentWithAccountFactory,
    store_record,
    team_for,
    worker,
)

pytestmark = pytest.mark.django_db


def log_page(client, resident) -> str:
    client.force_login(resident.user)
    return client.get(reverse("vault:log")).content.decode()


def test_a_wgs_basis_of_the_municipality_covers_its_debt_officers_not_a_team_lead_in_it(client):
    resident = ResidentWithAccountFactory(given_names="Sanne")
    store_record(resident, "finance", "Inventaris", "schuldenlijst-geheim")
    municipality = team_for(ResidentFactory(), name="Gemeente, regieteam")
    Organisation.objects.filter(pk=municipality.pk).update(name="Gemeente, regieteam")
    LegalBasisFactory(
        resident=resident,
        organisation=municipality,
        law=LegalBasis.Law.WGS,
        purpose="schuldhulp",
        categories=["finance"],
    )
    lead = worker(municipality, role=Role.TEAM_LEAD, first_name="Teamleider")
    officer = worker(municipality, role=Role.DEBT_OFFICER, first_name="Fondsmedewerker")

    client.force_login(lead)
    refused = client.get(reverse("vault:resident_records", args=[resident.pk]))
    assert refused.status_code == 403
    assert "schuldenlijst-geheim" not in refused.content.decode()
    api = client.get("/api/v1/vault/records/", {"resident": resident.pk})
    assert api.status_code == 403
    assert "schuldenlijst-geheim" not in api.content.decode()

    client.force_login(officer)
    opened = client.get(reverse("vault:resident_records", args=[resident.pk]))
    assert opened.status_code == 200
    assert "schuldenlijst-geheim" in opened.content.decode()

    text = log_page(client, resident)
    assert "Fondsmedewerker" in text and "las uw gegevens over Geld en schulden" in text
    assert "Teamleider" in text and "maar had geen toegang" in text
    assert not AccessLog.objects.filter(
        user=lead, outcome=AccessLog.Outcome.PERMITTED, resident=resident
    ).exists()


def test_a_household_record_read_through_the_partners_grant_is_in_every_members_log(client):
    resident = ResidentWithAccountFactory(given_names="Noor")
    partner = ResidentWithAccountFactory(given_names="Sem", household=resident.household)
    team = team_for(resident)
    store_record(resident.household, "housing", "Huurcontract", "huur-gedeeld")
    GrantFactory(resident=partner, grantee_organisation=team, categories=["housing"])
    professional = worker(team, first_name="Marieke")

    client.force_login(professional)
    response = client.get(reverse("vault:resident_records", args=[partner.pk]))
    assert response.status_code == 200
    assert "huur-gedeeld" in response.content.decode()

    for member in (partner, resident):
        text = log_page(client, member)
        assert "Marieke" in text, member
        assert "las uw gegevens over Wonen" in text, member


def test_stopping_a_teams_access_says_the_household_plan_stays_visible_through_the_partner(client):
    resident = ResidentWithAccountFactory(given_names="Noor")
    partner = ResidentFactory(given_names="Sem", household=resident.household)
    team = team_for(resident)
    own = GrantFactory(resident=resident, grantee_organisation=team, categories=["finance"])
    GrantFactory(resident=partner, grantee_organisation=team, categories=["housing"])

    client.force_login(resident.user)
    response = client.post(reverse("vault:grant_revoke", args=[own.pk]), follow=True)

    text = response.content.decode()
    assert "De toegang van Wijkteam Noord via deze toestemming is gestopt" in text
    assert "ziet uw gegevens over geld en schulden hierdoor niet meer" in text
    assert "Wat Wijkteam Noord nog wel ziet: de gedeelde gegevens van uw huishouden" in text
    assert "omdat Sem daarvoor toestemming gaf" in text
    assert "Alleen Sem kan die toestemming stoppen" in text
    assert "ziet niets meer van uw gegevens" not in text


@pytest.mark.parametrize("name", ["vault:request_create", "vault:break_glass"])
def test_typing_a_residents_id_shows_no_name_but_a_bsn_look_up_does_and_the_log_says_so(
    client, name
):
    resident = ResidentWithAccountFactory(given_names="Noor", surname="Geheimnaam")
    professional = worker(team_for(resident), first_name="Marieke")
    client.force_login(professional)
    since = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    typed = client.get(reverse(name, args=[resident.pk]))
    assert typed.status_code == 302
    assert "Geheimnaam" not in client.get(typed["Location"]).content.decode()
    refused = client.get(reverse("vault:resident_records", args=[resident.pk]))
    assert refused.status_code == 403
    assert "Geheimnaam" not in refused.content.decode()
    assert not AccessLog.objects.filter(
        pk__gt=since, event=AccessLog.Event.BASIC_REGISTRATION
    ).exists()

    found = client.get(reverse("vault:find_resident"), {"bsn": resident.bsn}, follow=True)
    assert found.status_code == 403  # the refusal page: no basis for the records
    assert "Geheimnaam" in found.content.decode()
    form = client.get(reverse(name, args=[resident.pk]))
    assert form.status_code == 200
    assert "Geheimnaam" in form.content.decode()

    text = log_page(client, resident)
    assert "(Wijkteam Noord) zag uw naam, adres en BSN" in text
    assert "maar had geen toegang" in text
    shown = AccessLog.objects.filter(
        pk__gt=since, event=AccessLog.Event.BASIC_REGISTRATION, resident=resident
    )
    assert shown.count() == 2  # the refusal page after the look-up, and the form
    assert set(shown.values_list("authorisation", flat=True)) == {"work_area"}
