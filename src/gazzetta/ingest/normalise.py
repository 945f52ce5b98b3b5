"""Turn a WireItem's text into what we store: safe HTML, plain headline and lead, language, slug, section."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import nh3
from django.conf import settings
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from gazzetta.ingest.models import SubjectMapping
from gazzetta.ingest.wireitem import WireItem
from gazzetta.newsroom.models import Section, Source
from gazzetta.newsroom.slugs import make_slug

# The body keeps structure and emphasis only; images travel separately, never inside the body.
ALLOWED_TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "strong", "em", "b", "i",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}
# Removed together with their content (nh3 otherwise keeps the text of a dropped tag).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "math",
                                  "select", "textarea", "button", "form", "head", "title"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"
BLOCK_TAG = re.compile(r"<(?:p|h[2-4]|ul|ol|blockquote|table)\b")
MARKUP_SIGNS = re.compile(r"[<&\x00]")  # what the HTML parser would change in a text

LEAD_MAX_CHARS = 300
HEADLINE_KEY_MAX = 500  # Fingerprint.headline_key and PendingTeaser.headline_key
NON_WORD = re.compile(r"[^\w]+")
SENTENCE_END = re.compile(r"(?<=[.!?…»\"“”])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"„“])")
# Languages a wire portal meets; the detector chooses among these and the configured editions only,
# which keeps short texts from being labelled with a rare language that merely shares letters.
NO_LANGUAGE = frozenset({"und", "mul", "mis", "zxx"})  # ISO 639 codes for "undetermined", "several", "none"
DETECTABLE_LANGUAGES = ("de", "it", "en", "fr", "es", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "sr", "hu", "ro",
                        "bg", "el", "tr", "ru", "uk", "sv", "da", "no", "fi", "ar", "zh", "ja", "ko", "he")


@dataclass(frozen=True, slots=True)
class Normalised:
    """The stored form of an item's text and placement."""

    language: str
    headline: str
    lead: str
    body_html: str
    text: str
    slug: str
    section: Section | None


def normalise(item: WireItem, source: Source | None, sections: SectionChooser) -> Normalised:
    """Return the item's text sanitised, its language, lead, slug and section."""
    headline = plain_text(item.headline)
    body_html = body_of(item)
    text = html_to_text(body_html)
    return Normalised(
        language=language_of(item, headline, text, source),
        headline=headline,
        lead=plain_text(item.lead or derive_lead(paragraphs_of(body_html))),
        body_html=body_html,
        text=text,
        slug=make_slug(headline),
        section=sections.choose(item, source),
    )


# --- text ----------------------------------------------------------------------------------

@cache
def _body_cleaner() -> nh3.Cleaner:
    """Build the body's allow-list once: nh3 compiles it, and every item reuses it."""
    return nh3.Cleaner(tags=set(ALLOWED_TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
                       attributes=ALLOWED_ATTRIBUTES, url_schemes=set(URL_SCHEMES), link_rel=LINK_REL)


@cache
def _text_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))


def sanitise_html(markup: str) -> str:
    """Return `markup` with only the allowed tags and safe links; scripts and handlers never survive."""
    return _body_cleaner().clean(markup).strip()


def plain_text(markup: str) -> str:
    """Return one line of text from `markup` that may hold tags or entities (headlines, leads)."""
    if not MARKUP_SIGNS.search(markup):  # nothing to clean or unescape (most headlines)
        return " ".join(markup.split())
    return " ".join(html.unescape(_text_cleaner().clean(markup)).split())


def paragraphs_to_html(paragraphs: tuple[str, ...]) -> str:
    """Return plain paragraphs as escaped <p> elements."""
    return "\n".join(f"<p>{html.escape(text)}</p>" for text in (" ".join(p.split()) for p in paragraphs) if text)


def body_of(item: WireItem) -> str:
    """Return the item's body as sanitised block HTML, from its HTML or its plain paragraphs."""
    if not item.body_html.strip():
        return paragraphs_to_html(item.paragraphs)
    body = sanitise_html(item.body_html)
    if body and not BLOCK_TAG.search(body):
        return f"<p>{body}</p>"
    return body


def paragraphs_of(body_html: str) -> list[str]:
    """Return the plain text of each <p> of sanitised HTML (the whole text when there is none)."""
    found = [html_to_text(part) for part in re.findall(r"<p>(.*?)</p>", body_html, flags=re.S)]
    return [text for text in found if text] or ([html_to_text(body_html)] if body_html else [])


def html_to_text(markup: str) -> str:
    """Return the plain text of sanitised HTML, blocks separated by spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def derive_lead(paragraphs: list[str]) -> str:
    """Return the first paragraph, cut at the last sentence end within LEAD_MAX_CHARS when longer."""
    if not paragraphs:
        return ""
    first = paragraphs[0]
    if len(first) <= LEAD_MAX_CHARS:
        return first
    cuts = [match.start() for match in SENTENCE_END.finditer(first) if match.start() <= LEAD_MAX_CHARS]
    if cuts:
        return first[:cuts[-1]].rstrip()
    return first[:LEAD_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:-–") + " …"


def text_key(text: str) -> str:
    """Return `text` folded for comparison: case, accents' forms, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(NON_WORD.sub(" ", folded).split())


def headline_key(headline: str) -> str:
    """Return the folded headline that teasers are matched by, bounded to its columns."""
    return text_key(headline)[:HEADLINE_KEY_MAX]


# --- language ----------------------------------------------------------------------------

def language_of(item: WireItem, headline: str, text: str, source: Source | None) -> str:
    """Return the declared language (primary subtag), else the detected one, else the source's."""
    declared = primary_subtag(item.language)
    if declared:
        return declared
    sample = f"{headline}\n{text[:2000]}".strip()
    if sample:
        return detect_language(sample)
    return (source.default_language if source else "") or settings.LANGUAGE_CODE


def primary_subtag(tag: str) -> str:
    """Return 'de' for 'de-AT', 'DE' or 'de_CH'; '' when the tag names no language ('und', 'x')."""
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 and primary not in NO_LANGUAGE else ""


def detect_language(text: str) -> str:
    language, _score = _identifier().classify(text)
    return language


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    known = set(identifier.nb_classes)
    wanted = {code for code, _name in settings.LANGUAGES} | set(DETECTABLE_LANGUAGES)
    identifier.set_languages(sorted(wanted & known))
    return identifier


# --- section -----------------------------------------------------------------------------

class SectionChooser:
    """Choose an item's section: subject table, then its section name, then the source's default.

    Holds the (small) mapping and section tables for one payload, so a feed of a hundred items
    costs two queries, not two hundred.
    """

    def __init__(self):
        self.mappings = {text_key(m.subject): m.section for m in SubjectMapping.objects.select_related("section")}
        self.by_name = {}
        for section in Section.objects.all():
            for name in (section.key, *section.names.values()):
                if text_key(name):
                    self.by_name.setdefault(text_key(name), section)

    def choose(self, item: WireItem, source: Source | None) -> Section | None:
        return (self.from_subjects(item) or self.by_name.get(text_key(item.section))
                or self.from_subject_names(item) or (source.default_section if source else None))

    def from_subjects(self, item: WireItem) -> Section | None:
        keys = (text_key(value) for subject in item.subjects for value in (subject.code, subject.name) if value)
        return next((self.mappings[key] for key in keys if key in self.mappings), None)

    def from_subject_names(self, item: WireItem) -> Section | None:
        """A subject named like a section ('dpacat:wi Wirtschaft') places the item there too."""
        names = (text_key(subject.name) for subject in item.subjects if subject.name)
        return next((self.by_name[name] for name in names if name in self.by_name), None)
