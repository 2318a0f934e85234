"""The outbox on the Redis-backed workers (django-tasks-rq): two `rqworker` processes.

Locally these tests are skipped without Redis; under CI=true a missing Redis fails them.
The shared Redis (VECINOS_TEST_REDIS_URL, default 127.0.0.1:6379 database 14) carries the
fan-out test; the test that kills Redis starts a server of its own on a free port, since
killing the shared one would break everyone else's tests.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections import Counter

import pytest

from conftest import IN_CI, require_service
from vecinos.messaging.testing.fake_twilio import FakeTwilio
from vecinos.messaging.testing.fanout import numbers
from vecinos.messaging.testing.workers import free_port

# Minutes of real worker processes: always under CI, locally when asked for with
# VECINOS_RELIABILITY_TESTS=1 (so `pytest vecinos/messaging` stays quick while working).
pytestmark = pytest.mark.skipif(
    not (IN_CI or os.environ.get("VECINOS_RELIABILITY_TESTS")),
    reason="slow reliability test; set VECINOS_RELIABILITY_TESTS=1 to run it",
)

SHARED_REDIS = os.environ.get("VECINOS_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
FANOUT = 10_000


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def wait_for(condition, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@pytest.fixture
def fake():
    with FakeTwilio() as server:
        server.callbacks.enabled = False
        yield server


@pytest.fixture
def shared_redis():
    require_service(redis_answers(SHARED_REDIS), f"no Redis answers at {SHARED_REDIS}")
    import redis

    client = redis.Redis.from_url(SHARED_REDIS)
    # Only RQ's keys, in a database kept for these tests: a queue left by an earlier run
    # would hand this run's workers ids from another database.
    for key in client.scan_iter("rq:*"):
        client.delete(key)
    return SHARED_REDIS


class OwnRedis:
    """A redis-server of this test's own, with nothing saved to disk, that may be killed."""

    def __init__(self, work_dir):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.work_dir = work_dir
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.work_dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert wait_for(lambda: redis_answers(self.url), timeout=10)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path):
    require_service(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            server.kill()


def test_two_rq_workers_deliver_a_fanout_once_each(deployment_factory, fake, shared_redis):
    deployment = deployment_factory(fake, redis_url=shared_redis)
    deployment.run("manage.py", "schedule_periodic", "messaging.outbox_sweep")
    workers = deployment.start_workers(2, backend="rq")
    deployment.fanout(2_000, batch="rq")

    assert wait_for(lambda: deployment.statuses("rq") == Counter(sent=2_000), timeout=600), (
        f"{deployment.statuses('rq')}\n{deployment.log_tail()}"
    )
    assert workers.alive()
    assert fake.sent_to() == Counter({to: 1 for to in numbers(2_000)})


def test_redis_killed_mid_fanout_then_restarted_misses_no_one(deployment_factory, fake, own_redis):
    deployment = deployment_factory(
        fake, redis_url=own_redis.url, extra_env={"VECINOS_OUTBOX_LEASE_SECONDS": "5"}
    )
    workers = deployment.start_workers(2, backend="rq")
    # With the queue in Redis the sweep runs on its own clock, as docs/deploy.md says.
    deployment.start_workers(1, backend="sweeper")
    deployment.fanout(FANOUT, batch="redis")

    assert fake.wait_for(FANOUT // 4, timeout=600), deployment.log_tail()
    own_redis.kill()
    lost_at = len(fake.messages)
    time.sleep(2)
    # Restarted empty: every queued task is gone with it.
    own_redis.start()
    assert lost_at < FANOUT, "the fan-out finished before Redis died; nothing was tested"

    everyone = set(numbers(FANOUT))

    def everyone_texted():
        # What the service manager does (Restart=always) for a worker that exited, whenever
        # it does: an RQ worker exits when it next asks the lost Redis about its job, which
        # may be well after the restart.
        nonlocal workers
        if not workers.alive():
            workers.stop()
            workers = deployment.start_workers(2, backend="rq")
        return everyone <= {m.to for m in fake.messages}

    # The sweeper resumes the rest; five minutes is ample even on a slow machine.
    assert wait_for(everyone_texted, timeout=300), (
        f"{len(everyone - {m.to for m in fake.messages})} recipients missed; "
        f"{deployment.statuses('redis')}\n{deployment.log_tail()}"
    )
    duplicates = sum(count - 1 for count in fake.sent_to().values() if count > 1)
    print(f"Redis killed after {lost_at} sends; {duplicates} duplicates")
