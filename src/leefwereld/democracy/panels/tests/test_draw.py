"""The transparent draw: hash first, two officials, reproducible, replacements within quotas."""

import json
import shlex
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from leefwereld.algorithms.sortition.model import panel_violations
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import (
    NeighbourhoodFactory,
    ResidentFactory,
    UserFactory,
    as_actor,
)
from leefwereld.democracy.panels import selection, services, worker
from leefwereld.democracy.panels.models import Draw, Invitation, Panel, SelectionRun, Volunteer

from .factories import add_pool, panel_with_quotas

pytestmark = pytest.mark.django_db


@pytest.fixture
def officials():
    return UserFactory(role=Role.POLICY_OFFICER), UserFactory(role=Role.ADMINISTRATOR)


@pytest.fixture
def published(officials):
    """A closed panel of 20 from a pool of 40 (four pairs of housemates), computed and published."""
    first, _second = officials
    panel = panel_with_quotas(status=Panel.Status.CLOSED)
    add_pool(panel, 40, housemates=4)
    run = services.start_selection(as_actor(first), panel)
    assert worker.execute_selection(run.pk) == SelectionRun.Status.DONE
    return services.publish_lottery(as_actor(first), panel)


def draw_with(panel, officials, numbers="17 4 33 8 21"):
    first, second = officials
    assert not services.enter_seed(as_actor(first), panel, numbers).confirmed
    return services.enter_seed(as_actor(second), panel, numbers).draw


def verify(tmp_path, command: str, lottery_text: str) -> dict:
    """Run the published verification command, with the published file next to it."""
    args = shlex.split(command)
    assert args[:3] == ["leefwereld", "sortition", "verify"]
    filename = args[args.index("--lottery") + 1]
    (tmp_path / filename).write_text(lottery_text, encoding="utf-8")
    args[args.index("--lottery") + 1] = str(tmp_path / filename)
    out = StringIO()
    # "--" hands everything after it to the kernel's own parser, as the shell command does.
    call_command("sortition", "--", *args[2:], "--json", stdout=out)
    return json.loads(out.getvalue())


def current_panel_is_valid(panel) -> list[str]:
    run = panel.published_run
    problem = selection.build_problem(run.quota_snapshot, run.pool_snapshot, run.size)
    index = {pid: i for i, pid in enumerate(problem.ids)}
    members = Volunteer.objects.filter(panel=panel, status=Volunteer.Status.SELECTED)
    return panel_violations(problem, [index[v.public_id] for v in members])


def test_the_hash_is_published_before_anyone_enters_numbers(published, client):
    run = published.published_run
    (draw,) = Draw.objects.filter(panel=published)
    assert draw.lottery_hash == run.lottery_hash and draw.published_at is not None
    assert draw.confirmed_at is None and draw.selected == []
    page = client.get(reverse("panels:public", args=[published.pk])).content.decode()
    assert run.lottery_hash in page
    # The file anyone downloads is the one whose panels hash to the published value.
    downloaded = client.get(reverse("panels:lottery_file", args=[published.pk])).content
    assert json.loads(downloaded)["sha256"] == run.lottery_hash
    assert json.loads(downloaded)["count"] == selection.LOTTERY_SIZE


def test_nothing_can_be_drawn_before_publication(officials):
    panel = panel_with_quotas(status=Panel.Status.CLOSED)
    with pytest.raises(ValidationError, match="niets te trekken"):
        services.enter_seed(as_actor(officials[0]), panel, "1 2 3")


def test_two_different_officials_must_enter_the_same_numbers(published, officials):
    first, second = officials
    assert not services.enter_seed(as_actor(first), published, "17 4 33 8 21").confirmed
    with pytest.raises(ValidationError, match="al ingevoerd"):
        services.enter_seed(as_actor(first), published, "17 4 33 8 21")
    assert services.enter_seed(as_actor(second), published, "17 4 33 8 12").mismatch
    # A mismatch clears the first entry: both enter the numbers again.
    assert not services.enter_seed(as_actor(second), published, "17, 4, 33, 8, 21").confirmed
    draw = services.enter_seed(as_actor(first), published, "17;4;33;8;21").draw
    assert draw.seed == "17,4,33,8,21"
    assert draw.first_official == second and draw.second_official == first
    published.refresh_from_db()
    assert published.status == Panel.Status.DRAWN
    assert len(draw.selected) == 20
    assert set(draw.selected) == set(
        Volunteer.objects.filter(status=Volunteer.Status.SELECTED).values_list(
            "public_id", flat=True
        )
    )
    assert current_panel_is_valid(published) == []


def test_at_least_three_numbers_are_needed(published, officials):
    with pytest.raises(ValidationError, match="minstens 3 getallen"):
        services.enter_seed(as_actor(officials[0]), published, "17 4")


def test_the_draw_is_reproducible_from_the_seed_with_the_published_command(
    published, officials, client, tmp_path
):
    draw = draw_with(published, officials)
    page = client.get(reverse("panels:public", args=[published.pk])).content.decode()
    (line,) = public_summary_draws(published)
    assert line.command in page.replace("&quot;", '"')
    assert "--seed 17,4,33,8,21" in line.command
    assert f"--expected-hash {draw.lottery_hash}" in line.command
    lottery = client.get(reverse("panels:lottery_file", args=[published.pk])).content.decode()
    result = verify(tmp_path, line.command, lottery)
    assert result["hash_ok"] is True
    assert result["panel"] == draw.selected
    assert result["ticket"] == draw.detail["ticket"]


def public_summary_draws(panel):
    from leefwereld.democracy.panels.public import summary

    return summary(Panel.objects.get(pk=panel.pk)).draws


def test_the_letters_no_longer_point_at_residents_after_the_draw(published, officials):
    Invitation.objects.create(
        panel=published,
        resident=ResidentFactory(),
        neighbourhood=NeighbourhoodFactory(),
        code_hash="x" * 64,
    )
    draw_with(published, officials)
    assert Invitation.objects.get().resident is None


def test_a_replacement_keeps_the_panel_within_the_quotas(published, officials, tmp_path, client):
    first, second = officials
    draw_with(published, officials)
    leaving = Volunteer.objects.filter(status=Volunteer.Status.SELECTED).order_by("public_id")[:2]
    for volunteer in leaving:
        services.report_dropout(as_actor(first), volunteer)
    gone = {v.public_id for v in leaving}

    round_one = services.prepare_replacements(as_actor(first), published)
    assert round_one.round == 1 and sorted(round_one.replaced) == sorted(gone)
    assert len(round_one.lottery_hash) == 64
    assert (
        round_one.lottery_hash
        in client.get(reverse("panels:public", args=[published.pk])).content.decode()
    )
    services.enter_seed(as_actor(second), published, "5 9 1")
    round_one = services.enter_seed(as_actor(first), published, "5 9 1").draw
    assert len(round_one.selected) == 2 and not set(round_one.selected) & gone
    assert Volunteer.objects.filter(status=Volunteer.Status.SELECTED).count() == 20
    assert current_panel_is_valid(published) == []

    # The replacement draw is reproducible with its own published lottery.
    (_panel_line, line) = public_summary_draws(published)
    text = client.get(reverse("panels:replacement_file", args=[published.pk, 1])).content.decode()
    assert verify(tmp_path, line.command, text)["panel"] == round_one.selected


def test_someone_who_dropped_out_is_never_drawn_again(published, officials):
    first, second = officials
    draw_with(published, officials)
    earlier = Volunteer.objects.filter(status=Volunteer.Status.SELECTED).order_by("public_id")[0]
    services.report_dropout(as_actor(first), earlier)
    services.prepare_replacements(as_actor(first), published)
    draw_with(published, officials, "1 1 1")
    later = Volunteer.objects.filter(status=Volunteer.Status.SELECTED).order_by("-public_id")[0]
    services.report_dropout(as_actor(first), later)
    round_two = services.prepare_replacements(as_actor(second), published)
    candidates = json.loads(round_two.lottery_text)["probabilities"]
    assert earlier.public_id not in candidates and later.public_id not in candidates
    assert round_two.replaced == [later.public_id]
    draw_with(published, officials, "2 2 2")
    assert current_panel_is_valid(published) == []


def test_replacements_need_a_drawn_panel_and_a_dropout(published, officials):
    with pytest.raises(ValidationError, match="pas na de trekking"):
        services.prepare_replacements(as_actor(officials[0]), published)
    draw_with(published, officials)
    with pytest.raises(ValidationError, match="Niemand heeft zich afgemeld"):
        services.prepare_replacements(as_actor(officials[0]), published)


def test_the_draw_page_takes_the_numbers_of_two_officials(published, officials, client):
    first, second = officials
    url = reverse("panels:draw", args=[published.pk])
    client.force_login(first)
    client.post(url, {"numbers": "3 14 15"})
    client.force_login(second)
    response = client.post(url, {"numbers": "3 14 16"}, follow=True)
    assert "anders dan die van de eerste ambtenaar" in response.content.decode()
    client.force_login(first)
    response = client.post(url, {"numbers": "3 14 15"}, follow=True)
    assert "Nu voert een tweede ambtenaar dezelfde getallen in" in response.content.decode()
    client.force_login(second)
    response = client.post(url, {"numbers": "3 14 15"}, follow=True)
    assert "De trekking is gedaan" in response.content.decode()
    assert "sortition verify" in response.content.decode()
