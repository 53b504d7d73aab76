"""Fuzzing the REST API against its own published OpenAPI schema (schemathesis).

Every operation drf-spectacular publishes is called with generated requests — valid ones
(positive: what the schema allows) and invalid ones (negative: wrong types, missing
fields, ids that are not numbers, numbers beyond 64 bits) — as every actor: the resident
the world's data is about ("owner"), one user of each role (with a token), and an
anonymous caller. Path ids are half the time a real object of the world (so the
operation's code beyond the look-up runs) and half the time generated.

Checked on every response:

* no server error (5xx);
* the status code is one the schema documents for the operation;
* the content type and the body match what the schema documents for that status.

The world is the authorisation matrix's "active" world (a resident with a household,
records, a team with a grant, a legal basis, an access request, an invitation, and every
app's objects from its tests/matrix.py); it is rolled back after the module, and every
operation's test runs in its own transaction.

Bounded: LEEFWERELD_FUZZ_EXAMPLES examples per operation per actor (default 3); the long
run is bench/api_fuzz.py. LEEFWERELD_FUZZ_SEED (default: derandomised) picks other inputs;
LEEFWERELD_FUZZ_REPORT names a JSON file to which each operation's figures are appended.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from leefwereld.core.models import Organisation
from leefwereld.core.roles import Role
from leefwereld.core.tests.factories import OrganisationFactory
from leefwereld.wsgi import application

from .test_authorisation_matrix import BUILDERS, _concrete, build_world

EXAMPLES = int(os.environ.get("LEEFWERELD_FUZZ_EXAMPLES", "3"))
SEED = os.environ.get("LEEFWERELD_FUZZ_SEED")
REPORT = os.environ.get("LEEFWERELD_FUZZ_REPORT")
ACTORS = ("owner", *Role.values, "anonymous")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _schema() -> Any:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = application
    return loaded


SCHEMA = _schema()
OPERATIONS = {
    f"{op.method.upper()} {op.path}": op for op in (r.ok() for r in SCHEMA.get_all_operations())
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix's "active" world with every app's objects and a token per actor."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world("active", 0)
        # Every deployment has the municipality's regie team (routes.services
        # .regie_organisation refuses to run without one: escalations go there).
        OrganisationFactory(
            kind=Organisation.Kind.MUNICIPALITY,
            name="Gemeente (regieteam)",
            municipality=built.team.municipality,
        )
        for builder in BUILDERS.values():
            with transaction.atomic():
                built.paths.update(builder(built))
        built.extra["tokens"] = {
            actor: Token.objects.get_or_create(user=user)[0].key
            for actor, user in built.actors.items()
        }
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def in_process():
    """The WSGI application in this thread, on the test's connection: as Django's test
    client does, a request must not close the connection (that would end the
    transaction the test runs in)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def real_path_parameters(world: Any, path: str, method: str) -> dict[str, str] | None:
    """The path parameters of the world's sample object for this operation, if any."""
    if "{" not in path:
        return None
    sample = world.paths.get((path, method)) or _concrete(world, path)
    if isinstance(sample, tuple):
        sample = sample[0]
    if not sample:
        return None
    names = re.findall(r"{(\w+)}", path)
    pattern = re.escape(path)
    for name in names:
        pattern = pattern.replace(re.escape(f"{{{name}}}"), f"(?P<{name}>[^/]+)")
    match = re.fullmatch(pattern, sample.split("?")[0])
    return match.groupdict() if match else None


def strategy(operation: Any, real: dict[str, str] | None) -> st.SearchStrategy:
    options = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if real:
        options += [
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real),
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real),
        ]
    return st.one_of(options)


def fuzz(world: Any, label: str, examples: int, seed_value: int | None) -> dict[str, Any]:
    """Run one operation as every actor; the figures and the distinct failures."""
    operation = OPERATIONS[label]
    real = real_path_parameters(world, operation.path, operation.method.lower())
    cases = strategy(operation, real)
    figures: dict[str, Any] = {
        "operation": label,
        "requests": 0,
        "server_errors": 0,
        "schema_mismatches": 0,
        "statuses": Counter(),
        "failures": {},
    }

    def runner(actor: str) -> Any:
        headers = {}
        if actor != "anonymous":
            headers["Authorization"] = f"Token {world.extra['tokens'][actor]}"

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=seed_value is None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.generate],
        )
        @given(case=cases)
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            figures["requests"] += 1
            figures["statuses"][response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except FailureGroup as error:  # one or more checks failed
                server = response.status_code >= 500
                figures["server_errors" if server else "schema_mismatches"] += 1
                lines = [line for line in str(error).splitlines() if line.strip()]
                title = lines[1] if len(lines) > 1 else repr(error)
                key = f"{response.status_code} {title.strip()}"
                figures["failures"].setdefault(key, f"as {actor}: {str(error)[:3000]}")

        if seed_value is not None:
            return seed(seed_value + ACTORS.index(actor))(run)
        return run

    for actor in ACTORS:
        runner(actor)()
    figures["statuses"] = dict(figures["statuses"])
    return figures


def report(figures: dict[str, Any]) -> None:
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as out:
            out.write(json.dumps(figures, default=str) + "\n")


def test_the_schema_has_every_operation_and_no_warnings():
    assert len(OPERATIONS) >= 90, sorted(OPERATIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation_never_fails_and_keeps_to_its_schema(world, in_process, label):
    figures = fuzz(world, label, EXAMPLES, int(SEED) if SEED else None)
    report(figures)
    assert figures["requests"] > 0
    assert figures["failures"] == {}, "\n\n".join(
        f"{key}\n{detail}" for key, detail in figures["failures"].items()
    )
