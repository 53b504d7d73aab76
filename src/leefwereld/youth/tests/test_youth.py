"""Jeugdwet access: referrals registered without re-assessment, team requests decided by
the team, the consent ages applied to who is informed, and who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leefwereld.core.tests.factories import as_actor
from leefwereld.youth import services
from leefwereld.youth.models import Access, Decision, Notice

from .factories import town

pytestmark = pytest.mark.django_db


def referral(t, **over):
    today = timezone.localdate()
    args = {
        "route": Access.Route.GP,
        "team": t["team"],
        "product": t["product"],
        "provider": t["provider"],
        "received_on": today,
        "referrer_name": "Huisarts Jansen",
        "referrer_agb": "01234567",
        "volume": 20,
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=180),
    }
    args.update(over)
    return services.register(as_actor(t["professional"]), t["child"], **args)


def test_a_gp_referral_for_a_14_year_old_is_granted_as_referred_and_informs_child_and_both_parents(
    django_capture_on_commit_callbacks,
):
    t = town(14)
    with django_capture_on_commit_callbacks(execute=True):
        row = referral(t)
    decision = row.decision
    assert decision.outcome == Decision.Outcome.GRANTED
    assert (decision.volume, decision.consenter) == (20, "child_and_parents")
    assert "7.3.4" in decision.consent_article
    told = {(n.recipient_id, n.role) for n in Notice.objects.filter(decision=decision)}
    assert told == {
        (t["child"].pk, "child"),
        (t["mother"].pk, "parent"),
        (t["father"].pk, "parent"),
    }
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["anouk@example.org", "bram@example.org", "sem@example.org"]
    assert "Sem" not in mail.outbox[0].body  # no personal details in e-mail


def test_for_a_16_year_old_only_the_young_person_is_informed():
    t = town(16)
    decision = referral(t).decision
    assert decision.consenter == "child"
    assert list(Notice.objects.filter(decision=decision).values_list("role", flat=True)) == [
        "child"
    ]


def test_a_provider_without_a_contract_is_refused_and_nothing_is_written():
    t = town(10)
    with pytest.raises(ValidationError) as error:
        referral(t, provider=t["uncontracted"])
    assert "provider" in error.value.message_dict
    assert not Access.objects.exists() and not Decision.objects.exists()


@pytest.mark.parametrize(
    ("field", "over"),
    [
        ("referrer_agb", {"referrer_agb": "123"}),
        ("referrer_name", {"referrer_name": " "}),
        ("volume", {"volume": 0}),
        ("ends_on", {"ends_on": datetime.date(2000, 1, 1)}),
    ],
)
def test_an_incomplete_referral_names_the_field(field, over):
    t = town(9)
    with pytest.raises(ValidationError) as error:
        referral(t, **over)
    assert field in error.value.message_dict
    assert not Access.objects.exists()


def test_a_team_request_waits_for_the_team_and_is_decided_once():
    t = town(8)
    row = referral(t, route=Access.Route.TEAM, referrer_name="", referrer_agb="", volume=0)
    assert row.decision.outcome == Decision.Outcome.PENDING
    assert row.referrer_name == ""
    today = timezone.localdate()
    decided = services.decide(
        as_actor(t["professional"]),
        row.decision,
        outcome=Decision.Outcome.GRANTED,
        volume=10,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
    )
    assert decided.consenter == "parents"
    assert Notice.objects.filter(decision=decided).count() == 3  # child, mother, father
    with pytest.raises(ValidationError):
        services.decide(as_actor(t["professional"]), decided, outcome=Decision.Outcome.REFUSED)


def test_a_worker_outside_the_team_cannot_register_or_decide():
    t = town(8)
    row = referral(t, route=Access.Route.TEAM, volume=0)
    from leefwereld.vault.tests.factories import worker

    outsider = worker()
    with pytest.raises(PermissionDenied):
        services.decide(as_actor(outsider), row.decision, outcome=Decision.Outcome.REFUSED)
    with pytest.raises(PermissionDenied):
        services.register(
            as_actor(outsider),
            t["child"],
            route=Access.Route.TEAM,
            team=t["team"],
            product=t["product"],
            provider=t["provider"],
            received_on=timezone.localdate(),
        )


def test_an_adult_is_not_a_jeugdige():
    t = town(14)
    with pytest.raises(ValidationError) as error:
        services.register(
            as_actor(t["professional"]),
            t["mother"],
            route=Access.Route.TEAM,
            team=t["team"],
            product=t["product"],
            provider=t["provider"],
            received_on=timezone.localdate(),
        )
    assert "bsn" in error.value.message_dict


def test_parents_and_child_see_the_decision_a_stranger_does_not(client):
    t = town(14)
    decision = referral(t).decision
    for who in ("mother", "father", "child"):
        client.force_login(t[who].user)
        page = client.get(f"/jeugd/besluit/{decision.pk}/")
        assert page.status_code == 200
        assert "Huisarts Jansen" in page.content.decode()
        assert "Bram" in page.content.decode()  # informed: the father is listed
    client.force_login(t["stranger"].user)
    assert client.get(f"/jeugd/besluit/{decision.pk}/").status_code == 404


def test_parents_no_longer_see_a_decision_once_the_young_person_is_16(client):
    t = town(16)
    decision = referral(t).decision
    client.force_login(t["mother"].user)
    assert client.get(f"/jeugd/besluit/{decision.pk}/").status_code == 404
    client.force_login(t["child"].user)
    assert client.get(f"/jeugd/besluit/{decision.pk}/").status_code == 200


def test_the_child_writes_their_own_view_and_the_team_with_a_basis_reads_it(client):
    t = town(14)
    decision = referral(t).decision
    client.force_login(t["child"].user)
    client.post(
        f"/jeugd/besluit/{decision.pk}/mijn-mening/", {"text": "Ik wil liever op woensdag."}
    )
    page = client.get(f"/jeugd/besluit/{decision.pk}/").content.decode()
    assert "Ik wil liever op woensdag." in page
    # The team member without a vault basis sees the decision but not the child's words.
    client.force_login(t["professional"])
    page = client.get(f"/jeugd/besluit/{decision.pk}/").content.decode()
    assert "Huisarts Jansen" in page and "Ik wil liever op woensdag." not in page


def test_the_register_form_names_the_missing_contract(client):
    t = town(14)
    client.force_login(t["professional"])
    today = timezone.localdate().isoformat()
    page = client.post(
        "/jeugd/nieuw/",
        {
            "bsn": t["child"].bsn,
            "route": "huisarts",
            "team": t["team"].pk,
            "product": t["product"].pk,
            "provider": t["provider"].pk,
            "received_on": today,
            "referrer_name": "Huisarts Jansen",
            "referrer_agb": "01234567",
            "volume": "12",
            "starts_on": today,
            "ends_on": today,
        },
    )
    assert page.status_code == 302
    decision = Decision.objects.get()
    assert page["Location"] == f"/jeugd/besluit/{decision.pk}/"


def test_the_list_takes_the_same_number_of_queries_for_one_or_ten_decisions(client):
    t = town(14)
    client.force_login(t["professional"])
    referral(t)
    client.get("/jeugd/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/jeugd/").status_code == 200
    for _ in range(9):
        referral(t)
    with CaptureQueriesContext(connection) as ten:
        page = client.get("/jeugd/")
    assert page.content.decode().count("Huisarts") == 0  # the list shows routes, not referrers
    assert len(ten) == len(one)
