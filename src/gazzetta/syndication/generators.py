"""The three feed formats, all fed by the same Django Feed classes.

RSS and Atom extend Django's generators with Media RSS (the lead picture with its caption
and credit, which a bare enclosure cannot carry) and with the full text when configured
(content:encoded, atom:content). JSON Feed 1.1 (https://jsonfeed.org/version/1.1) writes
the same item dictionaries as JSON.
"""

from __future__ import annotations

import json

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed, rfc3339_date

MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def add_media(handler, picture) -> None:
    """Write the picture as media:content with its caption and credit (Media RSS 1.5)."""
    attributes = {"url": picture.url, "medium": "image", "type": picture.mime_type,
                  "fileSize": str(picture.length)}
    attributes |= {name: str(value) for name, value in (("width", picture.width), ("height", picture.height))
                   if value}
    handler.startElement("media:content", attributes)
    if picture.caption:
        handler.addQuickElement("media:description", picture.caption, {"type": "plain"})
    if picture.credit:
        handler.addQuickElement("media:credit", picture.credit)
    handler.endElement("media:content")


class RssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return super().rss_attributes() | {"xmlns:media": MEDIA_NS, "xmlns:content": CONTENT_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"]:  # RSS 2.0 has no update time; Atom's element is the common stand-in
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item["content_html"]:
            handler.addQuickElement("content:encoded", item["content_html"])
        if item["picture"]:
            add_media(handler, item["picture"])


class AtomFeed(Atom1Feed):
    def root_attributes(self):
        return super().root_attributes() | {"xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["content_html"]:
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        if item["picture"]:
            add_media(handler, item["picture"])


class JsonFeed(SyndicationFeed):
    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        json.dump(self.document(), outfile, ensure_ascii=False)

    def document(self) -> dict:
        feed = self.feed
        document = {"version": JSON_FEED_VERSION, "title": feed["title"], "home_page_url": feed["link"],
                    "feed_url": feed["feed_url"], "description": feed["description"], "language": feed["language"]}
        return {**_without_empty(document), "items": [json_item(item) for item in self.items]}


def json_item(item: dict) -> dict:
    """Return one JSON Feed item; the summary stands in for the text when the full text is not published."""
    content = {"content_html": item["content_html"]} if item["content_html"] else {"content_text": item["summary"]}
    fields = {
        "id": item["unique_id"], "url": item["link"], "title": item["title"], "summary": item["summary"],
        "date_published": _date(item["pubdate"]), "date_modified": _date(item["updateddate"]),
        "authors": [{"name": item["author_name"]}] if item["author_name"] else None,
        "tags": list(item["categories"]) or None, "language": item["language"],
    }
    return {**_without_empty(fields), **content, **_json_picture(item["picture"])}


def _json_picture(picture) -> dict:
    """The picture as `image`, as an attachment, and with its caption and credit in our own extension."""
    if not picture:
        return {}
    attachment = {"url": picture.url, "mime_type": picture.mime_type, "size_in_bytes": picture.length}
    if picture.caption:
        attachment["title"] = picture.caption
    about = _without_empty({"caption": picture.caption, "credit": picture.credit, "alt": picture.alt})
    return {"image": picture.url, "attachments": [attachment], "_picture": about}


def _date(moment) -> str | None:
    return rfc3339_date(moment) if moment else None


def _without_empty(fields: dict) -> dict:
    return {name: value for name, value in fields.items() if value not in (None, "", [])}
