"""Start and stop the servers under test: loopback only, always stopped, never left behind."""

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

# Ports already handed out by this process: a server may not have bound its port yet.
_given: set[int] = set()


def free_port() -> int:
    """A free loopback port: any, or one of VECINOS_BENCH_PORTS ("23000-23999") when set, so
    that benches on a shared machine stay within the ports they were given."""
    first, _dash, last = os.environ.get("VECINOS_BENCH_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for candidate in candidates:
        if candidate in _given:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port = sock.getsockname()[1]
        _given.add(port)
        return port
    raise RuntimeError(f"no free port in VECINOS_BENCH_PORTS={os.environ['VECINOS_BENCH_PORTS']}")


@contextlib.contextmanager
def running(name: str, command: list[str], *, env: dict, log: Path, cwd: Path):
    """Run `command` as a child for the duration of the block, then stop it and its children."""
    with open(log, "ab") as output:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    if process.poll() is not None:
        return
    # Each server was started in its own session, so its process group is its own.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Wait until `url` answers 200, or fail with the end of the server's log."""
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{url}: the server stopped (exit {process.returncode})\n{tail(log)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last_error = str(error)
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s: {last_error}\n{tail(log)}")


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Language": "en"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers.items()), response.read()
