"""The seized-disk test: what a server hands over holds no name, number or e-mail in clear.

Two hundred people apply for a job through the public form (with a PDF résumé that carries
their name, phone and e-mail) and text HELP or AYUDA, some of them BORRAR and BORRAR SI, to
the Twilio webhook, against gunicorn and a task worker running out of process on real files.
Then every file under VECINOS_DATA_DIR (database and WAL, uploads, cache, the processes'
output) and, on PostgreSQL, a pg_dump are searched for each of them in every usual spelling.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from reportlab.pdfgen import canvas
from twilio.request_validator import RequestValidator

from .seized_disk_server import (
    SMS_PATH,
    TWILIO_TOKEN,
    Installation,
    every_file,
    search_files,
)

PEOPLE = 200
# Plain two-word names, one of each pairing, and numbered ones from other lists, so that no
# plain name is part of a numbered one. None of these words is in the demo content.
PLAIN_FIRST = ["Anselmo", "Eulalia", "Teodoro", "Brígida", "Casimiro", "Remedios", "Evaristo",
               "Filomena", "Gumersindo", "Leocadia"]  # fmt: skip
PLAIN_LAST = ["Betancourt", "Zavaleta", "Arrieta", "Urquiza", "Larrañaga", "Sepúlveda",
              "Villaseñor", "Echeverría", "Irazábal", "Goicoechea"]  # fmt: skip
NUMBERED_FIRST = ["Marisol", "Saturnino", "Perpetua", "Hermenegildo", "Tiburcio", "Clotilde",
                  "Nepomuceno", "Ambrosia", "Abundio", "Ximena"]  # fmt: skip
NUMBERED_LAST = ["Quintanilla", "Montemayor", "Altamirano", "Bocanegra", "Manjarrez",
                 "Oyarzún", "Peñaloza", "Ledesma", "Cisneros", "Ocampo"]  # fmt: skip
DEMO_PHONE = "(215) 555-0142"  # the demo organization's own number, in its pages in clear


@dataclass(frozen=True)
class Person:
    number: int
    name: str
    phone: str  # E.164
    email: str

    @property
    def digits(self) -> str:
        return self.phone[2:]

    def phone_spellings(self) -> list[str]:
        d = self.digits
        return [
            self.phone,
            f"({d[:3]}) {d[3:6]}-{d[6:]}",
            d,
            f"{d[:3]}-{d[3:6]}-{d[6:]}",
            f"{d[:3]}.{d[3:6]}.{d[6:]}",
            f"{d[:3]} {d[3:6]} {d[6:]}",
        ]

    def typed_phone(self) -> str:
        """The number as this person writes it in the form: people write it every way."""
        return self.phone_spellings()[self.number % 5 if self.number % 5 != 2 else 0]


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def make_people() -> list[Person]:
    people = []
    for number in range(PEOPLE):
        half, slot = divmod(number, 2)
        if slot == 0:
            name = f"{PLAIN_FIRST[half % 10]} {PLAIN_LAST[half // 10]}"
        else:
            name = f"{NUMBERED_FIRST[half % 10]} {NUMBERED_LAST[half // 10]}-{number:04d}"
        area, exchange_start = ("215", 2000) if number % 2 == 0 else ("267", 3000)
        phone = f"+1{area}555{exchange_start + number:04d}"
        local = re.sub(r"[^a-z0-9]+", ".", ascii_fold(name).lower()).strip(".")
        people.append(Person(number, name, phone, f"{local}.{number}@example.org"))
    return people


def needles_for(people: list[Person]) -> dict[str, list[tuple[str, bytes, bool]]]:
    """Every spelling under which each person's data could sit in a file.

    Raw UTF-8; the form encodings of a request line or a logged POST ("+", %20, %40, %2B);
    JSON's escapes of accented letters; for names also the accents dropped.
    """
    phones, emails, names = [], [], []
    for person in people:
        for spelling in person.phone_spellings():
            phones.append((spelling, spelling.encode(), False))
        phones.append((person.phone + " (url)", person.phone.replace("+", "%2B").encode(), False))
        emails.append((person.email, person.email.encode(), True))
        emails.append((person.email + " (url)", person.email.replace("@", "%40").encode(), True))
        spellings = {
            person.name,
            person.name.replace(" ", "+"),
            person.name.replace(" ", "%20"),
            json.dumps(person.name)[1:-1],
            ascii_fold(person.name),
        }
        encoded = {spelling.encode() for spelling in spellings}
        # A PDF's standard fonts write accented letters in Latin-1.
        encoded.add(person.name.encode("latin-1"))
        for spelling in sorted(encoded):
            names.append((person.name, spelling, True))
    return {"phone": phones, "email": emails, "name": names}


def resume_pdf(person: Person) -> bytes:
    buffer = io.BytesIO()
    # Uncompressed, so that the control test can find the text in the file's bytes.
    pdf = canvas.Canvas(buffer, pageCompression=0)
    pdf.setTitle(f"Résumé of {person.name}")
    pdf.drawString(72, 760, person.name)
    pdf.drawString(72, 740, f"{person.phone} · {person.email}")
    pdf.drawString(72, 710, "Community outreach, interpretation, food bank volunteer.")
    pdf.save()
    return buffer.getvalue()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the job page has no application form"
    return match.group(1)


def apply(person: Person, jobs: dict[str, tuple[str, str]]) -> None:
    language = "es" if person.number % 3 == 0 else "en"
    page_url, apply_url = jobs[language]
    forwarded = {"X-Forwarded-For": f"198.51.{person.number // 200}.{person.number % 200 + 1}"}
    with requests.Session() as session:
        page = session.get(page_url, headers=forwarded, timeout=30)
        assert page.status_code == 200, page.status_code
        response = session.post(
            apply_url,
            headers={**forwarded, "Referer": page_url},
            data={
                "csrfmiddlewaretoken": csrf_token(page.text),
                "name": person.name,
                "email": person.email,
                "phone": person.typed_phone(),
                "language": language,
                "cover_letter": (
                    f"My name is {person.name}. I have organized tenant meetings for six years "
                    f"and you can reach me at {person.typed_phone()} or {person.email}."
                ),
                "consent": "on",
                "website": "",
            },
            files={"resume": ("resume.pdf", resume_pdf(person), "application/pdf")},
            allow_redirects=False,
            timeout=60,
        )
    assert response.status_code == 302, (person.number, response.status_code)


def text(installation: Installation, person: Person, body: str) -> None:
    url = installation.public_url + SMS_PATH
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": "AC" + "0" * 32,
        "From": person.phone,
        "To": "+12155550100",
        "Body": body,
        "NumMedia": "0",
    }
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    response = requests.post(
        url, data=params, headers={"X-Twilio-Signature": signature}, timeout=30
    )
    assert response.status_code == 200, (person.number, body, response.status_code)


def texts_of(person: Person) -> list[str]:
    bodies = ["AYUDA" if person.number % 3 == 0 else "HELP"]
    if person.number % 10 == 7:
        bodies += ["BORRAR", "BORRAR SI"]
    return bodies


def both_flows(installation: Installation, jobs, person: Person) -> None:
    apply(person, jobs)
    for body in texts_of(person):
        text(installation, person, body)


def counts(installation: Installation) -> dict:
    script = (
        "import json\n"
        "from collections import Counter\n"
        "from vecinos.jobs.models import JobApplication\n"
        "from vecinos.messaging.models import InboundMessage, OutboundMessage\n"
        "print(json.dumps({'applications': JobApplication.objects.count(),"
        " 'inbound': InboundMessage.objects.count(),"
        " 'outbound': dict(Counter(OutboundMessage.objects.values_list('status', flat=True)))}))\n"
    )
    import subprocess

    from .seized_disk_server import PYTHON, ROOT

    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=installation.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def installation(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("seized")
    key_dir = tmp_path_factory.mktemp("seized-key")
    built = Installation(work_dir, key_dir, os.environ.get("DATABASE_URL", ""))
    try:
        yield built
    finally:
        built.stop_server()
        built.drop()


def test_a_seized_disk_holds_no_name_number_or_email(installation):
    people = make_people()
    installation.prepare()
    installation.start_server()
    jobs = installation.open_jobs()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda person: both_flows(installation, jobs, person), people))
    installation.run_worker()
    installation.stop_server()

    held = counts(installation)
    erased = sum(1 for person in people if "BORRAR SI" in texts_of(person))
    # BORRAR SI erases everything held about the number, the application included.
    assert held["applications"] == PEOPLE - erased
    assert held["inbound"] >= PEOPLE - erased
    assert held["outbound"].get("sent", 0) >= PEOPLE, held["outbound"]

    files = every_file(installation.data_dir)
    resumes = [path for path in files if "resumes" in path.parts]
    assert len(resumes) == PEOPLE - erased
    dump = installation.dump()
    if dump is not None:
        files.append(dump)
    else:
        assert installation.data_dir / "vecinos.sqlite3" in files

    # The search reads these files: the demo's own number, public and in clear, is found.
    database = dump or installation.data_dir / "vecinos.sqlite3"
    demo = {"phone": [(DEMO_PHONE, DEMO_PHONE.encode(), False)]}
    assert search_files([database], demo), "the search cannot see into the database"

    hits = search_files(files, needles_for(people))
    assert hits == [], "\n".join(
        f"{Path(hit.file).relative_to(installation.work_dir)}: {hit.kind} {hit.needle}"
        for hit in hits[:50]
    )


def test_the_search_finds_what_is_written_in_clear(tmp_path):
    """The control: the same search, on files holding the data in clear, reports each kind."""
    people = make_people()
    person = people[7]
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "resume.pdf").write_bytes(resume_pdf(person))
    (tmp_path / "web.log").write_text(
        f"POST /en/jobs/apply/ name={person.name.replace(' ', '+')}&email="
        f"{person.email.replace('@', '%40').upper()}\n"
    )
    hits = search_files(every_file(tmp_path), needles_for(people))
    found = {(Path(hit.file).name, hit.kind, hit.needle) for hit in hits}
    assert ("resume.pdf", "name", person.name) in found
    assert ("resume.pdf", "phone", person.phone) in found
    assert ("resume.pdf", "email", person.email) in found
    assert ("web.log", "name", person.name) in found
    assert ("web.log", "email", person.email + " (url)") in found
    # Nobody else's data is in these files.
    assert {hit.needle for hit in hits if hit.kind == "name"} == {person.name}
