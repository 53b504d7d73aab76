"""One PDF renderer for letters, plans, reports and exports (WeasyPrint)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """The template rendered to PDF bytes; static files resolve against the site root."""
    from weasyprint import HTML  # imported late: loading it costs ~0.3 s

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(
    template: str,
    context: dict[str, Any],
    request: HttpRequest,
    filename: str,
    *,
    attachment: bool = False,
) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
