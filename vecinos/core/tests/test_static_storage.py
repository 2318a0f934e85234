"""The production storage keeps each static URL once worked out, until collectstatic runs."""

import json

from vecinos.core.staticstorage import StaticFilesStorage


def write_manifest(folder, paths):
    (folder / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))


def test_urls_come_from_the_manifest_once_and_again_after_collecting(tmp_path):
    write_manifest(tmp_path, {"site.css": "site.1111.css"})
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("site.css") == "/static/site.1111.css"
    storage.hashed_files = {"site.css": "site.2222.css"}
    assert storage.url("site.css") == "/static/site.1111.css"
    assert storage.url("site.css", force=True) == "/static/site.2222.css"
    list(storage.post_process({}))
    storage.hashed_files = {"site.css": "site.3333.css"}
    assert storage.url("site.css") == "/static/site.3333.css"
