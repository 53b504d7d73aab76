"""Hardship decisions grouped under the blocking rule they deviated from: recorded by the
staff who decide, published as anonymous facts, counted per rule for the council."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
    as_actor,
    log_in,
    valid_bsn,
)
from leefwereld.democracy import hooks, services
from leefwereld.democracy.admin import HardshipDecisionAdmin
from leefwereld.democracy.models import HardshipDecision, HardshipLaw

from .factories import BlockingRuleFactory, HardshipDecisionFactory

pytestmark = pytest.mark.django_db

BSN = valid_bsn(8)
DECIDING_ROLES = [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.DEBT_OFFICER, Role.POLICY_OFFICER]
OTHER_ROLES = [r for r in Role if r not in DECIDING_ROLES]


def today():
    return timezone.localdate()


def staff(role=Role.PROFESSIONAL, rule=None, **organisation):
    """A member of staff working for an organisation of the rule's municipality."""
    municipality = rule.municipality if rule else MunicipalityFactory()
    membership = MembershipFactory(
        user=UserFactory(role=role),
        organisation=OrganisationFactory(municipality=municipality, **organisation),
    )
    return membership.user, membership.organisation


def record(actor, rule, organisation, **kwargs):
    values = {
        "decided_on": today() - datetime.timedelta(days=3),
        "law": HardshipLaw.YOUTH,
        "organisation": organisation,
        "description": "Jeugdhulp doorgezet na 18 jaar, omdat de overgang naar de Wmo vastliep.",
    }
    values.update(kwargs)
    return services.record_hardship_decision(as_actor(actor), rule, **values)


# --- the services verb ------------------------------------------------------------------


@pytest.mark.parametrize("role", DECIDING_ROLES)
def test_staff_who_decide_record_a_hardship_decision_under_a_rule(role):
    rule = BlockingRuleFactory()
    actor, organisation = staff(role, rule)
    decision = record(
        actor, rule, organisation, description="  Reiskosten   vergoed\nboven de norm. "
    )
    decision.refresh_from_db()
    assert decision.rule == rule
    assert decision.organisation == organisation
    assert decision.law == HardshipLaw.YOUTH
    assert decision.decided_on == today() - datetime.timedelta(days=3)
    assert decision.description == "Reiskosten vergoed boven de norm."
    assert decision.recorded_by == actor
    assert decision.recorded_at is not None


def test_a_decision_taken_today_is_accepted_and_one_dated_tomorrow_is_refused():
    rule = BlockingRuleFactory()
    actor, organisation = staff(rule=rule)
    record(actor, rule, organisation, decided_on=today())
    with pytest.raises(ValidationError) as refused:
        record(actor, rule, organisation, decided_on=today() + datetime.timedelta(days=1))
    assert refused.value.code == "future"
    assert HardshipDecision.objects.count() == 1


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_roles_that_do_not_decide_cannot_record_one(role):
    rule = BlockingRuleFactory()
    actor, organisation = staff(role, rule)
    with pytest.raises(ValidationError) as refused:
        record(actor, rule, organisation)
    assert refused.value.code == "not_allowed"
    assert not HardshipDecision.objects.exists()


@pytest.mark.parametrize("description", ["", "   \n  "])
def test_a_description_is_required(description):
    rule = BlockingRuleFactory()
    actor, organisation = staff(rule=rule)
    with pytest.raises(ValidationError) as refused:
        record(actor, rule, organisation, description=description)
    assert refused.value.code == "no_description"


def test_a_description_longer_than_300_characters_is_refused():
    rule = BlockingRuleFactory()
    actor, organisation = staff(rule=rule)
    record(actor, rule, organisation, description="x" * 300)
    with pytest.raises(ValidationError) as refused:
        record(actor, rule, organisation, description="x" * 301)
    assert refused.value.code == "too_long"


def test_an_unknown_law_is_refused():
    rule = BlockingRuleFactory()
    actor, organisation = staff(rule=rule)
    with pytest.raises(ValidationError) as refused:
        record(actor, rule, organisation, law="awbz")
    assert refused.value.code == "bad_law"


@pytest.mark.parametrize(
    "text",
    [
        f"Uitzondering voor {valid_bsn(7)}.",
        f"BSN {BSN[:4]}.{BSN[4:6]}.{BSN[6:]} kreeg een uitzondering.",
        "Bel 06-12345678 voor uitleg.",
        "Bel +31 6 1234 5678 voor uitleg.",
        "Vragen aan j.jansen@example.nl.",
    ],
)
def test_a_description_with_a_bsn_phone_number_or_e_mail_address_is_refused(text):
    rule = BlockingRuleFactory()
    actor, organisation = staff(rule=rule)
    with pytest.raises(ValidationError) as refused:
        record(actor, rule, organisation, description=text)
    assert refused.value.code == "personal_data"


@pytest.mark.parametrize(
    "text",
    [
        "Bijzondere bijstand van € 1.250 in 2025, boven het maximum van € 900.",
        "Termijn van 8 weken losgelaten; 123456789 is geen BSN (geen 11-proef).",
    ],
)
def test_amounts_years_and_numbers_that_are_no_bsn_are_accepted(text):
    rule = BlockingRuleFactory()
    actor, organisation = staff(rule=rule)
    assert record(actor, rule, organisation, description=text).description == text


def test_staff_name_their_own_organisation_or_the_municipality_but_no_other():
    rule = BlockingRuleFactory()
    actor, own = staff(rule=rule)
    municipality = OrganisationFactory(
        municipality=rule.municipality, kind=Organisation.Kind.MUNICIPALITY
    )
    other = OrganisationFactory(municipality=rule.municipality)
    record(actor, rule, own)
    record(actor, rule, municipality)
    with pytest.raises(ValidationError) as refused:
        record(actor, rule, other)
    assert refused.value.code == "bad_organisation"
    assert set(services.hardship_organisations(as_actor(actor), rule)) == {own, municipality}


def test_a_policy_officer_names_any_organisation_of_the_rules_municipality_only():
    rule = BlockingRuleFactory()
    officer, _ = staff(Role.POLICY_OFFICER, rule)
    other = OrganisationFactory(municipality=rule.municipality)
    elsewhere = OrganisationFactory(municipality=MunicipalityFactory(cbs_code="GM0001"))
    record(officer, rule, other)
    with pytest.raises(ValidationError) as refused:
        record(officer, rule, elsewhere)
    assert refused.value.code == "bad_organisation"


# --- the provider and the council page -----------------------------------------------------


def test_the_app_registers_its_own_provider_and_counts_per_rule_in_one_query(
    django_assert_num_queries,
):
    many, one, none = BlockingRuleFactory.create_batch(3)
    HardshipDecisionFactory.create_batch(3, rule=many)
    HardshipDecisionFactory(rule=one)
    assert services.hardship_counts in hooks._providers
    with django_assert_num_queries(1):
        counts = hooks.hardship_decisions_by_rule([many.pk, one.pk, none.pk])
    assert counts == {many.pk: 3, one.pk: 1, none.pk: 0}


def _council_cells(page):
    """Rule title -> the texts of its row's cells on the council page."""
    rows = {}
    for row in re.findall(r'<tr class="utrecht-table__row">(.*?)</tr>', page, re.S):
        title = re.search(r'href="/meedoen/blokkerende-regels/\d+/">([^<]*)</a>', row)
        if title:
            cells = re.findall(r'<td class="utrecht-table__cell[^"]*">(.*?)</td>', row, re.S)
            rows[title.group(1)] = [c.strip() for c in cells]
    return rows


def test_the_council_page_shows_the_hardship_decisions_grouped_per_rule(client):
    many = BlockingRuleFactory(title="Kostendelersnorm")
    one = BlockingRuleFactory(title="Maximum huishoudelijke hulp")
    BlockingRuleFactory(title="Evenementenvergunning 8 weken vooraf")
    HardshipDecisionFactory.create_batch(3, rule=many)
    HardshipDecisionFactory(rule=one, law=HardshipLaw.PARTICIPATION)
    log_in(client, UserFactory(role=Role.COUNCIL_MEMBER))
    rows = _council_cells(client.get(reverse("democracy:council")).content.decode())
    # Cells: where, reports, hardship decisions, decision.
    assert rows["Kostendelersnorm"][2] == "3"
    assert rows["Maximum huishoudelijke hulp"][2] == "1"
    assert rows["Evenementenvergunning 8 weken vooraf"][2] == "0"


def test_another_apps_provider_adds_to_the_own_register(client):
    rule = BlockingRuleFactory()
    HardshipDecisionFactory.create_batch(2, rule=rule)

    def provider(rule_ids):
        return {rule.pk: 5}

    hooks.register_hardship_provider(provider)
    try:
        assert hooks.hardship_decisions_by_rule([rule.pk]) == {rule.pk: 7}
    finally:
        hooks.unregister_hardship_provider(provider)
    assert hooks.hardship_decisions_by_rule([rule.pk]) == {rule.pk: 2}


# --- the pages ----------------------------------------------------------------------------


def test_the_public_rule_page_lists_the_decisions_without_who_recorded_them_or_the_day(client):
    rule = BlockingRuleFactory()
    recorder = UserFactory(role=Role.PROFESSIONAL, first_name="Hendrika", last_name="Zwart")
    HardshipDecisionFactory(
        rule=rule,
        decided_on=datetime.date(2026, 3, 4),
        law=HardshipLaw.DEBT,
        organisation=OrganisationFactory(municipality=rule.municipality, name="Wijkteam Zuid"),
        description="Beslagvrije voet hoger gezet vanwege reiskosten naar werk.",
        recorded_by=recorder,
    )
    HardshipDecisionFactory(rule=rule, law=HardshipLaw.WMO)
    page = client.get(reverse("democracy:rule_detail", args=[rule.pk])).content.decode()
    assert "Bij deze regel gebeurde dat 2 keer." in page
    # Month and year only: in a small neighbourhood the exact day, the organisation and
    # the description together could point at one resident.
    assert "maart 2026" in page and "4 maart 2026" not in page
    assert "Wgs / schulden" in page
    assert "Wijkteam Zuid" in page
    assert "Beslagvrije voet hoger gezet vanwege reiskosten naar werk." in page
    assert "Hendrika" not in page and "Zwart" not in page
    assert "Hardheidsbesluit vastleggen" not in page  # no link for the public


def test_the_rule_page_costs_the_same_queries_for_few_or_many_decisions(
    client, django_assert_max_num_queries
):
    rule = BlockingRuleFactory()
    HardshipDecisionFactory(rule=rule)
    url = reverse("democracy:rule_detail", args=[rule.pk])
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for _ in range(12):
        HardshipDecisionFactory(rule=rule)  # every one with its own organisation
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Bij deze regel gebeurde dat 13 keer." in client.get(url).content.decode()


@pytest.mark.parametrize("role", DECIDING_ROLES)
def test_deciding_staff_see_the_link_and_open_the_form(client, role):
    rule = BlockingRuleFactory()
    actor, organisation = staff(role, rule, name="Wijkteam Noord")
    log_in(client, actor)
    detail = client.get(reverse("democracy:rule_detail", args=[rule.pk])).content.decode()
    url = reverse("democracy:rule_hardship", args=[rule.pk])
    assert url in detail
    form = client.get(url).content.decode()
    assert "geen naam, geen BSN, geen adres" in form
    assert f'<option value="{organisation.pk}" selected>Wijkteam Noord</option>' in form


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_no_form(client, role):
    rule = BlockingRuleFactory()
    log_in(client, UserFactory(role=role))
    assert client.get(reverse("democracy:rule_hardship", args=[rule.pk])).status_code == 403
    detail = client.get(reverse("democracy:rule_detail", args=[rule.pk])).content.decode()
    assert reverse("democracy:rule_hardship", args=[rule.pk]) not in detail


def test_the_form_records_the_decision_and_shows_it_on_the_rule_page(client):
    rule = BlockingRuleFactory()
    actor, organisation = staff(rule=rule, name="Wijkteam Oost")
    log_in(client, actor)
    response = client.post(
        reverse("democracy:rule_hardship", args=[rule.pk]),
        {
            "decided_on": (today() - datetime.timedelta(days=1)).isoformat(),
            "law": HardshipLaw.WMO,
            "organisation": organisation.pk,
            "description": "Traplift toegekend in een huurwoning zonder toestemming vooraf.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("democracy:rule_detail", args=[rule.pk])
    page = response.content.decode()
    assert "Het hardheidsbesluit staat nu bij deze regel." in page
    assert "Traplift toegekend in een huurwoning zonder toestemming vooraf." in page
    assert HardshipDecision.objects.get().recorded_by == actor


def test_the_form_refuses_a_future_date_and_personal_data_with_a_message(client):
    rule = BlockingRuleFactory()
    actor, organisation = staff(rule=rule)
    log_in(client, actor)
    url = reverse("democracy:rule_hardship", args=[rule.pk])
    data = {
        "decided_on": (today() + datetime.timedelta(days=2)).isoformat(),
        "law": HardshipLaw.WMO,
        "organisation": organisation.pk,
        "description": "Uitzondering op de eigen bijdrage.",
    }
    page = client.post(url, data).content.decode()
    assert "Deze datum ligt in de toekomst." in page
    data.update(decided_on=today().isoformat(), description="Mail naar a.b@example.nl")
    page = client.post(url, data).content.decode()
    assert "Haal de persoonsgegevens uit de tekst" in page
    assert not HardshipDecision.objects.exists()


def test_the_form_speaks_english_when_asked(client):
    rule = BlockingRuleFactory()
    actor, _ = staff(rule=rule)
    log_in(client, actor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("democracy:rule_hardship", args=[rule.pk])).content.decode()
    assert "Record a hardship decision" in page
    assert "no name, no BSN, no address" in page


def test_the_admin_corrects_but_never_adds_a_decision():
    from django.contrib import admin

    model_admin = HardshipDecisionAdmin(HardshipDecision, admin.site)
    assert model_admin.has_add_permission(None) is False
    assert "recorded_by" not in model_admin.fields
