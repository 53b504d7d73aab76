"""The vault pages, as residents, professionals and the ombudsman use them."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory
from leefwereld.vault.models import AccessLog, AccessRequest, BreakGlass, Grant, Record

from .factories import (
    AccessRequestFactory,
    BreakGlassFactory,
    GrantFactory,
    ResidentWithAccountFactory,
    store_record,
    worker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return ResidentWithAccountFactory(given_names="Noor")


def page(client, name, *args, **query):
    return client.get(reverse(name, args=args), query)


def test_the_resident_sees_their_records_and_each_visit_is_one_own_log_row(client, resident):
    store_record(resident, "finance", "Mijn schulden", "Energie")
    client.force_login(resident.user)

    response = page(client, "vault:overview")

    assert response.status_code == 200
    assert "Mijn schulden" in response.content.decode()
    assert AccessLog.objects.filter(authorisation=AccessLog.Authorisation.OWN).count() == 1


def test_the_resident_revokes_with_one_button_and_the_professional_is_refused(
    client, resident, team, professional
):
    store_record(resident, "finance", "Schulden", "huurachterstand")
    grant = GrantFactory(resident=resident, grantee_organisation=team)
    client.force_login(professional)
    assert "huurachterstand" in page(client, "vault:resident_records", resident.pk).content.decode()

    client.force_login(resident.user)
    response = client.post(reverse("vault:grant_revoke", args=[grant.pk]), follow=True)
    text = response.content.decode()
    assert "De toegang van Wijkteam Noord via deze toestemming is gestopt" in text
    assert "Vanaf nu ziet Wijkteam Noord niets meer van uw gegevens." in text

    client.force_login(professional)
    refused = page(client, "vault:resident_records", resident.pk)
    assert refused.status_code == 403
    assert "huurachterstand" not in refused.content.decode()


def test_the_access_log_page_says_in_plain_dutch_who_read_what_for_which_purpose(
    client, resident, team, professional
):
    store_record(resident, "finance", "Schulden", "x")
    GrantFactory(resident=resident, grantee_organisation=team, categories=["finance"])
    client.force_login(professional)
    page(client, "vault:resident_records", resident.pk)

    client.force_login(resident.user)
    text = page(client, "vault:log").content.decode()

    assert "Marieke de Vries (Wijkteam Noord) las uw gegevens over Geld en schulden op" in text
    assert "voor: schuldhulp." in text


def test_the_log_hides_the_residents_own_visits_unless_asked(client, resident):
    client.force_login(resident.user)
    page(client, "vault:overview")
    assert "U las" not in page(client, "vault:log").content.decode()
    assert "U las uw gegevens" in page(client, "vault:log", eigen="1").content.decode()


def test_the_resident_gives_access_with_the_grant_form(client, resident, team):
    client.force_login(resident.user)
    form = page(client, "vault:grant_create")
    assert "Wijkteam Noord" in form.content.decode()

    response = client.post(
        reverse("vault:grant_create"),
        {
            "grantee": f"org:{team.pk}",
            "categories": ["finance", "housing"],
            "purpose": "schuldhulp",
            "mode": "read",
            "ends_on": form.context["form"].initial["ends_on"].isoformat(),
        },
    )

    assert response.status_code == 302
    grant = Grant.objects.get()
    assert grant.grantee_organisation == team
    assert grant.categories == ["finance", "housing"]


def test_the_grant_form_names_the_field_when_the_period_is_too_long(
    client, resident, team, settings
):
    settings.LEEFWERELD_GRANT_MAX_DAYS = 10
    client.force_login(resident.user)
    response = client.post(
        reverse("vault:grant_create"),
        {
            "grantee": f"org:{team.pk}",
            "categories": ["finance"],
            "purpose": "x",
            "mode": "read",
            "ends_on": "2099-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        "Toegang kan voor hoogstens 10 dagen worden gegeven."
    ]


def test_the_resident_approves_a_pending_request_in_the_portal(client, resident, team):
    request = AccessRequestFactory(resident=resident, organisation=team)
    client.force_login(resident.user)
    assert (
        "vraagt om uw gegevens over Geld en schulden"
        in page(client, "vault:access").content.decode()
    )

    client.post(reverse("vault:request_decide", args=[request.pk]), {"decision": "approve"})

    request.refresh_from_db()
    assert request.status == AccessRequest.Status.APPROVED
    assert Grant.objects.get().request == request


def test_a_resident_cannot_touch_another_residents_grant_or_request(client, resident):
    other_grant = GrantFactory()
    other_request = AccessRequestFactory()
    client.force_login(resident.user)

    assert client.post(reverse("vault:grant_revoke", args=[other_grant.pk])).status_code == 404
    assert (
        client.post(
            reverse("vault:request_decide", args=[other_request.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    other_grant.refresh_from_db()
    assert other_grant.revoked_at is None


def test_the_resident_erases_a_record_and_sees_why_another_must_be_kept(client, resident):
    free = store_record(resident, "housing", "Oude huur", "weg ermee")
    kept = store_record(
        resident,
        "family",
        "Jeugdhulp",
        "x",
        retention_law="Jeugdwet art. 7.3.8",
        retention_until="2040-01-01",
    )
    client.force_login(resident.user)

    detail = page(client, "vault:record_detail", kept.pk).content.decode()
    assert "Jeugdwet art. 7.3.8" in detail
    assert "1 januari 2040" in detail

    client.post(reverse("vault:record_erase", args=[free.pk]))
    client.post(reverse("vault:record_erase", args=[kept.pk]))

    assert Record.objects.get(pk=free.pk).is_erased
    assert not Record.objects.get(pk=kept.pk).is_erased


def test_the_export_downloads_everything_as_json_and_as_pdf(client, resident, team):
    store_record(resident, "finance", "Schulden", "exportmarker")
    GrantFactory(resident=resident, grantee_organisation=team)
    BreakGlassFactory(resident=resident, reason="Acute crisis met een lange reden.")
    client.force_login(resident.user)

    data = json.loads(page(client, "vault:export_json").content)
    assert data["records"][0]["content"]["text"] == "exportmarker"
    assert data["resident"]["bsn"] == resident.bsn
    assert data["grants"][0]["to"] == "Wijkteam Noord"
    assert data["break_glass"][0]["reason"] == "Acute crisis met een lange reden."
    assert data["household"]["address"]

    pdf = page(client, "vault:export_pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(event=AccessLog.Event.EXPORT).count() == 2


def test_other_apps_add_their_part_to_the_export(client, resident):
    from leefwereld.vault import export

    export.register_section("plannen", "Plannen", lambda r: [{"doel": f"plan van {r.given_names}"}])
    try:
        client.force_login(resident.user)
        data = json.loads(page(client, "vault:export_json").content)
    finally:
        export._SECTIONS.pop("plannen")
    assert data["other"]["plannen"] == [{"doel": "plan van Noor"}]


def test_a_legal_representative_switches_to_their_childs_vault(client, resident):
    child = ResidentFactory(
        household=resident.household, legal_representative=resident, given_names="Sem"
    )
    store_record(child, "education", "School", "kindmarker")
    client.force_login(resident.user)

    client.post(reverse("vault:choose_subject"), {"subject": child.pk})

    assert "School" in page(client, "vault:overview").content.decode()
    client.post(reverse("vault:choose_subject"), {"subject": ResidentFactory().pk})
    assert "School" in page(client, "vault:overview").content.decode()


def test_the_network_page_sends_an_invitation_and_the_link_creates_an_account(client, resident):
    client.force_login(resident.user)
    client.post(
        reverse("vault:network"), {"name": "Els", "email": "els@example.org", "relation": "zus"}
    )
    link = next(w for w in mail.outbox[-1].body.split() if "/uitnodiging/" in w)
    client.logout()

    form = client.get(link)
    assert "Noor nodigt u uit" in form.content.decode()
    response = client.post(
        link,
        {
            "first_name": "Els",
            "last_name": "Jansen",
            "username": "els",
            "password": "een-lang-wachtwoord-42",
            "password_again": "een-lang-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("resident_home")).status_code == 200
    assert client.get(link).status_code == 404


def test_the_caseload_costs_the_same_queries_for_10_or_60_households(
    client, team, professional, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            GrantFactory(resident=ResidentFactory(), grantee_organisation=team)

    client.force_login(professional)
    add(10)
    client.get(reverse("vault:caseload"))  # warm up the session and translations
    # session, user, memberships, caseload ids, count, page, the page's grants, legal
    # bases and break-glass, one log INSERT
    with django_assert_num_queries(10) as small:
        assert len(client.get(reverse("vault:caseload")).context["rows"]) == 10
    add(50)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(reverse("vault:caseload")).context["rows"]) == 50


def test_the_caseload_logs_the_basic_registration_it_shows(client, team, professional):
    shown = ResidentFactory()
    GrantFactory(resident=shown, grantee_organisation=team)
    client.force_login(professional)

    client.get(reverse("vault:caseload"))

    row = AccessLog.objects.get()
    assert row.event == AccessLog.Event.BASIC_REGISTRATION
    assert row.resident == shown
    assert row.authorisation == AccessLog.Authorisation.GRANT


def test_a_professional_finds_a_resident_by_bsn_and_requests_access(
    client, resident, team, professional
):
    client.force_login(professional)
    response = page(client, "vault:find_resident", bsn=resident.bsn)
    assert response.url == reverse("vault:resident_records", args=[resident.pk])
    refused = client.get(response.url)
    assert refused.status_code == 403
    assert "Vraag de inwoner om toegang" in refused.content.decode()

    client.post(
        reverse("vault:request_create", args=[resident.pk]),
        {
            "organisation": team.pk,
            "categories": ["finance"],
            "purpose": "schuldhulp",
            "mode": "read",
            "days": 30,
        },
    )

    assert AccessRequest.objects.get().days == 30
    assert mail.outbox[-1].to == [resident.user.email]


def test_a_professional_outside_the_area_does_not_even_learn_the_name(client, resident):
    outsider = worker(None)
    client.force_login(outsider)
    response = page(client, "vault:resident_records", resident.pk)
    assert response.status_code == 403
    assert resident.surname not in response.content.decode()


def test_break_glass_from_the_page_opens_the_records_with_a_warning(client, resident, professional):
    store_record(resident, "health", "Medicatie", "insulinemarker")
    client.force_login(professional)
    client.get(reverse("vault:find_resident"), {"bsn": resident.bsn})  # the lawful look-up

    response = client.post(
        reverse("vault:break_glass", args=[resident.pk]),
        {
            "reason": "Bewoner onwel aangetroffen, medicatie nodig.",
            "categories": ["health"],
            "confirm": "on",
        },
        follow=True,
    )

    text = response.content.decode()
    assert "insulinemarker" in text
    assert "noodtoegang" in text.lower()
    assert AccessLog.objects.filter(break_glass_used=True).count() == 1


def test_a_professional_with_read_write_access_adds_a_note(client, resident, team, professional):
    GrantFactory(
        resident=resident, grantee_organisation=team, categories=["finance"], read_write=True
    )
    client.force_login(professional)
    assert page(client, "vault:resident_records", resident.pk).context["form"] is not None

    client.post(
        reverse("vault:resident_record_create", args=[resident.pk]),
        {"category": "finance", "title": "Afspraak", "text": "Budgetplan gemaakt"},
    )

    record = Record.objects.get()
    assert record.created_by == professional
    assert AccessLog.objects.filter(action=AccessLog.Action.CREATE).get().purpose == "schuldhulp"


def test_a_team_lead_records_a_legal_basis_from_the_page(client, resident, team):
    lead = worker(team, role=Role.TEAM_LEAD)
    client.force_login(lead)
    client.get(reverse("vault:find_resident"), {"bsn": resident.bsn})  # the lawful look-up
    response = client.post(
        reverse("vault:legal_basis_create", args=[resident.pk]),
        {
            "law": "jeugdwet",
            "article": "artikel 7.4.0",
            "explanation": "De gemeente mag gegevens gebruiken om jeugdhulp te regelen.",
            "organisation": team.pk,
            "categories": ["family"],
            "purpose": "jeugdhulp",
            "mode": "read",
            "ends_on": "2030-01-01",
        },
    )
    assert response.status_code == 302
    client.force_login(resident.user)
    text = page(client, "vault:access").content.decode()
    assert "Jeugdwet, artikel 7.4.0" in text
    assert "De gemeente mag gegevens gebruiken om jeugdhulp te regelen." in text


def test_the_ombudsman_reviews_break_glass_from_the_queue(client, resident):
    glass = BreakGlassFactory(resident=resident, reason="Crisis, bewoner niet aanspreekbaar.")
    ombudsman = UserFactory(role=Role.OMBUDSMAN)
    client.force_login(ombudsman)

    queue = page(client, "vault:break_glass_reviews").content.decode()
    assert "Crisis, bewoner niet aanspreekbaar." in queue

    client.post(
        reverse("vault:break_glass_review", args=[glass.pk]),
        {f"g{glass.pk}-outcome": "justified", f"g{glass.pk}-note": "Terecht"},
    )
    glass.refresh_from_db()
    assert glass.review_outcome == BreakGlass.Outcome.JUSTIFIED
