"""Money is booked once, and every genuine booking is booked (issue 13, item 4).

From outside: the officer's pages are posted to with django.test.Client and the ledger is
read afterwards. The race tests run real threads, each with its own database connection,
on PostgreSQL (SQLite serialises writers with one database lock, so no race can happen
there; the same paths are exercised sequentially below).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from leefwereld.core.roles import Role
from leefwereld.core.tests.concurrency import needs_postgres, race
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor
from leefwereld.debts import ledger, services
from leefwereld.debts.models import (
    LedgerTransaction,
    MoneySubmission,
    Offer,
    Repayment,
)

from .factories import DAY, CreditorFactory, debt_officer
from .test_arrangement_change_aftercare import running_arrangement
from .test_fund_journey import open_case_with_debts

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="submission" value="([^"]+)"')


def officer_client(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def fresh_key(client: Client, url: str) -> str:
    """The idempotency key of the form as the page renders it."""
    response = client.get(url)
    assert response.status_code == 200
    keys = KEY.findall(response.content.decode())
    assert keys, "the money form carries no idempotency key"
    return keys[0]


def texts(response) -> list[str]:
    """The messages this response set (and no more: the client forgets them, as the
    page would have shown them)."""
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    response.client.cookies.pop("messages", None)
    return shown


def repaid(case) -> int:
    return services.household_totals(case.household_id)["repaid"]


def balanced() -> bool:
    return sum(services.account_balances().values()) == 0


def repay(client, case, key, amount="100,00", reference="", day=DAY):
    return client.post(
        reverse("debts:case_repayment", args=[case.pk]),
        {"amount": amount, "paid_on": day.isoformat(), "reference": reference, "submission": key},
    )


# --- repayments through the page ------------------------------------------------------------


def test_two_genuine_repayments_on_the_same_day_without_reference_both_book():
    officer, _resident, case, _arrangement = running_arrangement()
    client = officer_client(officer)
    page = reverse("debts:case_detail", args=[case.pk])
    first = repay(client, case, fresh_key(client, page))
    assert texts(first) == ["De aflossing is geboekt."]
    second = repay(client, case, fresh_key(client, page))
    assert texts(second) == ["De aflossing is geboekt."]
    assert first.status_code == second.status_code == 302
    assert Repayment.objects.filter(arrangement__case=case).count() == 2
    assert repaid(case) == 20_000
    assert LedgerTransaction.objects.filter(kind="repayment").count() == 2
    assert balanced()


def test_a_retried_submission_books_once_and_says_so():
    officer, _resident, case, _arrangement = running_arrangement()
    client = officer_client(officer)
    key = fresh_key(client, reverse("debts:case_detail", args=[case.pk]))
    first = repay(client, case, key)
    assert texts(first) == ["De aflossing is geboekt."]
    again = repay(client, case, key)
    assert first.status_code == again.status_code == 302
    (message,) = texts(again)
    assert message.startswith("Deze aflossing was al geboekt")
    assert "niets dubbel geboekt" in message
    assert Repayment.objects.filter(arrangement__case=case).count() == 1
    assert repaid(case) == 10_000
    assert MoneySubmission.objects.get(key=key).ledger_key == f"repayment:key:{key}"
    assert balanced()


def test_the_bank_reference_is_a_natural_key_across_submissions():
    officer, _resident, case, _arrangement = running_arrangement()
    client = officer_client(officer)
    page = reverse("debts:case_detail", args=[case.pk])
    first = repay(client, case, fresh_key(client, page), reference="NL-BANK-77")
    assert texts(first) == ["De aflossing is geboekt."]
    second = repay(client, case, fresh_key(client, page), reference="NL-BANK-77")
    (message,) = texts(second)
    assert "Deze aflossing was al geboekt" in message and "NL-BANK-77" in message
    assert Repayment.objects.filter(reference="NL-BANK-77").count() == 1
    assert repaid(case) == 10_000


def test_the_same_key_for_another_amount_is_refused_and_books_nothing():
    officer, _resident, case, _arrangement = running_arrangement()
    client = officer_client(officer)
    key = fresh_key(client, reverse("debts:case_detail", args=[case.pk]))
    assert texts(repay(client, case, key, amount="100,00")) == ["De aflossing is geboekt."]
    other = repay(client, case, key, amount="250,00")
    assert other.status_code == 302
    (message,) = texts(other)
    assert "al gebruikt voor een andere boeking" in message
    assert repaid(case) == 10_000


@pytest.mark.parametrize(
    "amount", ["1e3", "NaN", "Infinity", "-5", "0", "1" * 26, "12,345", "", "1.000.000.000,01"]
)
def test_malformed_amounts_are_refused_naming_the_field(amount):
    officer, _resident, case, _arrangement = running_arrangement()
    client = officer_client(officer)
    key = fresh_key(client, reverse("debts:case_detail", args=[case.pk]))
    response = repay(client, case, key, amount=amount)
    assert response.status_code == 302
    (message,) = texts(response)
    assert message.startswith("Bedrag (€)")
    assert Repayment.objects.count() == 0
    assert repaid(case) == 0


def test_no_key_and_no_bank_reference_books_nothing():
    officer, _resident, case, _arrangement = running_arrangement()
    client = officer_client(officer)
    response = repay(client, case, key="")
    assert response.status_code == 302
    (message,) = texts(response)
    assert "Laad de pagina opnieuw" in message
    assert Repayment.objects.count() == 0


def test_a_retry_of_the_last_repayment_says_already_booked_not_too_much():
    officer, _resident, case, _arrangement = running_arrangement(amount=10_000)
    balance = services.household_totals(case.household_id)["balance"]
    client = officer_client(officer)
    key = fresh_key(client, reverse("debts:case_detail", args=[case.pk]))
    euros = f"{balance // 100},{balance % 100:02d}"
    assert texts(repay(client, case, key, amount=euros)) == ["De aflossing is geboekt."]
    (message,) = texts(repay(client, case, key, amount=euros))
    assert message.startswith("Deze aflossing was al geboekt")
    assert services.household_totals(case.household_id)["balance"] == 0


def test_service_callers_need_a_bank_reference_or_a_key():
    officer, _resident, _case, arrangement = running_arrangement()
    with pytest.raises(services.ValidationError):
        services.record_repayment(as_actor(officer), arrangement, 100, DAY, "")
    booked = services.record_repayment(
        as_actor(officer), arrangement, 100, DAY, "", idempotency_key="api-key-0001"
    )
    again = services.record_repayment(
        as_actor(officer), arrangement, 100, DAY, "", idempotency_key="api-key-0001"
    )
    assert booked and not again and again.why == "retry"


def test_a_unique_constraint_caught_in_the_savepoint_is_already_booked(monkeypatch):
    """The path a concurrent request with the same bank reference takes: the pre-check
    saw nothing, the insert hits the unique constraint; answered, never a 500."""
    officer, _resident, _case, arrangement = running_arrangement()
    services.record_repayment(as_actor(officer), arrangement, 100, DAY, "REF-RACE")
    real_filter = Repayment.objects.filter

    class Blind:
        def exists(self) -> bool:
            return False

    def filter_(*args, **kwargs):
        return Blind() if kwargs.get("reference") == "REF-RACE" else real_filter(*args, **kwargs)

    monkeypatch.setattr(Repayment.objects, "filter", filter_)
    with transaction.atomic():
        result = services.record_repayment(
            as_actor(officer), arrangement, 100, DAY, "REF-RACE", idempotency_key="k-race-0001"
        )
        assert Repayment.objects.count() == 1  # the transaction is still usable
    assert not result and result.why == "reference"
    assert LedgerTransaction.objects.filter(kind="repayment").count() == 1


# --- the other money-moving actions ---------------------------------------------------------


def contribute(client, key, reference="Raadsbesluit 2025-41", amount="5.000,00"):
    return client.post(
        reverse("debts:fund_contribute"),
        {"amount": amount, "on": DAY.isoformat(), "reference": reference, "submission": key},
    )


def test_contributions_retry_once_and_two_under_one_council_decision_both_book():
    officer = UserFactory(role=Role.POLICY_OFFICER)
    client = officer_client(officer)
    fund = reverse("debts:fund")
    key = fresh_key(client, fund)
    assert texts(contribute(client, key)) == ["De inleg is geboekt."]
    (again,) = texts(contribute(client, key))
    assert again.startswith("Deze inleg was al geboekt")
    assert texts(contribute(client, fresh_key(client, fund))) == ["De inleg is geboekt."]
    assert services.account_balance(ledger.CASH) == 1_000_000
    assert MoneySubmission.objects.filter(reference="Raadsbesluit 2025-41").count() == 2
    assert balanced()


def test_paying_an_instruction_twice_pays_once():
    officer, _resident, case, _arrangement = running_arrangement()
    offer = Offer.objects.get(case=case)
    client = officer_client(officer)
    response = client.post(reverse("debts:instruction_paid", args=[offer.instruction.pk]))
    assert response.status_code == 302
    assert texts(response) == ["Deze betaling was al geboekt; er is niets dubbel betaald."]
    assert LedgerTransaction.objects.filter(kind="payment").count() == 1


def test_completing_the_takeover_again_is_already_done_not_a_server_error():
    officer, _resident, case, _arrangement = running_arrangement()
    client = officer_client(officer)
    response = client.post(reverse("debts:case_takeover", args=[case.pk]))
    assert response.status_code == 302
    (message,) = texts(response)
    assert "al afgerond" in message and "niets dubbel" in message
    assert LedgerTransaction.objects.filter(kind="takeover").count() == 1


def test_answering_an_offer_again_books_no_second_takeover():
    officer, _resident, case, _arrangement = running_arrangement()
    offer = Offer.objects.get(case=case)
    client = officer_client(officer)
    response = client.post(reverse("debts:offer_respond", args=[offer.pk]), {"decision": "accept"})
    assert response.status_code == 302
    (message,) = texts(response)
    assert "al vastgelegd" in message and "niets dubbel geboekt" in message
    assert LedgerTransaction.objects.filter(kind="takeover").count() == 1


# --- Hypothesis: any sequence of submissions and retries --------------------------------------

SUBMISSION = st.tuples(
    st.integers(min_value=1, max_value=500),  # amount in cents
    st.one_of(st.none(), st.sampled_from(["B-1", "B-2", "B-3"])),  # bank reference
    st.booleans(),  # a contribution instead of a repayment
)


def test_any_sequence_of_submissions_and_retries_books_each_key_once():
    officer, _resident, case, arrangement = running_arrangement(amount=200_000)
    actor = as_actor(officer)
    policy_actor = as_actor(UserFactory(role=Role.POLICY_OFFICER))

    @settings(max_examples=25, deadline=None)
    @given(
        payloads=st.lists(SUBMISSION, min_size=1, max_size=6),
        order=st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=15),
    )
    def check(payloads, order):
        with transaction.atomic():
            before = services.household_totals(case.household_id)
            cash_before = services.account_balance(ledger.CASH)
            seen: set[int] = set()
            refs: set[str] = set()
            expected_repaid = expected_cash = 0
            for n in order:
                i = n % len(payloads)
                amount, reference, is_contribution = payloads[i]
                key = f"hypothesis-key-{i}"
                if is_contribution:
                    result = services.contribute(
                        policy_actor, amount, DAY, "besluit", idempotency_key=key
                    )
                    should = i not in seen
                    expected_cash += amount if should else 0
                else:
                    result = services.record_repayment(
                        actor, arrangement, amount, DAY, reference or "", idempotency_key=key
                    )
                    should = i not in seen and (reference is None or reference not in refs)
                    if should and reference:
                        refs.add(reference)
                    expected_repaid += amount if should else 0
                    expected_cash += amount if should else 0  # a repayment comes in as cash
                assert bool(result) == should, (i, result)
                if i in seen:
                    assert result.why == "retry"
                seen.add(i)
            after = services.household_totals(case.household_id)
            assert after["repaid"] - before["repaid"] == expected_repaid
            assert after["balance"] == after["taken_over"] - after["repaid"] - after["forgiven"]
            assert services.account_balance(ledger.CASH) - cash_before == expected_cash
            assert balanced()
            keys = Counter(LedgerTransaction.objects.values_list("key", flat=True))
            assert max(keys.values()) == 1
            transaction.set_rollback(True)

    check()


# --- races: real connections on PostgreSQL --------------------------------------------------


CONCURRENT = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_repayment_requests_book_once():
    needs_postgres()
    officer, _resident, case, _arrangement = running_arrangement()
    key = fresh_key(officer_client(officer), reverse("debts:case_detail", args=[case.pk]))
    clients = [officer_client(officer) for _ in range(CONCURRENT)]

    responses, errors = race(CONCURRENT, lambda i: repay(clients[i], case, key))
    assert errors == []
    assert [r.status_code for r in responses] == [302] * CONCURRENT
    said = Counter(texts(r)[0].split(":")[0] for r in responses)
    assert said == {"De aflossing is geboekt.": 1, "Deze aflossing was al geboekt": 19}
    assert Repayment.objects.count() == 1
    assert repaid(case) == 10_000
    assert balanced()


@pytest.mark.django_db(transaction=True)
def test_concurrent_repayments_with_one_bank_reference_book_once_without_errors():
    """Different submissions (keys) and two arrangements, so neither the key nor the
    arrangement's lock serialises them: the bank reference's unique constraint decides."""
    needs_postgres()
    officer, _r1, case_a, _a = running_arrangement()
    _o2, _r2, case_b, _b = running_arrangement()
    clients = [officer_client(officer) for _ in range(CONCURRENT)]
    keys = [f"race-key-{i:04d}" for i in range(CONCURRENT)]

    def post(i: int):
        case = case_a if i % 2 else case_b
        return repay(clients[i], case, keys[i], reference="BANK-RACE-1")

    responses, errors = race(CONCURRENT, post)
    assert errors == []
    assert [r.status_code for r in responses] == [302] * CONCURRENT
    said = Counter(texts(r)[0] for r in responses)
    assert said["De aflossing is geboekt."] == 1
    assert sum(v for k, v in said.items() if "bankkenmerk BANK-RACE-1" in k) == 19
    assert Repayment.objects.filter(reference="BANK-RACE-1").count() == 1
    assert LedgerTransaction.objects.filter(key="repayment:BANK-RACE-1").count() == 1
    assert balanced()


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_contributions_and_payments_book_once():
    needs_postgres()
    policy = UserFactory(role=Role.POLICY_OFFICER)
    key = fresh_key(officer_client(policy), reverse("debts:fund"))
    clients = [officer_client(policy) for _ in range(CONCURRENT)]
    responses, errors = race(CONCURRENT, lambda i: contribute(clients[i], key))
    assert errors == []
    assert [r.status_code for r in responses] == [302] * CONCURRENT
    assert LedgerTransaction.objects.filter(kind="contribution").count() == 1
    assert services.account_balance(ledger.CASH) == 500_000

    officer = debt_officer()
    resident = ResidentFactory(user=UserFactory(role=Role.RESIDENT))
    case = open_case_with_debts(officer, resident, [CreditorFactory()], [100_000])
    (offer,) = services.make_offers(as_actor(officer), case, DAY)
    services.respond(as_actor(officer), offer, accepted=True, on=DAY)
    offer.refresh_from_db()
    officers = [officer_client(officer) for _ in range(CONCURRENT)]
    url = reverse("debts:instruction_paid", args=[offer.instruction.pk])
    responses, errors = race(CONCURRENT, lambda i: officers[i].post(url))
    assert errors == []
    assert [r.status_code for r in responses] == [302] * CONCURRENT
    said = Counter(texts(r)[0] for r in responses)
    assert said == {
        "De betaling is geboekt.": 1,
        "Deze betaling was al geboekt; er is niets dubbel betaald.": 19,
    }
    assert LedgerTransaction.objects.filter(kind="payment").count() == 1
    assert balanced()
