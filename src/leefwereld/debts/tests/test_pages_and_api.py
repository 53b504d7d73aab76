"""Who may open which page and endpoint; the SEPA file; the figures and their CSV."""

import datetime
from xml.etree import ElementTree as ET

import pytest

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
    log_in,
)
from leefwereld.debts import sepa, services, signals
from leefwereld.debts.models import PaymentInstruction
from leefwereld.payments import valid_iban as is_valid_iban

from .factories import CreditorFactory, debt_officer
from .test_fund_journey import DAY, open_case_with_debts

pytestmark = pytest.mark.django_db
NS = {"p": sepa.NAMESPACE}


def taken_over_case():
    officer = debt_officer()
    resident = ResidentFactory(user=UserFactory(role=Role.RESIDENT))
    a, b = CreditorFactory(), CreditorFactory()
    case = open_case_with_debts(officer, resident, [a, b], [300_000, 100_000])
    for offer in services.make_offers(as_actor(officer), case, DAY):
        services.respond(as_actor(officer), offer, accepted=True, on=DAY)
    return officer, resident, case


def test_the_sepa_file_has_the_pain001_structure_and_sums():
    _officer, _resident, _case = taken_over_case()
    instructions = list(PaymentInstruction.objects.order_by("pk"))
    xml = sepa.pain001(
        instructions,
        message_id="M1",
        created=datetime.datetime(2025, 9, 1, 9, 0),
        execution_date=DAY,
    )
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    assert root.tag == f"{{{sepa.NAMESPACE}}}Document"
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.find("p:NbOfTxs", NS).text == "2"
    total = sum(i.amount_cents for i in instructions)
    assert header.find("p:CtrlSum", NS).text == f"{total // 100}.{total % 100:02d}"
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert info.find("p:PmtMtd", NS).text == "TRF"
    assert info.find("p:PmtTpInf/p:SvcLvl/p:Cd", NS).text == "SEPA"
    txs = info.findall("p:CdtTrfTxInf", NS)
    assert len(txs) == 2
    for tx, instruction in zip(txs, instructions, strict=True):
        assert tx.find("p:PmtId/p:EndToEndId", NS).text == instruction.end_to_end_id
        amount = tx.find("p:Amt/p:InstdAmt", NS)
        assert amount.get("Ccy") == "EUR"
        assert is_valid_iban(tx.find("p:CdtrAcct/p:Id/p:IBAN", NS).text)
    assert is_valid_iban(info.find("p:DbtrAcct/p:Id/p:IBAN", NS).text)


def test_officer_pages_open_for_the_officer_only(client):
    officer, _resident, case = taken_over_case()
    urls = [
        "/schulden/",
        "/schulden/signalen/",
        "/schulden/vroegsignalering/",
        "/schulden/zaken/",
        f"/schulden/zaken/{case.pk}/",
        "/schulden/weigeringen/",
        "/schulden/fonds/",
        "/schulden/fonds/cijfers.csv",
        "/schulden/fonds/betalingen.xml",
    ]
    log_in(client, officer)
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.logout()
    log_in(client, UserFactory(professional=True))
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_the_council_sees_the_figures_but_no_case(client):
    _officer, _resident, case = taken_over_case()
    log_in(client, UserFactory(role=Role.COUNCIL_MEMBER))
    response = client.get("/schulden/fonds/")
    assert response.status_code == 200 and b"Proefbalans" in response.content
    assert client.get("/schulden/fonds/cijfers.csv").content.startswith(b"maand;")
    assert client.get(f"/schulden/zaken/{case.pk}/").status_code == 403


def test_the_resident_sees_their_own_case_and_not_the_officer_pages(client):
    _officer, resident, case = taken_over_case()
    log_in(client, resident.user)
    response = client.get("/schulden/mijn-schulden/")
    assert response.status_code == 200
    assert case.reference.encode() in response.content
    assert b"Hoeveel u kunt aflossen" in response.content
    assert client.get(f"/schulden/zaken/{case.pk}/").status_code == 403


def test_another_resident_sees_nothing_of_it(client):
    taken_over_case()
    other = ResidentFactory(user=UserFactory(role=Role.RESIDENT))
    log_in(client, other.user)
    response = client.get("/schulden/mijn-schulden/")
    assert b"U heeft geen schuldzaak" in response.content


def test_a_partner_delivers_signals_by_api_and_learns_only_picked_up(client):
    landlord = CreditorFactory()
    partner = MembershipFactory(organisation=landlord.organisation).user
    resident = ResidentFactory()
    log_in(client, partner)
    row = {
        "kenmerk": "K1",
        "bedrag": "99,50",
        "ontstaansdatum": "2025-06-01",
        "signaaldatum": "2025-08-01",
        "crisissignaal": "nee",
        "bsn": resident.bsn,
    }
    response = client.post(
        "/api/v1/debt-signals/", {"signals": [row]}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["created"] == 1
    again = client.post(
        "/api/v1/debt-signals/", {"signals": [row]}, content_type="application/json"
    )
    assert again.json()["already_imported"] is True
    bad = client.post(
        "/api/v1/debt-signals/",
        {"signals": [{**row, "kenmerk": "K2", "signaaldatum": "morgen"}]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Regel 1, veld signaaldatum" in bad.json()["problems"][0]
    listed = client.get("/api/v1/debt-signals/").json()["results"]
    assert listed == [{"reference": "K1", "signal_date": "2025-08-01", "picked_up": False}]
    assert client.get("/api/v1/debt-cases/").status_code == 403
    assert client.get("/api/v1/debt-fund/economics/").status_code == 403


def test_officers_read_case_processes_by_api(client):
    officer, _resident, case = taken_over_case()
    log_in(client, officer)
    data = client.get("/api/v1/debt-cases/").json()["results"]
    assert data[0]["reference"] == case.reference and "items" not in data[0]
    assert client.get("/api/v1/debt-fund/economics/").status_code == 200


def test_the_signal_csv_of_the_page_imports(client):
    officer = debt_officer()
    partner = CreditorFactory(sector="landlord")
    resident = ResidentFactory()
    log_in(client, officer)
    text = (
        ";".join(signals.COLUMNS)
        + "\nA;10,00;2025-01-01;2025-02-01;ja;"
        + resident.bsn
        + (";;;;;;;\n")
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("s.csv", text.encode(), content_type="text/csv")
    response = client.post("/schulden/signalen/inlezen/", {"partner": partner.pk, "file": upload})
    assert response.status_code == 302
    bad = SimpleUploadedFile("s.csv", b"kenmerk\nA\n", content_type="text/csv")
    response = client.post("/schulden/signalen/inlezen/", {"partner": partner.pk, "file": bad})
    assert response.status_code == 400 and b"Regel 1" in response.content


def test_the_case_pages_say_so_when_the_capacity_record_was_erased(client):
    """A section is never dropped silently: an erased record gets a plain-Dutch note."""
    from django.utils import timezone

    from leefwereld.vault.models import Record

    officer, resident, case = taken_over_case()
    # Erased before the rule that keeps it while a case depends on it (or by the
    # retention job): a tombstone without content.
    Record.objects.filter(pk=case.capacity_record_id).update(
        erased_at=timezone.now(), ciphertext=b"", wrapped_key=None
    )
    log_in(client, officer)
    page = client.get(f"/schulden/zaken/{case.pk}/").content.decode()
    assert "Afloscapaciteit" in page
    assert "De berekening van de afloscapaciteit is uit de kluis verwijderd" in page
    client.logout()
    log_in(client, resident.user)
    mine = client.get("/schulden/mijn-schulden/").content.decode()
    assert "Hoeveel u kunt aflossen" in mine
    assert "De berekening van de afloscapaciteit is uit de kluis verwijderd" in mine


def test_the_case_page_says_so_when_there_is_no_basis_to_read_the_records(client):
    from django.utils import timezone

    from leefwereld.vault.models import LegalBasis

    officer, _resident, case = taken_over_case()
    LegalBasis.objects.filter(resident=case.client).update(revoked_at=timezone.now())
    log_in(client, officer)
    page = client.get(f"/schulden/zaken/{case.pk}/").content.decode()
    assert "De berekening van de afloscapaciteit staat in de kluis, maar is niet te zien" in page
    assert "Van 2 schulden op de lijst zijn de bedragen niet te zien" in page
