"""The score between two articles, its parts and its reasons."""

import json

from gazzetta.relate import text
from gazzetta.relate.features import Features, build_features
from gazzetta.relate.index import RelateIndex
from gazzetta.relate.similarity import WEIGHTS, similarity

QUAKE = dict(language="en", headline="Earthquake hits Turkish city of Izmir",
             lead="A strong earthquake struck Izmir on Friday, officials said.",
             body="Rescue teams searched collapsed buildings in Izmir after the earthquake.",
             subjects=["disaster"], published=1_700_000_000)
QUAKE_AGAIN = dict(language="en", headline="Izmir earthquake: rescuers search rubble",
                   lead="Rescuers in Izmir pulled survivors from buildings after the quake.",
                   body="The earthquake damaged buildings across the city.",
                   subjects=["disaster"], published=1_700_000_000 + 3600)
FOOTBALL = dict(language="en", headline="Arsenal beat Chelsea in London derby",
                lead="Arsenal won 2-0 against Chelsea on Sunday.",
                body="The derby at the Emirates stadium ended with two goals.",
                subjects=["sport"], published=1_700_000_000 - 86400 * 30)


def collection():
    """Return features of the three articles and an index over them."""
    features = [build_features(**a) for a in (QUAKE, QUAKE_AGAIN, FOOTBALL)]
    return features, RelateIndex.build(enumerate(features))


def test_same_event_scores_above_unrelated():
    (quake, again, football), index = collection()
    assert similarity(quake, again, index.idf).score > similarity(quake, football, index.idf).score


def test_similarity_is_symmetric():
    (quake, again, _), index = collection()
    assert abs(similarity(quake, again, index.idf).score
               - similarity(again, quake, index.idf).score) < 1e-9


def test_identical_articles_score_the_sum_of_text_weights():
    (quake, _, _), index = collection()
    found = similarity(quake, quake, index.idf)
    assert abs(found.parts["content"] - 1.0) < 1e-9
    assert found.parts["subjects"] == 1.0 and found.parts["time"] == 1.0


def test_reasons_name_the_shared_terms_entities_and_subjects():
    (quake, again, _), index = collection()
    found = similarity(quake, again, index.idf)
    assert text.terms("earthquake", "en")[0] in found.terms and "izmir" in found.entities
    assert found.subjects == ("disaster",)
    line = found.explain()
    assert line.startswith(f"{found.score:.3f}") and "izmir" in line


def test_score_is_the_weighted_sum_of_parts():
    (quake, again, _), index = collection()
    found = similarity(quake, again, index.idf)
    assert abs(found.score - sum(WEIGHTS[k] * v for k, v in found.parts.items())) < 1e-9


def test_features_survive_a_json_round_trip():
    quake = build_features(**QUAKE)
    restored = Features.from_dict(json.loads(json.dumps(quake.to_dict())))
    assert restored == quake


def test_headline_outweighs_body():
    features = build_features("en", headline="volcano", body="glacier")
    [volcano], [glacier] = text.terms("volcano", "en"), text.terms("glacier", "en")
    assert features.terms[volcano] > features.terms[glacier]


def test_unexplained_score_equals_the_explained_one_without_reasons():
    (quake, again, _), index = collection()
    explained, bare = similarity(quake, again, index.idf), similarity(quake, again, index.idf, explain=False)
    assert bare.parts == explained.parts and bare.score == explained.score
    assert explained.terms and not bare.terms and not bare.subjects

