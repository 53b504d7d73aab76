"""How easy a Dutch text is to read: the Flesch-Douma score, on plain text or a rendered page.

Flesch-Douma (Douma 1960) is Flesch's Reading Ease re-weighted for Dutch, whose words are
longer than English ones:

    score = 206.84 − 0.77 × (syllables per 100 words) − 0.93 × (words per sentence)

Source: W.H. Douma, *De leesbaarheid van landbouwbladen*, Landbouwhogeschool Wageningen,
Afdeling Sociologie en Sociografie, bulletin 17 (1960). Scores run from about 0 (very
hard) to 100 (very easy); 60–70 is the band usually read as "normal" text. That 60 stands
for B1 is a rule of thumb, not part of the formula: the threshold is a choice, documented
with the check. The threshold the suite
applies to every resident page is in `tests/test_readability.py` and `docs/plain-language.md`.

Syllables are counted the way Dutch readability tools count them without a dictionary:
one syllable per group of vowels, where Dutch's double vowels and diphthongs
(aa, ie, oe, eu, ui, ij, ou, au, …) are one group. It is an approximation (a word such as
"ideaal" counts 2 instead of 3), good enough to compare pages and catch long words and
long sentences, which is what the check is for.

Only the running text counts: numbers, amounts, dates and codes are not words a reader
has to decode, and a `<details>` block's body ("Hoe rekenen wij dit uit?") is the precise
version a reader asks for, so it is measured apart (not at all, here). No Django: the
suite feeds it rendered HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# One vowel group is one syllable; "ij" is a vowel in Dutch (and y in loan words).
_VOWEL_GROUP = re.compile(r"(?:ij|[aeiouyàáâäèéêëïíìîóòôöúùûü])+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)")

# Elements whose text a reader does not read as prose (or reads as a unit of its own).
# A drop-down's options are names to pick from (teams, organisations), not prose.
_SKIPPED = {"script", "style", "noscript", "svg", "template", "code", "pre", "select"}
# Elements that end a sentence even without a full stop: a heading, a list item, a label
# or a button is read as one unit.
_BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "label",
    "button", "summary", "legend", "caption", "div", "section", "tr", "a",
    "figcaption", "blockquote", "title",
}  # fmt: skip

# Flesch-Douma's weights (Douma 1960).
BASE = 206.84
PER_SYLLABLE_PER_100_WORDS = 0.77
PER_WORD_PER_SENTENCE = 0.93


def syllables(word: str) -> int:
    """The number of syllables of one Dutch word (at least 1)."""
    return max(1, len(_VOWEL_GROUP.findall(word.lower())))


def sentences(text: str) -> list[str]:
    """The sentences of a text: split at . ! ? : ; followed by a space, or at a newline."""
    parts: list[str] = []
    for line in text.splitlines():
        parts.extend(piece for piece in _SENTENCE_END.split(line) if piece.strip())
    return parts


def words(text: str) -> list[str]:
    """The words of a text; numbers, amounts and dates are not words."""
    return _WORD.findall(text)


@dataclass(frozen=True)
class Score:
    words: int
    sentences: int
    syllables: int
    long_words: tuple[str, ...] = field(default=())  # five syllables or more

    @property
    def flesch_douma(self) -> float:
        if not self.words:
            return 100.0
        per_100_words = 100 * self.syllables / self.words
        per_sentence = self.words / max(1, self.sentences)
        return (
            BASE - PER_SYLLABLE_PER_100_WORDS * per_100_words - PER_WORD_PER_SENTENCE * per_sentence
        )


LONG_WORD_SYLLABLES = 5


def score(text: str) -> Score:
    """Count words, sentences and syllables of plain text (sentences: one per line or stop)."""
    all_words: list[str] = []
    count = 0
    for sentence in sentences(text):
        found = words(sentence)
        if found:
            all_words.extend(found)
            count += 1
    total = [syllables(word) for word in all_words]
    long = tuple(
        sorted({w for w, n in zip(all_words, total, strict=True) if n >= LONG_WORD_SYLLABLES})
    )
    return Score(words=len(all_words), sentences=count, syllables=sum(total), long_words=long)


class _Text(HTMLParser):
    """The readable text of a page's main part, one block per line, `<details>` bodies out."""

    def __init__(self, root_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.root_id = root_id
        self.depth_in_root = 0 if root_id is None else -1  # -1: not inside the root yet
        self.skip = 0
        self.details = 0
        self.in_summary = 0
        self.lines: list[str] = []
        self.current: list[str] = []
        self.stack: list[str] = []

    def _break(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "input", "hr", "meta", "link"}:
            if tag == "br":
                self._break()
            return
        self.stack.append(tag)
        if self.depth_in_root < 0 and dict(attrs).get("id") == self.root_id:
            self.depth_in_root = len(self.stack)
        if tag in _SKIPPED:
            self.skip += 1
        if tag == "details":
            self.details += 1
        if tag == "summary":
            self.in_summary += 1
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _SKIPPED:
                self.skip -= 1
            if open_tag == "details":
                self.details -= 1
            if open_tag == "summary":
                self.in_summary -= 1
            if open_tag in _BLOCKS:
                self._break()
            if self.depth_in_root > len(self.stack):
                self.depth_in_root = -2  # the root closed: nothing after it counts
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.depth_in_root < 0 and self.root_id is not None:
            return
        if self.skip or (self.details and not self.in_summary):
            return
        self.current.append(data)

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines)


def page_text(html: str, root_id: str | None = "inhoud") -> str:
    """The text a reader reads in the element with `root_id` (base.html's `<main id="inhoud">`)."""
    parser = _Text(root_id)
    parser.feed(html)
    parser.close()
    return parser.text()


def page_score(html: str, root_id: str | None = "inhoud") -> Score:
    return score(page_text(html, root_id))
