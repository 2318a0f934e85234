"""Check that no audit row was edited, removed or slipped in since it was written."""

from django.core.management.base import BaseCommand, CommandError

from vecinos.core.audit import verify_chain


def parse_anchor(value: str) -> tuple[int, str]:
    seq, _, digest = value.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise CommandError("--anchor takes NUMBER:HASH as printed by an earlier run.")
    return int(seq), digest.lower()


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit with status 1 at the first broken row."
    # A forensic check must run even when some unrelated setting fails the system checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            help="NUMBER:HASH of a row recorded outside the database by an earlier run; "
            "proves that the newest rows were not cut off.",
        )

    def handle(self, *args, anchor=None, **options):
        report = verify_chain(anchor=parse_anchor(anchor) if anchor else None)
        if not report.ok:
            where = f"row {report.broken_seq}"
            if report.broken_id is not None:
                where += f" (id {report.broken_id})"
            self.stderr.write(
                f"Audit log BROKEN at {where}: {report.problem}. "
                f"{report.checked} rows before it are intact."
            )
            raise SystemExit(1)
        if report.head_seq is None:
            self.stdout.write("Audit log is empty.")
            return
        # The head printed here is the anchor to keep elsewhere (a notebook, another machine):
        # with it, a later run also notices rows removed from the end.
        self.stdout.write(
            f"Audit log intact: {report.checked} rows. Head {report.head_seq}:{report.head_hash}"
        )
