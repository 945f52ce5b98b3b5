"""ninjs (IPTC News in JSON) 1.x, 2.x and 3.x, and the agency flavours seen in the wild.

Decisions:
- Keys are read case-insensitively, so 3.x camelCase (versionCreated, pubStatus) and the
  lowercase of 1.x/2.x read alike; 1.x `headline_*`/`body_*`/`description_*` variants,
  2.x/3.x `headlines`/`bodies`/`descriptions` lists and 1.x dict or 2.x list associations
  are all understood.
- Envelopes: a JSON list of items; the AP Media API (`data.item`, `data.items[].item`);
  Superdesk/BBC feed pages (`item: [...]`).
- Only text items (type text, composite or absent) become WireItems. A headline or body
  of the wrong JSON type makes the item Rejected with that reason; other malformed
  fields (dates, subjects, renditions) are skipped, since the article stands without them.
- A kill (pubstatus canceled/withheld, or a kill signal) with a guid needs no headline
  or body: it only names the article to take back.
- HTML bodies go through the same block cleanup as NewsML-G2; plain-text bodies become
  paragraphs, one per line.
"""

from __future__ import annotations

import json

from gazzetta.ingest.formats.newsml_g2 import (
    as_int, markup_blocks_html, parse_time, primary_language, split_byline,
)
from gazzetta.ingest.wireitem import (
    ParseError, ParseResult, PubStatus, Rejected, Subject, WireImage, WireItem, takes_back,
)

FORMAT = "ninjs"
TEXT_TYPES = ("text", "composite", "")
PICTURE_TYPES = ("picture", "graphic")
LEAD_ROLES = ("", "summary", "teaser", "abstract", "intro")
HTML_BODY_KEYS = ("body_html", "body_xhtml", "body_richtext")
TEXT_BODY_KEYS = ("body_text", "body_main")
PREFERRED_RENDITIONS = ("original", "baseimage", "main")
IPTC_CODE_URIS = {
    "http://cv.iptc.org/newscodes/mediatopic/": "medtop:",
    "http://cv.iptc.org/newscodes/subjectcode/": "subj:",
}


class _Unusable(ValueError):
    """A field the article cannot do without has the wrong shape."""


def parse(data: bytes, *, url: str | None = None) -> ParseResult:
    """Return one WireItem or Rejected per ninjs object in the payload."""
    objects = _unwrap(_load(data))
    single = len(objects) == 1
    return [_entry(obj, data if single else _dump(obj), index) for index, obj in enumerate(objects)]


def _load(data: bytes) -> object:
    if not data.strip():
        raise ParseError("ingest: ninjs: empty payload")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"ingest: ninjs: not JSON: {error or 'nested too deeply'}") from None


def _unwrap(document: object) -> list[object]:
    """Return the ninjs objects inside the envelopes agencies put around them."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise ParseError(f"ingest: ninjs: not JSON: a {type(document).__name__}, not an object")
    data = document.get("data")
    if isinstance(data, dict) and isinstance(data.get("item"), dict):
        return [data["item"]]
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        return [_ap_feed_entry(entry) for entry in data["items"]]
    if isinstance(document.get("item"), list):
        return document["item"]
    return [document]


def _ap_feed_entry(entry: object) -> object:
    return entry.get("item", entry) if isinstance(entry, dict) else entry


def _dump(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _entry(obj: object, raw: bytes, index: int) -> WireItem | Rejected:
    if not isinstance(obj, dict):
        return Rejected(f"item {index}", "not a JSON object", FORMAT, raw)
    item = _lowered(obj)
    ref = _guid(item) or f"item {index}"
    try:
        return _text_item(item, raw)
    except _Unusable as problem:
        return Rejected(ref, str(problem), FORMAT, raw)


def _text_item(item: dict, raw: bytes) -> WireItem:
    kind = _lenient(item, "type").lower()
    if kind not in TEXT_TYPES:
        raise _Unusable(f"not a text item ({kind})")
    headline, guid = _headline(item), _guid(item)
    pub_status, signals = _pub_status(_lenient(item, "pubstatus")), _strings(item.get("signals"))
    kill = bool(guid) and takes_back(pub_status, signals)
    if not headline and not kill:
        raise _Unusable("no headline")
    lead, byline = _lead(item), _lenient(item, "by") or _lenient(item, "byline")
    body_html, paragraphs = _body(item, repeats=(headline, lead, byline))
    if not body_html and not paragraphs and not kill:
        raise _Unusable("no body text")
    agency = _agency(item)
    return WireItem(
        guid=guid, version=as_int(item.get("version")),
        language=primary_language(_lenient(item, "language")), headline=headline, lead=lead,
        body_html=body_html, paragraphs=paragraphs,
        authors=split_byline(byline, agency) or _author_names(item), agency=agency,
        subjects=_subjects(item), keywords=_strings(item.get("keywords")),
        slugline=_lenient(item, "slugline"), located=_lenient(item, "located"),
        first_created=parse_time(_lenient(item, "firstcreated")),
        version_created=parse_time(_lenient(item, "versioncreated")),
        embargoed_until=parse_time(_lenient(item, "embargoeduntil") or _lenient(item, "embargoed")),
        pub_status=pub_status, signals=signals, images=_images(item), format=FORMAT, raw=raw,
    )


# --- fields ------------------------------------------------------------------------------

def _guid(item: dict) -> str:
    """AP Media API uris carry a per-request token, so AP's item id comes first there."""
    altids = item.get("altids")
    ap_id = altids.get("itemid") if isinstance(altids, dict) else None
    candidates = (ap_id, item.get("uri"), item.get("guid"), item.get("id"))
    return next((str(value) for value in candidates if isinstance(value, (str, int)) and value), "")


def _headline(item: dict) -> str:
    if "headlines" in item:
        return _chosen_value(_entries(item, "headlines"), "headlines")
    if "headline" in item:
        return _strict(item, "headline")
    variants = sorted(key for key in item if key.startswith("headline_"))
    return next(filter(None, (_strict(item, key) for key in variants)), "")


def _chosen_value(entries: list[dict], field: str) -> str:
    """Return the plain (role-less) value, else a main one, else the first."""
    for wanted in ("", "main", None):
        for entry in entries:
            role = _lenient(entry, "role").lower()
            if (wanted is None or role == wanted) and _strict(entry, "value", field):
                return _strict(entry, "value", field)
    return ""


def _lead(item: dict) -> str:
    for entry in _entries(item, "descriptions"):
        if _lenient(entry, "role").lower() in LEAD_ROLES and _lenient(entry, "value"):
            return _lenient(entry, "value")
    return _lenient(item, "description_text")


def _body(item: dict, repeats: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Return (body_html, paragraphs): markup when the item has it, else plain lines."""
    markup, plain = _body_sources(item)
    body_html = next(filter(None, (markup_blocks_html(text, repeats) for text in markup)), "")
    if body_html:
        return body_html, ()
    return "", next(filter(None, (_lines(text, repeats) for text in plain)), ())


def _body_sources(item: dict) -> tuple[list[str], list[str]]:
    if "bodies" in item:
        bodies = _entries(item, "bodies")
        values = [(_lenient(body, "contenttype"), _strict(body, "value", "bodies")) for body in bodies]
        return ([value for kind, value in values if _is_markup(kind, value)],
                [value for kind, value in values if not _is_markup(kind, value)])
    markup = [_strict(item, key) for key in HTML_BODY_KEYS if key in item]
    others = sorted(key for key in item if key.startswith("body_") and key not in HTML_BODY_KEYS)
    ordered = [key for key in TEXT_BODY_KEYS if key in others] + others
    return markup, [_strict(item, key) for key in dict.fromkeys(ordered)]


def _is_markup(content_type: str, value: str) -> bool:
    return "html" in content_type or "xml" in content_type or (not content_type and "<" in value)


def _lines(text: str, repeats: tuple[str, ...]) -> tuple[str, ...]:
    """Return one paragraph per line, without opening lines that repeat the headline."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    while lines and lines[0] in repeats:
        lines.pop(0)
    return tuple(lines)


def _agency(item: dict) -> str:
    names = (_lenient(item, key) for key in ("provider", "copyrightholder", "source"))
    return next(filter(None, names), "")


def _author_names(item: dict) -> tuple[str, ...]:
    """Superdesk lists authors as objects when it has no byline string."""
    authors = item.get("authors") if isinstance(item.get("authors"), list) else []
    return tuple(filter(None, (_lenient(_lowered(author), "name") for author in authors
                               if isinstance(author, dict))))


def _subjects(item: dict) -> tuple[Subject, ...]:
    entries = _entries(item, "subjects") or _entries(item, "subject")
    subjects = (_subject(entry) for entry in entries)
    return tuple(subject for subject in subjects if subject.code or subject.name)


def _subject(entry: dict) -> Subject:
    code = _lenient(entry, "code") or _lenient(entry, "literal") or _lenient(entry, "uri")
    for prefix, scheme in IPTC_CODE_URIS.items():
        if code.startswith(prefix):
            code = scheme + code.removeprefix(prefix)
    return Subject(code, _lenient(entry, "name"))


def _pub_status(value: str) -> PubStatus:
    try:
        return PubStatus(value.lower().replace("cancelled", "canceled"))
    except ValueError:
        return PubStatus.USABLE


# --- pictures ----------------------------------------------------------------------------

def _images(item: dict) -> tuple[WireImage, ...]:
    associations = item.get("associations")
    if isinstance(associations, dict):
        associations = list(associations.values())
    candidates = (_lowered(entry) for entry in associations or [] if isinstance(entry, dict))
    images = (_image(entry) for entry in candidates if _is_picture(entry))
    return tuple({image.url: image for image in images if image.url}.values())


def _is_picture(association: dict) -> bool:
    kind = _lenient(association, "type").lower()
    return kind in PICTURE_TYPES or (not kind and _lenient(association, "mimetype").startswith("image/"))


def _image(association: dict) -> WireImage:
    rendition = _best_rendition(association)
    return WireImage(
        url=_lenient(rendition, "href"), caption=_caption(association),
        credit=_picture_credit(association), alt=_plain_headline(association),
        width=as_int(rendition.get("width")), height=as_int(rendition.get("height")),
        mime_type=_lenient(rendition, "mimetype") or _lenient(rendition, "contenttype"),
    )


def _best_rendition(association: dict) -> dict:
    """Prefer the original/base image, else the widest picture with an address."""
    usable = [rendition for rendition in _renditions(association)
              if _lenient(rendition, "href") and _is_image_rendition(rendition)]
    named = [rendition for rendition in usable if rendition["name"] in PREFERRED_RENDITIONS]
    widest = sorted(usable, key=lambda rendition: as_int(rendition.get("width")) or 0)
    return (named or widest[::-1] or [{}])[0]


def _renditions(association: dict) -> list[dict]:
    """Return renditions as dicts with a lowercase `name`, from 1.x dicts or 2.x lists."""
    renditions = association.get("renditions")
    if isinstance(renditions, dict):
        renditions = [{**value, "name": key} for key, value in renditions.items()
                      if isinstance(value, dict)]
    entries = [_lowered(entry) for entry in renditions or [] if isinstance(entry, dict)]
    return [{**entry, "name": _lenient(entry, "name").lower()} for entry in entries]


def _is_image_rendition(rendition: dict) -> bool:
    mime = _lenient(rendition, "mimetype") or _lenient(rendition, "contenttype")
    return not mime or mime.startswith("image/")


def _caption(association: dict) -> str:
    descriptions = (_lenient(entry, "value") for entry in _entries(association, "descriptions"))
    fallbacks = ("description_text", "description_caption", "body_text")
    candidates = (*descriptions, *(_lenient(association, key) for key in fallbacks))
    return next(filter(None, candidates), "") or _plain_headline(association)


def _picture_credit(association: dict) -> str:
    keys = ("description_creditline", "creditline", "by", "byline", "copyrightnotice")
    return next(filter(None, (_lenient(association, key) for key in keys)), "")


def _plain_headline(association: dict) -> str:
    try:
        return _headline(association)
    except _Unusable:
        return ""


# --- JSON shape helpers ------------------------------------------------------------------

def _lowered(obj: dict) -> dict:
    return {str(key).lower(): value for key, value in obj.items()}


def _entries(item: dict, key: str) -> list[dict]:
    """Return the objects of a list field, lowercased; anything else counts as absent."""
    value = item.get(key)
    return [_lowered(entry) for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _strict(obj: dict, key: str, field: str | None = None) -> str:
    """Return a text field the article needs; its wrong type makes the item unusable."""
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Unusable(f"{field or key} is not a string")
    return value.strip()


def _lenient(obj: dict, key: str) -> str:
    value = obj.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _strings(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else []
    return tuple(" ".join(entry.split()) for entry in items if isinstance(entry, str) and entry.strip())
