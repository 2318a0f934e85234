"""`python -m benchmarks [pages|throughput|shape|messaging|senders|fanout|zones|hotline]
[options]`: one part, or all."""

import subprocess
import sys

from benchmarks import fanout, hotline, messaging, run, senders, throughput, zones

# The sections other parts write; the pages bench writes BENCHMARKS.md whole and puts them back.
# "## First start" is measured by benchmarks/first_start.sh (it starts `make run` itself);
# "## Page weight of the public forms" by hand from vecinos/core/tests/test_page_weight.py.
OTHER_SECTIONS = [
    throughput.SECTION,
    throughput.SHAPE_SECTION,
    messaging.SECTION,
    senders.SECTION,
    fanout.SECTION,
    zones.SECTION,
    hotline.SECTION,
    "## First start",
    "## Page weight of the public forms",
]


def pages(argv):
    path = messaging.ROOT / "BENCHMARKS.md"
    kept = [(heading, messaging.current_section(path, heading)) for heading in OTHER_SECTIONS]
    status = run.main(argv)
    for heading, section in kept:
        if section:
            messaging.replace_section(path, section, heading)
    return status


PARTS = {
    "pages": pages,
    "throughput": throughput.main,
    "shape": throughput.shape_main,
    "messaging": messaging.main,
    "senders": senders.main,
    "fanout": fanout.main,
    "zones": zones.main,
    "hotline": hotline.main,
}


def main(argv):
    if argv and argv[0] in PARTS:
        return PARTS[argv[0]](argv[1:])
    if argv:
        # Anything else (--help, a misspelt part) would otherwise start every part.
        print(__doc__.strip(), "\n`python -m benchmarks PART --help` lists a part's options.")
        return 0 if argv[0] in {"-h", "--help"} else 2
    # Each part sets Django up its own way, so each runs in a process of its own.
    for part in PARTS:
        status = subprocess.call([sys.executable, "-m", "benchmarks", part])
        if status:
            return status
    return 0


raise SystemExit(main(sys.argv[1:]))
