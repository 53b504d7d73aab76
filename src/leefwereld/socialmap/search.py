"""Full-text search in Dutch: PostgreSQL's `dutch` configuration, and a fallback for SQLite.

Both sides see the same text: lower-cased and with accents folded in Python (so "café"
finds "cafe" without PostgreSQL's unaccent extension), and both stem with the Dutch
Porter stemmer (PostgreSQL's `dutch` dictionary is Snowball's Dutch Porter, and so is
`snowballstemmer`'s `dutch_porter`). A query word matches a stored stem that starts with
the word's stem or with the word itself (a Dutch compound starts with its first word as
typed: 'huur' finds 'huurachterstand', whose stem does not start with huur's stem 'hur').
Both drop the same stop words.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache, reduce

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet

WORD = re.compile(r"[a-z0-9]+")
MAX_TERMS = 10
MAX_QUERY_CHARS = 200
# Words too common to help a search. PostgreSQL's `dutch` configuration drops exactly
# these (Snowball's Dutch stop list, tsearch_data/dutch.stop); queries and the SQLite
# fallback drop the same ones, so both backends treat "hulp zonder afspraak" alike.
STOPWORDS = frozenset(
    """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er
    maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit
    der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat
    iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles
    onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds
    wil kon niets uw iemand geweest andere
    """.split()
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
    """Offers matching every word of `query` (see above), best matches first."""
    # Bounded here too (the form already refuses more): every term is a clause in the query.
    terms = list(dict.fromkeys(words(query[:MAX_QUERY_CHARS])))[:MAX_TERMS]
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        # Per word: its Dutch stem as a prefix ('huren' → 'hur:*': huur, huren) or the word
        # itself as a prefix, for compounds, which keep their first part as typed ('huur:*'
        # finds 'huurachterstand'); every word must match. The tsvector is stored
        # (services.store_search_vectors) and GIN-indexed, so matching reads the index and
        # ranking reads the stored vector of the matches only.
        tsquery = reduce(
            operator.and_,
            (
                SearchQuery(f"{term}:*", search_type="raw", config="dutch")
                | SearchQuery(f"{term}:*", search_type="raw", config="simple")
                for term in terms
            ),
        )
        return (
            queryset.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "name")
        )
    for term, stem in zip(terms, _stemmer().stemWords(terms), strict=True):
        queryset = queryset.filter(
            Q(search_stems__contains=" " + stem) | Q(search_stems__contains=" " + term)
        )
    return queryset.order_by("name")
