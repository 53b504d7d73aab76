"""The load benchmark's users: residents, professionals, a debt officer, team leads, the
council and API clients, each doing what they do in a day with think time in between.

Run by bench/load_run.py (`make bench-load`), which starts the production stack on
loopback and drives this file with Locust at 1, 16 and 64 users. Each user logs in with a
published demo account and finds the pages it opens from its own lists (links on the
page), so the scenario needs no knowledge of the database. Request names are URL patterns
("/hulp/werk/vraag/[id]/"), so the statistics group by page, not by object.
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

# The demo's published password (leefwereld.demo.rows.DEMO_PASSWORD), no real data.
PASSWORD = "leefwereld-demo"  # noqa: S105
THINK = between(
    float(os.environ.get("LOAD_THINK_MIN", "1")), float(os.environ.get("LOAD_THINK_MAX", "3"))
)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_NUMBER = re.compile(r"/\d+(?=/|$)")


def pattern(path: str) -> str:
    return _NUMBER.sub("/[id]", path.split("?")[0])


class Person(HttpUser):
    abstract = True
    wait_time = THINK
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/account/inloggen/", name="/account/inloggen/")
        token = _CSRF.search(page.text)
        self.client.post(
            "/account/inloggen/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/account/inloggen/"},
            name="/account/inloggen/ (POST)",
        )
        self.links: dict[str, list[str]] = {}

    def open(self, path: str) -> str:
        with self.client.get(path, name=pattern(path), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
                return ""
            return response.text

    def discover(self, list_path: str, link: str) -> list[str]:
        """Detail pages linked from a list page (found once per user, then reused)."""
        key = f"{list_path} {link}"
        if key not in self.links:
            html = self.open(list_path)
            found = sorted(set(re.findall(rf'href="({link})"', html)))
            self.links[key] = found
        return self.links[key]

    def open_one_of(self, list_path: str, link: str) -> None:
        found = self.discover(list_path, link)
        if found:
            self.open(random.choice(found))


class Resident(Person):
    weight = 6
    username = "inwoner"

    @task(3)
    def home(self) -> None:
        self.open("/mijn-leefwereld/")

    @task(2)
    def own_data(self) -> None:
        self.open("/mijn-gegevens/")

    @task(2)
    def who_looked(self) -> None:
        self.open("/mijn-gegevens/logboek/")

    @task(2)
    def plan(self) -> None:
        self.open_one_of("/mijn-leefwereld/", r"/ondersteuning/plan/\d+/")

    @task(2)
    def help_requests(self) -> None:
        self.open("/hulp/")

    @task(2)
    def debts(self) -> None:
        self.open("/schulden/mijn-schulden/")


class Professional(Person):
    weight = 4
    username = "wijkwerker"

    @task(3)
    def caseload(self) -> None:
        self.open("/mijn-gegevens/werk/")

    @task(3)
    def household(self) -> None:
        self.open_one_of("/mijn-gegevens/werk/", r"/mijn-gegevens/inzage/\d+/")

    @task(2)
    def plan(self) -> None:
        self.open_one_of("/ondersteuning/termijnen/", r"/ondersteuning/plan/\d+/")

    @task(2)
    def intake(self) -> None:
        self.open_one_of("/ondersteuning/termijnen/", r"/ondersteuning/melding/\d+/")

    @task(3)
    def worklist(self) -> None:
        self.open("/hulp/werk/")

    @task(2)
    def help_request(self) -> None:
        self.open_one_of("/hulp/werk/", r"/hulp/werk/vraag/\d+/")

    @task(2)
    def social_map(self) -> None:
        term = random.choice(["schulden", "eenzaam", "opvoeding", "werk", "huis"])
        self.open(f"/sociale-kaart/?q={term}")


class DebtOfficer(Person):
    weight = 1
    username = "schuldhulp"

    @task(2)
    def dashboard(self) -> None:
        self.open("/schulden/")

    @task(3)
    def case(self) -> None:
        self.open_one_of("/schulden/zaken/", r"/schulden/zaken/\d+/")


class TeamLead(Person):
    weight = 1
    username = "teamleider"

    @task
    def home(self) -> None:
        self.open("/mijn-werk/")

    @task
    def deadlines(self) -> None:
        self.open("/ondersteuning/termijnen/")

    @task
    def worklist(self) -> None:
        self.open("/hulp/werk/")


class Council(Person):
    weight = 1
    username = "raadslid"

    @task(2)
    def home(self) -> None:
        self.open("/raad/")

    @task
    def figures(self) -> None:
        self.open("/hulp/cijfers/")

    @task(2)
    def monitor(self) -> None:
        # The council's pages as they exist: whatever /raad/ links to under /raad/.
        self.open_one_of("/raad/", r"/raad/[a-z0-9/-]+/")


class ApiClient(Person):
    weight = 1
    username = "wijkwerker"

    @task(2)
    def residents(self) -> None:
        self.open("/api/v1/residents/?limit=20")

    @task(2)
    def resident(self) -> None:
        if "api residents" not in self.links:
            body = self.open("/api/v1/residents/?limit=20")
            self.links["api residents"] = re.findall(r'"id":\s*(\d+)', body)
        ids = self.links["api residents"]
        if ids:
            self.open(f"/api/v1/residents/{random.choice(ids)}/")

    @task
    def organisations(self) -> None:
        self.open("/api/v1/organisations/?limit=20")


class Saturate(Person):
    """One page as fast as the stack answers it, no think time: its throughput, set
    against the ceiling's (the health check, which goes through every middleware, the
    server and one database round trip and does nothing else). bench/load_run.py sets
    LOAD_USER (empty: not logged in) and LOAD_PATH, or LOAD_LIST and LOAD_LINK for a
    detail page found on a list page."""

    wait_time = between(0, 0)
    username = os.environ.get("LOAD_USER", "")

    def on_start(self) -> None:
        if self.username:
            super().on_start()
        self.links = {}
        self.path = os.environ.get("LOAD_PATH", "")
        if not self.path:
            found = self.discover(os.environ["LOAD_LIST"], os.environ["LOAD_LINK"])
            self.path = found[0] if found else os.environ["LOAD_LIST"]

    @task
    def page(self) -> None:
        self.open(self.path)
