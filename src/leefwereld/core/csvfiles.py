"""Reading the rows of an uploaded CSV file, bounded, with the line each row is on.

The csv module raises on a field over its size limit (128 KB) or an unclosed quote, and
an uploaded file may hold any number of rows: both become one plain-Dutch message that
names the line, so an import refuses the whole file before writing anything.
"""

from __future__ import annotations

import csv

from django.utils.translation import gettext as _


class UnreadableRows(ValueError):
    """The message (naming the line) for the person who uploaded the file."""


def read_rows(
    reader: csv.DictReader, *, max_rows: int, too_many: str
) -> list[tuple[int, dict[str, str]]]:
    """Every row with the line it ends on. `too_many` is the message for more than
    `max_rows` rows, with `%(line)s` and `%(max)s` in it."""
    rows: list[tuple[int, dict[str, str]]] = []
    iterator = iter(reader)
    while True:
        start = reader.line_num + 1  # the line the next row begins on
        try:
            row = next(iterator)
        except StopIteration:
            return rows
        except csv.Error:
            raise UnreadableRows(
                _(
                    "Regel %(line)s: deze regel is niet te lezen (een veld is langer dan "
                    "128 kB of een aanhalingsteken is niet gesloten)."
                )
                % {"line": start}
            ) from None
        if len(rows) >= max_rows:
            raise UnreadableRows(too_many % {"line": start, "max": max_rows})
        rows.append((reader.line_num, row))
