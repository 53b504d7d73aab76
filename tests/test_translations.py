"""Every English catalogue of the project is complete, and its .mo says what the .po says.

The app-level check (src/leefwereld/support/tests/test_translations.py) covers support; this
one covers every `locale/en/LC_MESSAGES/django.po` under src/leefwereld: no entry is left
untranslated or fuzzy after `make messages`, placeholders survive the translation, and the
compiled catalogue Django reads was compiled from the current .po (content, not mtimes:
a checkout gives every file the same time).
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

import leefwereld

SRC = Path(leefwereld.__file__).parent
CATALOGUES = sorted(SRC.glob("**/locale/en/LC_MESSAGES/django.po"))
_ids = [str(path.relative_to(SRC).parent.parent.parent.parent) for path in CATALOGUES]
IDS = [name if name != "." else "leefwereld" for name in _ids]


def _entries(text: str) -> list[dict]:
    """The entries of a .po file (without the header and obsolete `#~` entries)."""
    entries = []
    for block in text.split("\n\n"):
        if not re.search(r"^msgid ", block, re.M):
            continue
        entry: dict = {"block": block, "flags": set(), "msgstr": {}}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(key, int):
                    entry["msgstr"][key] += value
                else:
                    entry[key] += value
            elif match := re.match(
                r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (\".*\")$", line
            ):
                name, index, value = match.groups()
                key = int(index or 0) if name == "msgstr" else name
                if name == "msgstr":
                    entry["msgstr"][key] = ast.literal_eval(value)
                else:
                    entry[name] = ast.literal_eval(value)
        if entry["msgid"]:
            entries.append(entry)
    return entries


def _placeholders(entry: dict, text: str) -> set[str]:
    if "python-format" in entry["flags"]:
        return set(re.findall(r"%\((\w+)\)", text))
    if "python-brace-format" in entry["flags"]:
        return set(re.findall(r"\{(\w*)\}", text))
    return set()


def test_the_catalogues_are_found():
    assert {"debts", "democracy", "democracy/panels", "leefwereld", "routes"} <= set(IDS)
    assert {"socialmap", "support", "vault"} <= set(IDS)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=IDS)
def test_every_entry_has_an_english_translation_and_none_is_fuzzy(catalogue):
    entries = _entries(catalogue.read_text(encoding="utf-8"))
    assert entries
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    previous = [e["msgid"] for e in entries if re.search(r"^#\|", e["block"], re.M)]
    plurals = [e["msgid"] for e in entries if "msgid_plural" in e and len(e["msgstr"]) != 2]
    assert fuzzy == [] and empty == [] and previous == [] and plurals == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=IDS)
def test_translations_keep_the_placeholders(catalogue):
    wrong = []
    for entry in _entries(catalogue.read_text(encoding="utf-8")):
        source = _placeholders(entry, entry["msgid"] + entry.get("msgid_plural", ""))
        for index, text in entry["msgstr"].items():
            used = _placeholders(entry, text)
            # A singular may leave out the count ("One debt" for "%(n)s debts"); no
            # translation may name a placeholder the code does not fill in.
            singular_of_plural = "msgid_plural" in entry and index == 0
            if not used <= source or (used != source and not singular_of_plural):
                wrong.append((entry["msgid"], text))
    assert wrong == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=IDS)
def test_the_compiled_catalogue_matches_the_po(catalogue):
    """Run `make messages` (or msgfmt) after editing a .po: Django only reads the .mo."""
    with catalogue.with_suffix(".mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    stale = []
    for entry in _entries(catalogue.read_text(encoding="utf-8")):
        if "msgid_plural" in entry:
            got = {n: mo.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)}
            ok = got == {1: entry["msgstr"][0], 2: entry["msgstr"][1]}
        elif "msgctxt" in entry:
            ok = mo.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"][0]
        else:
            ok = mo.gettext(entry["msgid"]) == entry["msgstr"][0]
        if not ok:
            stale.append(entry["msgid"])
    assert stale == []


def test_strings_the_extractor_misses_are_still_translated():
    """`makemessages --no-obsolete` drops what xgettext does not find, such as a message
    behind the `_lazy` alias in routes.services: its entry is kept by hand."""
    from leefwereld.routes import services

    with translation.override("en"):
        assert str(services.OUT_OF_REACH).startswith("You cannot do anything for this BSN")
