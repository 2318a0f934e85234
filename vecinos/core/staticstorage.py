"""The static files' storage: whitenoise's, with each file's URL worked out once per process.

Every admin page asks for the URLs of the same fifty or so files (Wagtail's scripts and the
sidebar's), and each costs a look-up in the manifest and a join; the manifest is read once
when the process starts, so a URL cannot change until the next start anyway, or until
collectstatic runs in this process, which forgets them.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
