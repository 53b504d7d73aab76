"""Browser journeys: Debian's Chromium driven by Playwright against Django's live server.

Never `playwright install`: it downloads a browser, which this project does not do. The
journeys use /usr/bin/chromium and inject npm's axe-core to check WCAG 2.1 AA.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser journey, marked or not: `make test-fast`
    (`-m "not browser"`) leaves them out even when a new module forgets its pytestmark."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (make test installs it when run as root)"
    if not AXE.exists():
        return "node_modules/axe-core is missing (make test runs npm ci)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"Browser journeys cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # Without these Chromium tries to reach Google's servers, which this closed
            # network refuses, many times at every start.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text() if AXE.exists() else ""


@pytest.fixture
def assert_accessible(axe_source):
    """Run axe-core's WCAG 2.1 AA rules on the page as it is now; fail on any violation.

    Evaluated through the DevTools protocol, so the page's own Content-Security-Policy (no
    inline scripts) stays on during the check.
    """

    def check(page) -> None:
        page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert violations == [], f"axe-core on {page.url}:\n" + "\n".join(violations)

    return check
