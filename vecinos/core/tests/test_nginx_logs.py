"""The documented nginx configuration stores no client address, in its error log either."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

SITE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "vecinos.conf"


def _directives(text: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def test_the_error_log_of_requests_goes_nowhere():
    directives = _directives(SITE.read_text())
    error_logs = [line for line in directives if line.startswith("error_log")]
    # In the http block, before any server: every request's error line (which nginx always
    # writes with `client: <address>`, in a format that cannot be changed) is discarded.
    first_server = directives.index("server {")
    assert error_logs and directives.index(error_logs[0]) < first_server
    assert all(re.fullmatch(r"error_log /dev/null( \w+)?;", line) for line in error_logs)
    assert "access_log off;" in directives


def test_the_config_says_why_and_what_an_operator_keeps():
    text = SITE.read_text()
    assert "client:" in text and "cannot be changed" in text


def test_the_site_with_its_error_log_is_accepted_by_nginx(tmp_path):
    from benchmarks import nginx
    from conftest import require_service

    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    require_service(os.path.exists(binary), "nginx is not installed")
    (tmp_path / "cache").mkdir()
    config = tmp_path / "nginx.conf"
    site = nginx.loopback_site(
        port=18081,
        upstream_port=18001,
        static_root=tmp_path,
        media_root=tmp_path,
        cache_dir=tmp_path / "cache",
    )
    assert "error_log /dev/null" in site
    config.write_text(nginx.main_config(work=tmp_path, sites=[site]))
    checked = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
