"""The English catalogue of support is complete, and the pages really switch language."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from leefwereld.core.tests.factories import as_actor
from leefwereld.support import services

from .factories import make_case

CATALOGUE = Path(services.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if re.search(r"^msgid ", block, re.M)]


def test_every_support_string_has_an_english_translation_and_none_is_fuzzy():
    entries = _entries(CATALOGUE.read_text(encoding="utf-8"))[1:]  # skip the header
    assert len(entries) > 300
    fuzzy = [e for e in entries if re.search(r"^#,.*\bfuzzy\b", e, re.M)]
    empty = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', e, re.M)]
    assert fuzzy == [] and empty == []
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime - 1


@pytest.mark.django_db
def test_the_plan_and_coach_pages_speak_english_after_the_switch(client):
    case = make_case()
    services.start_plan(as_actor(case.professional), case.household, template="schulden_werk")
    client.force_login(case.resident.user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    plan = client.get(reverse("support:plan", args=[case.household.pk])).content.decode()
    assert "Choose or change the coach" in plan and "Regisseur kiezen" not in plan
    coach = client.get(reverse("support:plan_coach", args=[case.household.pk])).content.decode()
    assert "Involved organisations, most involved first" in coach
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
