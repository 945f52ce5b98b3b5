"""`gazzetta search`: plain lines or JSON lines, a language filter, and rebuilding the index."""

import json

import pytest
from django.core.management import CommandError, call_command

from gazzetta.newsroom.models import Article


def run(capsys, *args) -> tuple[str, str]:
    call_command("search", *args)
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_json_prints_one_hit_per_line(desk, capsys):
    german = desk.publish("Streik im Hafen von Triest", hours=1)
    italian = desk.publish("Sciopero nel porto di Trieste", language="it", hours=2)
    out, _err = run(capsys, "Triest*", "--json", "--order", "newest")
    hits = [json.loads(line) for line in out.splitlines()]
    assert [hit["id"] for hit in hits] == [german.pk, italian.pk]
    assert set(hits[0]) == {"id", "url", "headline", "language", "score", "snippet"}
    assert hits[1] == {**hits[1], "url": italian.get_absolute_url(), "headline": italian.headline, "language": "it"}


def test_language_narrows_and_plain_output_is_readable(desk, capsys):
    desk.publish("Streik im Hafen von Triest")
    italian = desk.publish("Sciopero nel porto di Trieste", language="it")
    out, err = run(capsys, "Trieste", "--language", "it")
    assert out.splitlines() == [f"{italian.pk:>8}  it  {italian.published_at:%Y-%m-%d}  {italian.headline}"]
    assert "1 found" in err


def test_rebuild_indexes_what_was_stored_without_an_announcement(desk, capsys):
    article = Article.objects.create(guid="urn:test:quiet", language="de", headline="Stille Wahl in Rom")
    assert run(capsys, "Rom", "--json")[0] == ""
    out, err = run(capsys, "Rom", "--json", "--rebuild")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [article.pk]
    assert "indexed 1 articles" in err


def test_hostile_query_prints_nothing_and_no_query_is_an_error(desk, capsys):
    desk.publish("Wahl in Rom")
    assert run(capsys, '"\x00 -', "--json")[0] == ""
    with pytest.raises(CommandError, match="search: give a query"):
        call_command("search")
