"""Feeds: RSS, Atom, RDF and JSON Feed entries become WireItems; hostile feeds stay harmless."""

import html
import json
import re
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from gazzetta.ingest import formats
from gazzetta.ingest.formats import feed
from gazzetta.ingest.wireitem import ParseError, Rejected, Subject, WireImage, WireItem

# Share of gofeed expectations we must meet; the misses are listed in the report below.
GOFEED_PASS_RATE_FLOOR = 0.9


def items(data: bytes, **kwargs) -> list[WireItem]:
    """Parse `data` and return its WireItems, failing on any Rejected entry."""
    result = feed.parse(data, **kwargs)
    assert all(isinstance(item, WireItem) for item in result), result
    return result


def rss(items_xml: str, channel: str = "<title>Adria Kurier</title>") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            f'xmlns:media="http://search.yahoo.com/mrss/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel>{channel}{items_xml}</channel></rss>").encode()


# --- the corpus: every file parses; ParseError only where no entry exists ----------------

def corpus_files(shared: Path) -> list[Path]:
    """Return the feed inputs of the dev corpus (gofeed's expected-output JSON left out)."""
    root = shared / "corpus" / "feeds" / "dev"
    return [path for path in sorted(root.rglob("*")) if path.is_file()
            and not path.name.endswith("_expected.json")
            and not (path.suffix == ".json" and path.with_suffix(".xml").exists())]


def has_entries(data: bytes) -> bool:
    """Tell whether a payload holds an entry element or a JSON Feed item, read naively."""
    if re.search(rb"<(?:\w+:)?(?:item|entry)[\s>/]", data):
        return True
    try:
        return bool(json.loads(data).get("items"))
    except (ValueError, AttributeError):
        return False


def test_every_corpus_file_parses_and_fails_only_when_nothing_is_usable(shared):
    files = corpus_files(shared)
    parse_errors = []
    for path in files:
        data = path.read_bytes()
        try:
            result = feed.parse(data)
        except ParseError as error:
            assert str(error).startswith("ingest: feed: "), error
            assert not has_entries(data), f"{path.name} has entries but raised {error}"
            parse_errors.append(path.name)
            continue
        assert all(isinstance(item, WireItem | Rejected) for item in result), path
    assert len(files) > 500 and len(parse_errors) < len(files) // 20, parse_errors


def test_bozo_feeds_still_give_the_entries_feedparser_recovered(shared):
    illformed = shared / "corpus" / "feeds" / "dev" / "feedparser" / "illformed"
    [item] = items((illformed / "rss_item_link_corrupted_ampersands.xml").read_bytes())
    assert item.url.startswith("http://example.com/")


# --- the corpus: compare with gofeed's expected output -----------------------------------

def plain(value) -> str:
    """Return gofeed's expected text as we give it: tags dropped, entities decoded."""
    if isinstance(value, dict):
        value = value.get("value", "")
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", value or "")).split())


def expectations(expected: dict) -> list[tuple[str, object]]:
    """List (field, expected value) pairs of one gofeed item we can compare with ours."""
    pairs = []
    if "title" in expected:
        pairs.append(("headline", plain(expected["title"])))
    if isinstance(expected.get("link"), str):
        pairs.append(("url", expected["link"]))
    if isinstance(expected.get("authors"), list):
        names = [author["name"] for author in expected["authors"] if author.get("name")]
        pairs += [("authors", tuple(plain(name) for name in names))] if names else []
    body = next((expected[key] for key in ("content", "content_html", "description", "summary")
                 if expected.get(key)), None)
    if plain(body):
        pairs.append(("text", plain(body)))
    guid = expected.get("guid") or expected.get("id")
    if guid:
        pairs.append(("guid", guid["value"] if isinstance(guid, dict) else guid))
    return pairs


def actual(item: WireItem, field: str):
    if field == "text":
        return plain(item.body_html)
    if field == "authors":
        return tuple(plain(name) for name in item.authors)
    return getattr(item, field)


def gofeed_cases(shared: Path):
    root = shared / "corpus" / "feeds" / "dev" / "gofeed"
    for expected_path in sorted(root.rglob("*.json")):
        source = expected_path.with_suffix(".xml")
        if expected_path.name.endswith("_expected.json"):
            source = expected_path.with_name(expected_path.name.replace("_expected", ""))
        if source.exists() and source != expected_path:
            yield source, json.loads(expected_path.read_text(encoding="utf-8"))


def test_entries_match_gofeed_expected_output(shared):
    checked, misses = 0, []
    for source, expected in gofeed_cases(shared):
        wanted = expected.get("items") or expected.get("entries") or []
        if not wanted:
            continue
        result = feed.parse(source.read_bytes())
        assert len(result) == len(wanted), source.name
        for ours, theirs in zip(result, wanted):
            if isinstance(ours, Rejected):
                assert not {"headline", "text"} & dict(expectations(theirs)).keys(), ours
                continue
            for field, value in expectations(theirs):
                checked += 1
                if actual(ours, field) != value:
                    misses.append(f"{source.name}: {field} {actual(ours, field)!r} != {value!r}")
    assert checked > 50
    assert 1 - len(misses) / checked >= GOFEED_PASS_RATE_FLOOR, "\n".join(misses)
