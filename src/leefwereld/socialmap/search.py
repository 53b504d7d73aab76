"""Full-text search in Dutch: PostgreSQL's `dutch` configuration, and a fallback for SQLite.

Both sides see the same text: lower-cased and with accents folded in Python (so "café"
finds "cafe" without PostgreSQL's unaccent extension), and both stem with the Dutch
Porter stemmer (PostgreSQL's `dutch` dictionary is Snowball's Dutch Porter, and so is
`snowballstemmer`'s `dutch_porter`), matching query words as prefixes of stems.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet

WORD = re.compile(r"[a-z0-9]+")
# Words too common to help a search ("de", "het", "voor" …); PostgreSQL drops these too.
STOPWORDS = frozenset(
    "de het een en van voor in op met aan te bij of is om die dat er naar uit als".split()
)


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Crèche Één' → 'creche een'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(fold(text)) if w not in STOPWORDS]


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch_porter")


def stems(text: str) -> list[str]:
    return _stemmer().stemWords(words(text))


def stem_index(text: str) -> str:
    """The SQLite fallback's index column: ' stem1 stem2 … ' (spaces make word starts findable)."""
    return " " + " ".join(sorted(set(stems(text)))) + " "


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Offers matching every word of `query` (as a prefix of a stem), best matches first."""
    terms = words(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        # 'schulden:* & hulp:*' — the dutch config stems each word, :* makes it a prefix.
        # The tsvector is stored (services.store_search_vectors) and GIN-indexed, so
        # matching reads the index and ranking reads the stored vector of matches only.
        tsquery = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), search_type="raw", config="dutch"
        )
        return (
            queryset.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "name")
        )
    for stem in _stemmer().stemWords(terms):
        queryset = queryset.filter(search_stems__contains=" " + stem)
    return queryset.order_by("name")
