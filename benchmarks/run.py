"""Orchestrate one bench: prepare a site, start the servers, measure, write BENCHMARKS.md."""

import argparse
import base64
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import nginx, processes, report, wrk

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
STATIC_ROOT = ROOT / "staticfiles"
CONCURRENCIES = (16, 64)
TOOLS = {"wrk": ("/usr/bin/wrk", "wrk"), "nginx": ("/usr/sbin/nginx", "nginx-light")}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--seconds", type=float, default=8, help="length of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per target")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    return parser.parse_args(argv)


def find_tools() -> dict[str, str]:
    found, missing = {}, []
    for name, (usual, package) in TOOLS.items():
        path = shutil.which(name) or (usual if os.path.exists(usual) else None)
        if path:
            found[name] = path
        else:
            missing.append((name, package))
    if missing:
        names = ", ".join(name for name, _package in missing)
        packages = " ".join(package for _name, package in missing)
        raise SystemExit(
            f"make bench needs {names}, which this machine lacks.\n"
            f"On Debian or Ubuntu: sudo apt-get install {packages}"
        )
    return found


def bench_environment(data_dir: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    # The bench measures the embedded default of `make run`, in a throwaway folder: it must
    # never migrate or fill a database or cache that an environment variable points at.
    for name in ("DATABASE_URL", "REDIS_URL", "VECINOS_KEY_FILE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        VECINOS_DATA_DIR=str(data_dir),
        VECINOS_KEK=base64.b64encode(os.urandom(32)).decode(),
        PORT=str(port),
        VECINOS_BIND=f"127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare_site(env: dict, log: Path) -> dict[str, str]:
    print("Preparing a demo site in a temporary folder…", file=sys.stderr)
    if not (STATIC_ROOT / "staticfiles.json").exists():
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
    done = subprocess.run(
        [PYTHON, "-m", "benchmarks.site"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log.write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"preparing the site failed:\n{processes.tail(log)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def check_page_cache(url: str) -> bool:
    """Return True once the app answers `url` from its page cache (each worker fills its own)."""
    for _attempt in range(50):
        _status, headers, _body = processes.fetch(url)
        if headers.get("X-Cache") == "hit":
            return True
    return False


def measure(targets, args, ceiling):
    total = len(targets) * len(CONCURRENCIES) * (args.rounds * args.seconds + args.warmup)
    print(f"Measuring for about {total / 60:.1f} minutes…", file=sys.stderr)
    for _name, url in targets:
        for connections in CONCURRENCIES:
            wrk.run(url, connections=connections, seconds=args.warmup)
    rounds: dict[tuple[str, int], list[wrk.Measure]] = {}
    # Rounds go over every target in turn, so a burst of noise spreads over all of them.
    for number in range(1, args.rounds + 1):
        for name, url in targets:
            for connections in CONCURRENCIES:
                result = wrk.run(url, connections=connections, seconds=args.seconds)
                rounds.setdefault((name, connections), []).append(result)
                print(
                    f"  round {number}/{args.rounds}  {name:<34} c={connections:<3}"
                    f" {result.requests_per_second:>9.0f} req/s  p50 {result.p50_ms:6.2f} ms"
                    f"  p99 {result.p99_ms:7.2f} ms  errors {result.errors}",
                    file=sys.stderr,
                )
    rows = []
    for (name, connections), results in rounds.items():
        rows.append(
            report.Row(
                name=name,
                path=dict(targets)[name],
                connections=connections,
                requests_per_second=statistics.median(r.requests_per_second for r in results),
                p50_ms=statistics.median(r.p50_ms for r in results),
                p99_ms=statistics.median(r.p99_ms for r in results),
                errors=sum(r.errors for r in results),
            )
        )
    ceilings = {row.connections: row.requests_per_second for row in rows if row.name == ceiling}
    for row in rows:
        row.ratio = row.requests_per_second / ceilings[row.connections]
    return rows


def gunicorn_settings(env: dict) -> dict:
    code = (
        "import json, runpy; c = runpy.run_path('config/gunicorn.py');"
        "print(json.dumps({k: c[k] for k in ('workers', 'worker_class')}))"
    )
    done = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def main(argv=None) -> int:
    args = parse_args(argv)
    tools = find_tools()
    # A stop request (Ctrl-C or SIGTERM) unwinds through the blocks below, which stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.time()
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="vecinos-bench-") as temp,
        contextlib.ExitStack() as stack,
    ):
        work = Path(temp)
        (work / "data").mkdir()
        app_port, static_port, proxy_port = (processes.free_port() for _ in range(3))
        env = bench_environment(work / "data", app_port)
        paths = prepare_site(env, work / "site.log")
        app = f"http://127.0.0.1:{app_port}"

        app_log = work / "gunicorn.log"
        stack.enter_context(
            processes.running(
                "worker",
                [str(PYTHON), "manage.py", "db_worker", "--queue-name", "*"],
                env=env,
                log=work / "worker.log",
                cwd=ROOT,
            )
        )
        server = stack.enter_context(
            processes.running(
                "gunicorn",
                [str(GUNICORN), "config.wsgi", "--config", "config/gunicorn.py"],
                env=env,
                log=app_log,
                cwd=ROOT,
            )
        )
        processes.wait_for(app + paths["home"], server, app_log)
        processes.wait_for(app + paths["news"], server, app_log)
        _status, _headers, home_html = processes.fetch(app + paths["home"])
        ceiling_file = work / "static" / paths["home"].strip("/") / "index.html"
        ceiling_file.parent.mkdir(parents=True)
        ceiling_file.write_bytes(home_html)
        cache_works = all(check_page_cache(app + path) for path in paths.values())

        nginx_dir = work / "nginx"
        (nginx_dir / "cache").mkdir(parents=True)
        config = nginx_dir / "nginx.conf"
        config.write_text(
            nginx.main_config(
                work=nginx_dir,
                sites=[
                    nginx.static_site(port=static_port, root=work / "static"),
                    nginx.loopback_site(
                        port=proxy_port,
                        upstream_port=app_port,
                        static_root=STATIC_ROOT,
                        media_root=work / "data" / "media",
                        cache_dir=nginx_dir / "cache",
                    ),
                ],
            )
        )
        nginx_command = [tools["nginx"], "-p", str(nginx_dir), "-e", str(nginx_dir / "error.log")]
        subprocess.run([*nginx_command, "-t", "-q", "-c", str(config)], check=True, timeout=30)
        proxy = stack.enter_context(
            processes.running(
                "nginx",
                [*nginx_command, "-c", str(config)],
                env=env,
                log=nginx_dir / "stdout.log",
                cwd=ROOT,
            )
        )
        static = f"http://127.0.0.1:{static_port}"
        behind = f"http://127.0.0.1:{proxy_port}"
        processes.wait_for(static + paths["home"], proxy, nginx_dir / "error.log")
        processes.wait_for(behind + paths["home"], proxy, nginx_dir / "error.log")
        same_html = processes.fetch(behind + paths["home"])[2] == home_html

        ceiling = "nginx, static file (ceiling)"
        targets = [
            (ceiling, static + paths["home"]),
            ("gunicorn (make run), home", app + paths["home"]),
            ("gunicorn (make run), news page", app + paths["news"]),
            ("nginx + micro-cache, home", behind + paths["home"]),
            ("nginx + micro-cache, news page", behind + paths["news"]),
        ]
        rows = measure(targets, args, ceiling)
        text = report.render(
            rows=rows,
            paths=paths,
            args=args,
            gunicorn=gunicorn_settings(env),
            page_bytes=len(home_html),
            cache_works=cache_works,
            same_html=same_html,
            load=(load_before, os.getloadavg()),
            started=started,
            finished=time.time(),
        )
    args.output.write_text(text)
    print(text)
    print(f"Written to {args.output}", file=sys.stderr)
    return 0
