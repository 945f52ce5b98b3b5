"""The lead image of an article page, with its caption, credit, alt text and size."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import html

from gazzetta.ingest.extract import jsonld
from gazzetta.ingest.extract.blocks import squash
from gazzetta.ingest.extract.metadata import Metadata, first
from gazzetta.ingest.wireitem import WireImage

# "… / Foto: STR - KCNA VIA KNS/AFP", "(Photo: AP)", "© Reuters", "Credit: Getty Images".
_CREDIT = re.compile(
    r"\s*[/|(\[]?\s*(?:(?:foto|fotos|photo|photos|bild|picture|image|credit|crédit|crediti"
    r"|quelle|source)\s*:|©|\(c\)|copyright\b)\s*(?P<credit>[^()\[\]]+?)\s*[)\]]?\s*$",
    re.IGNORECASE)
_CREDIT_CLASS = ('.//*[contains(@class, "credit") or contains(@class, "copyright")'
                 ' or contains(@class, "source") or contains(@class, "author")]')
_IMAGE_ATTRIBUTES = ("src", "data-src", "data-original", "data-lazy-src")


def lead_image(tree: html.HtmlElement, metadata: Metadata, base_url: str) -> WireImage | None:
    """Return the article's lead image (og:image / JSON-LD image / first figure), or None."""
    declared = _declared_image(metadata)
    figure = _figure_for(tree, declared.get("url", ""))
    image_url = declared.get("url") or _image_source(figure)
    if not image_url:
        return None
    caption, credit = _caption_and_credit(figure)
    return WireImage(
        url=urljoin(base_url, image_url),
        caption=caption or declared.get("caption", ""),
        credit=credit or declared.get("credit", ""),
        alt=_alt(figure) or declared.get("alt", ""),
        width=_integer(declared.get("width")) or _integer(_image_attribute(figure, "width")),
        height=_integer(declared.get("height")) or _integer(_image_attribute(figure, "height")))


def _declared_image(metadata: Metadata) -> dict[str, str]:
    """Return what og:image and the JSON-LD image say (url, caption, credit, alt, size)."""
    declared = _jsonld_image(metadata.article.get("image"))
    meta = metadata.meta
    og_url = first(meta, "og:image:secure_url", "og:image", "og:image:url", "twitter:image")
    if og_url:
        declared.update(url=og_url, width=first(meta, "og:image:width") or declared.get("width", ""),
                        height=first(meta, "og:image:height") or declared.get("height", ""),
                        alt=first(meta, "og:image:alt", "twitter:image:alt"))
    return declared


def _jsonld_image(value: object) -> dict[str, str]:
    if isinstance(value, list):
        return _jsonld_image(value[0]) if value else {}
    if isinstance(value, str):
        return {"url": value}
    if not isinstance(value, dict):
        return {}
    credit = (jsonld.first_text(value.get("creditText"))
              or ", ".join(jsonld.names(value.get("copyrightHolder") or value.get("author"))))
    return {"url": jsonld.first_text(value.get("url") or value.get("contentUrl")),
            "caption": squash(jsonld.first_text(value.get("caption") or value.get("description"))),
            "credit": squash(credit), "width": str(value.get("width", "")),
            "height": str(value.get("height", ""))}


def _figure_for(tree: html.HtmlElement, image_url: str) -> html.HtmlElement | None:
    """Return the <figure> showing `image_url` (same file name), else the first article figure."""
    figures = tree.xpath("//article//figure[.//img] | //main//figure[.//img]") or tree.xpath(
        "//figure[.//img]")
    wanted = _file_stem(image_url)
    matching = [figure for figure in figures if wanted and wanted in _sources(figure)]
    return next(iter(matching or figures[:1]), None)


def _file_stem(url: str) -> str:
    """Return the file name of `url` without extension (sizes in queries or paths vary)."""
    name = urlsplit(url.strip()).path.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if len(name) > 4 else ""


def _sources(figure: html.HtmlElement) -> str:
    images = figure.iter("img", "source")
    return " ".join(value for image in images for value in image.attrib.values())


def _image_source(figure: html.HtmlElement | None) -> str:
    return next(filter(None, (_image_attribute(figure, name) for name in _IMAGE_ATTRIBUTES)), "")


def _image_attribute(figure: html.HtmlElement | None, name: str) -> str:
    image = figure.find(".//img") if figure is not None else None
    return (image.get(name) or "").strip() if image is not None else ""


def _alt(figure: html.HtmlElement | None) -> str:
    return squash(_image_attribute(figure, "alt"))


def _caption_and_credit(figure: html.HtmlElement | None) -> tuple[str, str]:
    """Split the figcaption into caption and credit (a credit element or a 'Foto:' tail)."""
    caption = figure.find(".//figcaption") if figure is not None else None
    if caption is None:
        return "", ""
    credit_elements = caption.xpath(_CREDIT_CLASS)
    credit = squash(" ".join(element.text_content() for element in credit_elements))
    text = squash(caption.text_content())
    if credit:
        return squash(text.replace(credit, "")).rstrip(" /|-–"), _strip_credit_label(credit)
    return split_credit(text)


def split_credit(text: str) -> tuple[str, str]:
    """Split 'Caption / Foto: AFP' or 'Caption (Photo: AP)' or 'Caption © Reuters' in two."""
    match = _CREDIT.search(text)
    if not match:
        return text, ""
    return text[:match.start()].rstrip(" /|-–"), match.group("credit").strip()


def _strip_credit_label(credit: str) -> str:
    caption, found = split_credit(credit)
    return found if found and not caption else credit


def _integer(value: object) -> int | None:
    text = str(value or "").strip().removesuffix("px")
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else None
