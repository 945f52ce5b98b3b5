"""A wire that feeds ninjs items through the real ingest pipeline, with relate listening."""

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gazzetta.ingest.pipeline import ingest_payload
from gazzetta.newsroom.models import Article

# Our own short wire texts: four events in German, one of them also in Italian.
EVENTS = {
    "strike": [
        ("de", "Hafenarbeiter in Triest legen die Arbeit nieder",
         "Die Hafenarbeiter in Triest streiken seit Montag. Die Gewerkschaft USB fordert höhere Löhne "
         "und mehr Sicherheit an den Terminals. Vor dem Hafen warten zwölf Containerschiffe auf Abfertigung. "
         "Der Streik trifft vor allem den Verkehr mit Containern nach Österreich und Bayern"),
        ("de", "Streik im Hafen Triest geht in den dritten Tag",
         "Der Streik der Hafenarbeiter in Triest dauert an. Die Gewerkschaft USB und die Hafenbehörde "
         "verhandeln über Löhne und Sicherheit. An den Terminals stauen sich die Container, erste "
         "Containerschiffe weichen nach Koper aus. Die Hafenbehörde spricht von Verlusten"),
        ("de", "Hafenbehörde Triest bietet Gewerkschaft neue Gespräche an",
         "Im Streit um die Löhne der Hafenarbeiter in Triest lädt die Hafenbehörde die Gewerkschaft USB "
         "zu Gesprächen am Donnerstag. Der Streik an den Terminals soll bis Freitag dauern. Die "
         "Containerschiffe im Hafen bleiben liegen, die Container stapeln sich"),
    ],
    "storm": [
        ("de", "Bora fegt mit 150 Stundenkilometern über Rijeka",
         "Die Bora hat in Rijeka Bäume entwurzelt und Dächer abgedeckt. Der kroatische Wetterdienst DHMZ "
         "misst Böen von 150 Stundenkilometern. Die Feuerwehr rückte zu hundert Einsätzen aus, die "
         "Krk-Brücke ist für Lastwagen gesperrt"),
        ("de", "Nach der Bora: Feuerwehr räumt in Rijeka umgestürzte Bäume",
         "Einen Tag nach der Bora räumt die Feuerwehr in Rijeka umgestürzte Bäume von den Straßen. Der "
         "Wetterdienst DHMZ warnt vor neuen Böen am Wochenende. Die Krk-Brücke bleibt für Lastwagen "
         "gesperrt, mehrere Dächer wurden abgedeckt"),
    ],
    "basket": [
        ("de", "Basketball: Udine erreicht das Finale gegen Treviso",
         "Die Basketballer von Apu Udine haben das Halbfinale gewonnen. Im Finale um den Aufstieg in die "
         "Serie A treffen sie auf Treviso. Trainer Adriano Vertemati lobte die Verteidigung seiner "
         "Mannschaft, die in der Schlussphase nur neun Punkte zuließ"),
    ],
    "budget": [
        ("de", "Kärntner Landtag beschließt Doppelbudget",
         "Der Kärntner Landtag in Klagenfurt hat das Doppelbudget für zwei Jahre beschlossen. "
         "Landeshauptmann Peter Kaiser spricht von Rekordinvestitionen in Spitäler und Schulen. Die "
         "Opposition kritisiert die neuen Schulden des Landes"),
    ],
    "festival": [
        ("de", "Filmfestival in Koper eröffnet mit slowenischem Drama",
         "Das Filmfestival Isola Cinema in Koper wurde mit dem slowenischen Drama Morje eröffnet. Die "
         "Jury unter Vorsitz der Regisseurin Hana Jušić sichtet 2024 zwanzig Filme aus dem "
         "Alpen-Adria-Raum. Der Preis ist mit 10.000 Euro dotiert"),
        ("it", "Festival del cinema a Capodistria, apre il dramma sloveno Morje",
         "Il festival Isola Cinema di Koper si è aperto con il dramma sloveno Morje. La giuria presieduta "
         "dalla regista Hana Jušić vedrà nel 2024 venti film dell'area Alpe-Adria. Il premio vale "
         "10.000 euro"),
    ],
}


def ninjs(guid: str, language: str, headline: str, body: str, *, version: int = 1,
          published=None, pubstatus: str = "usable") -> bytes:
    """Return one ninjs text item as the wire sends it."""
    item = {"uri": guid, "type": "text", "version": version, "language": language, "headline": headline,
            "pubstatus": pubstatus, "body_html": "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s),
            "versioncreated": (published or timezone.now()).isoformat()}
    return json.dumps(item).encode()


@pytest.fixture
def wire(db, settings, tmp_path, django_capture_on_commit_callbacks):
    """`send(key, index)` ingests one event article; `update`/`withdraw` change one; all relate on commit."""
    settings.HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    start = timezone.now() - timedelta(hours=12)
    made = SimpleNamespace(articles={})

    def ingest(data: bytes) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            [result] = ingest_payload(data, origin="test:relate")
        assert result.id, result
        return Article.objects.get(pk=result.id)

    def send(key: str, index: int = 0) -> Article:
        language, headline, body = EVENTS[key][index]
        published = start + timedelta(minutes=10 * len(made.articles))
        made.articles[(key, index)] = ingest(ninjs(f"urn:relate:{key}:{index}", language, headline, body,
                                                   published=published))
        return made.articles[(key, index)]

    def update(key: str, index: int, headline: str, body: str) -> Article:
        language = EVENTS[key][index][0]
        return ingest(ninjs(f"urn:relate:{key}:{index}", language, headline, body, version=2))

    def withdraw(key: str, index: int) -> Article:
        language, headline, body = EVENTS[key][index]
        return ingest(ninjs(f"urn:relate:{key}:{index}", language, headline, body, version=3, pubstatus="canceled"))

    def send_all() -> None:
        for key, texts in EVENTS.items():
            for index in range(len(texts)):
                send(key, index)

    made.send, made.update, made.withdraw, made.send_all, made.ingest = send, update, withdraw, send_all, ingest
    made.ninjs = ninjs
    return made
