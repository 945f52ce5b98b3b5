"""`gazzetta serve` collects static files only when their sources changed (the brotli pass is slow)."""

import os

import pytest

from gazzetta.server import staticfiles


@pytest.fixture
def collects(monkeypatch, settings, tmp_path):
    """Record each collectstatic run; a run writes the manifest as the real command does."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    runs = []

    def collectstatic(name, **options):
        assert name == "collectstatic"
        runs.append(options)
        (settings.STATIC_ROOT / "staticfiles.json").write_text("{}")

    monkeypatch.setattr(staticfiles, "call_command", collectstatic)
    return runs


def a_source_file() -> str:
    from django.contrib.staticfiles import finders

    return next(storage.path(path) for finder in finders.get_finders() for path, storage in finder.list([])
                if path.startswith("gazzetta/"))


def test_collects_once_then_only_after_a_source_changes(collects):
    assert staticfiles.collect_if_changed() is True
    assert staticfiles.collect_if_changed() is False
    assert len(collects) == 1

    source = a_source_file()
    status = os.stat(source)
    try:
        os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
        assert staticfiles.collect_if_changed() is True
    finally:
        os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert len(collects) == 2


def test_collects_again_when_the_collected_files_are_gone(collects, settings):
    staticfiles.collect_if_changed()
    (settings.STATIC_ROOT / "staticfiles.json").unlink()
    assert staticfiles.collect_if_changed() is True
    assert len(collects) == 2
