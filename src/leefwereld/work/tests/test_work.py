"""Participatiewet: benefit status, the ladder over time, daytime side by side, the
schemes check, and work's part of the household timeline."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leefwereld.core.tests.factories import as_actor
from leefwereld.support.tests.factories import (
    make_case,
    organisation_with_basis,
    other_professional,
)
from leefwereld.vault.models import Category
from leefwereld.work import services, timeline
from leefwereld.work.models import WorkRecord

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _case_with_work_basis():
    case = make_case()
    _org, coach = organisation_with_basis(
        case, [case.resident], name="Werkplein", categories=[Category.WORK_INCOME]
    )
    return case, coach


def _fill(case, coach, ladder_steps=(2, 3)):
    actor = as_actor(coach)
    services.record_benefit(
        actor,
        case.resident,
        receives=True,
        since=TODAY - datetime.timedelta(days=400),
        obligations=["reintegration", "tegenprestatie"],
        source="suwinet",
        reference="SUWI-2026-11",
    )
    for i, step in enumerate(ladder_steps):
        services.record_ladder(
            actor,
            case.resident,
            step=step,
            measured_on=TODAY - datetime.timedelta(days=90 * (len(ladder_steps) - i)),
        )
    services.record_daytime(
        actor,
        case.resident,
        kind="beschut_werk",
        provider="Werkbedrijf",
        hours_per_week=16,
        starts_on=TODAY - datetime.timedelta(days=30),
    )
    services.record_daytime(
        actor,
        case.resident,
        kind="dagbesteding",
        provider="Zorgboerderij",
        hours_per_week=8,
        starts_on=TODAY - datetime.timedelta(days=10),
    )


def test_benefit_status_names_its_source_and_content_lives_in_the_vault():
    case, coach = _case_with_work_basis()
    _fill(case, coach)
    overview = services.overview(as_actor(coach), case.household)
    person = overview.people[0]
    assert person.benefit["receives"] and person.benefit["source"] == "suwinet"
    assert [step for _on, step, _t in person.ladder] == [2, 3]
    assert WorkRecord.objects.filter(kind="benefit").count() == 1


def test_beschut_werk_and_dagbesteding_at_the_same_time_are_flagged():
    case, coach = _case_with_work_basis()
    _fill(case, coach)
    person = services.overview(as_actor(coach), case.household).people[0]
    assert len(person.overlaps) == 1
    assert "Werkbedrijf" in person.overlaps[0] and "Zorgboerderij" in person.overlaps[0]


def test_a_professional_without_a_writing_basis_records_nothing():
    case, _coach = _case_with_work_basis()
    with pytest.raises(PermissionDenied):
        services.record_ladder(
            as_actor(other_professional()), case.resident, step=3, measured_on=TODAY
        )
    assert not WorkRecord.objects.exists()


def test_bad_input_names_the_field_and_writes_nothing():
    case, coach = _case_with_work_basis()
    with pytest.raises(services.WorkError) as error:
        services.record_benefit(
            as_actor(coach),
            case.resident,
            receives=True,
            since=None,
            obligations=[],
            source="suwinet",
        )
    assert "since" in error.value.error_dict
    with pytest.raises(services.WorkError):
        services.record_ladder(as_actor(coach), case.resident, step=7, measured_on=TODAY)
    assert not WorkRecord.objects.exists()


def test_work_timeline_queries_do_not_grow_with_the_number_of_measurements():
    small_case, small_coach = _case_with_work_basis()
    _fill(small_case, small_coach, ladder_steps=(2,))
    large_case, large_coach = _case_with_work_basis()
    _fill(large_case, large_coach, ladder_steps=(1, 2, 2, 3, 4, 4))
    counts = []
    for case, coach in ((small_case, small_coach), (large_case, large_coach)):
        with CaptureQueriesContext(connection) as captured:
            part = timeline.timeline(as_actor(coach), case.household.pk)
        counts.append(len(captured.captured_queries))
        assert {i.kind for i in part.items} == {"benefit", "ladder", "daytime"}
    assert counts[0] == counts[1]


def test_a_professional_without_basis_is_told_what_is_hidden():
    case, coach = _case_with_work_basis()
    _fill(case, coach)
    _org, stranger = organisation_with_basis(
        case, [case.resident], name="Anders", categories=[Category.HOUSING]
    )
    part = timeline.timeline(as_actor(stranger), case.household.pk)
    assert part.items == []
    assert "Werk en inkomen van 1 gezinslid" in part.hidden[0]


def test_household_page_shows_ladder_and_overlap_and_plan_shows_work(client):
    case, coach = _case_with_work_basis()
    _fill(case, coach)
    client.force_login(coach)
    page = client.get(reverse("work:household", args=[case.household.pk])).content.decode()
    assert "Tegelijk beschut werk en dagbesteding" in page
    assert "Suwinet" in page and "Iets terugdoen voor de buurt" in page
    client.force_login(case.resident.user)
    plan = client.get(reverse("support:plan", args=[case.household.pk])).content.decode()
    assert "Participatieladder: trede 3" in plan


def test_professional_records_a_ladder_step_through_the_form(client):
    case, coach = _case_with_work_basis()
    client.force_login(coach)
    url = reverse("work:ladder", args=[case.household.pk, case.resident.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"step": "4", "measured_on": TODAY.isoformat(), "note": ""})
    assert response.status_code == 302
    assert WorkRecord.objects.get().kind == "ladder"
    client.force_login(other_professional())
    assert client.get(url).status_code == 403


def test_resident_checks_schemes_and_sees_what_to_apply_for(client):
    case = make_case()
    client.force_login(case.resident.user)
    response = client.post(
        reverse("work:schemes"),
        {
            "age": "34",
            "children_ages": "4, 14",
            "income_year": "24000",
            "net_income_month": "1650",
            "rent_month": "720",
            "savings": "1500",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Dit kunt u aanvragen" in text
    assert "Zorgtoeslag: ongeveer € 129,00 per maand" in text
    assert "Kindgebonden budget" in text and "proefberekening" in text
    assert not WorkRecord.objects.exists()  # nothing typed in is stored


def test_schemes_form_names_the_field_of_bad_input(client):
    case = make_case()
    client.force_login(case.resident.user)
    response = client.post(
        reverse("work:schemes"), {"age": "34", "children_ages": "vier", "income_year": "x"}
    )
    text = response.content.decode()
    assert "Schrijf de leeftijden als getallen" in text
    assert "Bruto inkomen per jaar" in text


def test_work_overview_reads_all_members_in_the_same_queries_and_logs_each_read():
    from leefwereld.core.tests.factories import ResidentFactory
    from leefwereld.vault.models import AccessLog

    case, _coach = _case_with_work_basis()
    partner = ResidentFactory(household=case.household, given_names="Ahmed")
    extra = ResidentFactory(household=case.household, given_names="Yara")
    _org, coach = organisation_with_basis(
        case, [partner, extra], name="Werkplein Zuid", categories=[Category.WORK_INCOME]
    )
    services.record_ladder(as_actor(_coach), case.resident, step=2, measured_on=TODAY)
    services.record_ladder(as_actor(coach), partner, step=3, measured_on=TODAY)
    with CaptureQueriesContext(connection) as one:
        overview = services.overview(as_actor(coach), case.household)
    assert [p.resident for p in overview.people] == [partner] and overview.hidden == 1
    services.record_ladder(as_actor(coach), extra, step=4, measured_on=TODAY)
    logged = AccessLog.objects.filter(user=coach, event=AccessLog.Event.RECORDS).count()
    with CaptureQueriesContext(connection) as two:
        overview = services.overview(as_actor(coach), case.household)
    assert {p.resident for p in overview.people} == {partner, extra} and overview.hidden == 1
    assert len(two.captured_queries) == len(one.captured_queries)
    # Every member's read is in the log: two permitted reads and the refused one.
    assert AccessLog.objects.filter(user=coach, event=AccessLog.Event.RECORDS).count() == (
        logged + 3
    )
