from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from leefwereld.core.domains import LifeDomain
from leefwereld.core.numbers import EuroField
from leefwereld.core.versioning import VersionField
from leefwereld.socialmap.models import Offer

from .models import Application, Decision, Measurement, Melding
from .services import POSITIVE_HEALTH, TEMPLATES

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEXTAREA = {"class": "utrecht-textarea", "rows": 4}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE = {"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


def _text(label, required=True, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs=TEXTAREA)
    )


class MeldingForm(forms.Form):
    question = _text(
        _("Waar zoekt u hulp bij?"),
        help_text=_("Schrijf het in uw eigen woorden. U hoeft niet alles te weten."),
    )
    urgent = forms.BooleanField(
        label=_("Het is dringend: er is nu direct hulp nodig"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )


class ClientSupportForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Cliëntondersteuning aangeboden. Wat wil de inwoner?"),
        choices=[
            (Melding.ClientSupport.ACCEPTED, _("Wil cliëntondersteuning")),
            (Melding.ClientSupport.DECLINED, _("Wil geen cliëntondersteuning")),
        ],
        widget=forms.Select(attrs=SELECT),
    )


class TemporaryProvisionForm(forms.Form):
    what = _text(_("Welke tijdelijke hulp krijgt de inwoner direct?"))


class OwnPlanForm(forms.Form):
    text = _text(_("Uw eigen plan"), help_text=_("Wat wilt u bereiken, en wie helpt u daarbij?"))


class IntakeForm(forms.Form):
    """The conversation guide: Wmo 2015 art. 2.3.2 lid 4 a–g and lid 6."""

    needs = _text(
        _("a. Wat heeft u nodig en wat wilt u? (behoeften, persoonlijke situatie, voorkeuren)")
    )
    own_strength = _text(
        _("b. Wat kunt u zelf, en wat doen huisgenoten al? (eigen kracht, gebruikelijke hulp)")
    )
    network = _text(_("c. Wie helpen u nu al? (mantelzorg en netwerk)"))
    carer_support = _text(_("d. Heeft de mantelzorger steun nodig?"))
    carer_load = forms.IntegerField(
        label=_(
            "Korte check: hoe zwaar is de zorg voor de mantelzorger? "
            "(0 = niet zwaar, 10 = veel te zwaar)"
        ),
        min_value=0,
        max_value=10,
        required=False,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )
    carer_notes = _text(_("Toelichting bij de check"), required=False)
    general_provisions = _text(_("e. Welke algemene voorzieningen of activiteiten passen?"))
    offers = forms.ModelMultipleChoiceField(
        label=_("Aanbod van de sociale kaart dat is besproken"),
        queryset=Offer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coordination = _text(
        _("f. Wat is er nodig aan afstemming met zorg, jeugdhulp, school, wonen, werk en inkomen?")
    )
    contribution = _text(_("g. Welke eigen bijdrage kan de inwoner verwachten?"))
    contribution_amount = EuroField(
        label=_("Verwachte eigen bijdrage per maand in euro (mag leeg)"),
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    pgb_explained = forms.BooleanField(
        label=_("Het persoonsgebonden budget (pgb) is uitgelegd, met de gevolgen"),
        required=True,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    held_on = forms.DateField(
        label=_("Datum van het gesprek"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )

    NETWORK_ROWS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast("forms.ModelMultipleChoiceField[Offer]", self.fields["offers"]).queryset = (
            Offer.objects.filter(approved_at__isnull=False, kind=Offer.Kind.GENERAL)
            .select_related("organisation")
            .order_by("name")[:30]
        )
        for i in range(self.NETWORK_ROWS):
            n = i + 1
            self.fields[f"net{i}_name"] = forms.CharField(
                label=_("Persoon %(n)s: wie") % {"n": n},
                required=False,
                widget=forms.TextInput(attrs=TEXTBOX),
            )
            self.fields[f"net{i}_helps_with"] = forms.CharField(
                label=_("Persoon %(n)s: helpt met") % {"n": n},
                required=False,
                widget=forms.TextInput(attrs=TEXTBOX),
            )
            self.fields[f"net{i}_how_often"] = forms.CharField(
                label=_("Persoon %(n)s: hoe vaak") % {"n": n},
                required=False,
                widget=forms.TextInput(attrs=TEXTBOX),
            )

    def network_rows(self) -> list[dict[str, str]]:
        return [
            {
                "name": self.cleaned_data.get(f"net{i}_name", ""),
                "helps_with": self.cleaned_data.get(f"net{i}_helps_with", ""),
                "how_often": self.cleaned_data.get(f"net{i}_how_often", ""),
            }
            for i in range(self.NETWORK_ROWS)
        ]

    def guide_fields(self):
        return [self[n] for n in ("needs", "own_strength", "network")]

    def network_fields(self):
        return [
            [self[f"net{i}_name"], self[f"net{i}_helps_with"], self[f"net{i}_how_often"]]
            for i in range(self.NETWORK_ROWS)
        ]


class AnnotationForm(forms.Form):
    text = _text(
        _("Uw opmerkingen bij het verslag"),
        help_text=_("Klopt iets niet, of mist er iets? Schrijf het hier."),
    )


class StartPlanForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Begin met een voorbeeld"),
        choices=[
            ("", _("Leeg plan")),
            ("schulden_werk", _("Schulden en werk")),
            ("ouder_kind", _("Ouder met zorg voor kind")),
        ],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    def clean_template(self) -> str:
        value = self.cleaned_data["template"]
        if value and value not in TEMPLATES:
            raise forms.ValidationError(_("Kies een voorbeeld uit de lijst."))
        return value


OWNER_CHOICES = [
    ("resident", _("Ikzelf of mijn huisgenoot")),
    ("network", _("Iemand uit mijn netwerk")),
    ("professional", _("Professional")),
    ("provider", _("Zorgaanbieder")),
]
STATUS_CHOICES = [
    ("open", _("Nog niet begonnen")),
    ("busy", _("Bezig")),
    ("done", _("Klaar")),
    ("stopped", _("Gestopt")),
]


class PlanForm(forms.Form):
    """All goals and actions of the plan on one page, plus one new goal and one new action.

    Field names carry the item's id; emptying a text removes the item.
    """

    def __init__(self, *args: Any, content: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content = content
        goal_choices = [("", _("Geen doel"))] + [
            (g["id"], g["text"][:60]) for g in content.get("goals", [])
        ]
        self.goal_rows = []
        for n, goal in enumerate([*content.get("goals", []), {"id": "new"}], start=1):
            gid = goal["id"]
            new = gid == "new"
            self.fields[f"goal-{gid}-domain"] = forms.ChoiceField(
                label=_("Leefgebied van het nieuwe doel")
                if new
                else _("Leefgebied van doel %(n)s") % {"n": n},
                choices=[("", "—"), *LifeDomain.choices],
                initial=goal.get("domain", ""),
                required=False,
                widget=forms.Select(attrs=SELECT),
            )
            self.fields[f"goal-{gid}-text"] = forms.CharField(
                label=_("Nieuw doel, in uw eigen woorden")
                if new
                else _("Doel %(n)s, in uw eigen woorden") % {"n": n},
                initial=goal.get("text", ""),
                required=False,
                widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
            )
            self.goal_rows.append((gid, new))
        self.action_rows = []
        for n, action in enumerate([*content.get("actions", []), {"id": "new"}], start=1):
            aid = action["id"]
            new = aid == "new"
            label = _("nieuwe actie") if new else _("actie %(n)s") % {"n": n}
            self.fields[f"action-{aid}-text"] = forms.CharField(
                label=_("Wat: %(l)s") % {"l": label},
                initial=action.get("text", ""),
                required=False,
                widget=forms.TextInput(attrs=TEXTBOX),
            )
            self.fields[f"action-{aid}-goal"] = forms.ChoiceField(
                label=_("Bij welk doel: %(l)s") % {"l": label},
                choices=goal_choices,
                initial=action.get("goal") or "",
                required=False,
                widget=forms.Select(attrs=SELECT),
            )
            self.fields[f"action-{aid}-owner_kind"] = forms.ChoiceField(
                label=_("Wie doet het: %(l)s") % {"l": label},
                choices=OWNER_CHOICES,
                initial=action.get("owner_kind", "resident"),
                required=False,
                widget=forms.Select(attrs=SELECT),
            )
            self.fields[f"action-{aid}-owner_name"] = forms.CharField(
                label=_("Naam van wie het doet: %(l)s") % {"l": label},
                initial=action.get("owner_name", ""),
                required=False,
                widget=forms.TextInput(attrs=TEXTBOX),
            )
            self.fields[f"action-{aid}-due"] = forms.DateField(
                label=_("Klaar op: %(l)s") % {"l": label},
                initial=action.get("due") or None,
                required=False,
                widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            )
            self.fields[f"action-{aid}-status"] = forms.ChoiceField(
                label=_("Stand van zaken: %(l)s") % {"l": label},
                choices=STATUS_CHOICES,
                initial=action.get("status", "open"),
                required=False,
                widget=forms.Select(attrs=SELECT),
            )
            self.action_rows.append((aid, new))
        self.fields["note"] = forms.CharField(
            label=_("Wat heeft u veranderd? (mag leeg)"),
            required=False,
            widget=forms.TextInput(attrs=TEXTBOX),
        )
        # The version this form was made from (optimistic locking, services.change_plan).
        self.fields["version"] = VersionField(label=_("Versie"))

    def goal_fields(self):
        return [
            (new, self[f"goal-{gid}-domain"], self[f"goal-{gid}-text"])
            for gid, new in self.goal_rows
        ]

    def action_fields(self):
        return [
            (
                new,
                [
                    self[f"action-{aid}-{f}"]
                    for f in ("text", "goal", "owner_kind", "owner_name", "due", "status")
                ],
            )
            for aid, new in self.action_rows
        ]

    def plan_content(self) -> dict[str, Any]:
        data = self.cleaned_data
        goals = []
        for gid, new in self.goal_rows:
            text = data.get(f"goal-{gid}-text", "")
            if new and not text:
                continue
            goals.append(
                {"id": None if new else gid, "domain": data.get(f"goal-{gid}-domain"), "text": text}
            )
        actions = []
        for aid, new in self.action_rows:
            text = data.get(f"action-{aid}-text", "")
            if new and not text:
                continue
            due = data.get(f"action-{aid}-due")
            actions.append(
                {
                    "id": None if new else aid,
                    "text": text,
                    "goal": data.get(f"action-{aid}-goal") or None,
                    "owner_kind": data.get(f"action-{aid}-owner_kind") or "resident",
                    "owner_name": data.get(f"action-{aid}-owner_name", ""),
                    "due": due.isoformat() if due else None,
                    "status": data.get(f"action-{aid}-status") or "open",
                }
            )
        return {
            "goals": goals,
            "actions": actions,
            "decisions": self.content.get("decisions", []),
        }


class MeasurementForm(forms.Form):
    instrument = forms.ChoiceField(
        label=_("Meetinstrument"),
        choices=Measurement.Instrument.choices,
        widget=forms.Select(attrs=SELECT),
    )
    person = forms.ChoiceField(
        label=_("Voor wie"), required=False, widget=forms.Select(attrs=SELECT)
    )
    note = _text(_("Hoe ziet u het zelf? (korte notitie)"), required=False)

    def __init__(self, *args: Any, members: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        person = cast(forms.ChoiceField, self.fields["person"])
        person.choices = [("", _("Het hele huishouden"))] + [
            (str(m.pk), m.full_name) for m in members
        ]
        for code, label in LifeDomain.choices:
            self.fields[f"zrm_{code}"] = forms.IntegerField(
                label=label,
                min_value=1,
                max_value=5,
                required=False,
                widget=forms.NumberInput(attrs=TEXTBOX),
            )
        for code, name in POSITIVE_HEALTH:
            self.fields[f"ph_{code}"] = forms.IntegerField(
                label=_(name),
                min_value=0,
                max_value=10,
                required=False,
                widget=forms.NumberInput(attrs=TEXTBOX),
            )

    def zrm_fields(self):
        return [self[f"zrm_{code}"] for code in LifeDomain.values]

    def ph_fields(self):
        return [self[f"ph_{code}"] for code, _l in POSITIVE_HEALTH]

    def scores(self) -> dict[str, int]:
        prefix = "zrm_" if self.cleaned_data["instrument"] == Measurement.Instrument.ZRM else "ph_"
        return {
            name[len(prefix) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value is not None
        }


class ApplicationForm(forms.Form):
    provision = forms.CharField(
        label=_("Waarvoor vraagt de inwoner hulp aan?"), widget=forms.TextInput(attrs=TEXTBOX)
    )
    provision_kind = forms.ChoiceField(
        label=_("Soort voorziening"),
        choices=Application.ProvisionKind.choices,
        widget=forms.Select(attrs=SELECT),
    )
    received_on = forms.DateField(
        label=_("Aanvraag ontvangen op"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Besluit"), choices=Decision.Outcome.choices, widget=forms.Select(attrs=SELECT)
    )
    provision = forms.CharField(
        label=_("Welke hulp (of welk deel) krijgt de inwoner?"),
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    reasons = _text(_("Waarom besluit de gemeente zo? Schrijf het in gewone woorden."))
    starts_on = forms.DateField(
        label=_("Hulp vanaf"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Hulp tot en met"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    contribution = EuroField(
        label=_("Eigen bijdrage per maand in euro (mag leeg)"),
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    sent_on = forms.DateField(
        label=_("Brief verstuurd op"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}


class CoachForm(forms.Form):
    """Choose the plan's coach among the professionals of the involved organisations."""

    coach = forms.ChoiceField(
        label=_("Wie wordt de regisseur?"), widget=forms.RadioSelect(attrs=RADIO)
    )
    reason = _text(
        _("Waarom deze regisseur?"),
        required=False,
        help_text=_(
            "Alleen nodig als de regisseur niet van de organisatie komt die het meest betrokken is."
        ),
    )

    def __init__(self, *args: Any, candidates: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for involvement, users in candidates:
            organisation = involvement.organisation
            for user in users:
                choices.append(
                    (f"{organisation.pk}-{user.pk}", f"{user.display_name} ({organisation.name})")
                )
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast(forms.ChoiceField, self.fields["coach"]).choices = choices

    def choice(self) -> tuple[int, int]:
        organisation, user = self.cleaned_data["coach"].split("-")
        return int(organisation), int(user)


class CosignerForm(forms.Form):
    """The household chooses which network members sign the plan too."""

    users = forms.MultipleChoiceField(
        label=_("Wie uit uw netwerk tekent het plan mee?"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )

    def __init__(self, *args: Any, members: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast(forms.ChoiceField, self.fields["users"]).choices = [
            (
                str(m.user_id),
                f"{m.user.display_name} ({m.relation})" if m.relation else m.user.display_name,
            )
            for m in members
        ]
