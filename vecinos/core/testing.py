"""Test helpers: the write transactions and statements a piece of work costs."""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections
from django.test import TestCase

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)


@dataclass
class Writes:
    """What the work did: every statement, the writing ones, and the write transactions it
    would commit outside a test (each atomic block entered at the top, or each write made in
    autocommit, that wrote at least one row)."""

    statements: int = 0
    writes: int = 0
    transactions: int = 0
    sql: list = field(default_factory=list)


@contextmanager
def counting_writes(using: str = "default"):
    """Count the work done inside the block, run inside a test's transaction.

    A test runs in a transaction of its own, so what would be a transaction in production is
    an atomic block entered at the test's level (Django opens it with a SAVEPOINT there on
    every database); a statement at that level is what would run in autocommit. Callbacks
    registered with on_commit run at the end of the block, as they would after a commit, and
    are counted too.
    """
    connection = connections[using]
    base = len(connection.atomic_blocks)
    counted = Writes()
    written = [False]

    def wrapper(execute, sql, params, many, context):
        counted.statements += 1
        counted.sql.append(sql)
        is_write = bool(WRITE.match(sql))
        counted.writes += is_write
        if len(connection.atomic_blocks) == base:
            # Outside every block of the work: a transaction's SAVEPOINT or RELEASE, or a
            # statement in autocommit. Each ends whatever transaction came before.
            written[0] = False
            counted.transactions += is_write
        elif is_write and not written[0]:
            written[0] = True
            counted.transactions += 1
        return execute(sql, params, many, context)

    with (
        connection.execute_wrapper(wrapper),
        TestCase.captureOnCommitCallbacks(using=using, execute=True),
    ):
        yield counted
