"""Our articles as IPTC ninjs 2.2 (https://iptc.org/std/ninjs/), so partners take our stories as we take theirs.

Mapping: guid (when it is a URI, else the page address) → uri; headline, lead and body →
headlines, descriptions and bodies (HTML); authors → by; agency → copyrightholder; subjects
and the section → subjects (IPTC media topics as their cv.iptc.org URIs); pictures →
associations with caption and credit, and a rendition only when the file is stored.
"""

from __future__ import annotations

from django.conf import settings

from gazzetta.newsroom.models import Article, Image
from gazzetta.syndication.links import mime_type, stable_id, subject_of

VERSION = "2.2"
SCHEMA_URI = f"http://www.iptc.org/std/ninjs/ninjs-schema_{VERSION}.json"
MEDIA_TYPE = "application/ninjs+json"
ACCEPTED_TYPES = (MEDIA_TYPE, "application/vnd.iptc.ninjs+json")
# Subject code schemes we store → the IPTC vocabulary URIs ninjs expects.
CODE_URIS = {"medtop:": "http://cv.iptc.org/newscodes/mediatopic/",
             "subj:": "http://cv.iptc.org/newscodes/subjectcode/"}


def wants_ninjs(request) -> bool:
    accept = request.headers.get("Accept", "")
    return any(media_type in accept for media_type in ACCEPTED_TYPES)


def document(article: Article, absolute) -> dict:
    """Return the article as one ninjs 2.2 object."""
    url = absolute(article.get_absolute_url())
    uri = stable_id(article, url)
    fields = {
        "uri": uri, "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA_URI},
        "type": "text", "representationtype": "full", "version": str(article.version),
        "firstcreated": article.published_at.isoformat(),
        "versioncreated": (article.updated_at or article.published_at).isoformat(),
        "pubstatus": "usable", "language": article.language,
        "copyrightholder": article.agency or settings.GAZZETTA.site_name, "by": ", ".join(article.authors),
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.headline}],
        "descriptions": texts("summary", article.lead),
        "bodies": [{"role": "main", "contenttype": "text/html", "value": article.body_html}],
        "subjects": subjects(article),
        "associations": [picture(image, index, uri, absolute) for index, image in enumerate(article.images.all())],
        "altids": [{"role": "url", "value": url}, {"role": "id", "value": str(article.pk)}],
    }
    return {name: value for name, value in fields.items() if value not in ("", [])}


def texts(role: str, value: str) -> list[dict]:
    """A one-entry headlines/descriptions list, or none for an empty text."""
    return [{"role": role, "contenttype": "text/plain", "value": value}] if value else []


def subjects(article: Article) -> list[dict]:
    stored = [subject(*subject_of(entry)) for entry in article.subjects]
    section = [{"name": article.section.name(article.language), "literal": article.section.key, "rel": "section"}]
    return [entry for entry in stored if entry] + (section if article.section else [])


def subject(code: str, name: str) -> dict:
    """A stored subject as ninjs: its IPTC URI when the scheme is one, else the code as a literal."""
    scheme = next((prefix for prefix in CODE_URIS if code.startswith(prefix)), None)
    identified = {"uri": CODE_URIS[scheme] + code.removeprefix(scheme)} if scheme else {"literal": code}
    return {name_key: value for name_key, value in ({"name": name} | identified).items() if value}


def picture(image: Image, index: int, item_uri: str, absolute) -> dict:
    """A picture association; without its file it still carries caption and credit."""
    href = absolute(image.file.url) if image.file else ""
    association = {"name": "featureimage" if index == 0 else f"picture{index}",
                   "uri": href or f"{item_uri}#picture-{image.pk}",
                   "type": "picture", "by": image.credit,
                   "descriptions": texts("caption", image.caption), "headlines": texts("alt", image.alt)}
    if href:
        association["renditions"] = [rendition(image, href)]
    return {key: value for key, value in association.items() if value not in ("", [])}


def rendition(image: Image, href: str) -> dict:
    sizes = {"width": image.width, "height": image.height}
    return {"name": "original", "href": href, "contenttype": mime_type(image.file.name),
            **{key: value for key, value in sizes.items() if value}}
