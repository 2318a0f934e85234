"""The throughput bench's own logic: its anchor project, its form bodies, its verdicts."""

import subprocess
import sys
import urllib.parse

from benchmarks import anchors, processes, throughput
from benchmarks.throughput import Row

# Run inside the generated project: migrate, then a page and a form POST with CSRF enforced.
ANCHOR_CHECK = """
import re
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(enforce_csrf_checks=True)
page = client.get("/en/rows/").content.decode()
spanish = client.get("/es/rows/").content.decode()
form = client.get("/en/signup/").content.decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
refused = client.post("/en/signup/", {"name": "Ana", "phone": "+12155550100"}).status_code
posted = client.post(
    "/en/signup/", {"csrfmiddlewaretoken": token, "name": "Ana", "phone": "+12155550100"}
).status_code
from anchor.models import Signup
print(page.count("<li>"), "Reuniones de los vecinos" in spanish, refused, posted,
      Signup.objects.count())
"""


def test_the_anchor_project_is_written_and_answers(tmp_path):
    anchors.write_project(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", ANCHOR_CHECK],
        cwd=tmp_path,
        env=anchors.environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # 20 rows from the page; the translated string in Spanish; a POST without the CSRF token
    # refused, one with it inserting one row.
    assert done.stdout.split() == [str(anchors.ROWS), "True", "403", "302", "1"]


def test_a_form_body_keeps_the_number_placeholder_and_encodes_the_rest():
    body, content_type = throughput.encode_form(
        [("csrfmiddlewaretoken", "abc"), ("phone", "+1215{N}"), ("name", "José")],
        multipart=False,
    )
    assert content_type == "application/x-www-form-urlencoded"
    assert "{N}" in body
    filled = urllib.parse.parse_qs(body.replace("{N}", "2000001"))
    assert filled == {"csrfmiddlewaretoken": ["abc"], "phone": ["+12152000001"], "name": ["José"]}

    body, content_type = throughput.encode_form([("when", "0"), ("a", "{N}")], multipart=True)
    boundary = content_type.split("boundary=")[1]
    assert body.count(f"--{boundary}\r\n") == 2
    assert body.endswith(f"--{boundary}--\r\n")
    assert 'name="a"\r\n\r\n{N}\r\n' in body


def test_the_post_script_gives_each_request_a_number_of_its_own():
    assert str(throughput.THREAD_STRIDE) in throughput.POST_SCRIPT
    assert 'string.format("%07d", number)' in throughput.POST_SCRIPT
    # Runs never overlap: two threads' numbers fit in one run's stride.
    assert throughput.RUN_STRIDE >= 2 * throughput.THREAD_STRIDE


def row(name, kind, connections, rate, *, rows=None, errors=0, p99=10.0):
    return Row(name, kind, connections, rate, 1.0, p99, errors, rows_per_second=rows)


def test_ratios_are_taken_against_the_anchor_at_the_same_load():
    rows = [
        row("D", "anchor", 16, 400),
        row("D", "anchor", 64, 200),
        row("public page", "public", 16, 100),
        row("public page", "public", 64, 100),
        row("staff page", "staff", 64, 70),
        row("slow staff page", "staff", 64, 50),
        row("W", "anchor", 64, 300, rows=250),
        row("write", "public", 64, 900, rows=125),
        row("failing write", "public", 64, 900, rows=200, errors=3),
        row("slow write", "public", 64, 900, rows=200, p99=300.0),
    ]
    throughput.set_ratios(rows, "D", "W")
    ratios = {(r.name, r.connections): round(r.ratio, 3) for r in rows}
    assert ratios[("public page", 16)] == 0.25
    assert ratios[("public page", 64)] == 0.5
    # A write is measured by the rows it committed, against W's committed rows.
    assert ratios[("write", 64)] == 0.5
    results = {(r.name, r.connections): throughput.verdict(r)[1] for r in rows}
    assert results[("public page", 64)] and not results[("public page", 16)]
    # Staff pages need 0.3 × D, public pages 0.5 × D.
    assert results[("staff page", 64)] and not results[("slow staff page", 64)]
    assert results[("write", 64)]
    assert not results[("failing write", 64)]
    assert not results[("slow write", 64)]

    pages, writes = throughput.page_table(rows), throughput.write_table(rows)
    assert "| public page | 64 | 100 |" in pages and "write" not in pages
    assert "| write | 64 | 125.0 | 900.0 |" in writes and "public page" not in writes


def test_ports_stay_in_the_range_given(monkeypatch):
    monkeypatch.setenv("VECINOS_BENCH_PORTS", "23990-23999")
    ports = {processes.free_port() for _ in range(3)}
    assert len(ports) == 3
    assert all(23990 <= port <= 23999 for port in ports)
