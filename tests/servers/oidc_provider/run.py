"""Run the local OpenID Connect provider on loopback.

    python tests/servers/oidc_provider/run.py --db FILE --redirect-uri URI \
        --client-id ID --client-secret SECRET --users USERS_JSON

USERS_JSON: [{"username", "password", "email", "first_name", "last_name", "groups": [..]}].
Prints "listening on http://127.0.0.1:PORT" once it answers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parents[3]


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--redirect-uri", action="append", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--users", required=True)
    args = parser.parse_args()

    application = None

    def app(environ, start_response):
        return application(environ, start_response)

    server = make_server(
        "127.0.0.1", 0, app, server_class=ThreadingServer, handler_class=QuietHandler
    )
    url = f"http://127.0.0.1:{server.server_address[1]}"
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.servers.oidc_provider.settings"
    os.environ["OP_DB"] = args.db
    os.environ["OP_SITE_URL"] = url

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        call_command("creatersakey")
    client, _ = Client.objects.update_or_create(
        client_id=args.client_id,
        defaults={
            "name": "Leefwereld",
            "client_type": "confidential",
            "client_secret": args.client_secret,
            "jwt_alg": "RS256",
            "require_consent": False,
            "reuse_consent": True,
        },
    )
    client.redirect_uris = args.redirect_uri
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])
    for spec in json.loads(args.users):
        user, _ = User.objects.get_or_create(username=spec["username"])
        user.set_password(spec["password"])
        user.email = spec.get("email", "")
        user.first_name = spec.get("first_name", "")
        user.last_name = spec.get("last_name", "")
        user.save()
        user.groups.set([Group.objects.get_or_create(name=g)[0] for g in spec.get("groups", [])])
    application = get_wsgi_application()
    print(f"listening on {url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
