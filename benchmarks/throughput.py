"""`python -m benchmarks throughput` and `python -m benchmarks shape`: vecinos beside plain Django.

Both parts build the demo site of `make run` in a temporary folder and run vecinos as in
production behind nginx (DJANGO_DEBUG=false; every request says `X-Forwarded-Proto: https`,
as nginx does), and beside it the anchors of benchmarks/anchors.py: D, a plain Django page,
and W, a plain ModelForm POST with one insert.

**throughput** measures, in interleaved rounds (D, the vecinos pages, W, the vecinos writes,
then again), pages that the page cache does not answer — public pages with a query string
(the records search has one; the workshop list gets `?uncached=1`) or never cached (the
sign-up form), staff pages with a signed-in session cookie, which the cache never answers —
and public form POSTs (zone sign-up, workshop, hotline report, and the coalition's letter,
petition and RSVP), each a new person: a distinct phone number or e-mail and a distinct client
address per request (X-Forwarded-For, trusted as from one proxy), so that the per-client rate
limits count without refusing, and VECINOS_FLOOD_POSTS_PER_MINUTE=0 so that the flood guard
asks no proof of work (VECINOS_VERIFICATION_TEXTS_PER_HOUR=0: no hourly cap on sign-up
texts). Writes are counted as the rows in the database after each run, not as answers. No
task worker runs: the writes' texts wait in the outbox.

**shape** starts vecinos under several gunicorn shapes in turn and measures, for each, a page
cache hit, one uncached page and one write at 64 connections beside D, and the memory of
each worker. The figures replace the sections of BENCHMARKS.md named below.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import anchors, processes, run, wrk
from benchmarks.messaging import replace_section
from benchmarks.report import BUSY_LOAD, commit, machine

ROOT = run.ROOT
SECTION = "## Uncached pages and public writes"
SHAPE_SECTION = "## Server shape"
PUBLIC_SHARE, STAFF_SHARE, WRITE_SHARE = 0.5, 0.3, 0.5
WRITE_P99_MS = 250.0
TARGET_CONNECTIONS = 64
# Seven-digit local numbers per wrk thread and per run: enough for 100,000 posts each.
THREAD_STRIDE = 100_000
RUN_STRIDE = 200_000
# The shapes `shape` tries: (worker class, workers, threads).
SHAPES = [
    ("sync", 2, 1),
    ("sync", 3, 1),
    ("sync", 4, 1),
    ("gthread", 2, 4),
    ("gthread", 3, 2),
    ("gthread", 3, 4),
    ("gthread", 5, 4),
]
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Runs so far of each write, over every server started: each run posts its own numbers.
RUNS: dict[str, int] = {}

# One POST per request, each with the next phone number ({N}) and client address; the CSRF
# cookie and token were read from the form's page once, as a browser keeps them.
POST_SCRIPT = r"""
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local counter = 0
function init(args)
  cookie, content_type, referer, template = args[1], args[2], args[3], args[4]
  offset = tonumber(args[5])
end
function request()
  counter = counter + 1
  local number = 2000000 + offset + id * THREAD_STRIDE + counter
  local body = (template:gsub("{N}", string.format("%07d", number)))
  local headers = {
    ["Content-Type"] = content_type,
    ["Cookie"] = cookie,
    ["Referer"] = referer,
    ["X-Forwarded-Proto"] = "https",
    ["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", id, math.floor(counter / 256) % 256, counter % 256
    ),
  }
  return wrk.format("POST", nil, headers, body)
end
""".replace("THREAD_STRIDE", str(THREAD_STRIDE))


@dataclass
class Page:
    name: str
    url: str
    kind: str  # "anchor", "public" or "staff"
    headers: dict = field(default_factory=dict)


@dataclass
class Write:
    name: str
    url: str
    form_url: str
    database: Path
    table: str
    fields: list[tuple[str, str]]
    multipart: bool = False
    kind: str = "public"
    body: str = ""
    content_type: str = ""
    cookie: str = ""


@dataclass
class Row:
    name: str
    kind: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    rows_per_second: float | None = None
    ratio: float = 0.0


def parse_args(argv, prog="throughput"):
    parser = argparse.ArgumentParser(prog=f"python -m benchmarks {prog}", description=__doc__)
    seconds = 8 if prog == "throughput" else 5
    parser.add_argument("--seconds", type=float, default=seconds, help="length of each point")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (throughput)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per target")
    parser.add_argument("--connections", type=int, nargs="+", default=[16, TARGET_CONNECTIONS])
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    return parser.parse_args(argv)


def vecinos_environment(data_dir: Path, port: int) -> dict[str, str]:
    env = run.bench_environment(data_dir, port)
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        VECINOS_BEHIND_PROXY="true",
        VECINOS_TRUSTED_PROXY_COUNT="1",
        VECINOS_FLOOD_POSTS_PER_MINUTE="0",
        VECINOS_VERIFICATION_TEXTS_PER_HOUR="0",
    )
    return env


def get(url: str, headers: dict | None = None, timeout: float = 30):
    """Return the status, the headers (an email.message.Message) and the body of `url`."""
    request = urllib.request.Request(url, headers={"Accept-Language": "en", **(headers or {})})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.headers, response.read().decode()


def settle(url: str, headers: dict) -> None:
    """Wait for one answer from `url`'s server: it has finished what the last point left.

    When wrk stops, the requests still queued are served all the same (a sync worker has no
    way to see that the client left), and would slow the next point down.
    """
    with contextlib.suppress(OSError):
        get(url, headers, timeout=300)


def encode_form(fields: list[tuple[str, str]], *, multipart: bool) -> tuple[str, str]:
    """Return the body and content type of a form's POST; each `{N}` is left for the script."""
    if multipart:
        boundary = "vecinosbench" + secrets.token_hex(8)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields
        ]
        return "".join(parts) + f"--{boundary}--\r\n", f"multipart/form-data; boundary={boundary}"
    return urllib.parse.urlencode(fields, safe="{}"), "application/x-www-form-urlencoded"


def ready_form(write: Write, headers: dict) -> None:
    """Read the form's page once, as a visitor's browser does: the CSRF cookie and token (the
    coalition's pages, the same for everyone, carry none)."""
    _status, answer, html = get(write.form_url, headers)
    write.cookie = "; ".join(value.split(";", 1)[0] for value in answer.get_all("Set-Cookie", []))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    fields = list(write.fields)
    if token:
        fields.insert(0, ("csrfmiddlewaretoken", token.group(1)))
    write.body, write.content_type = encode_form(fields, multipart=write.multipart)


def count_rows(database: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as connection:
        return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608


def measure_page(page: Page, connections: int, seconds: float) -> wrk.Measure:
    result = wrk.run(page.url, connections=connections, seconds=seconds, headers=page.headers)
    settle(page.url, page.headers)
    return result


def measure_write(
    write: Write, connections: int, seconds: float, script: Path
) -> tuple[wrk.Measure, float]:
    """Run the POSTs; return wrk's measure and the rows committed per second."""
    before = count_rows(write.database, write.table)
    offset = RUNS.get(write.name, 0) * RUN_STRIDE
    RUNS[write.name] = RUNS.get(write.name, 0) + 1
    result = wrk.run(
        write.url,
        connections=connections,
        seconds=seconds,
        script=str(script),
        # gunicorn takes X-Forwarded-Proto from a loopback client as HTTPS, and Django then
        # wants the Referer of an HTTPS form, as a browser sends it.
        script_args=[
            write.cookie,
            write.content_type,
            write.form_url.replace("http://", "https://", 1),
            write.body,
            str(offset),
        ],
    )
    committed = (count_rows(write.database, write.table) - before) / seconds
    settle(write.form_url, PROXY_HEADERS)
    return result, committed


def show(label: str, result: wrk.Measure, rows: float | None = None) -> None:
    committed = f"  rows {rows:7.1f}/s" if rows is not None else ""
    print(
        f"  {label:<44} {result.requests_per_second:>8.1f} req/s  p50 {result.p50_ms:7.1f} ms"
        f"  p99 {result.p99_ms:7.1f} ms  errors {result.errors}{committed}",
        file=sys.stderr,
    )


def medians(rounds: dict, kinds: dict) -> list[Row]:
    rows = []
    for (name, connections), results in rounds.items():
        measures = [measure for measure, _rows in results]
        committed = [rows for _measure, rows in results if rows is not None]
        rows.append(
            Row(
                name=name,
                kind=kinds[name],
                connections=connections,
                requests_per_second=statistics.median(m.requests_per_second for m in measures),
                p50_ms=statistics.median(m.p50_ms for m in measures),
                p99_ms=statistics.median(m.p99_ms for m in measures),
                errors=sum(m.errors for m in measures),
                rows_per_second=statistics.median(committed) if committed else None,
            )
        )
    return rows


def set_ratios(rows: list[Row], page_anchor: str, write_anchor: str) -> None:
    """Each page against D's requests/s, each write's rows/s against W's, at equal load."""
    anchor = {
        (row.name, row.connections): row.rows_per_second or row.requests_per_second
        for row in rows
        if row.name in (page_anchor, write_anchor)
    }
    for row in rows:
        if row.rows_per_second is None:
            row.ratio = row.requests_per_second / anchor[(page_anchor, row.connections)]
        else:
            row.ratio = row.rows_per_second / anchor[(write_anchor, row.connections)]


def verdict(row: Row) -> tuple[str, bool]:
    if row.kind == "anchor":
        return "anchor", True
    if row.rows_per_second is not None:
        met = row.ratio >= WRITE_SHARE and row.errors == 0 and row.p99_ms <= WRITE_P99_MS
        return f"≥ {WRITE_SHARE} × W, 0 errors, p99 ≤ {WRITE_P99_MS:.0f} ms", met
    share = PUBLIC_SHARE if row.kind == "public" else STAFF_SHARE
    return f"≥ {share} × D", row.ratio >= share and row.errors == 0


def page_table(rows: list[Row]) -> str:
    lines = [
        "| page | connections | req/s | p50 | p99 | errors | × D | target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        if row.rows_per_second is not None:
            continue
        target, met = verdict(row)
        result = "" if row.kind == "anchor" else ("met" if met else "**not met**")
        lines.append(
            f"| {row.name} | {row.connections} | {row.requests_per_second:,.0f} |"
            f" {row.p50_ms:.1f} ms | {row.p99_ms:.1f} ms | {row.errors} | {row.ratio:.2f} |"
            f" {target if row.kind != 'anchor' else ''} | {result} |"
        )
    return "\n".join(lines)


def write_table(rows: list[Row]) -> str:
    lines = [
        "| write | connections | rows committed/s | answers/s | p50 | p99 | errors | × W |"
        " target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        if row.rows_per_second is None:
            continue
        target, met = verdict(row)
        result = "" if row.kind == "anchor" else ("met" if met else "**not met**")
        lines.append(
            f"| {row.name} | {row.connections} | {row.rows_per_second:,.1f} |"
            f" {row.requests_per_second:,.1f} | {row.p50_ms:.1f} ms | {row.p99_ms:.1f} ms |"
            f" {row.errors} | {row.ratio:.2f} | {target if row.kind != 'anchor' else ''} |"
            f" {result} |"
        )
    return "\n".join(lines)


def busy(load: tuple) -> str:
    if load[0][0] <= BUSY_LOAD:
        return ""
    return (
        "\n\n**Other work was running on this machine during the bench: the figures are noisy"
        " and low. Measure again on an idle machine before relying on them.**"
    )


def context_lines(started: float, load: tuple, gunicorn: str) -> str:
    info = machine()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    return (
        f"| measured | {when}, commit {commit()}, in {(time.time() - started) / 60:.1f} minutes |\n"
        f"| machine | {info['cpus']} CPUs, {info['cpu']}, {info['memory']} |\n"
        f"| load average before → after | {load[0][0]:.2f} → {load[1][0]:.2f} |\n"
        f"| vecinos | {gunicorn}, SQLite (WAL), DJANGO_DEBUG=false |\n"
        "| anchors | `gunicorn -w 2` (sync), SQLite (WAL), the same Django |"
    )


def render(rows: list[Row], *, args, info: dict, started: float, load: tuple, gunicorn) -> str:
    command = (
        f"python -m benchmarks throughput --seconds {args.seconds:g} --rounds {args.rounds}"
        f" --connections {' '.join(map(str, args.connections))}"
    )
    return f"""{SECTION}

Pages the page cache does not answer and public form POSTs, beside the anchors of
`benchmarks/anchors.py` served from the same machine in the same run: **D**, a plain Django
page (template, LocaleMiddleware and a translated string, 20 rows from one query) and **W**, a
plain ModelForm POST with CSRF and one insert. Medians of {args.rounds} interleaved rounds of
{args.seconds:g} s (D, the pages, W, the writes, then again), with `wrk -t2`; errors are
non-2xx/3xx answers, timeouts and socket errors over all rounds; a latency cannot exceed the
length of a point, so a p99 near {args.seconds:g} s means that long or longer. Measured by
`{command}` (part of `make bench`).{busy(load)}

| | |
| --- | --- |
{context_lines(started, load, gunicorn)}
| records search hits | {info["hits"]} |

{page_table(rows)}

Uncached how: the records search carries its query string, the workshop list gets
`?uncached=1` (the page cache passes every request with a query string through), the sign-up
form is `never_cache`; the staff pages send a signed-in staff session (roles admin, organizer,
dispatcher, past the second factor), and the cache never answers a request with a session.

{write_table(rows)}

Each POST is a new person: the form's page is read once, before the rounds, for its CSRF
cookie and token, as a browser keeps them (the coalition's pages, the same for everyone, carry
none); then every request carries the next phone number or e-mail address and its own client
address (`X-Forwarded-For`, with VECINOS_TRUSTED_PROXY_COUNT=1), so each per-client limit
counts once and never refuses; VECINOS_FLOOD_POSTS_PER_MINUTE=0 turns the flood guard's proof
of work off and VECINOS_VERIFICATION_TEXTS_PER_HOUR=0 the hourly cap on sign-up texts. *Rows
committed* counts the rows in the table after the run (zones_member, trainings_registration,
rapidresponse_report, coalition_signature, coalition_petitionsignature, coalition_rsvp), not
the answers; no task worker runs meanwhile.
"""


@contextlib.contextmanager
def vecinos_server(env: dict, work: Path, shape: tuple | None = None):
    """Run gunicorn with config/gunicorn.py, or with `shape` (class, workers, threads)."""
    command = [str(run.GUNICORN), "config.wsgi", "--config", "config/gunicorn.py"]
    if shape:
        worker_class, workers, threads = shape
        command += ["-k", worker_class, "-w", str(workers), "--threads", str(threads)]
    log = work / "gunicorn.log"
    with processes.running("gunicorn", command, env=env, log=log, cwd=ROOT) as server:
        url = f"http://127.0.0.1:{env['PORT']}/en/"
        deadline = time.monotonic() + 90
        while True:
            try:
                if get(url, PROXY_HEADERS)[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"vecinos did not start:\n{processes.tail(log)}") from None
                time.sleep(0.5)
        yield server


def memory_per_worker(master_pid: int) -> tuple[float, float]:
    """Return the mean resident and proportional set size (MB) of the master's children."""
    rss, pss = [], []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != master_pid:
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss.append(int(line.split()[1]) / 1024)
                elif line.startswith("Pss:"):
                    pss.append(int(line.split()[1]) / 1024)
        except (OSError, ValueError, IndexError):
            continue
    if not rss:
        return 0.0, 0.0
    return statistics.mean(rss), statistics.mean(pss)


@contextlib.contextmanager
def bench_site():
    """Yield (work folder, vecinos environment, site info, anchor URL base) with D/W running."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run.find_tools()
    with tempfile.TemporaryDirectory(prefix="vecinos-bench-") as temp:
        work = Path(temp)
        (work / "data").mkdir()
        (work / "anchor").mkdir()
        env = vecinos_environment(work / "data", processes.free_port())
        paths = run.prepare_site(env, work / "site.log")
        # The records search finds what the task worker has indexed.
        subprocess.run(
            [run.PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--batch"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        done = subprocess.run(
            [run.PYTHON, "-m", "benchmarks.throughput_site"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        info = json.loads(done.stdout.strip().splitlines()[-1])
        info["paths"]["home"] = paths["home"]
        anchor_db = anchors.prepare(work / "anchor")
        anchor_port = processes.free_port()
        (work / "post.lua").write_text(POST_SCRIPT)
        with anchors.serving(work / "anchor", anchor_port, run.GUNICORN):
            yield work, env, info, f"http://127.0.0.1:{anchor_port}", anchor_db


def targets(env: dict, info: dict, anchor: str, anchor_db: Path, work: Path):
    app = f"http://127.0.0.1:{env['PORT']}"
    paths = info["paths"]
    staff = {**PROXY_HEADERS, "Cookie": info["cookie"]}
    pages = [
        Page("D: plain Django page", anchor + anchors.PAGE_PATH, "anchor"),
        Page(
            f"records search `{paths['records']}`", app + paths["records"], "public", PROXY_HEADERS
        ),
        Page(
            f"workshop list `{paths['workshops']}?uncached=1`",
            app + paths["workshops"] + "?uncached=1",
            "public",
            PROXY_HEADERS,
        ),
        Page(f"zone sign-up form `{paths['join']}`", app + paths["join"], "public", PROXY_HEADERS),
        Page(f"hotline console `{paths['console']}`", app + paths["console"], "staff", staff),
        Page(f"zone members `{paths['members']}`", app + paths["members"], "staff", staff),
        Page(f"coverage `{paths['coverage']}`", app + paths["coverage"], "staff", staff),
    ]
    database = work / "data" / "vecinos.sqlite3"
    writes = [
        Write(
            "W: plain ModelForm POST",
            anchor + anchors.FORM_PATH,
            anchor + anchors.FORM_PATH,
            anchor_db,
            anchors.TABLE,
            [("name", "Bench"), ("phone", "+1215{N}")],
            kind="anchor",
        ),
        Write(
            "zone sign-up POST",
            app + paths["join"],
            app + paths["join"],
            database,
            info["tables"]["join"],
            [
                ("consent_version", info["consent_version"]),
                ("name", "Bench"),
                ("phone", "+1215{N}"),
                ("email", ""),
                ("language", "en"),
                ("zone", info["zone"]),
                ("block", info["block"]),
                ("consent", "on"),
                ("website", ""),
            ],
        ),
        Write(
            "workshop registration POST",
            app + paths["workshop"],
            app + paths["workshop"],
            database,
            info["tables"]["workshop"],
            [
                ("name", "Bench"),
                ("phone", "+1267{N}"),
                ("email", ""),
                ("language", "en"),
                ("family_size", "1"),
                ("website", ""),
            ],
        ),
        Write(
            "hotline report POST (multipart)",
            app + paths["hotline"],
            app + paths["hotline"],
            database,
            info["tables"]["hotline"],
            [
                ("latitude", ""),
                ("longitude", ""),
                ("agency", "unknown"),
                ("activity", "door"),
                ("agents", ""),
                ("vehicles", ""),
                ("description", "Two cars at the corner, report {N}"),
                ("cross_streets", ""),
                ("block", info["block"]),
                ("when", "0"),
                ("website", ""),
            ],
            multipart=True,
        ),
        Write(
            "letter signature POST",
            app + paths["letter_sign"],
            app + paths["letter"],
            database,
            info["tables"]["letter"],
            [
                ("kind", "person"),
                ("public_name", "Rosa Bench"),
                ("city", "Philadelphia"),
                ("state", "PA"),
                ("affiliation", ""),
                ("email", "bench{N}@example.org"),
                ("website", ""),
            ],
        ),
        Write(
            "petition signature POST",
            app + paths["petition_sign"],
            app + paths["petition"],
            database,
            info["tables"]["petition"],
            [
                ("first_name", "Rosa"),
                ("city", "Philadelphia"),
                ("email", "bench{N}@example.org"),
                ("phone", ""),
                ("website", ""),
            ],
        ),
        Write(
            "event RSVP POST",
            app + paths["rsvp"],
            app + paths["event"],
            database,
            info["tables"]["rsvp"],
            [
                ("answer", "yes"),
                ("name", "Rosa"),
                ("phone", "+1215{N}"),
                ("email", ""),
                ("party_size", "1"),
                ("website", ""),
            ],
        ),
    ]
    for write in writes:
        ready_form(write, PROXY_HEADERS)
    return pages, writes


def check_pages(pages: list[Page]) -> None:
    """Every page answers 200 and none from the page cache, or the figures mean nothing."""
    for page in pages:
        status, headers, _html = get(page.url, page.headers)
        if status != 200 or headers.get("X-Cache") == "hit":
            raise RuntimeError(f"{page.url}: {status} {headers.get('X-Cache')}")


def records_hits(page: Page) -> str:
    html = get(page.url, page.headers)[2]
    match = re.search(r"(\d+) documents? found", html)
    return match.group(0) if match else "none found"


def describe(settings: dict) -> str:
    return (
        f"gunicorn with config/gunicorn.py ({settings['workers']} {settings['worker_class']}"
        " workers)"
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    started, load_before = time.time(), os.getloadavg()
    with bench_site() as (work, env, info, anchor, anchor_db):
        with vecinos_server(env, work):
            pages, writes = targets(env, info, anchor, anchor_db, work)
            check_pages(pages)
            info["hits"] = f"{records_hits(pages[1])} for “detainer”"
            script = work / "post.lua"
            print("Warming up…", file=sys.stderr)
            for page in pages:
                measure_page(page, 16, args.warmup)
            for write in writes:
                measure_write(write, 16, args.warmup, script)
            rounds: dict = {}
            for number in range(1, args.rounds + 1):
                for connections in args.connections:
                    print(
                        f"Round {number}/{args.rounds}, {connections} connections", file=sys.stderr
                    )
                    for page in pages:
                        result = measure_page(page, connections, args.seconds)
                        show(page.name, result)
                        rounds.setdefault((page.name, connections), []).append((result, None))
                    for write in writes:
                        result, committed = measure_write(write, connections, args.seconds, script)
                        show(write.name, result, committed)
                        rounds.setdefault((write.name, connections), []).append((result, committed))
            kinds = {target.name: target.kind for target in [*pages, *writes]}
            rows = medians(rounds, kinds)
            set_ratios(rows, pages[0].name, writes[0].name)
            gunicorn = describe(run.gunicorn_settings(env))
    section = render(
        rows,
        args=args,
        info=info,
        started=started,
        load=(load_before, os.getloadavg()),
        gunicorn=gunicorn,
    )
    replace_section(args.output, section, SECTION)
    print(section)
    print(f"Written to the {SECTION[3:]} section of {args.output}", file=sys.stderr)
    return 0


def render_shapes(results: list[dict], *, args, started: float, load: tuple) -> str:
    lines = [
        "| shape | D req/s | cache hit req/s | p99 | records search req/s | p99 |"
        " sign-up rows/s | p99 | errors | RSS / PSS per worker |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        hit, page, write = result["hit"], result["page"], result["write"]
        errors = hit.errors + page.errors + write.errors
        lines.append(
            f"| {result['shape']} | {result['anchor'].requests_per_second:,.0f} |"
            f" {hit.requests_per_second:,.0f} | {hit.p99_ms:.1f} ms |"
            f" {page.requests_per_second:,.1f} | {page.p99_ms:.0f} ms |"
            f" {result['rows']:,.1f} | {write.p99_ms:.0f} ms | {errors} |"
            f" {result['rss']:.0f} / {result['pss']:.0f} MB |"
        )
    info = machine()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    return f"""{SHAPE_SECTION}

gunicorn shapes for vecinos on this machine, each started in turn on the same demo site
(DJANGO_DEBUG=false, SQLite in WAL mode, persistent connections: CONN_MAX_AGE=600) and
measured at {TARGET_CONNECTIONS} connections for {args.seconds:g} s a point: the home page
answered by the page cache, the records search (uncached), the zone sign-up POST (rows
committed per second), and D beside each shape. Memory is the mean of the workers' resident
(RSS) and proportional (PSS: shared pages divided among the processes sharing them) sizes
after the load. Measured by `python -m benchmarks shape --seconds {args.seconds:g}`
(part of `make bench`) on {when}, commit {commit()}, {info["cpus"]} CPUs, load average
{load[0][0]:.2f} before and {load[1][0]:.2f} after.{busy(load)}

{chr(10).join(lines)}

The shape `make run` uses is chosen from these figures in config/gunicorn.py.
"""


def shape_main(argv=None) -> int:
    args = parse_args(argv, prog="shape")
    started, load_before = time.time(), os.getloadavg()
    results = []
    with bench_site() as (work, env, info, anchor, anchor_db):
        for shape in SHAPES:
            worker_class, workers, threads = shape
            label = (
                f"{worker_class} {workers}"
                if worker_class == "sync"
                else f"{worker_class} {workers} × {threads}"
            )
            print(f"Shape {label}", file=sys.stderr)
            with vecinos_server(env, work, shape) as server:
                pages, writes = targets(env, info, anchor, anchor_db, work)
                app = f"http://127.0.0.1:{env['PORT']}"
                home = Page("cache hit", app + info["paths"]["home"], "public", PROXY_HEADERS)
                for page in (home, pages[1]):
                    measure_page(page, TARGET_CONNECTIONS, args.warmup)
                # Each worker keeps its own copy: one answer from the cache is enough.
                answers = (get(home.url, home.headers)[1].get("X-Cache") for _ in range(50))
                if "hit" not in answers:
                    raise RuntimeError(f"{home.url} is not answered from the page cache")
                result = {"shape": label, "anchor": measure_page(pages[0], 64, args.seconds)}
                result["hit"] = measure_page(home, TARGET_CONNECTIONS, args.seconds)
                result["page"] = measure_page(pages[1], TARGET_CONNECTIONS, args.seconds)
                result["write"], result["rows"] = measure_write(
                    writes[1], TARGET_CONNECTIONS, args.seconds, work / "post.lua"
                )
                result["rss"], result["pss"] = memory_per_worker(server.pid)
                for key in ("anchor", "hit", "page"):
                    show(f"{label}: {key}", result[key])
                show(f"{label}: sign-up", result["write"], result["rows"])
                results.append(result)
    section = render_shapes(
        results, args=args, started=started, load=(load_before, os.getloadavg())
    )
    replace_section(args.output, section, SHAPE_SECTION)
    print(section)
    print(f"Written to the {SHAPE_SECTION[3:]} section of {args.output}", file=sys.stderr)
    return 0
