"""Static files with DEBUG off: hashed and compressed once collected, plain names before."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestOnceCollected(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, whose hashed names are cached by browsers for a year.

    Until ``winloss collectstatic`` has written the manifest (a server started with DEBUG off
    straight from the source, as some tests do), it answers the plain names, which WhiteNoise
    serves from the source folders. The storage must be this one for collectstatic itself,
    or it never writes the manifest in the first place.
    """

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # no manifest: nothing collected yet
            return name
        return super().stored_name(name)
