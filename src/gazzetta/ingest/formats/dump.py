"""Page dumps: plain-text saves of an article page, read back into one clean article.

A dump follows the page top to bottom: a title line ("Site - Headline"), the headline
repeated, a caption line ("Caption / Foto: Credit"), the body paragraphs with interface
labels mixed in, the byline `Initial.Surname--SIGLUM`, then a recommendations heading
("Empfohlen", "Recommended"…) with teasers (headline line, lead paragraph). Interface
labels and headings are data in `gazzetta.ingest.labels`; their language is the item's
language when one language wins, else the pipeline's detector decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from gazzetta.ingest import labels
from gazzetta.ingest.wireitem import ParseResult, Recommendation, Rejected, WireImage, WireItem

FORMAT = "dump"
MAX_TITLE_LINE = 340
MAX_TEASER_HEADLINE = 200
MAX_CREDIT = 120
MAX_CAPTION = 400
MAX_BYLINE = 200
MAX_PUBLICATION_LINE = 80
TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " · ", " » ", " • ")
ENCODINGS = ("utf-8-sig", "cp1252")  # then latin-1, which decodes any byte

# Upper-case letters of Latin, Greek and Cyrillic: `re` has no \p{Lu}.
_UPPER = re.escape("".join(c for c in map(chr, range(0x530)) if c.isupper()))
_PARTICLE = r"(?:van|von|de|der|den|di|da|dal|del|della|du|le|la|dos|das|zu|ten|ter)\s"
_NAME = (rf"(?:[{_UPPER}][^\W\d_]{{0,2}}\.\s?)+(?:{_PARTICLE})*"
         rf"[{_UPPER}][\w'’-]*(?:\s[{_UPPER}][\w'’-]*)?")
_AUTHOR_SEPARATOR = r"\s*[,/&+;]\s*|\s+(?:and|und|e|et|y|en|i|oraz|a)\s+"
_BYLINE = re.compile(
    rf"^(?:(?i:von|di|by|par|por|door|przez)\s+)?"
    rf"(?P<authors>{_NAME}(?:(?:{_AUTHOR_SEPARATOR}){_NAME})*)"
    r"\s*(?:-{2,}|–|—|\s-\s)\s*(?P<siglum>[A-Z][A-Z0-9]{0,7}(?:/[A-Z][A-Z0-9]{0,7})*)$")
_MARKER = "|".join(re.escape(m) for m in sorted(labels.CREDIT_MARKERS, key=len, reverse=True))
_CREDIT = rf"(?:(?i:{_MARKER})\s*:|©|\([cC]\))"
_CAPTION = re.compile(
    rf"^(?:(?P<caption>.*?)\s*\(\s*{_CREDIT}\s*(?P<credit_in_brackets>[^)]+)\)"
    rf"|(?:(?P<caption_before>.*?)(?:\s*[/|·]\s*|[.;]\s+|\s+(?=©|\([cC]\))))?"
    rf"{_CREDIT}\s*(?P<credit>\S.*))$")
_DATE_ONLY = re.compile(r"^(?=.*\d)[\d\s.:/,\-–]+(?i:uhr|h|am|pm|utc|gmt|cet|cest)?\.?$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\x00"), None)
_SENTENCE_END = tuple(".!?…:;\"»”“'’)")
_LEAD_END = tuple(".…:") + (".\"", ".”", ".»", ".“", ".'", ".’")


class _Unreadable(ValueError):
    """The dump holds no article; the message is the Rejected reason."""


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the dump, classified: gap, repeat, caption, byline, heading or text."""

    kind: str
    text: str


def parse(data: bytes, *, url: str | None = None) -> ParseResult:
    """Parse one page dump into a WireItem, or a Rejected entry saying why it holds none."""
    ref = url or FORMAT
    try:
        return [_read(_lines(_decode(data)), data, url or "")]
    except _Unreadable as error:
        return [Rejected(ref=ref, reason=f"ingest: dump: {error} in {ref}", format=FORMAT,
                         raw=data)]


def _decode(data: bytes) -> str:
    """Return the text of `data`: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise _Unreadable("binary data, not a page dump")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _lines(text: str) -> list[str]:
    """Split `text` into stripped lines (any line ending), whitespace runs collapsed, NFC."""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return [" ".join(line.split()) for line in text.splitlines()]


def _key(text: str) -> str:
    """Return `text` in the form lines are compared in (case and spacing ignored)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _read(lines: list[str], data: bytes, url: str) -> WireItem:
    """Build the article from the classified lines of a dump."""
    title_at = _title_index(lines)
    site, headline = _split_title(lines[title_at], lines[title_at + 1:])
    classified = [_classify(line, {_key(headline), _key(lines[title_at])})
                  for line in lines[title_at + 1:]]
    body_end, teasers_start = _zones(classified)
    body = classified[:body_end]
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise _Unreadable("no body text")
    return WireItem(
        language=_language(lines), headline=headline, paragraphs=paragraphs,
        authors=_authors(classified), siglum=_siglum(classified), site_name=site, url=url,
        images=_images(body), recommendations=_recommendations(classified[teasers_start:]),
        format=FORMAT, raw=data)


def _title_index(lines: list[str]) -> int:
    """Return the index of the title line: the first line that is not interface text."""
    for index, line in enumerate(lines):
        if _is_gap(line):
            continue
        if _byline_match(line) or labels.recommendation_languages(line):
            raise _Unreadable("no headline (the page starts with a byline or a heading)")
        if len(line) > MAX_TITLE_LINE:
            raise _Unreadable("no headline (the first line is a paragraph)")
        return index
    raise _Unreadable("empty page dump" if not any(lines) else "no headline")


def _is_gap(line: str) -> bool:
    """Tell whether `line` carries no article text: blank, a label, a date, punctuation."""
    return (not line or labels.ui_languages(line) is not None or labels.is_decoration(line)
            or bool(_DATE_ONLY.match(line)) or _is_publication_time(line))


def _is_publication_time(line: str) -> bool:
    """Tell whether `line` is a "Published 12.03.2025, 14:05"-style line."""
    if len(line) > MAX_PUBLICATION_LINE or not any(char.isdigit() for char in line):
        return False
    key = labels.normalise(line)
    return key.startswith(labels.PUBLISHED_PREFIXES)


def _split_title(title: str, later: list[str]) -> tuple[str, str]:
    """Split the title line into (site, headline), trusting the headline repeated below.

    Without a repeat, the shorter side of the first or last separator is the site.
    """
    readings = _title_readings(title)
    seen = _later_keys(later)
    for site, headline in [*readings, ("", title)]:
        if _key(headline) in seen:
            return site, headline
    return min(readings[:2], key=lambda reading: len(reading[0]), default=("", title))


def _title_readings(title: str) -> list[tuple[str, str]]:
    """List (site, headline) splits: site first, site last, then at inner separators."""
    cuts = sorted((match.start(), match.end()) for separator in TITLE_SEPARATORS
                  for match in re.finditer(re.escape(separator), title))
    readings = [_site_first(title, cut) for cut in cuts[:1]]
    readings += [_site_last(title, cut) for cut in cuts[-1:]]
    readings += [_site_first(title, cut) for cut in cuts[1:]]
    readings += [_site_last(title, cut) for cut in cuts[:-1]]
    return [(site, headline) for site, headline in readings if site and headline]


def _site_first(title: str, cut: tuple[int, int]) -> tuple[str, str]:
    return title[:cut[0]].strip(), title[cut[1]:].strip()


def _site_last(title: str, cut: tuple[int, int]) -> tuple[str, str]:
    return title[cut[1]:].strip(), title[:cut[0]].strip()


def _later_keys(later: list[str]) -> set[str]:
    """Return the comparison keys of the lines below the title and of their captions."""
    keys = {_key(line) for line in later if line}
    for line in later:
        if (caption := _caption(line)) is not None:
            keys.add(_key(caption.caption))
    return keys


def _caption(line: str) -> WireImage | None:
    """Read a caption line ("Caption / Foto: Credit", "Caption (© Credit)"), else None."""
    match = _CAPTION.match(line) if len(line) <= MAX_CAPTION + MAX_CREDIT else None
    if not match:
        return None
    caption = match["caption"] if match["caption"] is not None else match["caption_before"]
    credit = (match["credit_in_brackets"] or match["credit"] or "").strip()
    caption = (caption or "").strip(" /|·-–—")
    if not credit or len(credit) > MAX_CREDIT or len(caption) > MAX_CAPTION:
        return None
    return WireImage(caption=caption, credit=credit)


def _classify(line: str, headline_keys: set[str]) -> _Line:
    """Name what `line` is; repeats of the headline or title are told apart from text."""
    if labels.recommendation_languages(line):
        return _Line("heading", line)
    if _is_gap(line):
        return _Line("gap", line)
    if _key(line) in headline_keys:
        return _Line("repeat", line)
    if _byline_match(line):
        return _Line("byline", line)
    if _caption(line) is not None:
        return _Line("caption", line)
    return _Line("text", line)


def _zones(lines: list[_Line]) -> tuple[int, int]:
    """Return where the body ends and where the teasers start.

    The body ends at the first byline or recommendations heading after some text (a
    byline above the text is not its end). The teasers run from that heading, if any, to
    the end of the dump; bylines among them only separate teasers.
    """
    start = _first(lines, "text", 0)
    if start is None:
        return 0, len(lines)
    byline = _first(lines, "byline", start)
    heading = _first(lines, "heading", start)
    body_end = min(index for index in (byline, heading, len(lines)) if index is not None)
    return body_end, len(lines) if heading is None else heading + 1


def _first(lines: list[_Line], kind: str, start: int) -> int | None:
    """Return the index of the first line of `kind` at or after `start`, or None."""
    return next((index for index in range(start, len(lines)) if lines[index].kind == kind),
                None)


def _blocks(lines: list[_Line]) -> list[list[str]]:
    """Group consecutive text lines; any other line separates blocks."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.kind == "text":
            blocks[-1].append(line.text)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _paragraphs(lines: list[_Line]) -> tuple[str, ...]:
    """Return the body paragraphs, re-joining lines a text dump wrapped mid-sentence."""
    return tuple(paragraph for block in _blocks(lines) for paragraph in _unwrap(block))


def _unwrap(block: list[str]) -> list[str]:
    """Join each line to the previous one unless that one ended a sentence."""
    paragraphs = [block[0]]
    for line in block[1:]:
        if paragraphs[-1].endswith(_SENTENCE_END):
            paragraphs.append(line)
        else:
            paragraphs[-1] += " " + line
    return paragraphs


def _images(body: list[_Line]) -> tuple[WireImage, ...]:
    """Return the lead photo's caption and credit: the first caption line of the body."""
    caption = next((line.text for line in body if line.kind == "caption"), None)
    return () if caption is None else (_caption(caption),)


def _byline_match(line: str) -> re.Match[str] | None:
    """Match `line` as a byline; long lines are text (and would cost the regex dearly)."""
    return _BYLINE.match(line) if len(line) <= MAX_BYLINE else None


def _byline(lines: list[_Line]) -> re.Match[str] | None:
    line = next((line for line in lines if line.kind == "byline"), None)
    return None if line is None else _byline_match(line.text)


def _authors(lines: list[_Line]) -> tuple[str, ...]:
    """Return the byline's authors in the house style `Initial.Surname`."""
    byline = _byline(lines)
    if byline is None:
        return ()
    names = re.split(_AUTHOR_SEPARATOR, byline["authors"])
    return tuple(re.sub(r"\.\s+", ".", name.strip()) for name in names if name.strip())


def _siglum(lines: list[_Line]) -> str:
    byline = _byline(lines)
    return "" if byline is None else byline["siglum"]


def _recommendations(lines: list[_Line]) -> tuple[Recommendation, ...]:
    """Pair teaser headlines with the lead paragraph that follows each of them."""
    recommendations: list[Recommendation] = []
    pending: str | None = None
    for headline, lead in _teaser_units(lines):
        if headline is not None:
            recommendations += _flush(pending)
            recommendations.append(Recommendation(headline=headline, lead=lead))
            pending = None
        elif _looks_like_headline(lead):
            recommendations += _flush(pending)
            pending = lead
        elif pending is not None:
            recommendations.append(Recommendation(headline=pending, lead=lead))
            pending = None
    return tuple(recommendations + _flush(pending))


def _flush(pending: str | None) -> list[Recommendation]:
    return [] if pending is None else [Recommendation(headline=pending)]


def _teaser_units(lines: list[_Line]) -> list[tuple[str | None, str]]:
    """Return (headline, lead) for blocks holding both, (None, text) for single texts."""
    units: list[tuple[str | None, str]] = []
    for block in _blocks(lines):
        if len(block) > 1 and _looks_like_headline(block[0]):
            units.append((block[0], " ".join(block[1:])))
        else:
            units.append((None, " ".join(block)))
    return units


def _looks_like_headline(text: str) -> bool:
    """Tell a teaser headline (short, no closing full stop) from a lead paragraph."""
    return len(text) <= MAX_TEASER_HEADLINE and not text.endswith(_LEAD_END)


def _language(lines: list[str]) -> str:
    """Return the one language the dump's labels belong to, '' when none or a tie."""
    votes: Counter[str] = Counter()
    for line in lines:
        languages = labels.ui_languages(line) or labels.recommendation_languages(line)
        if languages and len(languages) == 1 and "" not in languages:
            votes.update(languages)
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return ""
    return ranked[0][0]
