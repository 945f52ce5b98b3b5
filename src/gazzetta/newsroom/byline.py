"""The house byline style `Initial.Surname--SITE` (e.g. `E.M.Rossi--GZ`)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# Lower-case name particles that belong to the surname ("Anna von der Leyen" → "A.von der Leyen").
PARTICLES = frozenset({"von", "van", "der", "den", "de", "di", "da", "del", "della", "dei", "du", "le", "la", "ten", "zu"})
_ALREADY_SHORT = re.compile(r"^(?:\w\.)+\s?\w")


def short_name(name: str) -> str:
    """Return a person's name as initials plus surname; names already in that form stay."""
    name = " ".join(name.split())
    if not name or _ALREADY_SHORT.match(name):
        return name.replace(". ", ".")
    words = name.split(" ")
    surname_start = _surname_start(words)
    initials = "".join(f"{word[0]}." for word in words[:surname_start] for word in word.split("-") if word)
    return initials + " ".join(words[surname_start:])


def _surname_start(words: list[str]) -> int:
    for index, word in enumerate(words[1:], start=1):
        if word in PARTICLES:
            return index
    return max(len(words) - 1, 0)


def house_byline(authors: list[str] | tuple[str, ...], siglum: str) -> str:
    """Return the byline line, e.g. `J.Novak and P.Ricci--AC`, in the active language."""
    names = [short_name(author) for author in authors if author.strip()]
    if not names:
        return siglum
    conjunction = _("and")
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
    return f"{joined}--{siglum}" if siglum else joined
