"""Candidate retrieval and the four recommendations: filters, diversity, language fallback."""

import pytest

from gazzetta.relate import text
from gazzetta.relate.features import build_features
from gazzetta.relate.index import RelateIndex
from gazzetta.relate.recommend import recommend

T0 = 1_700_000_000
TEXTS = {
    1: ("en", "Earthquake hits Izmir", "A strong earthquake struck Izmir in Turkey."),
    2: ("en", "Turkey earthquake: Izmir rescuers dig", "Rescuers in Izmir, Turkey, dig."),
    3: ("en", "Aid for Turkey after Izmir earthquake", "Turkey receives aid after the quake."),
    4: ("en", "Turkey central bank raises rates", "Turkey's central bank raised rates again."),
    5: ("en", "Greek islands feel Turkey earthquake", "Samos shook as the earthquake hit Turkey."),
    6: ("de", "Erdbeben in Izmir, Türkei", "Ein Erdbeben erschütterte Izmir in der Türkei."),
    7: ("en", "Arsenal beat Chelsea", "Arsenal won the derby in London."),
}
STORY = {1: 10, 2: 10, 3: 11, 4: 12, 5: 13, 6: 14, 7: 15}


def build_index(texts=TEXTS):
    """Index the sample articles, one hour apart."""
    return RelateIndex.build(
        (i, build_features(lang, headline, lead, published=T0 + i * 3600))
        for i, (lang, headline, lead) in texts.items())


def recommend_for(article_id, index, **options):
    """Recommend for one indexed article with the sample stories."""
    return recommend(article_id, index.features(article_id), index, story_of=STORY.get,
                     **options)


def test_candidates_find_related_articles_and_skip_the_excluded():
    index = build_index()
    found = [i for i, _ in index.candidates(index.features(1), 10, exclude=[1])]
    assert 1 not in found and found[0] in (2, 3, 5)
    assert 7 not in found


def test_removed_article_is_no_candidate_and_frees_its_frequencies():
    index = build_index()
    [arsenal] = text.terms("Arsenal", "en")
    idf_before = index.idf(arsenal)
    index.remove(7)
    assert 7 not in index and 7 not in [i for i, _ in index.candidates(index.features(1), 10)]
    assert index.idf(arsenal) > idf_before


def test_recommendations_skip_self_own_story_and_ineligible():
    index = build_index()
    picks = [r.article_id for r in recommend_for(1, index, eligible=lambda i: i != 3)]
    assert 1 not in picks and 2 not in picks and 3 not in picks
    assert picks and picks[0] == 5


def test_same_language_comes_first_and_other_languages_are_marked():
    picks = recommend_for(1, build_index())
    languages = [r.other_language for r in picks]
    assert languages == sorted(languages)
    assert [r.article_id for r in picks if r.other_language] == [6]


def test_no_two_recommendations_from_one_story():
    story = {**STORY, 3: 13}  # 3 and 5 now share a story
    index = build_index()
    picks = recommend(1, index.features(1), index, story_of=story.get)
    stories = [story[r.article_id] for r in picks]
    assert len(stories) == len(set(stories))


def test_near_duplicates_are_not_recommended():
    texts = {**TEXTS, 8: TEXTS[1]}
    index = build_index(texts)
    picks = recommend(1, index.features(1), index, story_of=lambda i: None)
    assert 8 not in [r.article_id for r in picks]


def test_at_most_four_and_each_has_reasons():
    picks = recommend_for(1, build_index())
    assert 0 < len(picks) <= 4
    assert all(r.similarity.terms or r.similarity.entities for r in picks)


def test_an_added_article_renews_the_idf_of_its_own_keys_at_once():
    index = build_index()
    [arsenal] = text.terms("Arsenal", "en")
    idf_before = index.idf(arsenal)
    index.add(99, index.features(7))
    assert index.idf(arsenal) == pytest.approx(index.fresh_idf(arsenal)) and index.idf(arsenal) < idf_before
