from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from leefwereld.core import numbers
from leefwereld.core.versioning import VersionField
from leefwereld.rules import Leefsituatie

from .models import ArrangementVersion, ContactAttempt, Creditor, Goal, OutreachCase, Phase

if TYPE_CHECKING:
    from leefwereld.core.models import Resident

LEEFSITUATIES = [
    (Leefsituatie.ALLEENSTAANDE.value, _("Alleenstaand")),
    (Leefsituatie.ALLEENSTAANDE_OUDER.value, _("Alleenstaande ouder")),
    (Leefsituatie.GEHUWDEN.value, _("Getrouwd of samenwonend")),
    (Leefsituatie.AOW_ALLEENSTAANDE.value, _("Alleenstaand met AOW")),
    (Leefsituatie.AOW_GEHUWDEN.value, _("Getrouwd of samenwonend met AOW")),
]


class EuroField(numbers.EuroField):
    """An amount in euros as people type it (1.234,56 or 1234.56), cleaned to integer cents
    by core.numbers (bounded; 1e3, NaN and Infinity refused). Empty and optional: 0."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "utrecht-textbox"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        cents = super().clean(value)
        return 0 if cents is None and not self.required else cents


class MoneyEuroField(EuroField):
    """A money amount that moves: more than zero, at most core.numbers.MAX_CENTS."""

    def __init__(self, **kwargs):
        kwargs.setdefault("minimum", 1)
        super().__init__(**kwargs)


class SubmissionKeyField(forms.CharField):
    """The idempotency key of a money form: generated when the form is rendered, sent back
    hidden, so a retried submission books nothing twice (services.Booking)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        from .services import new_submission_key

        kwargs.setdefault("initial", new_submission_key)  # a callable: fresh per rendering
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("required", True)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _(
                    "Het formulier is onvolledig of verlopen. Laad de pagina opnieuw en "
                    "probeer het nog eens."
                )
            },
        )
        super().__init__(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "utrecht-textbox", **(attrs or {})}, format="%Y-%m-%d")


class SignalImportForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Van welke signaalpartner komt het bestand?"),
        queryset=Creditor.objects.filter(
            sector__in=["landlord", "energy", "water", "health_insurer"]
        ).select_related("organisation"),
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    file = forms.FileField(
        label=_("Bestand met signalen (CSV)"),
        widget=forms.ClearableFileInput(attrs={"class": "utrecht-textbox", "accept": ".csv"}),
    )


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hoe?"),
        choices=ContactAttempt.Kind.choices,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    daypart = forms.ChoiceField(
        label=_("Dagdeel"),
        choices=ContactAttempt.Daypart.choices,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    reached = forms.BooleanField(
        label=_("We hebben iemand gesproken"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox"}),
    )


class CloseOutreachForm(forms.Form):
    end_result = forms.ChoiceField(
        label=_("Eindresultaat"),
        choices=OutreachCase.EndResult.choices,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )


class OpenCaseForm(forms.Form):
    client: forms.ModelChoiceField[Resident] = forms.ModelChoiceField(
        label=_("Wie vraagt de hulp aan?"),
        queryset=None,
        empty_label=None,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    registered_on = forms.DateField(label=_("Datum van aanmelding"), widget=DateInput())
    threatening = forms.BooleanField(
        label=_(
            "Bedreigende situatie: huisuitzetting, afsluiting van energie of water, of "
            "opzegging van de zorgverzekering dreigt"
        ),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox"}),
    )

    def __init__(self, *args, residents=None, **kwargs):
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast("forms.ModelChoiceField[Resident]", self.fields["client"]).queryset = residents


class AdvanceForm(forms.Form):
    to = forms.ChoiceField(choices=Phase.choices)
    on = forms.DateField(label=_("Datum"), widget=DateInput())


class CaseVersionForm(forms.Form):
    """An edit form of a case carries the case's version (optimistic locking)."""

    version = VersionField(label=_("Versie"))


class MoratoriumForm(CaseVersionForm):
    start = forms.DateField(label=_("Begin van het moratorium"), widget=DateInput())
    end = forms.DateField(label=_("Einde (leeg: zes maanden)"), required=False, widget=DateInput())


class DebtForm(forms.Form):
    creditor = forms.ModelChoiceField(
        label=_("Schuldeiser"),
        queryset=Creditor.objects.select_related("organisation"),
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    principal = EuroField(label=_("Hoofdsom (€)"))
    costs = EuroField(label=_("Kosten (€)"), required=False)
    interest = EuroField(label=_("Rente (€)"), required=False)
    origin_date = forms.DateField(label=_("Ontstaan op"), required=False, widget=DateInput())
    stage = forms.ChoiceField(
        label=_("Stand van de invordering"),
        choices=[
            ("aanmaning", _("Aanmaning")),
            ("incasso", _("Incassobureau")),
            ("deurwaarder", _("Deurwaarder")),
            ("vonnis", _("Vonnis")),
        ],
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    attachment = forms.BooleanField(
        label=_("Er ligt beslag"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox"}),
    )
    reference = forms.CharField(
        label=_("Kenmerk van de schuldeiser"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )


class CapacityForm(CaseVersionForm):
    leefsituatie = forms.ChoiceField(
        label=_("Leefsituatie"),
        choices=LEEFSITUATIES,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    netto_inkomen = EuroField(label=_("Netto inkomen per maand, zonder toeslagen (€)"))
    woonkosten = EuroField(label=_("Huur of hypotheek per maand (€)"), required=False)
    huurtoeslag = EuroField(label=_("Huurtoeslag per maand (€)"), required=False)
    zorgpremie = EuroField(label=_("Zorgpremie per maand (€)"), required=False)
    zorgtoeslag = EuroField(label=_("Zorgtoeslag per maand (€)"), required=False)
    inkomen_uit_arbeid = forms.BooleanField(
        label=_("Inkomen uit werk"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox"}),
    )
    allow_stale = forms.BooleanField(
        label=_(
            "Reken met de laatst bekende bijstandsnorm als de norm van vandaag nog niet "
            "bekend is (de uitkomst is dan onzeker)"
        ),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox"}),
    )


class RepaymentForm(forms.Form):
    amount = MoneyEuroField(label=_("Bedrag (€)"))
    paid_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput())
    reference = forms.CharField(
        label=_("Kenmerk van de bank"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )
    submission = SubmissionKeyField()


class GoalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Doel"),
        choices=Goal.Kind.choices,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )


class ContributionForm(forms.Form):
    amount = MoneyEuroField(label=_("Bedrag (€)"))
    on = forms.DateField(label=_("Datum"), widget=DateInput())
    reference = forms.CharField(
        label=_("Kenmerk (raadsbesluit of boeking)"),
        max_length=60,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )
    submission = SubmissionKeyField()


class WalkInForm(forms.Form):
    """Aanmelding aan de balie: a resident walks in and asks for help with debts."""

    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        min_length=8,
        help_text=_("Van het identiteitsbewijs dat de inwoner laat zien."),
        widget=forms.TextInput(
            attrs={"class": "utrecht-textbox", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    birth_date = forms.DateField(label=_("Geboortedatum"), widget=DateInput())
    registered_on = forms.DateField(label=_("Datum van aanmelding"), widget=DateInput())
    threatening = forms.BooleanField(
        label=_(
            "Bedreigende situatie: huisuitzetting, afsluiting van energie of water, of "
            "opzegging van de zorgverzekering dreigt"
        ),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox"}),
    )

    def clean_bsn(self):
        return self.cleaned_data["bsn"].strip().zfill(9)


class ArrangementChangeForm(CapacityForm):
    """The household's situation changed: the new figures, and why."""

    reason = forms.ChoiceField(
        label=_("Wat is er veranderd?"),
        choices=[
            c
            for c in ArrangementVersion.Reason.choices
            if c[0] not in (ArrangementVersion.Reason.START, ArrangementVersion.Reason.COURT)
        ],
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )

    field_order = ["reason"]


class BankStatementForm(forms.Form):
    file = forms.FileField(
        label=_("Bankafschrift van de rekening van het fonds (CAMT.053, XML)"),
        widget=forms.ClearableFileInput(attrs={"class": "utrecht-textbox", "accept": ".xml"}),
    )


class BankResolveForm(forms.Form):
    case = forms.CharField(
        label=_("Zaaknummer waarvoor deze betaling is (bijvoorbeeld SF-000054)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )
