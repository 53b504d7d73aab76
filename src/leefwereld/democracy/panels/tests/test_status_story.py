"""Issue 19, item 7: every public panel page tells one story about the panel's status.

The public page once showed "Aanmelden is gesloten" next to "Aanmelden kan tot en met
4 januari 2027". Now one function (public.status_story) says what the status means, and
the page shows the last day to sign up only while signing up is possible.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from leefwereld.democracy.panels import public, services
from leefwereld.democracy.panels.models import Panel

from .factories import PanelFactory, panel_with_quotas

pytestmark = [pytest.mark.django_db, pytest.mark.urls("leefwereld.democracy.panels.tests.urls")]

SIGN_UP_WORDS = ("Aanmelden kan tot en met", "Meld u hier aan")


def _page(client, panel: Panel) -> str:
    return client.get(reverse("panels:public", args=[panel.pk])).content.decode()


def _panel(status: str, deadline_in_days: int | None = 28) -> Panel:
    deadline = (
        None
        if deadline_in_days is None
        else timezone.localdate() + datetime.timedelta(days=deadline_in_days)
    )
    return panel_with_quotas(status=status, registration_deadline=deadline)


def test_recruiting_shows_open_the_deadline_and_the_link_to_sign_up(client):
    panel = _panel(Panel.Status.RECRUITING)
    page = _page(client, panel)
    assert "Aanmelden is open" in page
    assert "Aanmelden kan tot en met" in page
    assert reverse("panels:register", args=[panel.pk]) in page
    assert "gesloten" not in page


def test_recruiting_past_the_deadline_says_it_is_over_and_offers_no_sign_up(client):
    panel = _panel(Panel.Status.RECRUITING, deadline_in_days=-1)
    page = _page(client, panel)
    assert "Aanmelden is voorbij" in page
    assert "Aanmelden is open" not in page
    assert not any(words in page for words in SIGN_UP_WORDS)
    assert reverse("panels:register", args=[panel.pk]) not in page


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Panel.Status.CLOSED, "Aanmelden is gesloten"),
        (Panel.Status.PUBLISHED, "Loting bekendgemaakt"),
        (Panel.Status.DRAWN, "Panel getrokken"),
    ],
)
def test_after_recruitment_the_page_never_shows_a_sign_up_deadline_or_link(client, status, label):
    # The demo's case: closed early, while the planned deadline is still weeks away.
    panel = _panel(status, deadline_in_days=28)
    page = _page(client, panel)
    assert label in page
    assert "kan niet meer" in page
    assert not any(words in page for words in SIGN_UP_WORDS)
    assert reverse("panels:register", args=[panel.pk]) not in page


def test_the_sign_up_page_of_a_closed_panel_tells_the_same_story(client):
    panel = _panel(Panel.Status.CLOSED)
    page = client.get(reverse("panels:register", args=[panel.pk])).content.decode()
    assert "Aanmelden is gesloten" in page
    assert "Aanmelden kan tot en met" not in page


def test_the_story_is_told_in_english_too(client):
    panel = _panel(Panel.Status.CLOSED)
    client.post(reverse("set_language"), {"language": "en"})
    page = _page(client, panel)
    assert "Registration is closed" in page
    assert "The pool is fixed" in page


@given(
    status=st.sampled_from(list(Panel.Status)),
    deadline=st.one_of(st.none(), st.integers(-30, 30)),
    today=st.integers(-30, 30),
)
def test_the_story_offers_sign_up_exactly_when_the_service_accepts_it(status, deadline, today):
    base = datetime.date(2027, 1, 4)
    panel = PanelFactory.build(
        status=status,
        registration_deadline=None if deadline is None else base + datetime.timedelta(deadline),
    )
    day = base + datetime.timedelta(today)
    story = public.status_story(panel, day)
    assert story.can_register == services.registration_open(panel, day)
    # A deadline is shown only next to the possibility to sign up.
    assert story.deadline is None or story.can_register
