"""The vault's sample paths for the authorisation matrix (tests/test_authorisation_matrix.py).

`build(world)` returns, per URL name or API operation of `vault/authorisation.py`, the
concrete path to open and the text whose presence means "the resident's data is shown".
The world already holds a record, an access request, a grant to another organisation and
an invitation about `world.subject`, each carrying `world.marker`.
"""

from __future__ import annotations

from typing import Any

from leefwereld.core.roles import Role


def build(world: Any) -> dict[Any, Any]:
    marker = world.marker
    content = f"inhoud-{marker}"
    purpose = f"doel-{marker}"
    reason = f"reden-{marker}"
    invited = f"uitgenodigd-{marker}"
    subject = world.subject.pk
    record = world.record.pk

    def network(response, world, since) -> bool:
        name = world.actors[Role.NETWORK_MEMBER.value].display_name
        return name in response.content.decode(errors="ignore")

    v = "/api/v1/vault"
    some = world.witness_grant.pk
    writes = _objects_to_write_on(world)
    return {
        # the API's writes on one object (the matrix checks that other roles are refused)
        (f"{v}/access-requests/{{id}}/approve/", "post"): (
            f"{v}/access-requests/{world.request.pk}/approve/"
        ),
        (f"{v}/access-requests/{{id}}/decline/", "post"): (
            f"{v}/access-requests/{world.request.pk}/decline/"
        ),
        (f"{v}/break-glass/{{id}}/review/", "post"): (
            f"{v}/break-glass/{writes['break_glass']}/review/"
        ),
        (f"{v}/invitations/{{id}}/withdraw/", "post"): (
            f"{v}/invitations/{writes['invitation']}/withdraw/"
        ),
        (f"{v}/legal-bases/{{id}}/end/", "post"): f"{v}/legal-bases/{writes['legal_basis']}/end/",
        (f"{v}/network-members/{{id}}/end/", "post"): (
            f"{v}/network-members/{writes['network']}/end/"
        ),
        # the resident's own pages
        "vault:overview": ("/mijn-gegevens/", content),
        "vault:record_create": "/mijn-gegevens/gegevens/nieuw/",
        "vault:record_detail": (f"/mijn-gegevens/gegevens/{record}/", content),
        "vault:record_erase": f"/mijn-gegevens/gegevens/{record}/verwijderen/",
        "vault:access": ("/mijn-gegevens/toegang/", purpose),
        "vault:grant_create": "/mijn-gegevens/toegang/nieuw/",
        "vault:grant_revoke": f"/mijn-gegevens/toegang/{world.witness_grant.pk}/intrekken/",
        "vault:request_decide": (f"/mijn-gegevens/verzoeken/{world.request.pk}/", purpose),
        "vault:log": "/mijn-gegevens/logboek/",
        "vault:network": "/mijn-gegevens/netwerk/",
        # POST-only actions: a GET shows nothing (any id will do).
        "vault:network_end": f"/mijn-gegevens/netwerk/{some}/stoppen/",
        "vault:invitation_withdraw": (f"/mijn-gegevens/netwerk/uitnodigingen/{some}/intrekken/"),
        "vault:resident_record_create": f"/mijn-gegevens/inzage/{subject}/nieuw/",
        "vault:legal_basis_end": f"/mijn-gegevens/grondslagen/{some}/beeindigen/",
        "vault:break_glass_review": f"/mijn-gegevens/controle/noodtoegang/{some}/",
        "vault:invitation_accept": "/mijn-gegevens/uitnodiging/geen-geldig-token/",
        "vault:export": "/mijn-gegevens/downloaden/",
        "vault:export_json": ("/mijn-gegevens/downloaden/mijn-gegevens.json", content),
        "vault:export_pdf": ("/mijn-gegevens/downloaden/mijn-gegevens.pdf", exported),
        # professionals, network members, the ombudsman
        "vault:caseload": "/mijn-gegevens/werk/",
        "vault:find_resident": f"/mijn-gegevens/werk/zoeken/?bsn={world.subject.bsn}",
        "vault:resident_records": (f"/mijn-gegevens/inzage/{subject}/", content),
        "vault:request_create": f"/mijn-gegevens/inzage/{subject}/verzoek/",
        "vault:break_glass": f"/mijn-gegevens/inzage/{subject}/noodtoegang/",
        "vault:legal_basis_create": f"/mijn-gegevens/inzage/{subject}/grondslag/",
        "vault:break_glass_reviews": ("/mijn-gegevens/controle/noodtoegang/", reason),
        # the API
        (f"{v}/records/", "get"): (f"{v}/records/?resident={subject}", content),
        (f"{v}/records/{{id}}/", "get"): (f"{v}/records/{record}/", content),
        (f"{v}/grants/", "get"): (f"{v}/grants/?limit=200", purpose),
        (f"{v}/grants/{{id}}/", "get"): (f"{v}/grants/{world.witness_grant.pk}/", purpose),
        (f"{v}/access-requests/", "get"): (f"{v}/access-requests/?limit=200", purpose),
        (f"{v}/legal-bases/", "get"): (f"{v}/legal-bases/?limit=200", purpose),
        (f"{v}/break-glass/", "get"): (f"{v}/break-glass/?limit=200", reason),
        (f"{v}/access-log/", "get"): (f"{v}/access-log/?resident={subject}", log_rows),
        (f"{v}/caseload/", "get"): f"{v}/caseload/?limit=200",
        (f"{v}/network-members/", "get"): (f"{v}/network-members/?limit=200", network),
        (f"{v}/invitations/", "get"): (f"{v}/invitations/?limit=200", invited),
        (f"{v}/export/", "get"): (f"{v}/export/?resident={subject}", content),
    }


def _objects_to_write_on(world: Any) -> dict[str, int]:
    """The world's invitation, network membership and the other organisation's legal basis,
    and a break-glass by a worker outside the matrix's actors (its reason carries no marker,
    so the ombudsman's queue still shows the world's own break-glass only)."""
    from leefwereld.core.models import NetworkMembership
    from leefwereld.core.tests.factories import OrganisationFactory
    from leefwereld.vault.models import Invitation, LegalBasis
    from leefwereld.vault.tests.factories import BreakGlassFactory, worker

    subject = world.subject
    stranger = worker(OrganisationFactory(name=f"Buiten de matrix {world.state}"))
    glass = BreakGlassFactory(resident=subject, actor=stranger, reason="controle door een ander")
    return {
        "break_glass": glass.pk,
        "invitation": Invitation.objects.filter(household=subject.household).values_list(
            "pk", flat=True
        )[0],
        "legal_basis": LegalBasis.objects.filter(resident=subject, organisation__isnull=False)
        .exclude(organisation=world.team)
        .values_list("pk", flat=True)[0],
        "network": NetworkMembership.objects.filter(household=subject.household).values_list(
            "pk", flat=True
        )[0],
    }


def exported(response, world, since) -> bool:
    """A PDF hides its text; the export's own log row tells whose data went out."""
    from leefwereld.vault.models import AccessLog

    return AccessLog.objects.filter(
        pk__gt=since,
        event=AccessLog.Event.EXPORT,
        outcome=AccessLog.Outcome.PERMITTED,
        resident=world.subject,
    ).exists()


def log_rows(response, world, since) -> bool:
    """The access log answers rows about the resident (by id: a log row has no name)."""
    if response.status_code != 200:
        return False
    return any(r.get("resident") == world.subject.pk for r in response.json()["results"])
