"""Write BENCHMARKS.md from one bench's medians."""

import datetime
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_SHARE = 0.05
BARE_P99_MS = 50.0
PROXY_SHARE = 0.40
TARGET_CONNECTIONS = 64
# A one-minute load average above this before the bench means it shared the machine.
BUSY_LOAD = 1.0


@dataclass
class Row:
    name: str
    path: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    ratio: float = 0.0


def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {"cpus": str(os.cpu_count()), "cpu": model, "memory": memory}


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def verdicts(rows: list[Row]) -> list[tuple[str, bool, str]]:
    at_target = [row for row in rows if row.connections == TARGET_CONNECTIONS]
    bare = [row for row in at_target if row.name.startswith("gunicorn")]
    proxied = [row for row in at_target if row.name.startswith("nginx +")]
    results = []
    for row in bare:
        met = row.ratio >= BARE_SHARE and row.p99_ms <= BARE_P99_MS and row.errors == 0
        results.append(
            (
                f"{row.name}: ≥ {BARE_SHARE:.0%} of the ceiling and p99 ≤ {BARE_P99_MS:.0f} ms"
                f" at {TARGET_CONNECTIONS} connections",
                met,
                f"{row.ratio:.1%}, p99 {row.p99_ms:.1f} ms",
            )
        )
    for row in proxied:
        met = row.ratio >= PROXY_SHARE and row.errors == 0
        results.append(
            (
                f"{row.name}: ≥ {PROXY_SHARE:.0%} of the ceiling at {TARGET_CONNECTIONS}"
                " connections",
                met,
                f"{row.ratio:.1%}",
            )
        )
    return results


def yes(value: bool) -> str:
    return "yes" if value else "**no**"


def render(
    *, rows, paths, args, gunicorn, page_bytes, cache_works, same_html, load, started, finished
) -> str:
    info = machine()
    when = datetime.datetime.fromtimestamp(started, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = [
        "| server | connections | req/s | p50 | p99 | share of ceiling | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        table.append(
            f"| {row.name} | {row.connections} | {row.requests_per_second:,.0f} |"
            f" {row.p50_ms:.2f} ms | {row.p99_ms:.2f} ms | {row.ratio:.1%} | {row.errors} |"
        )
    checks = [
        f"| {label} | {measured} | {'met' if met else '**not met**'} |"
        for label, met, measured in verdicts(rows)
    ]
    load_before, load_after = load
    busy = ""
    if load_before[0] > BUSY_LOAD:
        busy = (
            "\n\n**Other work was running on this machine during the bench: the figures are"
            " noisy and low. Measure again on an idle machine before relying on them.**"
        )
    connections = " and ".join(str(number) for number in sorted({r.connections for r in rows}))
    return f"""# Benchmarks

How fast vecinos serves its public pages to anonymous visitors, compared with the fastest
this machine can serve the same HTML: nginx sending it as a static file (the *ceiling*).
This file is written by `make bench`; run it again to measure your own machine.

## Targets

| target | measured | result |
| --- | --- | --- |
{chr(10).join(checks)}

## Results

Medians of {args.rounds} rounds of {args.seconds:g} s each, after {args.warmup:g} s of warm-up,
measured with `wrk --latency -t2` at {connections} connections.
Pages: home `{paths["home"]}` ({page_bytes / 1024:.1f} KiB of HTML) and news `{paths["news"]}`.
Errors count non-2xx answers, timeouts and socket errors over all rounds.

{chr(10).join(table)}

- Page cache answering repeated anonymous requests (`X-Cache: hit`): {yes(cache_works)}.
- nginx in front returns the same HTML as gunicorn: {yes(same_html)}.

## What is measured

1. **Ceiling**: nginx serving the home page's HTML, fetched once from the running site, as a
   static file from a temporary folder.
2. **gunicorn (make run)**: what `make run` starts — gunicorn with `config/gunicorn.py`
   ({gunicorn["workers"]} {gunicorn["worker_class"]} workers) and the background worker, on
   SQLite in a fresh data folder filled by `manage.py migrate` and `load_demo`, with the page
   cache of
   `vecinos/core/pagecache.py` in front of Django.
3. **nginx + micro-cache**: the same gunicorn behind `deploy/nginx/vecinos.conf`, the file
   `docs/deploy.md` tells operators to install, with TLS replaced by a plain loopback port.

Every server listens on 127.0.0.1 only and all of them share the machine with wrk, so the
figures are a floor for a machine that serves only vecinos.

## Machine

- CPU: {info["cpu"]} ({info["cpus"]} logical CPUs)
- Memory: {info["memory"]}
- Measured: {when}, commit {commit()}, in {(finished - started) / 60:.1f} minutes
- Load average before / after: {load_before[0]:.2f} / {load_after[0]:.2f}
  (anything above zero means other work shared the CPUs and lowered the figures){busy}

## Commands

```
make bench                              # prepares the project, then runs the line below
.venv/bin/python -m benchmarks          # --seconds 8 --rounds 3 --warmup 2 by default
.venv/bin/python -m benchmarks throughput   # uncached pages and public writes beside D and W
.venv/bin/python -m benchmarks shape        # gunicorn's worker shapes, memory per worker
```

It needs `wrk` and `nginx` (`apt-get install wrk nginx-light`) and stops every server it
started, even when interrupted.
"""
