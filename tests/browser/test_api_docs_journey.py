"""The API documentation (Swagger UI, self-hosted) works under our Content-Security-Policy:
no inline script or style is needed, so the browser refuses nothing."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_schema_without_any_csp_violation(page):
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    response = page.goto("/api/v1/docs/")

    assert response is not None
    assert "style-src 'self'" in response.headers["content-security-policy"]
    # The UI rendered the schema: the API's title and an operation of the core API.
    page.get_by_role("heading", name="Leefwereld API").first.wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/residents/").first.wait_for()
    # The page's own rules come from its stylesheet: the body has no margin.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert refused == []
