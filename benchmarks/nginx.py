"""nginx configurations for the bench: the documented one on a loopback port, and the ceiling.

The proxy configuration is deploy/nginx/vecinos.conf itself, with only what an operator would
change replaced (TLS, addresses, paths), so the bench measures what docs/deploy.md tells
operators to install. Each replacement must match: if the documented file changes shape,
the bench stops and says which part no longer matches.
"""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = ROOT / "deploy" / "nginx" / "vecinos.conf"
PROXY_INCLUDE = ROOT / "deploy" / "nginx" / "vecinos_proxy.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")


def _replace(text: str, pattern: str, replacement: str, *, flags: int = 0) -> str:
    new, count = re.subn(pattern, lambda _match: replacement, text, flags=flags)
    if count == 0:
        raise ValueError(f"{DOCUMENTED}: nothing matches {pattern!r}; update benchmarks/nginx.py")
    return new


def loopback_site(
    *, port: int, upstream_port: int, static_root: Path, media_root: Path, cache_dir: Path
) -> str:
    """Return deploy/nginx/vecinos.conf listening on 127.0.0.1:`port` without TLS."""
    text = DOCUMENTED.read_text()
    text = _replace(text, r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream_port};")
    text = _replace(text, r"/var/cache/nginx/vecinos", str(cache_dir))
    # The plain-HTTP server only redirects to HTTPS.
    text = _replace(text, r"\nserver \{\n    listen 80;.*?\n\}\n", "\n", flags=re.DOTALL)
    text = _replace(
        text,
        r"    listen 443 ssl http2;\n    listen \[::\]:443 ssl http2;\n",
        f"    listen 127.0.0.1:{port};\n",
    )
    text = _replace(text, r"\n *ssl_[a-z_]+ [^\n]*;[^\n]*", "", flags=0)
    text = _replace(text, r"/srv/vecinos/staticfiles/", f"{static_root}/")
    text = _replace(text, r"/srv/vecinos/var/media/images/", f"{media_root}/images/")
    text = _replace(text, r"/etc/nginx/vecinos_proxy\.conf", str(PROXY_INCLUDE))
    return text


def static_site(*, port: int, root: Path) -> str:
    """Return a server that answers every path with the files under `root`: the ceiling."""
    return f"""
server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{
        try_files $uri $uri/index.html =404;
    }}
}}
"""


def main_config(*, work: Path, sites: list[str]) -> str:
    """Return a whole nginx.conf that runs in the foreground with every file under `work`."""
    # nginx only switches users when started as root; the workers then need to read the
    # temporary files this process wrote, so they keep its user.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    types = f"include {MIME_TYPES};" if MIME_TYPES.exists() else "types { text/html html; }"
    temp = "\n".join(
        f"    {kind}_temp_path {work / (kind + '_temp')};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    body = "\n".join(sites)
    return f"""{user}daemon off;
worker_processes auto;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;

events {{
    worker_connections 4096;
}}

http {{
    {types}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
{temp}
{body}
}}
"""
