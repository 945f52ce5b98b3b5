"""Online story clustering: joining, starting, time window, editors' pins and merges."""

from collections import Counter

from gazzetta.relate.features import build_features
from gazzetta.relate.index import RelateIndex
from gazzetta.relate.stories import StoryClusterer, cluster_in_order, mean_of

HOUR = 3600
T0 = 1_700_000_000
QUAKE = [
    ("Earthquake hits Izmir, buildings collapse", "A strong earthquake struck Izmir."),
    ("Izmir earthquake: rescuers search the rubble", "Rescuers in Izmir search buildings."),
    ("Death toll of Izmir earthquake rises", "The earthquake in Izmir killed dozens."),
]
ELECTION = [
    ("Voters in Chile elect a new president", "Chile votes in a presidential runoff."),
    ("Chile presidential runoff: polls close", "Polling stations in Chile closed at six."),
]


def article(headline, lead, hours=0.0, language="en"):
    """Return features of a short article published `hours` after T0."""
    return build_features(language, headline, lead, published=T0 + hours * HOUR)


def stream(*groups):
    """Return (id, features) for the groups interleaved in time."""
    items, next_id = [], 1
    for position in range(max(len(g) for g in groups)):
        for group in groups:
            if position < len(group):
                items.append((next_id, article(*group[position], hours=next_id)))
                next_id += 1
    return items


def test_articles_about_one_event_share_a_story_and_others_do_not():
    stories = cluster_in_order(StoryClusterer(RelateIndex()), stream(QUAKE, ELECTION))
    quake_ids, election_ids = [1, 3, 5], [2, 4]
    assert len({stories[i] for i in quake_ids}) == 1
    assert len({stories[i] for i in election_ids}) == 1
    assert stories[1] != stories[2]


def test_story_outside_the_time_window_is_not_joined():
    clusterer = StoryClusterer(RelateIndex(), window_hours=24)
    first = cluster_in_order(clusterer, [(1, article(*QUAKE[0]))])[1]
    late = clusterer.assign(2, article(*QUAKE[1], hours=24 * 10))
    assert late != first


def test_pinned_article_stays_in_the_editors_story():
    clusterer = StoryClusterer(RelateIndex(), pinned={3: 77})
    stories = cluster_in_order(clusterer, stream(QUAKE[:1], ELECTION[:1], QUAKE[1:2]))
    assert stories[3] == 77
    assert clusterer.stories[77].size == 1


def test_merged_stories_stay_merged_for_later_articles():
    clusterer = StoryClusterer(RelateIndex(), threshold=2.0)  # never joins on its own
    stories = cluster_in_order(clusterer, [(1, article(*QUAKE[0])), (2, article(*ELECTION[0]))])
    clusterer.merge(stories[2], stories[1])
    assert clusterer.story_of(2) == clusterer.story_of(1) == stories[1]
    assert clusterer.stories[stories[1]].size == 2


def test_aliases_given_at_start_resolve_pins():
    clusterer = StoryClusterer(RelateIndex(), pinned={1: 5}, aliases={5: 9, 9: 12})
    assert clusterer.assign(1, article(*QUAKE[0])) == 12


def test_new_story_ids_do_not_collide_with_pinned_ones():
    clusterer = StoryClusterer(RelateIndex(), threshold=2.0, pinned={1: 40})
    stories = cluster_in_order(clusterer, [(1, article(*QUAKE[0])), (2, article(*ELECTION[0]))])
    assert stories[2] != 40


def test_centroid_keeps_the_largest_sums_and_breaks_ties_by_first_count():
    sums = Counter({"late": 1.0, "big": 6.0, "tie-first": 2.0, "tie-second": 2.0, "small": 0.5})
    assert mean_of(sums, 2, 3) == {"big": 3.0, "tie-first": 1.0, "tie-second": 1.0}
    assert list(mean_of(sums, 2, 3)) == [key for key, _ in sums.most_common(3)]
