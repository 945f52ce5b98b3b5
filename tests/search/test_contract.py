"""One contract for every search engine: each engine's class runs it in its database's run of the suite."""

import sys
from datetime import timedelta

import pytest

from gazzetta.newsroom.models import Article, Story
from gazzetta.search.backends import base, get_search_backend
from gazzetta.search.backends.base import COUNT_LIMIT, NEWEST, EmptyResults, SearchFilters, SearchResults
from gazzetta.search.query import Query

HOSTILE_QUERIES = [
    '"Wahl Rom', 'Wahl" Rom', '"""', "-", "- -", "OR", "Wahl OR", "OR Wahl", "* Wahl", "Wahl*" * 3,
    "Wahl\x00Rom", "\x00\x01\x1f\x7f", "Wahl AND NOT NEAR(Rom)", "Wahl'); DROP TABLE newsroom_article; --",
    "^Wahl", "Wahl:Rom", "col:Wahl", "Wahl & !Rom | (", "((((Wahl", "Wahl " * 2000, "x" * 10_000,
    "Wahl -", '-"', "Ⓦahl", "🙂 Wahl", "\u202eWahl Rom", "\ue000Wahl\ue001",
]


def found(results) -> list[int]:
    return [hit.article.pk for hit in results]


def test_counts_stop_at_the_limit_and_say_so():
    capped = SearchResults(Query(), [], COUNT_LIMIT + 1, per_page=20)
    assert (capped.count, capped.more, capped.num_pages) == (COUNT_LIMIT, True, COUNT_LIMIT // 20)
    exact = SearchResults(Query(), [], 41, page=3, per_page=20)
    assert (exact.count, exact.more, exact.num_pages, exact.has_next, exact.has_previous) == (41, False, 3, False, True)


class SearchContract:
    """What every engine must do; subclasses name the engine."""

    engine = ""

    @pytest.fixture(autouse=True)
    def use_engine(self, settings):
        settings.SEARCH_BACKEND = self.engine

    @pytest.fixture
    def backend(self):
        return get_search_backend()

    def test_backend_is_the_engine_asked_for(self, backend):
        assert backend.vendor == self.engine

    @pytest.mark.parametrize(("language", "text", "query"), [
        ("de", "Die Regierung kündigt Unterstützung für Bauern an", "unterstützen"),
        ("de", "Neues Atomgespräch in Wien beginnt", "Atomgespräche"),
        ("it", "Riprendono i negoziati sul nucleare a Vienna", "negoziato"),
        ("it", "Le elezioni regionali in Sicilia", "elezione"),
        ("en", "Negotiations on the ceasefire resume", "negotiation"),
        ("en", "The council supported the plan", "supporting"),
        ("fr", "Les négociations reprennent à Genève", "négociation"),
        ("fr", "Le gouvernement a annoncé des réformes", "annoncer"),
        ("es", "Las elecciones generales en España", "elección"),
        ("es", "El gobierno apoya a los agricultores", "apoyar"),
    ])
    def test_words_find_other_forms_of_themselves_in_each_language(self, backend, desk, language, text, query):
        article = desk.publish(text, language=language)
        desk.publish("Etwas ganz anderes über das Wetter", language=language)
        assert found(backend.search(query, SearchFilters(language=language))) == [article.pk]
        assert found(backend.search(query)) == [article.pk]

    @pytest.mark.parametrize("query", ["München", "Muenchen", "Munchen", "MÜNCHEN", "münchen"])
    def test_german_umlauts_match_written_with_e_or_without_dots(self, backend, desk, query):
        umlaut = desk.publish("Streik in München angekündigt")
        digraph = desk.publish("Messe in Muenchen eröffnet", hours=2)
        plain = desk.publish("Flughafen Munchen gesperrt", hours=3)
        assert set(found(backend.search(query, SearchFilters(language="de")))) == {umlaut.pk, digraph.pk, plain.pk}

    @pytest.mark.parametrize(("language", "text", "query"), [
        ("it", "La città di Trieste", "citta"),
        ("fr", "Une élection présidentielle", "election"),
        ("es", "La elección de Sánchez", "Sanchez"),
        ("en", "A café in Zürich", "Zurich"),
    ])
    def test_accents_are_folded(self, backend, desk, language, text, query):
        article = desk.publish(text, language=language)
        assert found(backend.search(query)) == [article.pk]

    def test_a_compound_is_found_by_its_head(self, backend, desk):
        article = desk.publish("Atomgespräche in Wien vertagt")
        desk.publish("Die Sprache der Diplomatie", hours=2)
        assert found(backend.search("Gespräche")) == [article.pk]

    def test_all_words_must_match(self, backend, desk):
        both = desk.publish("Hafen von Triest bestreikt")
        desk.publish("Hafen von Genua geöffnet")
        assert found(backend.search("Hafen Triest")) == [both.pk]

    def test_phrase_needs_the_words_in_order(self, backend, desk):
        phrase = desk.publish("Der Hafen von Triest wird bestreikt")
        desk.publish("Triest: Hafen wird gebaut, von Montag an")
        assert found(backend.search('"Hafen von Triest"')) == [phrase.pk]

    def test_excluded_words_and_phrases_leave_articles_out(self, backend, desk):
        kept = desk.publish("Streik im Hafen von Triest")
        desk.publish("Streik im Hafen von Genua")
        desk.publish("Streik bei der Bahn in Rom")
        assert found(backend.search("Streik -Genua -Bahn")) == [kept.pk]
        rail = found(backend.search("Streik Bahn"))
        assert set(found(backend.search('Streik -"Hafen von Genua"'))) == {kept.pk, *rail}

    def test_or_finds_either(self, backend, desk):
        trieste = desk.publish("Streik in Triest")
        genoa = desk.publish("Streik in Genua")
        desk.publish("Streik in Rom")
        assert set(found(backend.search("Streik Triest OR Genua"))) == {trieste.pk, genoa.pk}

    def test_prefix_finds_words_that_begin_so(self, backend, desk):
        article = desk.publish("Atomenergie bleibt umstritten")
        desk.publish("Atlas der Wolken")
        assert found(backend.search("Atom*")) == [article.pk]
        assert found(backend.search("Atomen")) == []

    @pytest.mark.parametrize("query", HOSTILE_QUERIES)
    def test_malformed_queries_never_fail(self, backend, desk, query):
        article = desk.publish("Wahl in Rom")
        results = backend.search(query)
        assert results.count in (0, 1)
        assert found(results) in ([], [article.pk])

    def test_unbalanced_quote_degrades_to_plain_words(self, backend, desk):
        article = desk.publish("Rom vor der Wahl")
        assert found(backend.search('"Wahl Rom')) == [article.pk]

    def test_a_stop_word_does_not_stop_the_other_words(self, backend, desk):
        article = desk.publish("Die Regierung tritt zurück")
        assert found(backend.search("die Regierung", SearchFilters(language="de"))) == [article.pk]

    def test_nothing_to_look_for_finds_nothing(self, backend, desk):
        desk.publish("Wahl in Rom")
        for query in ("", "   ", "-Wahl", "!!!", "OR"):
            assert isinstance(backend.search(query), EmptyResults)

    def test_filters_narrow_by_edition_section_source_story_and_date(self, backend, desk):
        other_story = Story.objects.create(title="Hafenstreik")  # the relate engine keeps a story set by hand
        german = desk.publish("Streik in Triest", hours=1, story=desk.story)
        italian = desk.publish("Sciopero a Trieste: Streik", language="it", hours=30, section=desk.economy,
                               story=other_story)
        house = desk.publish("Streik im Hafen", source=desk.house, hours=24 * 10, story=other_story)
        search = backend.search
        assert found(search("Streik", SearchFilters(language="it"))) == [italian.pk]
        assert found(search("Streik", SearchFilters(section="economy"))) == [italian.pk]
        assert found(search("Streik", SearchFilters(source="desk"))) == [house.pk]
        assert found(search("Streik", SearchFilters(story=desk.story.pk))) == [german.pk]
        two_days = SearchFilters(since=desk.now - timedelta(hours=48))
        assert found(search("Streik", two_days, NEWEST)) == [german.pk, italian.pk]
        assert found(search("Streik", SearchFilters(until=desk.now - timedelta(hours=48)))) == [house.pk]
        assert isinstance(search("Streik", SearchFilters(section="no-such-section")), EmptyResults)

    def test_headline_matches_outrank_body_matches(self, backend, desk):
        in_body = desk.publish("Bericht aus dem Rathaus", "<p>Der Bürgermeister sprach über den Haushalt.</p>", hours=1)
        in_headline = desk.publish("Haushalt beschlossen", "<p>Der Rat stimmte am Abend ab.</p>", hours=2)
        assert found(backend.search("Haushalt")) == [in_headline.pk, in_body.pk]

    def test_recency_breaks_ties_and_newest_order_ignores_relevance(self, backend, desk):
        old = desk.publish("Haushalt beschlossen", hours=24 * 60)
        new = desk.publish("Haushalt beschlossen", hours=1)
        weak_but_newest = desk.publish("Bericht", "<p>Nebenbei ging es um den Haushalt.</p>", hours=0.5)
        ranked = found(backend.search("Haushalt"))
        assert ranked.index(new.pk) < ranked.index(old.pk)
        assert found(backend.search("Haushalt", order=NEWEST)) == [weak_but_newest.pk, new.pk, old.pk]

    def test_matches_of_every_age_are_found_newest_first(self, backend, desk):
        ages_in_days = [0.1, 1.5, 5, 20, 100, 400, 3000]
        made = [desk.publish(f"Wahl Nummer {number}", hours=24 * days) for number, days in enumerate(ages_in_days)]
        results = backend.search("Wahl", order=NEWEST)
        assert results.count == len(made)
        assert found(results) == [article.pk for article in made]
        assert set(found(backend.search("Wahl"))) == {article.pk for article in made}

    @pytest.mark.parametrize(("published", "count", "more"), [(3, 3, False), (5, 3, True)])
    def test_the_engine_counts_no_further_than_the_limit(self, backend, desk, monkeypatch, published, count, more):
        for module in (base, sys.modules[type(backend).__module__]):
            monkeypatch.setattr(module, "COUNT_LIMIT", 3)
        made = [desk.publish(f"Wahl Nummer {number}", hours=number) for number in range(published)]
        desk.publish("Wahl verschoben", embargo_until=desk.now + timedelta(hours=2), hours=0)
        for order in (NEWEST, "relevance"):
            results = backend.search("Wahl", order=order)
            assert (results.count, results.more) == (count, more)
        assert found(backend.search("Wahl", order=NEWEST))[:3] == [article.pk for article in made[:3]]

    def test_pages_split_the_results(self, backend, desk):
        made = [desk.publish(f"Wahl Nummer {number}", hours=number) for number in range(5)]
        second = backend.search("Wahl", order=NEWEST, page=2, per_page=2)
        assert second.count == 5 and second.num_pages == 3
        assert found(second) == [made[2].pk, made[3].pk]
        assert second.has_previous and second.has_next
        assert found(backend.search("Wahl", page=99, per_page=2)) == []

    def test_snippet_marks_matches_and_escapes_everything_else(self, backend, desk):
        body = ("<p>Vorspann.</p><p>Die Regierung will die Bauern <b>unterstützen</b> &amp; "
                "&lt;script&gt;alert(1)&lt;/script&gt; entlasten.</p>")
        desk.publish("Hilfe für Bauern", body)
        snippet = str(backend.search("Unterstützung").hits[0].snippet)
        assert "<mark>unterstützen</mark>" in snippet
        assert "alert(1)" in snippet and "<script>" not in snippet and "<b>" not in snippet
        assert "&amp;" in snippet
        assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0

    def test_only_visible_articles_are_found(self, backend, desk):
        visible = desk.publish("Gipfel in Brüssel")
        desk.publish("Gipfel in Brüssel verschoben", embargo_until=desk.now + timedelta(hours=2))
        desk.publish("Gipfel in Brüssel geplant", hours=-3)
        desk.publish("Gipfel in Brüssel (zurückgehalten)", status=Article.Status.WITHHELD)
        assert found(backend.search("Gipfel")) == [visible.pk]

    def test_index_follows_updates_withdrawals_and_deletions(self, backend, desk):
        article = desk.publish("Brücke in Genua gesperrt")
        article.headline = "Brücke in Genua wieder offen"
        article.save()
        desk.announce(article.pk, "updated")
        assert found(backend.search("offen")) == [article.pk]
        article.status = Article.Status.WITHDRAWN
        article.save()
        desk.announce(article.pk, "withdrawn")
        assert found(backend.search("Genua")) == []
        other = desk.publish("Hafen in Genua gesperrt")
        article_id = other.pk
        other.delete()
        desk.announce(article_id, "deleted")
        assert found(backend.search("Genua")) == []

    def test_query_time_guard_hides_an_article_the_index_still_holds(self, backend, desk):
        article = desk.publish("Wahl in Sizilien")
        Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
        assert found(backend.search("Sizilien")) == []
        assert backend.search("Sizilien").count == 0

    def test_rebuild_indexes_published_articles_afresh(self, backend, desk):
        article = desk.publish("Wahl in Sizilien")
        Article.objects.filter(pk=article.pk).update(headline="Abstimmung in Sizilien", body_html="")
        assert backend.rebuild() == 1
        assert found(backend.search("Abstimmung")) == [article.pk]
        assert found(backend.search("Wahl")) == []


@pytest.mark.engine("sqlite")
class TestSQLiteFTS5(SearchContract):
    engine = "sqlite"


@pytest.mark.engine("postgresql")
class TestPostgreSQL(SearchContract):
    engine = "postgresql"
