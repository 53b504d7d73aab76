"""The basic registration through the core API: narrowed and logged in one call.

`/api/v1/residents/` and `/api/v1/households/` show BSNs, names and addresses. The mixin in
front of their viewsets sends every list page and every detail through
`registration.shown_page()`, which narrows the queryset to what the actor may see and gives
every resident shown one access-log row (one INSERT per page), naming the grant, legal
basis or break-glass that put them in the caller's caseload:

    class ResidentViewSet(ActorAPIMixin, AuditBasicRegistrationReads, ReadOnlyModelViewSet)

The viewset's `get_queryset()` returns the unnarrowed base queryset; the narrowing is here,
so a list or detail cannot be served without it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework.request import Request
from rest_framework.response import Response

from leefwereld.vault import registration


class AuditBasicRegistrationReads:
    #: The query parameter of a BSN look-up (residents only), None: no look-up.
    bsn_parameter: str | None = None

    def _bsn(self) -> str | None:
        if self.bsn_parameter is None:
            return None
        return self.request.query_params.get(self.bsn_parameter)  # type: ignore[attr-defined]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        queryset = view.filter_queryset(view.get_queryset())
        page = registration.shown_page(
            view.actor, queryset, bsn=self._bsn(), paginate=view.paginate_queryset
        )
        data = view.get_serializer(page, many=True).data
        if view.paginator is not None:
            return view.get_paginated_response(data)
        return Response(data)

    def get_object(self) -> Any:
        view: Any = self
        lookup = view.lookup_url_kwarg or view.lookup_field
        queryset = view.filter_queryset(view.get_queryset()).filter(
            **{view.lookup_field: view.kwargs[lookup]}
        )
        shown = registration.shown_page(view.actor, queryset)
        if not shown:
            raise Http404
        view.check_object_permissions(view.request, shown[0])
        return shown[0]
