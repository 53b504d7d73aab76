"""Malformed `.pb` files, made by mutating valid ones (used by the Hypothesis test and by
`bench/file_readers_fuzz.py`): lines dropped, doubled, swapped or cut; fields replaced by
hostile values; bytes that are not UTF-8."""

from __future__ import annotations

import random

APPROVAL = """META
key;value
description;Een test
budget;1000
vote_type;approval
categories;Groen,Spelen
budget_per_category;600,500
PROJECTS
project_id;cost;name;category;district
a;400;Park;Groen;Noord
b;600.50;Bankjes;Groen,Spelen;Zuid
c;300;Speeltuin;Spelen;none
VOTES
voter_id;vote;age
1;a,b;30
2;b;41
3;c,a;none
"""

SCORING = """META
key;value
budget;100
vote_type;cumulative
PROJECTS
project_id;cost
p1;40
p2;60
VOTES
voter_id;vote;points
v1;p1,p2;2,3.5
v2;p2;1
"""

VALID = (APPROVAL, SCORING)

HOSTILE = (
    "",
    "none",
    "-1",
    "0",
    "1e400",
    "1e999999",
    "-1e999999",
    "1e-400",
    "12345678901234567890",
    "99999999999999999999999999",
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "1,5",
    "1.0000001",
    "1.5000000000",
    "0.0000000000000000000000000000000000001",
    "²",
    "٣",
    "a" * 300,
    "x" * 41,
    '"',
    '"unterminated',
    ";;;",
    "a,a",
    "a,,b",
    "META",
    "PROJECTS",
    "VOTES",
    "budget",
    "approval",
    "ordinal",
    "scoring",
    "\x00",
    "\ufeff",
    "é",
    "𝟙",
)
BAD_BYTES = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80abc", b"\xfe\xff")


def mutate(rng: random.Random, text: str, steps: int) -> str:
    lines = text.split("\n")
    for _ in range(steps):
        kind = rng.randrange(8)
        i = rng.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [rng.choice(HOSTILE)]
        elif kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[i])
        elif kind == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif kind in (4, 5):
            cells = lines[i].split(";")
            cells[rng.randrange(len(cells))] = rng.choice(HOSTILE)
            lines[i] = ";".join(cells)
        elif kind == 6:
            lines.insert(i, rng.choice(HOSTILE))
        else:
            lines[i] += ";" + rng.choice(HOSTILE)
    return "\n".join(lines)


def malformed(seed: int, steps: int | None = None) -> bytes:
    """One malformed file as bytes; every tenth is also broken at the byte level."""
    rng = random.Random(seed)
    text = mutate(rng, rng.choice(VALID), steps if steps is not None else rng.randint(1, 4))
    data = text.encode("utf-8")
    if rng.random() < 0.1:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(BAD_BYTES) + data[at:]
    return data
