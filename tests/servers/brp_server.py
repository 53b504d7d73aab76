"""A local Haal Centraal BRP Personen Bevragen server for the test suite (loopback only).

It implements the operations Leefwereld uses, as the published specification
(BRP-API/Haal-Centraal-BRP-bevragen, v2) describes them — a POST to `/personen` with a
`type` — for a set of test persons of our own (valid BSNs, invented people) read from a
JSON file on every request, so a test can change the world between two syncs:

* `RaadpleegMetBurgerservicenummer` (1–20 BSNs, `fields` required; `gezag` included when
  asked for);
* `ZoekMetAdresseerbaarObjectIdentificatie` (the people registered at one address);
* errors as application/problem+json with `invalidParams`, like the specification's 400s;
  a missing or wrong X-API-KEY answers 401.

The data file holds `{"personen": [<persons in the specification's shape>]}`. A person may
carry `"_rauw": true` to be answered exactly as written (for malformed-answer tests).

Run: python tests/servers/brp_server.py --data FILE --api-key KEY [--port 0]; it prints
"listening on http://127.0.0.1:PORT" when ready.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ALWAYS = {"burgerservicenummer"}


def _problem(status: int, title: str, invalid: list[dict] | None = None) -> tuple[int, dict]:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if invalid:
        body["invalidParams"] = invalid
    return status, body


def _select(person: dict, fields: list[str]) -> dict:
    """The asked fields (first path segment), as the specification's `fields` does."""
    if person.get("_rauw"):
        return {k: v for k, v in person.items() if k != "_rauw"}
    wanted = {f.split(".")[0] for f in fields} | ALWAYS
    return {k: v for k, v in person.items() if k in wanted and not k.startswith("_")}


def answer(request: Any, data: dict) -> tuple[int, dict]:
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        return _problem(400, "Ongeldige request", [{"name": "type", "code": "required"}])
    persons = data.get("personen", [])
    fields = request.get("fields")
    if not isinstance(fields, list) or not fields:
        return _problem(
            400,
            "Minimale combinatie van parameters moet worden opgegeven.",
            [{"name": "fields", "code": "required"}],
        )
    kind = request["type"]
    if kind == "RaadpleegMetBurgerservicenummer":
        bsns = request.get("burgerservicenummer")
        if not isinstance(bsns, list) or not bsns:
            return _problem(
                400, "Ongeldige request", [{"name": "burgerservicenummer", "code": "required"}]
            )
        if len(bsns) > 20:
            return _problem(
                400, "Ongeldige request", [{"name": "burgerservicenummer", "code": "maxItems"}]
            )
        wanted = set(bsns)
        found = [_select(p, fields) for p in persons if p.get("burgerservicenummer") in wanted]
    elif kind == "ZoekMetAdresseerbaarObjectIdentificatie":
        identification = request.get("adresseerbaarObjectIdentificatie")
        if not isinstance(identification, str) or len(identification) != 16:
            return _problem(
                400,
                "Ongeldige request",
                [{"name": "adresseerbaarObjectIdentificatie", "code": "pattern"}],
            )
        found = [
            _select(p, fields)
            for p in persons
            if (p.get("verblijfplaats") or {}).get("adresseerbaarObjectIdentificatie")
            == identification
            and not p.get("overlijden")
        ]
    else:
        return _problem(400, "Ongeldige request", [{"name": "type", "code": "value"}])
    return 200, {"type": kind, "personen": found}


def make_handler(data_file: Path, api_key: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the test output clean
            pass

        def _send(self, status: int, body: dict) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            kind = "application/json" if status == 200 else "application/problem+json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/health"):
                self._send(200, {"status": "UP"})
            else:
                self._send(*_problem(404, "Niet gevonden"))

        def do_POST(self) -> None:
            if not self.path.rstrip("/").endswith("/personen"):
                self._send(*_problem(404, "Niet gevonden"))
                return
            if self.headers.get("X-API-KEY") != api_key:
                self._send(*_problem(401, "Niet geauthenticeerd"))
                return
            length = int(self.headers.get("Content-Length") or 0)
            try:
                request = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                self._send(*_problem(400, "Ongeldige JSON"))
                return
            data = json.loads(data_file.read_text(encoding="utf-8"))
            self._send(*answer(request, data))

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.data, args.api_key))
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
