"""Forms of the democracy pages: they parse and check input, services.py acts on it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.actor import Actor
from leefwereld.core.models import Neighbourhood, Organisation, User
from leefwereld.core.numbers import MAX_CENTS
from leefwereld.core.versioning import VersionField

from .authorisation import CONTACT_ROLES
from .models import (
    HARDSHIP_DESCRIPTION_MAX,
    RULE_TRANSITIONS,
    BlockingRule,
    BudgetRound,
    Completion,
    HardshipLaw,
    Initiative,
    RealisationStatus,
    RoundCategory,
    RoundDistrict,
    RuleStatus,
    Utility,
    VotingRule,
)
from .services import hardship_organisations

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TEXT_CLASS = "utrecht-textbox utrecht-textbox--html-input"
WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.ClearableFileInput: "lw-file",
    forms.FileInput: "lw-file",
}


class DemocracyForm(forms.Form):
    """NL Design System classes on every widget, and help/error texts tied to their field
    with aria-describedby (the template include gives them these ids)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build()
        self._decorate()

    def build(self) -> None:
        """Add or narrow fields that depend on the instance (subclasses)."""

    def _decorate(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for cls, c in WIDGET_CLASSES.items() if type(widget) is cls), TEXT_CLASS)
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                kind = "choices"
            elif isinstance(widget, forms.CheckboxInput):
                kind = "checkbox"
            else:
                kind = "text"
            widget.lw_kind = kind  # what the template include reads (field.html)
            if field.help_text and not isinstance(
                widget, forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                widget.attrs["aria-describedby"] = f"{self._field_id(name)}-hulp"

    def _field_id(self, name: str) -> str:
        # These forms keep Django's default auto_id "id_%s"; the stubs allow a bool too.
        return cast(str, self.auto_id) % self.add_prefix(name)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                    continue
                field_id = self._field_id(name)
                described = [f"{field_id}-fout"]
                if self.fields[name].help_text:
                    described.append(f"{field_id}-hulp")
                widget.attrs["aria-describedby"] = " ".join(described)
                widget.attrs["aria-invalid"] = "true"


def euros(
    label: StrOrPromise, required: bool = True, help_text: StrOrPromise = ""
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        # A thousand million euros: above any real budget, below what the column holds
        # (a 26-digit amount used to reach the database and fail there).
        max_value=MAX_CENTS // 100,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1", "min": "0"}),
    )


def date_field(label: StrOrPromise, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


def neighbourhood_field(label: StrOrPromise) -> forms.ModelChoiceField[Neighbourhood]:
    """An optional neighbourhood, by name; empty means the whole municipality. (The lazy
    queryset is copied and evaluated afresh for every form.)"""
    return forms.ModelChoiceField(
        label=label,
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        empty_label=_("De hele gemeente"),
    )


# --- rounds -----------------------------------------------------------------------------


class RoundSettingsForm(DemocracyForm):
    title = forms.CharField(label=_("Naam van de ronde"), max_length=150)
    description = forms.CharField(
        label=_("Uitleg voor inwoners"), widget=forms.Textarea, required=False
    )
    budget = euros(_("Budget in hele euro's"))
    min_age = forms.IntegerField(
        label=_("Minimumleeftijd om mee te doen"), min_value=0, max_value=120, initial=16
    )
    max_projects = forms.IntegerField(
        label=_("Hoogstens zoveel projecten per stembiljet"),
        required=False,
        min_value=1,
        max_value=10_000,
        help_text=_("Leeg laten: geen maximum."),
    )
    max_total_cost = euros(
        _("Hoogstens zoveel euro aan projecten per stembiljet"),
        required=False,
        help_text=_("Leeg laten: geen maximum."),
    )
    rule = forms.ChoiceField(
        label=_("Rekenregel"), choices=VotingRule.choices, initial=VotingRule.MES
    )
    completion = forms.ChoiceField(
        label=_("Aanvulling als er geld overblijft"),
        choices=Completion.choices,
        initial=Completion.ADD1,
    )
    utility = forms.ChoiceField(
        label=_("Waarde van een stem"), choices=Utility.choices, initial=Utility.COST
    )
    tie_breaking = forms.CharField(
        label=_("Volgorde bij gelijke stand"),
        initial="votes,cost,id",
        max_length=40,
        help_text=_(
            "Komma's tussen: votes (meer stemmen eerst), cost (goedkoper eerst), "
            "-cost (duurder eerst), id (projectnummer)."
        ),
    )
    proposals_close_on = date_field(_("Ideeën indienen kan tot"))
    voting_closes_on = date_field(_("Stemmen kan tot"))
    # The version of the round these settings were shown from (optimistic locking).
    version = VersionField(label=_("Versie"))

    def options(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("neighbourhoods", None)
        data.pop("version", None)
        return data


class RoundCreateForm(RoundSettingsForm):
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Wijken"),
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Inwoners van deze wijken doen mee. Elke wijk is een gebied met een eigen maximum."
        ),
    )
    field_order = ["title", "description", "budget", "neighbourhoods"]

    def build(self) -> None:
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.order_by("name")  # type: ignore[attr-defined]


class CategoryForm(DemocracyForm):
    name = forms.CharField(label=_("Naam van het thema"), max_length=100)
    cap = euros(
        _("Hoogstens zoveel euro voor dit thema"),
        required=False,
        help_text=_("Leeg laten: geen maximum."),
    )


class DistrictCapForm(DemocracyForm):
    district = forms.ModelChoiceField(label=_("Gebied"), queryset=RoundDistrict.objects.none())
    cap = euros(
        _("Hoogstens zoveel euro voor dit gebied"),
        required=False,
        help_text=_("Leeg laten: geen maximum."),
    )

    def __init__(self, *args: Any, round_: BudgetRound, **kwargs: Any) -> None:
        self.round = round_
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        self.fields["district"].queryset = self.round.districts.all()  # type: ignore[attr-defined]


class TransitionForm(DemocracyForm):
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposalForm(DemocracyForm):
    title = forms.CharField(label=_("Naam van uw idee"), max_length=150)
    description = forms.CharField(
        label=_("Wat is uw idee?"),
        widget=forms.Textarea,
        help_text=_("Schrijf wat u wilt doen, waar, en voor wie."),
    )
    cost = euros(_("Wat kost het ongeveer, in hele euro's?"))
    district = forms.ModelChoiceField(
        label=_("Waar in de buurt?"), queryset=RoundDistrict.objects.none(), required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=RoundCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, round_: BudgetRound, **kwargs: Any) -> None:
        self.round = round_
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        round_ = self.round
        districts = round_.districts.all()
        if districts.count() > 1:
            self.fields["district"].queryset = districts  # type: ignore[attr-defined]
        else:
            del self.fields["district"]
        categories = round_.categories.all()
        if categories.exists():
            self.fields["categories"].queryset = categories  # type: ignore[attr-defined]
        else:
            del self.fields["categories"]


class ReviewForm(DemocracyForm):
    decision = forms.ChoiceField(
        label=_("Is het idee haalbaar?"),
        choices=[
            ("feasible", _("Ja, het komt op het stembiljet")),
            ("rejected", _("Nee, niet haalbaar")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Uitleg (wordt gepubliceerd)"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Verplicht bij 'nee' en als de kosten veranderen."),
    )
    cost = euros(_("Kosten volgens de gemeente (hele euro's)"))


class BallotForm(DemocracyForm):
    projects = forms.MultipleChoiceField(
        label=_("Kies de projecten die u wilt"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, projects: list[Any], **kwargs: Any) -> None:
        # Not self.projects: mypy takes that name for the declared field above.
        self.ballot_projects = projects
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        # In a round over several neighbourhoods everyone votes on every project (as in
        # Amsterdam), so each choice says which neighbourhood it is for.
        several = len({p.district_id for p in self.ballot_projects}) > 1
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast(forms.ChoiceField, self.fields["projects"]).choices = [
            (str(p.pk), self._label(p, several)) for p in self.ballot_projects
        ]

    @staticmethod
    def _label(project: Any, with_district: bool) -> str:
        values = {"title": project.title, "cost": intcomma(project.cost)}
        if with_district and project.district is not None:
            values["district"] = project.district.name
            return _("%(title)s (€ %(cost)s, %(district)s)") % values
        return _("%(title)s (€ %(cost)s)") % values


class CodeForm(DemocracyForm):
    code = forms.CharField(
        label=_("Uw stemcode"),
        max_length=20,
        help_text=_("De code staat in de brief van de gemeente, bijvoorbeeld ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class IssueCodesForm(DemocracyForm):
    scope = forms.ChoiceField(
        label=_("Voor wie?"),
        choices=[
            ("offline", _("Alle stemgerechtigden zonder account die nog geen code hebben")),
            ("one", _("Eén inwoner (nieuwe code; een oude code vervalt)")),
        ],
        widget=forms.RadioSelect,
        initial="offline",
    )
    bsn = forms.CharField(label=_("BSN van de inwoner"), required=False, max_length=9)
    format = forms.ChoiceField(
        label=_("Bestand"),
        choices=[("pdf", _("PDF om af te drukken")), ("csv", _("CSV voor een mailing"))],
        widget=forms.RadioSelect,
        initial="pdf",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == "one" and not data.get("bsn"):
            self.add_error("bsn", _("Vul het BSN in."))
        return data


class RealisationForm(DemocracyForm):
    status = forms.ChoiceField(label=_("Stand van zaken"), choices=RealisationStatus.choices)
    text = forms.CharField(label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(DemocracyForm):
    file = forms.FileField(label=_("Pabulib-bestand (.pb)"))
    title = forms.CharField(label=_("Naam (leeg: uit het bestand)"), required=False, max_length=150)
    rule = forms.ChoiceField(
        label=_("Rekenregel"), choices=VotingRule.choices, initial=VotingRule.MES
    )
    completion = forms.ChoiceField(
        label=_("Aanvulling"), choices=Completion.choices, initial=Completion.ADD1
    )
    utility = forms.ChoiceField(
        label=_("Waarde van een stem"), choices=Utility.choices, initial=Utility.COST
    )
    tie_breaking = forms.CharField(
        label=_("Volgorde bij gelijke stand"), initial="id", max_length=40
    )

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        data = upload.read()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise forms.ValidationError(
                _("Regel %(line)s: het bestand is geen UTF-8-tekst.") % {"line": line}
            ) from exc


# --- initiatives --------------------------------------------------------------------------


class InitiativeForm(DemocracyForm):
    title = forms.CharField(label=_("Naam van het initiatief"), max_length=150)
    description = forms.CharField(label=_("Wat gaat u doen?"), widget=forms.Textarea)
    public_name = forms.CharField(
        label=_("Wie zijn jullie?"),
        max_length=120,
        help_text=_(
            "Deze naam staat op de website. Bijvoorbeeld de naam van uw groep of uw voornaam."
        ),
    )
    neighbourhood = neighbourhood_field(_("In welke wijk?"))
    needs_room = forms.BooleanField(label=_("Wij zoeken een ruimte"), required=False)
    needs_permit = forms.BooleanField(label=_("Wij hebben een vergunning nodig"), required=False)
    needs_money = forms.BooleanField(label=_("Wij hebben geld nodig"), required=False)
    needs_contact = forms.BooleanField(
        label=_("Wij willen een contactpersoon bij de gemeente"), required=False
    )
    needs_detail = forms.CharField(
        label=_("Toelichting op wat u nodig heeft"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AnswerForm(DemocracyForm):
    answer = forms.ChoiceField(
        label=_("Antwoord"),
        choices=[("yes", _("Ja (eventueel met voorwaarden)")), ("no", _("Nee, met uitleg"))],
        widget=forms.RadioSelect,
        initial="yes",
    )
    text = forms.CharField(
        label=_("Voorwaarden of uitleg (wordt gepubliceerd)"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Bij 'nee' is uitleg verplicht."),
    )


class LinkForm(DemocracyForm):
    other = forms.ModelChoiceField(
        label=_("Koppel aan initiatief"), queryset=Initiative.objects.none()
    )

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        self.initiative = initiative
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        other = cast("forms.ModelChoiceField[Initiative]", self.fields["other"])
        other.queryset = Initiative.objects.exclude(pk=self.initiative.pk).order_by("title")


class ContactForm(DemocracyForm):
    professional = forms.ModelChoiceField(
        label=_("Professional"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ikzelf"),
    )
    note = forms.CharField(label=_("Waarmee helpt u?"), max_length=200, required=False)

    def __init__(self, *args: Any, may_choose: bool, **kwargs: Any) -> None:
        self.may_choose = may_choose
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        if self.may_choose:
            self.fields["professional"].queryset = User.objects.filter(  # type: ignore[attr-defined]
                role__in=sorted(CONTACT_ROLES)
            ).order_by("last_name", "first_name")
        else:
            del self.fields["professional"]


INDICATOR_ROWS = 3


class GrantForm(DemocracyForm):
    amount = euros(_("Bedrag in hele euro's"))
    purpose = forms.CharField(
        label=_("Waarvoor is het geld?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    report_due = date_field(_("Resultaten melden vóór"), required=True)

    def build(self) -> None:
        for n in range(1, INDICATOR_ROWS + 1):
            required = n == 1
            self.fields[f"indicator_{n}"] = forms.CharField(
                label=_("Effect %(n)s: wat willen jullie bereiken?") % {"n": n},
                required=required,
                max_length=200,
            )
            self.fields[f"target_{n}"] = forms.IntegerField(
                label=_("Effect %(n)s: doel (aantal)") % {"n": n}, required=required, min_value=1
            )
            self.fields[f"unit_{n}"] = forms.CharField(
                label=_("Effect %(n)s: eenheid, bijvoorbeeld 'deelnemers'") % {"n": n},
                required=False,
                max_length=40,
            )

    def clean_report_due(self) -> datetime.date:
        due = self.cleaned_data["report_due"]
        if due <= datetime.date.today():
            raise forms.ValidationError(_("Kies een datum in de toekomst."))
        return due

    def indicators(self) -> list[tuple[str, int, str]]:
        rows = []
        for n in range(1, INDICATOR_ROWS + 1):
            description = self.cleaned_data.get(f"indicator_{n}") or ""
            target = self.cleaned_data.get(f"target_{n}")
            if description.strip():
                if not target:
                    self.add_error(f"target_{n}", _("Vul een doel in."))
                    continue
                rows.append((description, target, self.cleaned_data.get(f"unit_{n}") or ""))
        return rows


class ReportEffectsForm(DemocracyForm):
    def __init__(self, *args: Any, indicators: list[Any], **kwargs: Any) -> None:
        self.indicators = indicators
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        for indicator in self.indicators:
            unit = f" ({indicator.unit})" if indicator.unit else ""
            self.fields[f"result_{indicator.pk}"] = forms.IntegerField(
                label=_("%(what)s: bereikt%(unit)s, doel was %(target)s")
                % {"what": indicator.description, "unit": unit, "target": indicator.target},
                min_value=0,
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=_("Toelichting bij '%(what)s'") % {"what": indicator.description},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def results(self) -> dict[int, tuple[int, str]]:
        return {
            i.pk: (self.cleaned_data[f"result_{i.pk}"], self.cleaned_data.get(f"note_{i.pk}") or "")
            for i in self.indicators
        }


# --- blocking rules -----------------------------------------------------------------------


class BlockingRuleForm(DemocracyForm):
    title = forms.CharField(label=_("Welke regel of werkwijze houdt u tegen?"), max_length=200)
    reference = forms.CharField(
        label=_("Waar staat de regel? (als u dat weet)"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: APV artikel 2:10, of 'de huurvoorwaarden van het buurthuis'."),
    )
    blocked = forms.CharField(label=_("Wat werd erdoor tegengehouden?"), widget=forms.Textarea)
    place = forms.CharField(label=_("Waar gebeurde het?"), max_length=150, required=False)
    neighbourhood = neighbourhood_field(_("Wijk"))
    initiative = forms.ModelChoiceField(
        label=_("Bij welk initiatief? (niet verplicht)"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("Geen"),
    )

    def build(self) -> None:
        self.fields["initiative"].queryset = Initiative.objects.order_by("title")  # type: ignore[attr-defined]


class RuleStatusForm(DemocracyForm):
    status = forms.ChoiceField(label=_("Besluit"), choices=[], widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Uitleg (wordt gepubliceerd)"), widget=forms.Textarea)

    def __init__(self, *args: Any, rule: BlockingRule, **kwargs: Any) -> None:
        self.rule = rule
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        allowed = RULE_TRANSITIONS[self.rule.status]
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (v, label) for v, label in RuleStatus.choices if v in allowed
        ]


class HardshipDecisionForm(DemocracyForm):
    """One hardship decision under a blocking rule: a fact for a public register."""

    decided_on = date_field(_("Wanneer is het besluit genomen?"), required=True)
    law = forms.ChoiceField(
        label=_("Onder welke wet viel het besluit?"),
        choices=HardshipLaw.choices,
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Welke organisatie nam het besluit?"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    description = forms.CharField(
        label=_("Van welke regel is afgeweken, en waarom?"),
        max_length=HARDSHIP_DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Schrijf het kort en algemeen op, in hoogstens 300 tekens. Deze tekst komt op de "
            "website. Zet er dus niets in over wie het is: geen naam, geen BSN, geen adres, "
            "geen geboortedatum en geen telefoonnummer."
        ),
    )

    def __init__(self, *args: Any, rule: BlockingRule, actor: Actor, **kwargs: Any) -> None:
        self.rule = rule
        self.actor = actor
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        organisations = hardship_organisations(self.actor, self.rule)
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        own = organisations.filter(memberships__user=self.actor.user).values_list("pk", flat=True)
        field.initial = next(iter(own), None)
        self.fields["decided_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_decided_on(self) -> datetime.date:
        decided_on: datetime.date = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return decided_on


# --- right to challenge ---------------------------------------------------------------------


class ChallengeForm(DemocracyForm):
    title = forms.CharField(label=_("Naam van uw bod"), max_length=150)
    task = forms.CharField(
        label=_("Welke taak van de gemeente willen jullie overnemen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan = forms.CharField(
        label=_("Hoe gaan jullie het doen, en waarom beter?"), widget=forms.Textarea
    )
    group_name = forms.CharField(label=_("Naam van jullie groep"), max_length=120)
    bid_amount = euros(_("Welk budget per jaar vragen jullie (hele euro's)?"))
    neighbourhood = neighbourhood_field(_("Wijk"))


CRITERIA_ROWS = 5


class CriteriaForm(DemocracyForm):
    current_budget = euros(_("Wat de gemeente er nu per jaar aan uitgeeft"), required=False)

    def build(self) -> None:
        for n in range(1, CRITERIA_ROWS + 1):
            self.fields[f"title_{n}"] = forms.CharField(
                label=_("Criterium %(n)s") % {"n": n}, required=n == 1, max_length=150
            )
            self.fields[f"description_{n}"] = forms.CharField(
                label=_("Uitleg bij criterium %(n)s") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def criteria(self) -> list[tuple[str, str]]:
        return [
            (
                self.cleaned_data.get(f"title_{n}") or "",
                self.cleaned_data.get(f"description_{n}") or "",
            )
            for n in range(1, CRITERIA_ROWS + 1)
        ]


class DecisionForm(DemocracyForm):
    granted = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            ("yes", _("Toekennen: de groep neemt de taak en het budget over")),
            ("no", _("Afwijzen")),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Redenen (worden gepubliceerd)"), widget=forms.Textarea)

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        self.criteria = criteria
        super().__init__(*args, **kwargs)

    def build(self) -> None:
        for c in self.criteria:
            self.fields[f"met_{c.pk}"] = forms.ChoiceField(
                label=_("Voldoet het bod aan '%(title)s'?") % {"title": c.title},
                choices=[("yes", _("Ja")), ("no", _("Nee"))],
                widget=forms.RadioSelect,
            )
            self.fields[f"assessment_{c.pk}"] = forms.CharField(
                label=_("Beoordeling bij '%(title)s'") % {"title": c.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def assessments(self) -> dict[int, tuple[bool, str]]:
        return {
            c.pk: (
                self.cleaned_data[f"met_{c.pk}"] == "yes",
                self.cleaned_data.get(f"assessment_{c.pk}") or "",
            )
            for c in self.criteria
        }
