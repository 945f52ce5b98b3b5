"""NewsML-G2 wires (newsMessage, newsItem, packageItem), with NewsML 1.2 and bare NITF.

Decisions, so that every agency sample reads alike:
- Elements are matched by local name. The IPTC namespace and namespace-less producers
  (TT) read the same; namespaces are dropped from the tree once each item's raw bytes
  have been taken. Attributes keep theirs (xml:lang).
- One entry per item. Text items become WireItems; picture items and packages that belong
  to a text item in the same payload are folded into it (images, story_refs). Any other
  item becomes a Rejected with a short reason ("not a text item (picture)", "no headline");
  the Rejected carries the format and the item's guid, so reasons stay short.
- NewsML 1.2 (root NewsML) and NITF (root nitf) are read with the same body rules and
  also carry format "newsml-g2": this module is the one that can re-parse them.
- Times without a zone are taken as UTC; unreadable times and versions become None.
- A kill (pubStatus canceled/withheld, or a kill signal) with a guid needs no headline or
  body: it only names the article to take back.
"""

from __future__ import annotations

import copy
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree
from lxml import html as lxml_html

from gazzetta.ingest.safexml import parse_xml
from gazzetta.ingest.wireitem import ParseResult, PubStatus, Rejected, Subject, WireImage, WireItem, takes_back

FORMAT = "newsml-g2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
G2_ITEMS = ("newsItem", "packageItem", "conceptItem", "knowledgeItem", "planningItem", "catalogItem")
PICTURE_CLASSES = ("picture", "graphic")
LEAD_ROLES = ("summary", "teaser", "intro", "abstract")
PREFERRED_RENDITIONS = ("baseimage", "original", "highres")
IPTC_SUBJECT_SCHEMES = ("medtop:", "subj:")
NEWSML1_BODY_ROLES = ("", "main", "body")

# Body cleanup: NITF names become their HTML twins, listed HTML stays, whole furniture
# (page headers, NITF head/media) goes, and every other element is unwrapped to its text.
RENAMED_TAGS = {"hl1": "h2", "hl2": "h2", "block": "div", "bq": "blockquote", "tagline": "p"}
DROPPED_TAGS = ("header", "footer", "head", "title", "script", "style", "nav", "media",
                "body.head", "body.end", "hedline", "fn")
HTML_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr th td caption "
    "blockquote pre div br hr a em strong b i u sub sup span q cite abbr code small "
    "figure figcaption".split()
)
BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr th td caption "
    "blockquote pre div br hr figure figcaption".split()
)
DROPPED_WHEN_EMPTY = frozenset("p div h1 h2 h3 h4 h5 h6 ul ol li blockquote span".split())
KEPT_ATTRIBUTES = ("href", "class", "colspan", "rowspan")

BYLINE_PREFIX = re.compile(r"^\s*(?:von|by)\s+", re.IGNORECASE)
# Conjunctions only between spaces and in their usual case: initials ("John E. Smith") stay.
BYLINE_SEPARATOR = re.compile(r"\s*[,;/&]\s*|\s+(?:and|und|et|e|y|og|och|AND|UND|ET)\s+")

WHOLE_HTML_DOCUMENT = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)

_EMPTY = etree.Element("empty")  # stands in for a missing element; never modified


def parse(data: bytes, *, url: str | None = None) -> ParseResult:
    """Return one WireItem or Rejected per item of a NewsML-G2, NewsML 1.2 or NITF payload."""
    root = parse_xml(data, component=FORMAT)
    name = etree.QName(root).localname
    if name == "NewsML":
        return _newsml1_document(root, data)
    if name == "nitf":
        return [_nitf_item(_without_namespaces(root), data)]
    items = [root] if name in G2_ITEMS else _message_items(root)
    if not items:
        return [Rejected(url or name, f"not a news item (root {name})", FORMAT, data)]
    raws = _raw_items(items, data)
    _without_namespaces(root)
    return _read_g2_items(items, raws)


# --- shared helpers, also used by the ninjs parser -------------------------------------

def parse_time(value: str | None) -> datetime | None:
    """Return `value` as an aware datetime (UTC when it names no zone), or None."""
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def primary_language(tag: str | None) -> str:
    """Return the lowercase primary subtag of a language tag ('en-US' → 'en')."""
    primary = re.split(r"[-_]", (tag or "").strip())[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else ""


def split_byline(byline: str, agency: str = "") -> tuple[str, ...]:
    """Return the author names in a byline ('Von A und B, dpa' → ('A', 'B'))."""
    parts = BYLINE_SEPARATOR.split(BYLINE_PREFIX.sub("", byline.strip()))
    names = (_name_case(part.strip()) for part in parts)
    return tuple(name for name in names if name and name.casefold() != agency.casefold())


def as_int(value: object) -> int | None:
    """Return `value` as an int, or None when it is not a whole number."""
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _name_case(name: str) -> str:
    """Wires shout names ('By ASHOK SHARMA'); print them as names."""
    return name.title() if name.isupper() and len(name) > 3 else name


# --- G2 payload structure ----------------------------------------------------------------

def _message_items(root: etree._Element) -> list[etree._Element]:
    if etree.QName(root).localname != "newsMessage":
        return []
    item_sets = [child for child in root if _local(child) == "itemSet"]
    return [item for item_set in item_sets for item in item_set if _local(item) in G2_ITEMS]


def _raw_items(items: list[etree._Element], data: bytes) -> list[bytes]:
    """Return each item's own XML; a single item keeps the whole payload."""
    return [data] if len(items) == 1 else [etree.tostring(item) for item in items]


def _without_namespaces(root: etree._Element) -> etree._Element:
    for element in root.iter(etree.Element):
        element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(root)
    return root


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


@dataclass
class _Message:
    """What the items of one payload know about each other."""

    pictures: dict[str, WireImage] = field(default_factory=dict)
    groups: dict[str, list[tuple[str, list[str]]]] = field(default_factory=lambda: defaultdict(list))
    absorbed: set[str] = field(default_factory=set)


def _read_g2_items(items: list[etree._Element], raws: list[bytes]) -> ParseResult:
    message = _survey(items)
    texts = {index: _text_item(item, raws[index], message)
             for index, item in enumerate(items) if _kind(item) == "text"}
    others = {index: _other_item(item, raws[index], message)
              for index, item in enumerate(items) if index not in texts}
    entries = (texts.get(index) or others.get(index) for index in range(len(items)))
    return [entry for entry in entries if entry is not None]


def _survey(items: list[etree._Element]) -> _Message:
    message = _Message()
    text_guids = {item.get("guid", "") for item in items if _kind(item) == "text"}
    for item in items:
        kind = _kind(item)
        if kind in PICTURE_CLASSES:
            message.pictures[item.get("guid", "")] = _picture(item)
        if kind == "package":
            _note_groups(item, text_guids, message)
    return message


def _note_groups(package: etree._Element, text_guids: set[str], message: _Message) -> None:
    for group in package.iterfind("groupSet/group"):
        refs = [ref.get("residref", "") for ref in group.iterfind("itemRef")]
        for ref in set(refs) & text_guids:
            message.groups[ref].append((package.get("guid", ""), refs))


def _kind(item: etree._Element) -> str:
    """Name what an item carries: 'text', 'picture', 'package', 'video', 'conceptItem'…"""
    if item.tag == "packageItem":
        return "package"
    if item.tag != "newsItem":
        return item.tag
    qcode = _at(item, "itemMeta/itemClass").get("qcode", "")
    return qcode.rpartition(":")[2].lower() or "text"


def _other_item(item: etree._Element, raw: bytes, message: _Message) -> Rejected | None:
    guid, kind = item.get("guid", ""), _kind(item)
    if guid in message.absorbed:
        return None
    if item.tag in ("newsItem", "packageItem"):
        return Rejected(guid, f"not a text item ({kind})", FORMAT, raw)
    return Rejected(guid, f"not a news item ({kind})", FORMAT, raw)


# --- G2 text items -----------------------------------------------------------------------

def _text_item(item: etree._Element, raw: bytes, message: _Message) -> WireItem | Rejected:
    guid = item.get("guid", "")
    meta, item_meta = _at(item, "contentMeta"), _at(item, "itemMeta")
    pub_status = _pub_status(_at(item_meta, "pubStatus").get("qcode", ""))
    signals = tuple(signal.get("qcode", "") for signal in item_meta.iterfind("signal"))
    kill = bool(guid) and takes_back(pub_status, signals)
    headline = _headline(meta)
    if not headline and not kill:
        return Rejected(guid, "no headline", FORMAT, raw)
    lead, byline = _lead(meta), _text(_at(meta, "by"))
    body = _g2_body(item, repeats=(lead, byline))
    if not body and not kill:
        return Rejected(guid, "no body text", FORMAT, raw)
    agency = _text(_at(meta, "creditline")) or _text(_at(item_meta, "provider/name"))
    images, story_refs = _associations(item, message)
    return WireItem(
        guid=guid, version=as_int(item.get("version")), language=_g2_language(item, meta),
        headline=headline, lead=lead, body_html=body, authors=split_byline(byline, agency),
        agency=agency, slugline=_text(_at(meta, "slugline")),
        located=_text(_at(meta, "located/name")), subjects=_g2_subjects(meta),
        keywords=_texts(meta.iterfind("keyword")),
        first_created=_time(item_meta, "firstCreated") or _time(meta, "contentCreated"),
        version_created=_time(item_meta, "versionCreated"),
        embargoed_until=_time(item_meta, "embargoed"),
        pub_status=pub_status, signals=signals, images=images, story_refs=story_refs, format=FORMAT, raw=raw,
    )


def _headline(meta: etree._Element) -> str:
    """Prefer the plain headline (no role), then a main one, then any."""
    headlines = [headline for headline in meta.iterfind("headline") if _text(headline)]
    plain = [headline for headline in headlines if not headline.get("role")]
    main = [headline for headline in headlines if "main" in headline.get("role", "")]
    chosen = plain or main or headlines
    return _text(chosen[0]) if chosen else ""


def _lead(meta: etree._Element) -> str:
    for description in meta.iterfind("description"):
        if _suffix(description.get("role", "")) in LEAD_ROLES and _text(description):
            return _text(description)
    return ""


def _g2_language(item: etree._Element, meta: etree._Element) -> str:
    tags = [language.get("tag") for language in meta.iterfind("language")]
    return primary_language(next(filter(None, tags), None) or item.get(XML_LANG))


def _g2_subjects(meta: etree._Element) -> tuple[Subject, ...]:
    """Return the coded subjects, plus the IPTC codes they are declared the same as."""
    found: dict[str, Subject] = {}
    for subject in meta.iterfind("subject"):
        for concept in (subject, *subject.iterfind("sameAs")):
            code = concept.get("qcode", "")
            if code and (concept is subject or code.startswith(IPTC_SUBJECT_SCHEMES)):
                found.setdefault(code, Subject(code, _text(_at(concept, "name"))))
    return tuple(found.values())


def _pub_status(qcode: str) -> PubStatus:
    try:
        return PubStatus(_suffix(qcode).replace("cancelled", "canceled"))
    except ValueError:
        return PubStatus.USABLE


def _associations(item: etree._Element, message: _Message) -> tuple[tuple[WireImage, ...], tuple[str, ...]]:
    """Return the item's pictures and story (package) references."""
    links = list(item.iterfind("itemMeta/link"))
    images = [image for image in (_linked_picture(link, message) for link in links) if image]
    story_refs = [_ref(link) for link in links if "packageitem" in link.get("contenttype", "")]
    for package_guid, refs in message.groups.get(item.get("guid", ""), []):
        story_refs.append(package_guid)
        images.extend(message.pictures[ref] for ref in refs if ref in message.pictures)
    message.absorbed.update(story_refs)
    message.absorbed.update(_picture_refs(item, message))
    return _unique_images(images), tuple(dict.fromkeys(story_refs))


def _picture_refs(item: etree._Element, message: _Message) -> set[str]:
    """Return the guids of this payload's picture items that belong to `item`."""
    linked = {_ref(link) for link in item.iterfind("itemMeta/link")}
    grouped = {ref for _, refs in message.groups.get(item.get("guid", ""), []) for ref in refs}
    return (linked | grouped) & message.pictures.keys()


def _linked_picture(link: etree._Element, message: _Message) -> WireImage | None:
    if _ref(link) in message.pictures:
        return message.pictures[_ref(link)]
    kind = _suffix(_at(link, "itemClass").get("qcode", ""))
    if link.get("href") and (kind in PICTURE_CLASSES or link.get("contenttype", "").startswith("image/")):
        return WireImage(url=link.get("href"), caption=_text(_at(link, "title")))
    return None


def _ref(link: etree._Element) -> str:
    return link.get("residref") or link.get("guidref") or ""


def _unique_images(images: list[WireImage]) -> tuple[WireImage, ...]:
    by_url: dict[str, WireImage] = {}
    for image in images:
        by_url.setdefault(image.url, image)
    return tuple(by_url.values())


# --- G2 picture items --------------------------------------------------------------------

def _picture(item: etree._Element) -> WireImage:
    meta = _at(item, "contentMeta")
    rendition = _best_rendition(list(item.iterfind("contentSet/remoteContent")))
    return WireImage(
        url=rendition.get("href", ""), caption=_caption(meta),
        credit=_text(_at(meta, "creditline")) or _text(_at(meta, "by")),
        alt=_text(_at(meta, "headline")), width=as_int(rendition.get("width")),
        height=as_int(rendition.get("height")), mime_type=rendition.get("contenttype", ""),
    )


def _best_rendition(renditions: list[etree._Element]) -> etree._Element:
    """Prefer the base/original image, else the widest one with an address."""
    usable = [rendition for rendition in renditions if rendition.get("href")]
    named = [rendition for rendition in usable
             if _suffix(rendition.get("rendition", "")) in PREFERRED_RENDITIONS]
    widest = sorted(usable, key=lambda rendition: as_int(rendition.get("width")) or 0)
    return (named or widest[::-1] or [_EMPTY])[0]


def _caption(meta: etree._Element) -> str:
    descriptions = list(meta.iterfind("description"))
    captions = [d for d in descriptions if _suffix(d.get("role", "")) == "caption"]
    chosen = [_text(description) for description in captions + descriptions]
    return next(filter(None, chosen), "") or _text(_at(meta, "headline"))


# --- bodies ------------------------------------------------------------------------------

def _g2_body(item: etree._Element, repeats: tuple[str, ...]) -> str:
    """Return the body of the first inlineXML that has text, else of plain inlineData."""
    for inline in item.iterfind("contentSet/inlineXML"):
        body = blocks_html(_body_container(inline), repeats)
        if body:
            return body
    for inline in item.iterfind("contentSet/inlineData"):
        if inline.get("contenttype", "text/plain").startswith("text/plain"):
            return _plain_text_html(inline.text or "")
    return ""


def _body_container(inline: etree._Element) -> etree._Element:
    document = next((child for child in inline if isinstance(child.tag, str)), None)
    if document is None:
        return _markup_container(inline.text or "")
    if document.tag == "nitf":
        return _at(document, "body/body.content")
    if document.tag == "html":
        return _at(document, "body")
    return inline


def markup_blocks_html(markup: str, repeats: tuple[str, ...] = ()) -> str:
    """Return an HTML string (fragment or whole document) as clean body blocks."""
    return blocks_html(_markup_container(markup), repeats)


def blocks_html(container: etree._Element, repeats: tuple[str, ...] = ()) -> str:
    """Return the container's content as HTML blocks with no wire-specific tags left.

    Leading blocks that only repeat one of `repeats` (lead, byline, headline) are dropped:
    the page shows those separately.
    """
    body = copy.deepcopy(container)
    etree.strip_elements(body, etree.Comment, etree.ProcessingInstruction, *DROPPED_TAGS,
                         with_tail=False)
    for element in body.iter(etree.Element):
        element.tag = RENAMED_TAGS.get(element.tag, element.tag)
        _keep_plain_attributes(element)
    etree.strip_tags(body, *{e.tag for e in body.iter(etree.Element)} - HTML_TAGS - {body.tag})
    _collapse_whitespace(body)
    _trim_block_edges(body)
    _drop_empty_blocks(body)
    _drop_leading_repeats(body, {" ".join(text.split()) for text in repeats if text})
    if not "".join(body.itertext()).strip():
        return ""
    children = (etree.tostring(child, method="html", encoding="unicode") for child in body)
    return (html.escape(body.text or "") + "".join(children)).strip()


def _keep_plain_attributes(element: etree._Element) -> None:
    for name in [name for name in element.attrib if name not in KEPT_ATTRIBUTES]:
        del element.attrib[name]


def _collapse_whitespace(body: etree._Element) -> None:
    """Source indentation means nothing in HTML, except inside <pre>."""
    for element in body.iter(etree.Element):
        in_pre = any(ancestor.tag == "pre" for ancestor in element.iterancestors())
        if not in_pre and element.tag != "pre":
            element.text = element.text and re.sub(r"\s+", " ", element.text)
        if not in_pre:
            element.tail = element.tail and re.sub(r"\s+", " ", element.tail)


def _trim_block_edges(body: etree._Element) -> None:
    """Drop the spaces that only separated blocks or sat at their edges."""
    for element in body.iter(etree.Element):
        if element.tag in BLOCK_TAGS:
            element.tail = (element.tail or "").strip() or None
        if element.tag in BLOCK_TAGS or element is body:
            _trim_inside(element)


def _trim_inside(block: etree._Element) -> None:
    block.text = (block.text or "").lstrip() or None
    if len(block):
        block[-1].tail = (block[-1].tail or "").rstrip() or None
    else:
        block.text = (block.text or "").rstrip() or None


def _drop_empty_blocks(body: etree._Element) -> None:
    """Remove empty paragraphs and wrappers; innermost first, so emptied parents go too."""
    for element in reversed(list(body.iter(*DROPPED_WHEN_EMPTY))):
        if element is not body and not len(element) and not (element.text or "").strip():
            _remove_keeping_tail(element)


def _remove_keeping_tail(element: etree._Element) -> None:
    parent, previous = element.getparent(), element.getprevious()
    if element.tail and previous is not None:
        previous.tail = (previous.tail or "") + element.tail
    elif element.tail:
        parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _drop_leading_repeats(body: etree._Element, repeats: set[str]) -> None:
    """Drop opening paragraphs that only repeat the lead or the byline."""
    while len(body) and not (body.text or "").strip() and _text(body[0]) in repeats:
        _remove_keeping_tail(body[0])


def _markup_container(markup: str) -> etree._Element:
    """Return the element holding an HTML string's body; plain text becomes paragraphs."""
    if "<" not in markup:
        return _plain_text_fragment(markup)
    try:
        if WHOLE_HTML_DOCUMENT.search(markup):
            return _at(lxml_html.document_fromstring(markup), "body")
        return lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _EMPTY


def _plain_text_html(text: str) -> str:
    return blocks_html(_plain_text_fragment(text))


def _plain_text_fragment(text: str) -> etree._Element:
    """Blank lines separate paragraphs; single newlines are only line wrapping."""
    container = etree.Element("div")
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip():
            etree.SubElement(container, "p").text = " ".join(paragraph.split())
    return container


# --- NewsML 1.2 --------------------------------------------------------------------------

def _newsml1_document(root: etree._Element, data: bytes) -> ParseResult:
    items = [child for child in root if _local(child) == "NewsItem"]
    raws = _raw_items(items, data)
    _without_namespaces(root)
    if not items:
        return [Rejected("NewsML", "no NewsItem in NewsML document", FORMAT, data)]
    return [_newsml1_item(item, raw) for item, raw in zip(items, raws)]


def _newsml1_item(item: etree._Element, raw: bytes) -> WireItem | Rejected:
    ident = _at(item, "Identification/NewsIdentifier")
    guid = _newsml1_guid(ident)
    management = _at(item, "NewsManagement")
    pub_status = _pub_status(_at(management, "Status").get("FormalName", "").lower())
    kill = bool(guid) and takes_back(pub_status)
    headline = _first_text(item.iter("HeadLine"))
    if not headline and not kill:
        return Rejected(guid, "no headline", FORMAT, raw)
    body = _newsml1_body(item)
    if not body and not kill:
        return Rejected(guid, "no body text", FORMAT, raw)
    agency = _first_text(item.iter("CreditLine")) or _at(item, ".//Provider/Party").get("FormalName", "")
    return WireItem(
        guid=guid, version=as_int(_text(_at(ident, "RevisionId"))),
        language=primary_language(_at(item, ".//Language").get("FormalName") or item.get(XML_LANG)),
        headline=headline, body_html=body, agency=agency,
        authors=split_byline(_first_text(item.iter("ByLine")), agency),
        slugline=_first_text(item.iter("SlugLine")),
        subjects=_newsml1_subjects(item), keywords=_newsml1_keywords(item),
        first_created=_time(management, "FirstCreated"),
        version_created=_time(management, "ThisRevisionCreated"),
        pub_status=pub_status,
        format=FORMAT, raw=raw,
    )


def _newsml1_guid(ident: etree._Element) -> str:
    """Build the revision-free identifier, so that all revisions share one guid."""
    parts = [_text(_at(ident, name)) for name in ("ProviderId", "DateId", "NewsItemId")]
    return "urn:newsml:" + ":".join(parts) if all(parts) else _text(_at(ident, "PublicIdentifier"))


def _newsml1_body(item: etree._Element) -> str:
    for data_content in item.iter("DataContent"):
        if _newsml1_role(data_content) in NEWSML1_BODY_ROLES:
            body = blocks_html(_body_container(data_content))
            if body:
                return body
    return ""


def _newsml1_role(data_content: etree._Element) -> str:
    component = data_content.getparent()
    component = component.getparent() if component is not None else None
    return "" if component is None else _at(component, "Role").get("FormalName", "").lower()


def _newsml1_subjects(item: etree._Element) -> tuple[Subject, ...]:
    codes = (detail.get("FormalName", "") for code in item.iter("SubjectCode") for detail in code)
    return tuple(Subject(f"subj:{code}") for code in dict.fromkeys(codes) if code)


def _newsml1_keywords(item: etree._Element) -> tuple[str, ...]:
    properties = item.iterfind(".//Property[@FormalName='Keyword']")
    return tuple(prop.get("Value", "") for prop in properties if prop.get("Value"))


# --- bare NITF ---------------------------------------------------------------------------

def _nitf_item(root: etree._Element, raw: bytes) -> WireItem | Rejected:
    head, body_head = _at(root, "head"), _at(root, "body/body.head")
    docdata = _at(head, "docdata")
    guid = _at(docdata, "doc-id").get("id-string", "")
    pub_status = _pub_status(docdata.get("management-status", ""))
    kill = bool(guid) and takes_back(pub_status)
    headline = _text(_at(body_head, "hedline/hl1")) or _text(_at(head, "title"))
    if not headline and not kill:
        return Rejected(guid, "no headline", FORMAT, raw)
    byline = _text_without(_at(body_head, "byline"), "byttl")
    body = blocks_html(_at(root, "body/body.content"), repeats=(byline,))
    if not body and not kill:
        return Rejected(guid, "no body text", FORMAT, raw)
    agency = _text(_at(body_head, "distributor")) or _at(docdata, "doc.copyright").get("holder", "")
    abstract = _text(_at(body_head, "abstract"))
    return WireItem(
        guid=guid, language=primary_language(root.get("baselang") or root.get(XML_LANG)),
        headline=headline, lead=abstract if abstract != headline else "", body_html=body,
        authors=split_byline(byline, agency), agency=agency,
        located=_text(_at(body_head, "dateline/location")),
        subjects=_nitf_subjects(head), keywords=_nitf_keywords(docdata),
        version_created=parse_time(_at(docdata, "date.issue").get("norm")),
        pub_status=pub_status,
        format=FORMAT, raw=raw,
    )


def _nitf_subjects(head: etree._Element) -> tuple[Subject, ...]:
    subjects = head.iterfind("tobject/tobject.subject")
    codes = (subject.get("tobject.subject.refnum", "") for subject in subjects)
    return tuple(Subject(f"subj:{code}") for code in dict.fromkeys(codes) if code.isdigit())


def _nitf_keywords(docdata: etree._Element) -> tuple[str, ...]:
    keys = (keyword.get("key", "") for keyword in docdata.iterfind("key-list/keyword"))
    return tuple(key for key in keys if key)


# --- small readers -----------------------------------------------------------------------

def _at(element: etree._Element, path: str) -> etree._Element:
    """Return the element at `path`, or an empty stand-in so that reads need no checks."""
    found = element.find(path)
    return _EMPTY if found is None else found


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _texts(elements) -> tuple[str, ...]:
    return tuple(filter(None, map(_text, elements)))


def _first_text(elements) -> str:
    return next(iter(_texts(elements)), "")


def _text_without(element: etree._Element, unwanted: str) -> str:
    trimmed = copy.deepcopy(element)
    etree.strip_elements(trimmed, unwanted, with_tail=False)
    return _text(trimmed)


def _time(element: etree._Element, child: str) -> datetime | None:
    return parse_time(_text(_at(element, child)))


def _suffix(qcode: str) -> str:
    """Return the code part of a QCode ('stat:usable' → 'usable'), lowercased."""
    return qcode.rpartition(":")[2].lower()
