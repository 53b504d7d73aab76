"""A real OpenID Connect provider (django-oidc-provider) for the staff single sign-on tests.

Its own Django project (settings, SQLite file, users), run in its own process by
`run.py`; the Leefwereld test process only talks to it over HTTP on loopback.
"""
