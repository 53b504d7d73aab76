"""Youth care in a real browser: a GP's referral for a 14-year-old is registered by the
neighbourhood team and granted as referred; the child and both parents (joint custody) are
informed and see it; the child adds their own view; a parent objects. Every page passes
axe-core's WCAG 2.1 AA rules."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leefwereld.core.tests.factories import PASSWORD
from leefwereld.objections.models import Objection
from leefwereld.youth.models import Decision, Notice
from leefwereld.youth.tests.factories import product, town

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_a_gp_referral_for_a_14_year_old_is_registered_decided_and_everyone_informed(
    page, assert_accessible
):
    t = town(14)  # Anouk and Bram hold joint custody of Sem (14)
    product("43A31", provider=t["uncontracted"])  # contracted, but for another product
    today = timezone.localdate()

    # The neighbourhood team registers the GP's referral: not re-assessed, granted at once.
    log_in(page, t["professional"])
    page.goto("/jeugd/")
    assert heading(page) == "Jeugdhulp"
    assert_accessible(page)
    page.get_by_role("link", name="Aanvraag of verwijzing registreren").click()
    assert heading(page) == "Aanvraag of verwijzing registreren"
    assert_accessible(page)
    page.get_by_label("BSN van de jeugdige").fill(t["child"].bsn)
    page.get_by_label("Hoe kwam de jeugdige binnen?").select_option(
        label="Verwijzing door de huisarts"
    )
    page.get_by_label("Wijkteam", exact=True).select_option(label=t["team"].name)
    page.get_by_label("Product", exact=True).select_option(label="45A48 Jeugd-GGZ behandeling")
    page.get_by_label("Aanbieder", exact=True).select_option(label="Kinder-GGZ Zuid")
    page.get_by_label("Ontvangen op").fill(today.isoformat())
    page.get_by_label("Naam van de verwijzer (bij een verwijzing)").fill("Huisarts Jansen")
    page.get_by_label("AGB-code van de verwijzer (bij een verwijzing)").fill("01234567")
    page.get_by_label("Omvang (bij een verwijzing)").fill("20")
    page.get_by_label("Ingangsdatum (bij een verwijzing)").fill(today.isoformat())
    page.get_by_label("Einddatum (bij een verwijzing)").fill(
        (today + datetime.timedelta(days=180)).isoformat()
    )
    # First a provider without a contract for this product: the form says so, nothing is
    # written.
    page.get_by_label("Aanbieder", exact=True).select_option(label="Niet gecontracteerd")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Deze aanbieder heeft geen contract")).to_be_visible()
    assert_accessible(page)
    assert not Decision.objects.exists()
    page.get_by_label("Aanbieder", exact=True).select_option(label="Kinder-GGZ Zuid")
    page.get_by_role("button", name="Registreren").click()

    assert heading(page) == "Besluit over jeugdhulp"
    expect(page.get_by_text("Toegekend", exact=False).first).to_be_visible()
    expect(page.get_by_text("de jeugdige én de ouders met gezag")).to_be_visible()
    informed = page.get_by_role("region", name="Wie is geïnformeerd")
    for name in ("Sem", "Anouk", "Bram"):
        expect(informed.get_by_text(name, exact=False)).to_be_visible()
    assert_accessible(page)
    decision = Decision.objects.get()
    assert Notice.objects.filter(decision=decision).count() == 3

    # Each parent sees the decision and who was told.
    for parent in (t["mother"], t["father"]):
        log_in(page, parent.user)
        page.goto("/jeugd/")
        assert_accessible(page)
        page.get_by_role("link", name=t["child"].full_name).click()
        expect(page.get_by_text("Huisarts Jansen", exact=False)).to_be_visible()
        assert_accessible(page)

    # Sem writes his own view; it is kept with the decision.
    log_in(page, t["child"].user)
    page.goto(f"/jeugd/besluit/{decision.pk}/")
    page.get_by_label("Wat vind jij zelf van deze hulp?").fill("Liever na school, niet in de les.")
    page.get_by_role("button", name="Mening bewaren").click()
    expect(page.get_by_text("Liever na school, niet in de les.")).to_be_visible()
    assert_accessible(page)

    # Anouk objects to the decision; the objection page shows its Awb deadlines.
    log_in(page, t["mother"].user)
    page.goto(f"/jeugd/besluit/{decision.pk}/")
    page.get_by_role("link", name="Bezwaar maken tegen dit besluit").click()
    assert_accessible(page)
    page.get_by_label("Waarom bent u het niet eens met het besluit?").fill(
        "Twintig uur is te weinig."
    )
    page.get_by_role("button", name="Bezwaar indienen").click()
    objection = Objection.objects.get()
    expect(page.get_by_text("Beslissing uiterlijk")).to_be_visible()
    expect(page.get_by_text("Twintig uur is te weinig.")).to_be_visible()
    assert_accessible(page)
    page.goto("/bezwaar/")
    expect(page.get_by_role("link", name=objection.decision_label)).to_be_visible()
    assert_accessible(page)
