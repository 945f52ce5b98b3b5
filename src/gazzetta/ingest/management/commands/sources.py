"""`gazzetta sources list | add URL --name N … | enable KEY | disable KEY | remove KEY`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from gazzetta.ingest.fetch import ALLOWED_SCHEMES
from gazzetta.ingest.formats import PARSERS
from gazzetta.newsroom.models import Section, Source

KIND_BY_FORMAT = {"newsml-g2": Source.Kind.AGENCY, "ninjs": Source.Kind.AGENCY, "html": Source.Kind.SITE}
MIN_INTERVAL = 30
LIST_COLUMNS = "{key:<24} {state:<8} {interval:>7} {format:<9} {success:<16} {streak:>3}  {url}"


class Command(BaseCommand):
    help = "List, add, enable, disable and remove the sources Gazzetta polls."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="list the sources with their health")
        self._add_parser(actions)
        for action in ("enable", "disable", "remove"):
            actions.add_parser(action, help=f"{action} a source").add_argument("key")

    def _add_parser(self, actions):
        add = actions.add_parser("add", help="add a source to poll")
        add.add_argument("url")
        add.add_argument("--name", required=True)
        add.add_argument("--key", help="default: derived from the name")
        add.add_argument("--format", choices=sorted(PARSERS), help="default: detect from the content")
        add.add_argument("--interval", type=int, default=300, help="seconds between polls (default 300)")
        add.add_argument("--language", default="", help="language of items that do not declare one")
        add.add_argument("--section", help="key of the section for items without one")
        add.add_argument("--full-text", action="store_true", help="fetch the linked page of short feed items")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _list(self, **options):
        self.stdout.write(LIST_COLUMNS.format(key="KEY", state="STATE", interval="EVERY", format="FORMAT",
                                              success="LAST SUCCESS", streak="ERR", url="URL"))
        for source in Source.objects.exclude(url="").order_by("key"):
            self.stdout.write(self._row(source))
            if source.last_error:
                self.stdout.write(f"    last error: {source.last_error}")

    def _row(self, source: Source) -> str:
        success = f"{source.last_success_at:%Y-%m-%d %H:%M}" if source.last_success_at else "never"
        return LIST_COLUMNS.format(key=source.key, state="enabled" if source.enabled else "disabled",
                                   interval=f"{source.poll_interval}s", format=source.format or "detect",
                                   success=success, streak=source.error_streak, url=source.url)

    def _add(self, *, url, name, key, format, interval, language, section, full_text, **options):
        source = Source.objects.create(
            key=self._new_key(key or slugify(name)), name=name, url=_checked_url(url), format=format or "",
            kind=KIND_BY_FORMAT.get(format, Source.Kind.FEED), poll_interval=_checked_interval(interval),
            default_language=language, default_section=_section(section), full_text=full_text,
        )
        self.stdout.write(f"sources: added {source.key} ({source.url}), polled every {source.poll_interval}s")

    def _new_key(self, key: str) -> str:
        if not key:
            raise CommandError("sources: the name gives no usable key; pass --key")
        if Source.objects.filter(key=key).exists():
            raise CommandError(f"sources: a source with key {key!r} exists already; pass another --key")
        return key

    def _enable(self, *, key, **options):
        self._set_enabled(key, True)

    def _disable(self, *, key, **options):
        self._set_enabled(key, False)

    def _set_enabled(self, key: str, enabled: bool):
        source = _source(key)
        source.enabled = enabled
        source.save(update_fields=["enabled"])
        self.stdout.write(f"sources: {key} {'enabled' if enabled else 'disabled'}")

    def _remove(self, *, key, **options):
        source = _source(key)
        if articles := source.article_set.count():
            raise CommandError(f"sources: {key} has {articles} articles and cannot be removed; disable it instead")
        source.delete()
        self.stdout.write(f"sources: removed {key}")


def _source(key: str) -> Source:
    try:
        return Source.objects.get(key=key)
    except Source.DoesNotExist:
        raise CommandError(f"sources: no source with key {key!r} (see `gazzetta sources list`)") from None


def _section(key: str | None) -> Section | None:
    if key is None:
        return None
    try:
        return Section.objects.get(key=key)
    except Section.DoesNotExist:
        known = ", ".join(Section.objects.values_list("key", flat=True)) or "none yet"
        raise CommandError(f"sources: no section with key {key!r} (known: {known})") from None


def _checked_url(url: str) -> str:
    if not url.startswith(tuple(f"{scheme}://" for scheme in ALLOWED_SCHEMES)):
        raise CommandError(f"sources: {url!r} is not an http or https URL")
    return url


def _checked_interval(seconds: int) -> int:
    if seconds < MIN_INTERVAL:
        raise CommandError(f"sources: --interval must be at least {MIN_INTERVAL} seconds, not {seconds}")
    return seconds
