"""Demo content for ``make demo``: a week of invented wire news from the Upper Adriatic.

Every sentence in ``content/`` was written for this project; the people, clubs, films
and figures are invented. Pictures are not stored: ``images.render(scene, seed)``
paints them on demand (use the article's guid as the seed so each article keeps its
own picture across runs).

Files in ``content/`` (UTF-8 JSON, each a top-level list):

``sections.json`` - one object per section, in menu order:
    key     str   stable identifier: politics, economy, culture, sport, science, region
    names   dict  display name per language code, e.g. {"de": "Politik", "it": ..., "en": ...}

``sources.json`` - the agencies and the house desk:
    key       str  identifier that articles refer to ("gz", "adp", ...)
    name      str  full name ("Adria Press Agency")
    siglum    str  short code shown in bylines and credits ("ADP"); the house desk is "GZ"
    kind      str  "agency" or "house"
    url       str  homepage (example.org placeholders)
    language  str  the source's default language code

``stories.json`` - events followed by several articles:
    key     str   identifier that articles refer to ("port-strike")
    titles  dict  story title per language code

``articles-<lang>.json`` (de, it, en) - one object per article:
    guid        str         "urn:gazzetta:demo:<n>", unique across all files
    source      str         a key from sources.json
    credit      str         agency credit line, e.g. "ADP" or "GZ/ANE" (desk rewrite of ANE copy)
    authors     list[str]   full names ("Elena Maria Rossi"); pages render "E.M.Rossi--GZ"
    language    str         "de", "it" or "en"; always the file's language
    section     str         a key from sections.json
    story       str | null  a key from stories.json; stories span languages
    hours_ago   float       when the current text was issued, in hours before load time
    headline    str
    lead        str         one-sentence teaser, also used in recommendation lists
    paragraphs  list[str]   body; the first usually opens with a dateline "TRIEST (ADP) - "
    subjects    list[dict]  IPTC media topics: {"code": "medtop:11000000", "name": "politics"},
                            name is the English IPTC label
    image       dict        optional (absent on a few articles):
                            scene    one of images.SCENES
                            caption  in the article's language
                            credit   "Photographer Name - SIGLUM[/SIGLUM]"
                            alt      describes what the generated picture actually shows
    versions    list[dict]  optional, earlier versions oldest first, each with hours_ago,
                            headline, lead and paragraphs. Every version is older (larger
                            hours_ago) than the next and than the article itself. First
                            publication = versions[0].hours_ago; the top-level text is the
                            latest version, issued at the top-level hours_ago ("Updated").
    correction  str         optional public correction note, in the article's language
    status      str         optional, "withdrawn" (otherwise the article is usable)
    withdrawn_reason  str   required when status is "withdrawn", in the article's language
    featured    bool        optional; true on exactly one top story per language

A loader should ingest the versions first and the top-level text last, so the pipeline
sees an ordinary sequence of updates, and then apply the withdrawal if present.
"""

from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("de", "it", "en")
