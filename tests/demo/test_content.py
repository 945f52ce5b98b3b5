"""The demo content files hold together: counts, references, stories, versions and wording."""

import json
import re
from collections import Counter, defaultdict

import pytest

from gazzetta.demo import CONTENT_DIR, LANGUAGES
from gazzetta.demo.images import SCENES

SECTION_NAMES = {
    "politics": {"de": "Politik", "it": "Politica", "en": "Politics"},
    "economy": {"de": "Wirtschaft", "it": "Economia", "en": "Economy"},
    "culture": {"de": "Kultur", "it": "Cultura", "en": "Culture"},
    "sport": {"de": "Sport", "it": "Sport", "en": "Sport"},
    "science": {"de": "Wissenschaft", "it": "Scienza", "en": "Science"},
    "region": {"de": "Region", "it": "Regione", "en": "Region"},
}
REQUIRED = {"guid": str, "source": str, "credit": str, "authors": list, "language": str, "section": str,
            "hours_ago": (int, float), "headline": str, "lead": str, "paragraphs": list, "subjects": list}
FULL_NAME = re.compile(r"^[A-ZÀ-Ž][a-zà-ž]+(?: (?:[A-ZÀ-Ž][a-zà-ž]+|De|Della))+$")
PHOTO_CREDIT = re.compile(r"^[A-ZÀ-Ž][a-zà-ž]+ [A-ZÀ-Ž][a-zà-ž]+ - [A-Z]{2,4}(?:/[A-Z]{2,4})?$")


def _read(name):
    return json.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))


SECTIONS = {item["key"]: item for item in _read("sections.json")}
SOURCES = {item["key"]: item for item in _read("sources.json")}
STORIES = {item["key"]: item for item in _read("stories.json")}
BY_LANGUAGE = {code: _read(f"articles-{code}.json") for code in LANGUAGES}
ARTICLES = [article for articles in BY_LANGUAGE.values() for article in articles]


def _words(article):
    return sum(len(paragraph.split()) for paragraph in article["paragraphs"])


def test_sections_are_the_six_with_their_names_in_every_language():
    assert {key: item["names"] for key, item in SECTIONS.items()} == SECTION_NAMES


def test_sources_are_complete_and_one_is_the_house_desk():
    assert len(SOURCES) >= 5
    for source in SOURCES.values():
        assert source["kind"] in ("agency", "house")
        assert source["url"].startswith("https://example.org/")
        assert source["language"] in LANGUAGES
        assert re.fullmatch(r"[A-Z]{2,4}", source["siglum"])
    assert [source["siglum"] for source in SOURCES.values() if source["kind"] == "house"] == ["GZ"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_at_least_three_articles_per_section(code):
    articles = BY_LANGUAGE[code]
    assert len(articles) >= 16
    assert {article["language"] for article in articles} == {code}
    per_section = Counter(article["section"] for article in articles)
    assert set(per_section) == set(SECTIONS)
    assert min(per_section.values()) >= 3


def test_every_article_has_the_required_fields_and_valid_references():
    for article in ARTICLES:
        for field, kind in REQUIRED.items():
            assert isinstance(article.get(field), kind), f"{article['guid']}: {field}"
        assert article["source"] in SOURCES
        assert article["section"] in SECTIONS
        assert article["story"] is None or article["story"] in STORIES
        assert 0 < article["hours_ago"] <= 5 * 24


def test_guids_are_unique_and_numbered():
    guids = [article["guid"] for article in ARTICLES]
    assert len(set(guids)) == len(guids)
    assert all(re.fullmatch(r"urn:gazzetta:demo:\d+", guid) for guid in guids)


def test_authors_are_full_names_and_credits_name_the_source():
    for article in ARTICLES:
        assert article["authors"], article["guid"]
        assert all(FULL_NAME.match(name) for name in article["authors"]), article["authors"]
        assert SOURCES[article["source"]]["siglum"] in article["credit"].split("/")


def test_bodies_have_wire_length_and_datelines_name_the_source():
    for article in ARTICLES:
        assert 3 <= len(article["paragraphs"]) <= 7, article["guid"]
        assert 120 <= _words(article) <= 450, (article["guid"], _words(article))
        dateline = re.match(r"^[A-ZÀ-Ž ,.a-z]+ \(([A-Z/]+)\) - ", article["paragraphs"][0])
        if dateline:
            assert dateline.group(1) == SOURCES[article["source"]]["siglum"], article["guid"]


def test_subjects_are_iptc_media_topics():
    for article in ARTICLES:
        assert article["subjects"], article["guid"]
        for subject in article["subjects"]:
            assert re.fullmatch(r"medtop:\d{8}", subject["code"]) and subject["name"]


def test_stories_have_three_articles_in_more_than_one_language():
    members = defaultdict(list)
    for article in ARTICLES:
        if article["story"]:
            members[article["story"]].append(article)
    assert set(members) == set(STORIES)
    assert len(STORIES) >= 6
    for key, articles in members.items():
        assert len(articles) >= 3, key
        assert len({article["language"] for article in articles}) >= 2, key
        assert len({article["source"] for article in articles}) >= 2, key
    assert all(set(story["titles"]) == set(LANGUAGES) for story in STORIES.values())


def test_most_articles_have_a_generated_picture_with_caption_credit_and_alt():
    illustrated = [article for article in ARTICLES if "image" in article]
    assert len(illustrated) >= 0.8 * len(ARTICLES)
    for article in illustrated:
        image = article["image"]
        assert image["scene"] in SCENES
        assert PHOTO_CREDIT.match(image["credit"]), image["credit"]
        assert len(image["caption"]) > 10 and len(image["alt"]) > 30


def test_versions_are_older_than_the_text_that_replaced_them():
    updated = [article for article in ARTICLES if article.get("versions")]
    assert len(updated) >= 3
    for article in updated:
        times = [version["hours_ago"] for version in article["versions"]] + [article["hours_ago"]]
        assert times == sorted(times, reverse=True) and len(set(times)) == len(times), article["guid"]
        for version in article["versions"]:
            assert version["headline"] and version["lead"] and version["paragraphs"]


def test_withdrawals_corrections_and_featured_stories_are_present():
    withdrawn = [article for article in ARTICLES if article.get("status") == "withdrawn"]
    assert withdrawn and all(article["withdrawn_reason"] for article in withdrawn)
    assert all(article.get("status", "withdrawn") == "withdrawn" for article in ARTICLES)
    assert sum(1 for article in ARTICLES if article.get("correction")) >= 2
    for code, articles in BY_LANGUAGE.items():
        featured = [article for article in articles if article.get("featured")]
        assert len(featured) == 1, code
        assert featured[0].get("status") != "withdrawn"


def test_no_sentence_is_reused_across_articles():
    seen = {}
    for article in ARTICLES:
        for paragraph in article["paragraphs"]:
            for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
                if len(sentence) > 40:
                    assert seen.setdefault(sentence, article["guid"]) == article["guid"], sentence
