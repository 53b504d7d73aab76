"""The sociale kaart's pages: public search, offer, printable list per neighbourhood; and
the providers' and municipality's maintenance pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Aggregate, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.models import Municipality, Neighbourhood

from . import services
from .authorisation import (
    PROVIDER_ROLES,
    REVIEWER_ROLES,
    access_organisation,
    access_own_offer,
    access_proposal,
    own_organisations,
    visible_offers,
    visible_proposals,
)
from .forms import ImportForm, OfferForm, RejectForm, SearchForm
from .models import Offer, OfferDomain, OfferProposal
from .search import search

PAGE_SIZE = 20


SEARCH_COLUMNS = ("search_document", "search_stems", "search_vector")


def with_details(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """What an offer's page, the printable list and the API show, fetched in a fixed number
    of queries (without the search columns, which only the database needs)."""
    return (
        offers.defer(*SEARCH_COLUMNS)
        .select_related("organisation")
        .prefetch_related("domain_links", "neighbourhoods")
    )


class JoinedCodes(Aggregate):
    """Values joined with commas: string_agg on PostgreSQL, group_concat on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def with_domain_codes(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """The list of results: each offer with its organisation and its life-domain codes
    ('financien,huisvesting') in the same query, instead of a second query for the links."""
    codes = (
        OfferDomain.objects.filter(offer=OuterRef("pk"))
        .order_by()
        .values("offer")
        .annotate(codes=JoinedCodes("domain"))
        .values("codes")
    )
    return (
        offers.defer(*SEARCH_COLUMNS)
        .select_related("organisation")
        .annotate(domain_codes=Coalesce(Subquery(codes), Value("")))
    )


def in_neighbourhood(offers: QuerySet[Offer], neighbourhood: Neighbourhood) -> QuerySet[Offer]:
    """Offers in `neighbourhood`, and offers for the whole municipality (no neighbourhoods),
    which count everywhere. Semi-joins, so no DISTINCT over whole rows is needed."""
    places = Offer.neighbourhoods.through.objects.filter(offer=OuterRef("pk"))
    return offers.filter(Exists(places.filter(neighbourhood=neighbourhood)) | ~Exists(places))


def filter_offers(form: SearchForm) -> QuerySet[Offer]:
    offers = visible_offers()
    if not form.is_valid():
        return offers.order_by("name")
    data = form.cleaned_data
    if data["domain"]:
        # One row per offer and domain (unique_offer_domain), so the join adds no duplicates.
        offers = offers.filter(domain_links__domain=data["domain"])
    if data["neighbourhood"]:
        offers = in_neighbourhood(offers, data["neighbourhood"])
    if data["age"] is not None:
        age = data["age"]
        offers = offers.filter(Q(min_age__isnull=True) | Q(min_age__lte=age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=age)
        )
    return search(offers, data["q"]) if data["q"] else offers.order_by("name")


def offer_search(request: HttpRequest) -> HttpResponse:
    """Public: anyone finds help without logging in."""
    form = SearchForm(request.GET or None)
    offers = filter_offers(form)
    page = Paginator(with_domain_codes(offers), PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "socialmap/search.html",
        {"form": form, "page": page, "query": query.urlencode(), "searched": bool(request.GET)},
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(with_details(visible_offers()), pk=pk)
    return render(request, "socialmap/detail.html", {"offer": offer})


def neighbourhood_print(request: HttpRequest, cbs_code: str) -> HttpResponse:
    """A printable list of everything on offer in one neighbourhood, grouped by life domain."""
    neighbourhood = get_object_or_404(Neighbourhood, cbs_code=cbs_code)
    offers = with_details(in_neighbourhood(visible_offers(), neighbourhood).order_by("name"))
    groups: dict[str, list[Offer]] = {}
    for offer in offers:
        for link in offer.domain_links.all():
            groups.setdefault(str(link.label), []).append(offer)
    return render(
        request,
        "socialmap/print.html",
        {"neighbourhood": neighbourhood, "groups": sorted(groups.items())},
    )


def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        services.export_offers_csv(visible_offers().order_by("organisation__name", "name")),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="sociale-kaart.csv"'
    return response


@role_required(*PROVIDER_ROLES)
def my_offers(request: HttpRequest) -> HttpResponse:
    """A provider's own organisations' offers and pending proposals."""
    organisations = own_organisations(actor_of(request)).order_by("name")
    offers = with_details(Offer.objects.filter(organisation__in=organisations))
    proposals = OfferProposal.objects.filter(
        organisation__in=organisations, status=OfferProposal.Status.PENDING
    ).select_related("organisation")
    return render(
        request,
        "socialmap/my_offers.html",
        {"organisations": organisations, "offers": offers, "proposals": proposals},
    )


@role_required(*PROVIDER_ROLES)
def propose(
    request: HttpRequest, organisation_pk: int, offer_pk: int | None = None
) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation(actor, organisation_pk)
    offer = access_own_offer(actor, organisation, offer_pk) if offer_pk else None
    initial = {}
    if offer is not None:
        initial = {
            "domains": [link.domain for link in offer.domain_links.all()],
            "neighbourhoods": offer.neighbourhoods.all(),
        }
    form = OfferForm(request.POST or None, instance=offer, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.propose_offer(actor, organisation, form, offer)
        messages.success(
            request, _("Bedankt. De gemeente bekijkt uw voorstel en zet het daarna op de kaart.")
        )
        return redirect("socialmap:my_offers")
    return render(
        request,
        "socialmap/propose.html",
        {"form": form, "organisation": organisation, "offer": offer},
    )


@role_required(*REVIEWER_ROLES)
def review_queue(request: HttpRequest) -> HttpResponse:
    proposals = (
        visible_proposals(actor_of(request))
        .filter(status=OfferProposal.Status.PENDING)
        .select_related("organisation", "proposed_by", "offer")
    )
    return render(
        request,
        "socialmap/review.html",
        {"proposals": proposals, "reject_form": RejectForm(), "import_form": ImportForm()},
    )


@require_POST
@role_required(*REVIEWER_ROLES)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    proposal = access_proposal(actor, pk)
    if request.POST.get("decision") == "approve":
        offer = services.approve_proposal(actor, proposal)
        messages.success(request, _("'%(name)s' staat nu op de sociale kaart.") % {"name": offer})
    else:
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Schrijf op waarom u het voorstel afwijst."))
            return redirect("socialmap:review_queue")
        services.reject_proposal(actor, proposal, form.cleaned_data["reason"])
        messages.success(request, _("Het voorstel is afgewezen; de aanbieder ziet uw reden."))
    return redirect("socialmap:review_queue")


@require_POST
@role_required(*REVIEWER_ROLES)
def import_csv(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        municipality = Municipality.objects.order_by("pk").first()
        upload = form.cleaned_data["file"]
        try:
            if upload.size > services.MAX_IMPORT_BYTES:  # not read into memory at all
                raise services.ImportError_(
                    [
                        _("Het bestand is groter dan %(mb)s MB; splits het in kleinere bestanden.")
                        % {"mb": services.MAX_IMPORT_BYTES // (1024 * 1024)}
                    ]
                )
            count = services.import_offers_csv(actor_of(request), upload.read(), municipality)
        except services.ImportError_ as error:
            problems = error.problems
        else:
            messages.success(request, _("%(count)s aanbod ingelezen.") % {"count": count})
            return redirect("socialmap:review_queue")
    else:
        problems = [_("Kies een CSV-bestand.")]
    return render(request, "socialmap/import_errors.html", {"problems": problems}, status=400)
