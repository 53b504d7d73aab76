"""The resident's pages on a phone: 360 px wide, and at 400 % zoom (320 CSS px, WCAG 1.4.10).

The demo resident (plan, help requests, a debt case, votes) logs in on a phone and opens
every page a resident reaches from "Mijn leefwereld" by links — one page per kind (URL
name), so a new resident page is checked without being listed here — and the public pages
from the home page. On each: no horizontal scrolling, buttons and menu links at least 44 px
high, and axe-core's WCAG 2.1 AA rules. Then the main actions on the phone: give a team
access and stop it again.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import expect

from tests.crawling import is_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# 1280 CSS px at 400 % zoom: what WCAG 1.4.10 (reflow) asks to work without scrolling sideways.
ZOOMED = {"width": 320, "height": 640}
MIN_TARGET = 44
MAX_KINDS = 60


# The page is wider than the screen, or a button or menu link is smaller than a finger.
MEASURE = """minTarget => {
  const doc = document.scrollingElement;
  const targets = 'main button, main .utrecht-button, .lw-nav a, '
    + '.lw-header__tools a, .lw-header__tools button';
  const small = [...document.querySelectorAll(targets)]
    .filter(el => el.offsetParent !== null)
    .filter(el => el.getBoundingClientRect().height < minTarget)
    .map(el => (el.innerText || el.value || el.outerHTML).trim().slice(0, 40));
  const wide = [...document.querySelectorAll('main *')]
    .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1)
    .filter(el => !el.closest('.lw-table-wrap'))
    .map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))
    .slice(0, 5);
  return {scroll: doc.scrollWidth, width: doc.clientWidth, small, wide};
}"""


@pytest.fixture
def demo(transactional_db):
    from leefwereld.demo.build import build_demo
    from leefwereld.demo.population import SCALES, build_population

    today = timezone.localdate()
    population = build_population(SCALES["small"], 11, today)
    build_demo(population, SCALES["small"], 11, today)
    return today


def log_in(page, username: str) -> None:
    from leefwereld.demo.rows import DEMO_PASSWORD

    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/mijn-leefwereld/"))


def kind(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def one_page_per_kind(page, start: str) -> dict[str, str]:
    """Follow the links from `start`; the first page of each URL name, as name -> path."""
    found: dict[str, str] = {}
    queue, seen = [start], set()
    while queue and len(found) < MAX_KINDS:
        path = queue.pop(0)
        name = kind(path)
        if path in seen or name is None or name in found:
            continue
        if not is_page(path):
            continue
        seen.add(path)
        response = page.goto(path)
        if response is None or response.status != 200:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        found[name] = path
        links = page.eval_on_selector_all(
            "a[href^='/']", "els => els.map(a => a.getAttribute('href').split(/[?#]/)[0])"
        )
        queue.extend(link for link in links if link not in seen)
    return found


def check_fits(page, path: str, assert_accessible) -> list[str]:
    page.goto(path)
    measured = page.evaluate(MEASURE, MIN_TARGET)
    problems = []
    if measured["scroll"] > measured["width"]:
        problems.append(
            f"{path} at {page.viewport_size['width']} px scrolls sideways "
            f"({measured['scroll']} > {measured['width']}): {measured['wide']}"
        )
    if measured["small"]:
        problems.append(f"{path}: targets under {MIN_TARGET} px: {measured['small'][:5]}")
    assert_accessible(page)
    return problems


def test_a_resident_on_a_phone_reaches_every_page_and_gives_and_stops_access(
    demo, browser, live_server, assert_accessible
):
    # One test, so the demo is built once: every page at both widths, then the actions.
    problems: list[str] = []
    for viewport in (PHONE, ZOOMED):
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", viewport=viewport, is_mobile=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        public = one_page_per_kind(page, "/sociale-kaart/")
        log_in(page, "inwoner")
        pages = one_page_per_kind(page, "/mijn-leefwereld/")
        # The crawl reached the resident's world: data, who looked, access, debts.
        for expected in ("resident_home", "vault:overview", "vault:log", "debts:mine"):
            assert expected in pages, sorted(pages)
        for path in [*pages.values(), *public.values()]:
            problems += check_fits(page, path, assert_accessible)
        if viewport is PHONE:
            give_and_stop_access(page, assert_accessible)
        context.close()
    assert problems == [], "\n".join(problems)


def give_and_stop_access(page, assert_accessible) -> None:
    page.goto("/mijn-gegevens/toegang/nieuw/")
    who = page.get_by_label("Wie krijgt toegang?")
    team = who.locator("option").nth(1).inner_text().strip()
    who.select_option(index=1)
    page.get_by_label("Geld en schulden").check()
    page.get_by_label("Waarvoor?").fill("hulp bij mijn post")
    page.get_by_label("Tot en met").fill(
        (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_role("button", name="Toegang geven").click()
    expect(page.get_by_role("status").filter(has_text=f"{team} heeft nu toegang")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    assert_accessible(page)
    page.get_by_role("button", name=f"Toegang stoppen voor {team}").first.click()
    expect(page.get_by_role("status").filter(has_text="is gestopt")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    assert_accessible(page)
