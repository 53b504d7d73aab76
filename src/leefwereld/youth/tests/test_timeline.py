"""Youth decisions and objections in the household timeline: who sees what, what is said to
be hidden, and a query count that does not grow with the number of items."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leefwereld.core.tests.factories import as_actor
from leefwereld.objections import registry
from leefwereld.objections import services as objections
from leefwereld.objections import timeline as objection_timeline
from leefwereld.vault.tests.factories import worker
from leefwereld.youth import timeline

from .factories import town
from .test_youth import referral

pytestmark = pytest.mark.django_db


def test_the_parent_sees_the_childs_decision_and_a_stranger_team_sees_it_hidden():
    t = town(14)
    decision = referral(t).decision
    part = timeline.timeline(as_actor(t["mother"].user), t["child"].household_id)
    assert [i.member_id for i in part.items] == [t["child"].pk]
    assert part.items[0].url == f"/jeugd/besluit/{decision.pk}/"
    outsider = worker()
    hidden = timeline.timeline(as_actor(outsider), t["child"].household_id)
    assert hidden.items == [] and hidden.hidden


def test_a_16_year_olds_decision_is_hidden_from_the_parent():
    t = town(16)
    referral(t)
    part = timeline.timeline(as_actor(t["mother"].user), t["child"].household_id)
    assert part.items == []
    assert "16" in part.hidden[0]


def test_the_timeline_takes_the_same_queries_for_one_or_ten_decisions_and_objections():
    t = town(14)
    actor = as_actor(t["mother"].user)
    household = t["child"].household_id

    def add():
        decision = referral(t).decision
        target = registry.find(actor, f"youth.decision:{decision.pk}")
        objections.file(actor, target, grounds="Te weinig.")

    add()
    for source in (timeline.timeline, objection_timeline.timeline):
        source(as_actor(t["mother"].user), household)
    with CaptureQueriesContext(connection) as one:
        timeline.timeline(as_actor(t["mother"].user), household)
        objection_timeline.timeline(as_actor(t["mother"].user), household)
    for _ in range(9):
        add()
    with CaptureQueriesContext(connection) as ten:
        y = timeline.timeline(as_actor(t["mother"].user), household)
        o = objection_timeline.timeline(as_actor(t["mother"].user), household)
    assert (len(y.items), len(o.items)) == (10, 10)
    assert len(ten) == len(one)
