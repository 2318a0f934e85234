"""`python -m benchmarks [pages|messaging] [options]`: one part, or every part in turn."""

import sys

from benchmarks import messaging, run


def pages(argv):
    # The pages bench writes BENCHMARKS.md whole; the Messaging section it does not know
    # about is put back afterwards.
    kept = messaging.current_section(messaging.ROOT / "BENCHMARKS.md")
    status = run.main(argv)
    if kept:
        messaging.replace_section(messaging.ROOT / "BENCHMARKS.md", kept)
    return status


PARTS = {"pages": pages, "messaging": messaging.main}


def main(argv):
    if argv and argv[0] in PARTS:
        return PARTS[argv[0]](argv[1:])
    return pages(argv) or messaging.main([])


raise SystemExit(main(sys.argv[1:]))
