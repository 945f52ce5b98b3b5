"""One decision per item, through the real pipeline: versions, copies, withdrawals, embargoes, rejections."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from gazzetta.ingest.pipeline import ingest_payload
from gazzetta.newsroom.models import Alternate, Article, ArticleVersion

pytestmark = pytest.mark.django_db

COUNCIL = [
    "The city council of Trieste approved a plan on Wednesday evening to extend the network of cycle lanes "
    "by sixty kilometres before the end of the decade.",
    "Most of the new lanes will run along the waterfront and the main roads leading out of the city, the "
    "transport office said in a statement published after the vote.",
    "The mayor called the decision historic and said it would make the streets safer for children who ride "
    "to school, a concern raised by parents at several public meetings last year.",
    "The plan is expected to cost forty-eight million euros, about half of which should come from a European "
    "Union programme for sustainable transport in port cities.",
    "Shop owners in the old town criticised the loss of more than nine hundred parking spaces and asked for "
    "an honest debate about how customers will reach their businesses.",
    "Members of the opposition said the council had ignored the needs of commuters from the surrounding "
    "villages, who depend on their cars because buses run only once an hour.",
    "The first sections are due to be built next spring, starting with a protected lane between the central "
    "station and the new university campus on the hill above the harbour.",
    "Residents will be invited to meetings in every district to discuss the exact routes before the "
    "construction companies are chosen in a public tender over the summer.",
]
# The same event told by another newsroom in its own words: a similar topic, not a copy.
COUNCIL_ELSEWHERE = [
    "Cyclists in Trieste will get sixty more kilometres of lanes after councillors backed an ambitious "
    "transport plan late on Wednesday.",
    "Supporters of the project filled the public gallery and applauded when the result was read out, while "
    "a small group of traders protested outside the town hall.",
    "According to figures presented during the debate, the number of people cycling to work in the city has "
    "doubled in five years but remains far below the level of northern European towns.",
    "Traders fear that removing parking will drive shoppers to the malls on the edge of town, and their "
    "association said it would consider a legal challenge.",
    "Work should begin in the spring near the railway station, and the whole network is meant to be finished "
    "in 2030 if the funding from Brussels arrives on time.",
    "Environmental groups welcomed the vote but warned that lanes painted on busy roads without a physical "
    "barrier would not persuade cautious riders to leave their cars at home.",
]
T0 = datetime(2024, 5, 2, 8, 0, tzinfo=UTC)


def ninjs(guid="urn:test:council", paragraphs=COUNCIL, **fields) -> bytes:
    """Return a ninjs payload of one text item (English, usable) with `fields` set or overridden."""
    item = {"uri": guid, "type": "text", "language": "en", "headline": "Trieste approves sixty kilometres of cycle lanes",
            "body_html": "".join(f"<p>{text}</p>" for text in paragraphs), "pubstatus": "usable", **fields}
    return json.dumps({key: value for key, value in item.items() if value is not None}).encode()


def ingest(payload: bytes, **options):
    [result] = ingest_payload(payload, origin="test", **options)
    return result


@pytest.fixture(autouse=True)
def archive_home(settings, tmp_path):
    settings.HOME = tmp_path


# --- versions ------------------------------------------------------------------------------

def test_a_newer_version_updates_the_article_in_place_and_keeps_the_old_one():
    first = ingest(ninjs(version=1, versioncreated=T0.isoformat()))
    changed = [*COUNCIL[:-1], "Residents can comment on the routes online until the end of June."]
    second = ingest(ninjs(version=2, versioncreated=(T0 + timedelta(hours=2)).isoformat(), paragraphs=changed))

    assert (first.status, second.status) == ("created", "updated")
    assert (second.id, second.url) == (first.id, first.url)
    article = Article.objects.get(pk=first.id)
    assert article.version == 2 and "until the end of June" in article.body_html
    assert article.updated_at == T0 + timedelta(hours=2)
    [kept] = ArticleVersion.objects.filter(article=article)
    assert kept.version == 1 and "construction companies" in kept.body_html


def test_an_older_or_repeated_version_leaves_the_article_unchanged():
    ingest(ninjs(version=2, headline="Version two"))
    older = ingest(ninjs(version=1, headline="Version one"))
    again = ingest(ninjs(version=2, headline="Version two"))

    assert (older.status, again.status) == ("unchanged", "unchanged")
    article = Article.objects.get()
    assert article.headline == "Version two" and article.updated_at is None
    assert not ArticleVersion.objects.exists()


def test_a_newer_version_time_counts_when_the_version_number_is_the_same():
    ingest(ninjs(version=3, versioncreated=T0.isoformat()))
    later = ingest(ninjs(version=3, versioncreated=(T0 + timedelta(minutes=5)).isoformat(), headline="Corrected"))
    assert later.status == "updated" and Article.objects.get().headline == "Corrected"


def test_without_any_version_a_changed_text_is_an_update_and_the_same_text_is_not():
    ingest(ninjs())
    assert ingest(ninjs()).status == "unchanged"
    assert ingest(ninjs(headline="Trieste approves its cycle lane plan")).status == "updated"


# --- duplicates ----------------------------------------------------------------------------

def test_the_same_text_under_another_guid_is_a_duplicate_listed_once(client):
    original = ingest(ninjs(guid="urn:agency-a:1"))
    copy = ingest(ninjs(guid="urn:agency-b:77", headline="TRIESTE APPROVES SIXTY KILOMETRES OF CYCLE LANES!"))

    assert copy.status == "duplicate" and copy.id == original.id
    alternate = Alternate.objects.get(guid="urn:agency-b:77")
    assert alternate.article_id == original.id and alternate.similarity == 1.0
    assert Article.objects.count() == 1
    assert client.get("/en/").content.decode().count("Trieste approves sixty kilometres") == 1
    assert ingest(ninjs(guid="urn:agency-b:77")).status == "duplicate"  # received again: still the copy


def test_a_near_copy_with_one_sentence_changed_is_a_duplicate():
    original = ingest(ninjs(guid="urn:agency-a:1"))
    edited = [*COUNCIL[:3], "The plan will cost the city close to fifty million euros in total.", *COUNCIL[4:]]
    copy = ingest(ninjs(guid="urn:agency-b:2", paragraphs=edited, headline="Trieste backs cycle lane plan"))

    assert copy.status == "duplicate" and copy.id == original.id
    assert 0.5 <= Alternate.objects.get(guid="urn:agency-b:2").similarity < 1.0


def test_a_different_article_on_the_same_topic_is_not_a_duplicate():
    ingest(ninjs(guid="urn:agency-a:1"))
    other = ingest(ninjs(guid="urn:agency-c:9", paragraphs=COUNCIL_ELSEWHERE,
                         headline="Trieste councillors back sixty kilometres of new cycle lanes"))
    assert other.status == "created"
    assert Article.objects.count() == 2 and not Alternate.objects.exists()


# --- withdrawal ----------------------------------------------------------------------------

@pytest.mark.parametrize("kill", [{"pubstatus": "canceled"}, {"pubstatus": "withheld"}, {"signals": ["sig:kill"]}])
def test_a_withdrawal_takes_the_article_off_every_list_and_its_page_answers_410(client, kill):
    published = ingest(ninjs(version=1))
    assert client.get(published.url).status_code == 200

    withdrawn = ingest(ninjs(version=2, **kill))

    assert withdrawn.status == "withdrawn" and withdrawn.id == published.id
    article = Article.objects.get(pk=published.id)
    assert article.status == Article.Status.WITHDRAWN and "withdrawn by the source" in article.withdrawn_reason
    kept = article.versions.get(note=article.withdrawn_reason)
    assert kept.snapshot["status"] == Article.Status.PUBLISHED and kept.recorded_by == ""
    assert client.get(published.url).status_code == 410
    assert not Article.objects.visible().exists()
    assert "Trieste approves" not in client.get("/en/").content.decode()


def g2_item(guid="urn:test:g2", version=1, status="usable", body=True) -> bytes:
    """Return a NewsML-G2 text item; `body=False` leaves out content and headline, as a bare kill does."""
    content = ("<contentMeta><headline>Trieste approves sixty kilometres of cycle lanes</headline>"
               '<language tag="en"/></contentMeta><contentSet><inlineXML contenttype="application/nitf+xml">'
               "<nitf><body><body.content>" + "".join(f"<p>{text}</p>" for text in COUNCIL)
               + "</body.content></body></nitf></inlineXML></contentSet>") if body else ""
    return (f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="{version}">'
            f'<itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:{status}"/></itemMeta>'
            f"{content}</newsItem>").encode()


BODYLESS_KILLS = {
    "ninjs canceled": (ninjs(version=1), json.dumps({"uri": "urn:test:council", "version": 2, "type": "text",
                                                    "pubstatus": "canceled"}).encode()),
    "ninjs withheld, headline only": (ninjs(version=1), ninjs(version=2, pubstatus="withheld", body_html=None)),
    "ninjs kill signal": (ninjs(version=1), ninjs(version=2, signals=["sig:kill"], body_html=None)),
    "NewsML-G2 canceled": (g2_item(version=1), g2_item(version=2, status="canceled", body=False)),
}


@pytest.mark.parametrize("published_then_killed", BODYLESS_KILLS.values(), ids=BODYLESS_KILLS)
def test_a_kill_without_body_withdraws_the_known_guid(client, published_then_killed):
    original, kill = published_then_killed
    published = ingest(original)
    assert published.status == "created" and client.get(published.url).status_code == 200

    withdrawn = ingest(kill)

    assert (withdrawn.status, withdrawn.id, withdrawn.error) == ("withdrawn", published.id, "")
    assert Article.objects.get(pk=published.id).status == Article.Status.WITHDRAWN
    assert client.get(published.url).status_code == 410
    assert not Article.objects.visible().exists()
    assert "Trieste approves" not in client.get("/en/").content.decode()


def test_a_body_less_usable_item_is_still_rejected():
    assert "ingest: newsml-g2: no headline" in ingest(g2_item(body=False)).error
    assert "ingest: ninjs: no body text" in ingest(ninjs(body_html=None)).error
    assert not Article.objects.exists()


def test_a_withdrawal_before_the_story_keeps_the_late_original_out():
    early_kill = ingest(ninjs(version=2, pubstatus="canceled"))
    late_original = ingest(ninjs(version=1))
    assert (early_kill.status, late_original.status) == ("withdrawn", "unchanged")
    assert not Article.objects.visible().exists()


def test_a_newer_usable_version_brings_a_withheld_story_back():
    ingest(ninjs(version=1, pubstatus="withheld"))
    back = ingest(ninjs(version=2))
    assert back.status == "updated" and Article.objects.visible().count() == 1


# --- embargo -------------------------------------------------------------------------------

def test_an_embargoed_item_is_stored_but_visible_only_once_the_embargo_ends(client):
    now = datetime.now(UTC)
    lifted = now + timedelta(hours=3)
    result = ingest(ninjs(embargoed=lifted.isoformat()), now=now)

    assert result.status == "embargoed" and result.id
    assert Article.objects.get(pk=result.id).embargo_until == lifted
    assert not Article.objects.visible(now=now).exists()
    assert not Article.objects.visible(now=lifted - timedelta(seconds=1)).exists()
    assert list(Article.objects.visible(now=lifted + timedelta(minutes=1)).values_list("pk", flat=True)) == [result.id]
    assert client.get(result.url).status_code == 404


def test_an_embargo_already_over_publishes_at_once():
    now = datetime.now(UTC)
    result = ingest(ninjs(embargoed=(now - timedelta(hours=1)).isoformat()), now=now)
    assert result.status == "created" and Article.objects.visible().count() == 1


# --- rejection -----------------------------------------------------------------------------

@pytest.mark.parametrize(("payload", "reason"), [
    (b"", "ingest: empty payload"),
    (b"{not json", "ingest: ninjs: not JSON"),
    (ninjs(headline="<script>alert(1)</script>"), "ingest: pipeline: item has no headline"),
    (b"<rss version='2.0'><channel><title>Feed</title><item><guid>g1</guid><title>Only a title</title></item>"
     b"</channel></rss>", "ingest: pipeline: item has a headline but no text"),
    (ninjs(type="picture"), "not a text item"),
    (b"<foo:bar", "ingest: markup without a recognisable root element"),
    (b"\x1f\x8bbroken", "ingest: pipeline: broken gzip stream"),
])
def test_rejections_say_why(payload, reason):
    result = ingest(payload)
    assert result.status == "rejected" and reason in result.error
    assert not Article.objects.exists()
