"""The API's OpenAPI schema: every answer an operation can give is documented.

drf-spectacular documents the success answer only. A client (and the fuzzing in
tests/test_api_fuzz.py) also meets the refusals, so every operation documents those it
can give, with their bodies:

* 400 — a malformed request: a field's errors (an object: field → messages) or a verb's
  refusal (a list of messages); also a bad `limit`/`offset`, a query number beyond its
  bounds or an `X-On-Behalf-Of` that names nobody;
* 403 — not logged in, a wrong token, or no right to act (`{"detail": …}`);
* 404 — an id (in the path, the query or the body) that names nothing the caller may see;
* 415 — a body the parsers cannot read as what it says it is (a multipart part without
  its headers, an unknown content type), on operations that take a body.

An operation that declares one of these codes itself keeps its own; one declared without
a body (`403: None`) gets the standard body.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"
WRITES = ("POST", "PUT", "PATCH", "DELETE")
PAGINATION = {"limit", "offset"}

ERROR_SCHEMA = {
    "type": "object",
    "description": "Why the request was refused.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "description": "A field's errors (field → messages; nested for nested fields), or the "
    "messages of a refusal that names no field.",
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ],
}
DESCRIPTIONS = {
    "400": "Ongeldig verzoek",
    "403": "Niet ingelogd of geen toegang",
    "404": "Niet gevonden (of niet zichtbaar voor u)",
    "415": "Dit soort inhoud kan niet gelezen worden",
}


class LeefwereldAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            response = responses.get(code)
            if response is None or not response.get("content"):
                responses[code] = self._error_response(code)
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        view = self.view
        authenticates = bool(getattr(view, "authentication_classes", []))
        open_to_all = all(isinstance(permission, AllowAny) for permission in view.get_permissions())
        parameters = [p for p in self._get_parameters() if p.get("in") != "header"]
        in_path = any(p["in"] == "path" for p in parameters)
        query = {p["name"] for p in parameters if p["in"] == "query"}
        writes = self.method in WRITES
        codes = []
        if authenticates or query or writes:
            codes.append("400")
        if authenticates or not open_to_all:
            codes.append("403")
        if in_path or writes or query - PAGINATION:
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            codes.append("415")
        return codes

    def _error_response(self, code: str) -> dict[str, Any]:
        name, schema = (
            (VALIDATION_ERROR, VALIDATION_ERROR_SCHEMA) if code == "400" else (ERROR, ERROR_SCHEMA)
        )
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return {
            "description": DESCRIPTIONS[code],
            "content": {"application/json": {"schema": component.ref}},
        }
