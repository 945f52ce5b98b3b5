"""URL slugs that stay readable in every language ("Straße" → "strasse", not "strae")."""

import functools

from django.utils.text import slugify

# Spellings a reader expects in ASCII, where Unicode decomposition alone drops the letter.
TRANSLITERATION = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
    "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
    "þ": "th", "ð": "d",
})
MAX_LENGTH = 100


@functools.lru_cache(maxsize=4096)  # section names are slugged for every article URL a page shows
def make_slug(text: str, fallback: str = "article") -> str:
    """Return an ASCII slug of `text`, cut at a word boundary; `fallback` when nothing is left."""
    slug = slugify(text.translate(TRANSLITERATION))
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0]
    return slug or fallback
