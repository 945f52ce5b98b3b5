"""`gazzetta ingest`: files, folders, .gz, URLs, --json lines, the readable table and exit codes."""

import gzip
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from localwire import Reply

from gazzetta.ingest.models import Receipt
from gazzetta.newsroom.models import Article

pytestmark = pytest.mark.django_db


def item(guid: str, headline: str) -> bytes:
    return json.dumps({"uri": guid, "type": "text", "language": "en", "headline": headline,
                       "body_html": f"<p>{headline}: the full story, told in one paragraph.</p>"}).encode()


@pytest.fixture(autouse=True)
def archive_home(settings, tmp_path):
    settings.HOME = tmp_path / "home"


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "drop"
    (folder / "c-later").mkdir(parents=True)
    (folder / "a.json").write_bytes(item("urn:1", "First"))
    (folder / "c-later" / "c.json.gz").write_bytes(gzip.compress(item("urn:3", "Third")))
    (folder / "b.json").write_bytes(item("urn:2", "Second"))
    (folder / ".partial.json").write_bytes(b"{half")
    return folder


def run(*arguments) -> list[str]:
    from io import StringIO
    out = StringIO()
    call_command("ingest", *arguments, stdout=out)
    return out.getvalue().splitlines()


def test_a_folder_is_read_recursively_in_name_order_with_gz_and_without_hidden_files(drop):
    lines = [json.loads(line) for line in run("--json", str(drop))]
    assert [line["headline"] for line in lines] == ["First", "Second", "Third"]
    assert set(lines[0]) == {"status", "id", "url", "headline", "language", "source", "error"}
    assert {line["status"] for line in lines} == {"created"}
    origins = list(Receipt.objects.order_by("pk").values_list("origin", flat=True))
    assert origins == [f"file:{drop / 'a.json'}", f"file:{drop / 'b.json'}", f"file:{drop / 'c-later' / 'c.json.gz'}"]


def test_the_table_is_readable(drop):
    header, *rows = run(str(drop / "a.json"))
    assert header.split()[:4] == ["STATUS", "ID", "LANG", "HEADLINE"]
    [row] = rows
    article = Article.objects.get()
    assert row.startswith("created") and "First" in row and article.get_absolute_url() in row


def test_a_rejected_item_makes_the_exit_status_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{broken")
    with pytest.raises(CommandError) as failure:
        run("--json", str(bad))
    assert failure.value.returncode == 1


def test_a_missing_path_is_a_usage_error_before_anything_is_ingested(drop):
    with pytest.raises(CommandError, match="no such file or folder") as failure:
        run(str(drop / "a.json"), str(drop / "missing.json"))
    assert failure.value.returncode == 2
    assert not Receipt.objects.exists()


def test_the_format_can_be_forced(tmp_path):
    odd = tmp_path / "note.txt"
    odd.write_bytes(item("urn:9", "Forced"))
    [line] = run("--json", "--format", "ninjs", str(odd))
    assert json.loads(line)["status"] == "created"


@pytest.fixture
def wire_server(wire):
    return wire.route("/item.json", Reply(body=item("urn:http:1", "Fetched over HTTP"),
                                          headers={"Content-Type": "application/json"}))


def test_a_url_is_fetched_and_ingested(wire_server):
    [line] = run("--json", wire_server)
    assert json.loads(line)["headline"] == "Fetched over HTTP"
    assert Receipt.objects.get().origin == f"url:{wire_server}"


def test_the_console_script_exits_2_on_a_usage_error(tmp_path):
    finished = subprocess.run([sys.executable, "-m", "gazzetta", "ingest", str(tmp_path / "nothing-here")],
                              capture_output=True, text=True, env={"GAZZETTA_HOME": str(tmp_path / "home"),
                                                                   "PATH": "/usr/bin:/bin"})
    assert finished.returncode == 2 and "no such file or folder" in finished.stderr
