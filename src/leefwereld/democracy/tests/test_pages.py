"""The pages: who may open them, what they show, and list pages at a constant query count."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import ResidentFactory, UserFactory, as_actor, log_in
from leefwereld.democracy import services
from leefwereld.democracy.authorisation import MANAGER_ROLES
from leefwereld.democracy.models import (
    Ballot,
    BudgetRound,
    Phase,
    ReviewStatus,
    RoundCategory,
    VoterRegisterEntry,
)

from .factories import (
    BlockingRuleFactory,
    BudgetRoundFactory,
    ChallengeFactory,
    HardshipDecisionFactory,
    InitiativeFactory,
    ProjectFactory,
    voter_in,
)

pytestmark = pytest.mark.django_db

PUBLIC = [
    "democracy:index",
    "democracy:round_list",
    "democracy:initiative_list",
    "democracy:rule_list",
    "democracy:challenge_list",
    "democracy:vote_with_code",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.mark.parametrize("name", PUBLIC)
def test_the_public_pages_open_without_login(client, name):
    BudgetRoundFactory()
    InitiativeFactory()
    BlockingRuleFactory()
    ChallengeFactory()
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="nl"' in response.content.decode()


def test_a_draft_or_analysis_round_is_not_public(client):
    draft = BudgetRoundFactory(phase=Phase.DRAFT)
    analysis = BudgetRoundFactory(phase=Phase.RESULT, is_analysis=True)
    for round_ in (draft, analysis):
        assert client.get(reverse("democracy:round_detail", args=[round_.pk])).status_code == 404
    log_in(client, UserFactory(role=Role.POLICY_OFFICER))
    for round_ in (draft, analysis):
        assert client.get(reverse("democracy:round_detail", args=[round_.pk])).status_code == 200


STAFF_PAGES = [
    ("democracy:manage", []),
    ("democracy:round_create", []),
    ("democracy:round_import", []),
]


@pytest.mark.parametrize("name,args", STAFF_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_only_the_managers_run_rounds(client, name, args, role):
    """Policy officers and administrators (authorisation.MANAGER_ROLES), as for panels."""
    log_in(client, UserFactory(role=role, is_staff=role == Role.ADMINISTRATOR))
    status = client.get(reverse(name, args=args)).status_code
    assert status == (200 if role in MANAGER_ROLES else 403)


def test_staff_pages_send_anonymous_visitors_to_the_login(client):
    round_ = BudgetRoundFactory()
    project = ProjectFactory(round=round_)
    for name, args in [
        ("democracy:manage", []),
        ("democracy:round_manage", [round_.pk]),
        ("democracy:voting_codes", [round_.pk]),
        ("democracy:project_review", [project.pk]),
        ("democracy:council", []),
        ("democracy:vote", [round_.pk]),
        ("democracy:propose", [round_.pk]),
        ("democracy:rule_report", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_a_resident_proposes_through_the_form_and_sees_the_idea(client):
    round_ = BudgetRoundFactory()
    RoundCategory.objects.create(round=round_, name="Groen")
    user = voter_in(round_)
    log_in(client, user)
    response = client.post(
        reverse("democracy:propose", args=[round_.pk]),
        {"title": "Geveltuintjes", "description": "Tegels eruit, planten erin.", "cost": "1200"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Geveltuintjes" in response.content.decode()
    assert round_.projects.get().proposed_by == user


def test_the_proposal_form_names_the_field_that_is_wrong(client):
    round_ = BudgetRoundFactory()
    log_in(client, voter_in(round_))
    response = client.post(
        reverse("democracy:propose", args=[round_.pk]),
        {"title": "", "description": "x", "cost": "-1"},
    )
    page = response.content.decode()
    assert 'id="id_title-fout"' in page
    assert 'aria-invalid="true"' in page
    assert not round_.projects.exists()


def test_a_resident_votes_and_changes_the_vote_through_the_page(client):
    round_ = BudgetRoundFactory(voting=True)
    first, second = ProjectFactory.create_batch(2, round=round_)
    user = voter_in(round_)
    log_in(client, user)
    url = reverse("democracy:vote", args=[round_.pk])
    page = client.post(url, {"projects": [first.pk]}, follow=True).content.decode()
    assert "Uw stem is opgeslagen" in page
    page = client.post(url, {"projects": [second.pk]}, follow=True).content.decode()
    assert "Uw stem is gewijzigd" in page
    assert list(Ballot.objects.values_list("choices", flat=True)) == [[second.pk]]


def test_voting_with_a_code_on_the_public_page_works_once(client):
    round_ = BudgetRoundFactory(voting=True)
    project = ProjectFactory(round=round_)
    resident = ResidentFactory(
        household__address__neighbourhood=round_.districts.get().neighbourhood
    )
    [(_r, code)] = services.issue_voting_codes(
        as_actor(UserFactory(role=Role.POLICY_OFFICER)),
        round_,
        residents=[resident],
    )
    url = reverse("democracy:vote_with_code")
    step1 = client.post(url, {"step": "code", "code": code}).content.decode()
    assert project.title in step1
    done = client.post(url, {"step": "ballot", "code": code, "projects": [project.pk]})
    assert "Bedankt voor uw stem" in done.content.decode()
    again = client.post(url, {"step": "code", "code": code}).content.decode()
    assert "al gebruikt" in again
    assert VoterRegisterEntry.objects.get().channel == "code"


def test_guessing_codes_is_stopped_after_ten_wrong_tries(client):
    url = reverse("democracy:vote_with_code")
    for _ in range(10):
        client.post(url, {"step": "code", "code": "AAAA-BBBB-CCCC"})
    page = client.post(url, {"step": "code", "code": "AAAA-BBBB-CCCC"}).content.decode()
    assert "te veel verkeerde codes" in page


@pytest.mark.parametrize("fmt,content_type", [("pdf", "application/pdf"), ("csv", "text/csv")])
def test_a_policy_officer_downloads_printable_codes_once(client, fmt, content_type):
    round_ = BudgetRoundFactory(review=True)
    ResidentFactory(household__address__neighbourhood=round_.districts.get().neighbourhood)
    log_in(client, UserFactory(role=Role.POLICY_OFFICER))
    response = client.post(
        reverse("democracy:voting_codes", args=[round_.pk]), {"scope": "offline", "format": fmt}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Cache-Control"] == "no-store"
    if fmt == "csv":
        body = response.content.decode()
        assert "stemcode" in body
        code = body.strip().splitlines()[1].split(";")[-1]
        assert services.code_hash(code) in round_.codes.values_list("code_hash", flat=True)
    else:
        assert response.content.startswith(b"%PDF")


def test_residents_may_not_download_codes(client):
    round_ = BudgetRoundFactory(review=True)
    log_in(client, UserFactory(role=Role.RESIDENT))
    assert (
        client.post(
            reverse("democracy:voting_codes", args=[round_.pk]),
            {"scope": "offline", "format": "csv"},
        ).status_code
        == 403
    )


def test_the_officer_walks_a_round_through_its_phases_on_the_manage_page(client):
    officer = UserFactory(role=Role.POLICY_OFFICER)
    log_in(client, officer)
    round_ = BudgetRoundFactory(phase=Phase.DRAFT)
    url = reverse("democracy:round_transition", args=[round_.pk])
    client.post(url, {"to": "proposals"})
    ProjectFactory(round=round_, review_status=ReviewStatus.PENDING)
    client.post(url, {"to": "review"})
    project = round_.projects.get()
    client.post(
        reverse("democracy:project_review", args=[project.pk]),
        {"decision": "feasible", "reason": "", "cost": project.cost},
    )
    client.post(url, {"to": "voting"})
    response = client.post(url, {"to": "result"}, follow=True)
    assert "Uitslag" in response.content.decode()
    assert BudgetRound.objects.get(pk=round_.pk).phase == Phase.RESULT


def test_a_refused_transition_shows_why(client):
    log_in(client, UserFactory(role=Role.POLICY_OFFICER))
    round_ = BudgetRoundFactory(review=True)
    ProjectFactory(round=round_, review_status=ReviewStatus.PENDING)
    page = client.post(
        reverse("democracy:round_transition", args=[round_.pk]), {"to": "voting"}, follow=True
    ).content.decode()
    assert "wachten op de toets" in page


def test_the_export_is_for_officers_council_and_administrators(client):
    round_ = BudgetRoundFactory(voting=True)
    ProjectFactory(round=round_)
    services.close_voting(None, round_)
    url = reverse("democracy:round_export", args=[round_.pk])
    assert client.get(url).status_code == 302
    log_in(client, UserFactory(role=Role.RESIDENT))
    assert client.get(url).status_code == 403
    client.logout()
    log_in(client, UserFactory(role=Role.COUNCIL_MEMBER))
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().startswith("META")


def test_the_english_interface_translates_the_democracy_pages(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("democracy:round_list")).content.decode()
    assert "Neighbourhood budget" in page


# --- constant query counts on list pages --------------------------------------------------


def _fill(n):
    for _ in range(n):
        round_ = BudgetRoundFactory()
        ProjectFactory.create_batch(2, round=round_)
        initiative = InitiativeFactory()
        rule = BlockingRuleFactory(initiative=initiative)
        # Hardship decisions under the rule: the council page counts them per rule.
        HardshipDecisionFactory.create_batch(2, rule=rule)
        ChallengeFactory()


@pytest.mark.parametrize(
    "name,role",
    [
        ("democracy:index", None),
        ("democracy:round_list", None),
        ("democracy:initiative_list", None),
        ("democracy:rule_list", Role.RESIDENT),
        ("democracy:challenge_list", None),
        ("democracy:council", Role.COUNCIL_MEMBER),
        ("democracy:manage", Role.POLICY_OFFICER),
    ],
)
def test_list_pages_cost_the_same_queries_for_few_or_many_rows(
    client, django_assert_max_num_queries, name, role
):
    if role is not None:
        log_in(client, UserFactory(role=role))
    _fill(2)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(name)).status_code == 200
    _fill(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(name))


def test_the_round_page_and_the_result_cost_the_same_queries_for_few_or_many_projects(
    client, django_assert_max_num_queries
):
    def round_with(n):
        round_ = BudgetRoundFactory(voting=True, budget=100_000)
        category = RoundCategory.objects.create(round=round_, name="Groen")
        projects = ProjectFactory.create_batch(n, round=round_)
        for p in projects:
            p.categories.add(category)
        services.cast_ballot(as_actor(voter_in(round_)), round_, choices=[p.pk for p in projects])
        services.close_voting(None, round_)
        return round_

    small, large = round_with(2), round_with(15)
    for name in ("democracy:round_detail", "democracy:round_result"):
        with django_assert_max_num_queries(20) as few:
            client.get(reverse(name, args=[small.pk]))
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse(name, args=[large.pk]))


def test_an_officer_imports_a_pabulib_file_and_sees_its_result(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    BudgetRoundFactory()  # the municipality
    log_in(client, UserFactory(role=Role.POLICY_OFFICER))
    text = (
        "META\nkey;value\ndescription;Proef\nbudget;1000\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost;name\n1;600;Speeltuin\n2;500;Bankjes\n"
        "VOTES\nvoter_id;vote\n1;1\n2;1,2\n3;2\n"
    )
    response = client.post(
        reverse("democracy:round_import"),
        {
            "file": SimpleUploadedFile("proef.pb", text.encode()),
            "title": "",
            "rule": "mes",
            "completion": "add1",
            "utility": "cost",
            "tie_breaking": "id",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Uitslag Proef" in page
    assert "analyse van een ingelezen pabulib-bestand" in page
    round_ = BudgetRound.objects.get(is_analysis=True)
    # Analysis rounds are not public.
    client.logout()
    assert client.get(reverse("democracy:round_result", args=[round_.pk])).status_code == 404


def test_a_broken_pabulib_upload_names_the_problem(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    BudgetRoundFactory()
    log_in(client, UserFactory(role=Role.POLICY_OFFICER))
    response = client.post(
        reverse("democracy:round_import"),
        {
            "file": SimpleUploadedFile("kapot.pb", b"META\nkey;value\nbudget;10\n"),
            "rule": "mes",
            "completion": "add1",
            "utility": "cost",
            "tie_breaking": "id",
        },
    )
    assert "Het bestand klopt niet" in response.content.decode()
    assert not BudgetRound.objects.filter(is_analysis=True).exists()


def test_a_replacement_code_for_one_resident_by_bsn(client):
    round_ = BudgetRoundFactory(voting=True)
    ProjectFactory(round=round_)
    resident = ResidentFactory(
        household__address__neighbourhood=round_.districts.get().neighbourhood
    )
    log_in(client, UserFactory(role=Role.POLICY_OFFICER))
    url = reverse("democracy:voting_codes", args=[round_.pk])
    for _ in range(2):
        response = client.post(url, {"scope": "one", "bsn": resident.bsn, "format": "csv"})
        assert response.status_code == 200
    assert round_.codes.filter(revoked_at__isnull=True).count() == 1
    assert round_.codes.count() == 2
    page = client.post(url, {"scope": "one", "bsn": "111222333", "format": "csv"}).content.decode()
    assert "Er is geen inwoner met dit BSN" in page
