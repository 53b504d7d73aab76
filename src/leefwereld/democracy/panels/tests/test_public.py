"""The public page and the API: quotas, pool, probabilities, the lottery; never a name."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import UserFactory
from leefwereld.democracy.panels.models import Draw, Panel, SelectionRun, Volunteer

from .factories import add_pool, panel_with_quotas

pytestmark = [pytest.mark.django_db, pytest.mark.urls("leefwereld.democracy.panels.tests.urls")]


@pytest.fixture
def drawn_panel():
    """A panel drawn in public, built directly (the draw itself is tested in test_draw.py)."""
    officer = UserFactory(role=Role.POLICY_OFFICER)
    panel = panel_with_quotas(status=Panel.Status.DRAWN)
    people = add_pool(panel, 30)
    run = SelectionRun.objects.create(
        panel=panel,
        method="leximin",
        size=20,
        input_digest="0" * 64,
        created_by=officer,
        status=SelectionRun.Status.DONE,
        probabilities={v.public_id: 2 / 3 for v in people},
        min_probability=2 / 3,
        max_probability_found=2 / 3,
        lottery_text='{"panels": []}',
        lottery_hash="ab" * 32,
        lottery_panels=1000,
    )
    Panel.objects.filter(pk=panel.pk).update(published_run=run, hash_published_at=timezone.now())
    selected = [v.public_id for v in people[:20]]
    Volunteer.objects.filter(public_id__in=selected).update(status=Volunteer.Status.SELECTED)
    Draw.objects.create(
        panel=panel,
        kind=Draw.Kind.PANEL,
        lottery_hash="ab" * 32,
        lottery_panels=1000,
        published_at=timezone.now(),
        seed="17,4,33",
        first_official=officer,
        second_official=UserFactory(role=Role.POLICY_OFFICER),
        confirmed_at=timezone.now(),
        selected=selected,
        detail={"ticket": 7},
    )
    panel.refresh_from_db()
    return panel, people


def test_the_public_page_shows_quotas_pool_probabilities_hash_seed_and_result_but_no_names(
    client, drawn_panel
):
    panel, people = drawn_panel
    page = client.get(reverse("panels:public", args=[panel.pk])).content.decode()
    assert "Geslacht" in page and "Jonger dan 40" in page
    assert "ab" * 32 in page
    assert "17,4,33" in page
    assert all(v.public_id in page for v in people)
    assert "sortition verify" in page
    for volunteer in people:
        assert volunteer.name not in page
        assert volunteer.email not in page
    assert "Kerkstraat" not in page.replace("kerkstraat", "")  # no addresses either


def test_the_lottery_file_is_downloadable_exactly_as_published(client, drawn_panel):
    panel, _people = drawn_panel
    response = client.get(reverse("panels:lottery_file", args=[panel.pk]))
    assert response.content == b'{"panels": []}'
    assert "attachment" in response["Content-Disposition"]


def test_a_panel_in_preparation_is_not_public(client):
    panel = panel_with_quotas()
    assert client.get(reverse("panels:public", args=[panel.pk])).status_code == 404
    assert client.get(f"/api/v1/panels/{panel.pk}/").status_code == 404
    assert panel.title not in client.get(reverse("panels:list")).content.decode()


def test_the_api_gives_the_same_public_data_without_login(client, drawn_panel):
    panel, people = drawn_panel
    listing = client.get("/api/v1/panels/").json()
    assert [p["id"] for p in listing["results"]] == [panel.pk]
    data = client.get(f"/api/v1/panels/{panel.pk}/").json()
    assert data["lottery"]["sha256"] == "ab" * 32
    assert data["lottery"]["panels"] == 1000
    assert len(data["probabilities"]) == 30
    assert data["draws"][0]["seed"] == "17,4,33"
    assert data["draws"][0]["ticket"] == 7
    assert "verify" in data["draws"][0]["verification_command"]
    assert sorted(data["members"]) == sorted(v.public_id for v in people[:20])
    gender = next(c for c in data["categories"] if c["key"] == "geslacht")
    assert sum(q["in_pool"] for q in gender["quotas"]) == 30
    assert sum(q["on_panel"] for q in gender["quotas"]) == 20
    text = str(data)
    assert not any(v.name in text or v.email in text for v in people)


def test_the_api_list_costs_the_same_queries_for_few_or_many_panels(
    client, django_assert_max_num_queries
):
    panel_with_quotas(status=Panel.Status.RECRUITING)
    with django_assert_max_num_queries(5) as few:
        client.get("/api/v1/panels/")
    for _ in range(5):
        panel_with_quotas(status=Panel.Status.RECRUITING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/panels/")


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/panels/{id}/" in schema
    assert "verification_command" in schema


def test_the_public_page_is_available_in_english(client, drawn_panel):
    panel, _people = drawn_panel
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("panels:public", args=[panel.pk])).content.decode()
    assert "How the lottery works" in page
    assert "This is how you repeat this draw yourself" in page
