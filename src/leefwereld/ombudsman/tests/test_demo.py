"""The demo complaints follow the same rules as the services."""

from __future__ import annotations

import datetime

import pytest

from leefwereld.demo.build import write_demo_accounts, write_organisations, write_population
from leefwereld.demo.population import SCALES, build_population
from leefwereld.ombudsman import demo
from leefwereld.ombudsman.models import Complaint, ComplaintEvent, PolicySignal
from leefwereld.ombudsman.transitions import TABLE, Event, State
from leefwereld.rules.deadlines import klacht_deadline

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def built():
    population = build_population(SCALES["small"], seed=3, today=TODAY)
    write_population(population, TODAY)
    write_organisations(SCALES["small"], 3)
    write_demo_accounts(population)
    return demo.add_demo_data(3, TODAY)


def test_demo_complaints_keep_the_awb_deadline_and_the_transition_table(built):
    assert built["complaints"] == Complaint.objects.count() >= 12
    for complaint in Complaint.objects.all():
        assert complaint.deadline == klacht_deadline(complaint.received_on)
        steps = list(complaint.events.order_by("at", "pk"))
        assert steps[0].kind == "filed"
        state = State.RECEIVED
        for step in steps[1:]:
            if step.kind in {e.value for e in Event}:
                state = TABLE[(state, Event(step.kind))]
            elif step.kind == "pillar_to_post":
                state = TABLE[(state, Event.HAND_OFF)]
            assert step.to_state == state.value
        assert complaint.state == state.value
        assert (complaint.resident_id is None) == hasattr(complaint, "contact")


def test_demo_signals_count_what_they_link(built):
    assert built["complaint_events"] == ComplaintEvent.objects.count()
    for signal in PolicySignal.objects.all():
        assert signal.title.startswith(f"{signal.complaints.count()} klachten")
