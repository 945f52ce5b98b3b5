"""Static files with hashed names and brotli/gzip copies, cached for a year."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's manifest storage that also works before `collectstatic` has run.

    Tests and development then get plain names (served from the apps by whitenoise's
    finders); `gazzetta serve` collects first, so production gets hashed, immutable names.
    """

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
