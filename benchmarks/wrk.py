"""Run wrk and read its report."""

import re
import subprocess
from dataclasses import dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Measure:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def run(
    url: str,
    *,
    connections: int,
    seconds: float,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    script: str | None = None,
    script_args: list[str] = (),
) -> Measure:
    """Measure `url`; `script` is a wrk Lua file, given `script_args` (after `--`)."""
    options = [f"-H{name}: {value}" for name, value in (headers or {}).items()]
    if script:
        options += ["-s", script]
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--timeout",
            "5s",
            "--latency",
            *options,
            url,
            *(["--", *script_args] if script_args else []),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    return parse(output)


def _latency(output: str, percentile: str) -> float:
    match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    if not match:
        raise ValueError(f"wrk reported no {percentile}th percentile:\n{output}")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse(output: str) -> Measure:
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not rate:
        raise ValueError(f"wrk reported no rate:\n{output}")
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(count) for count in sockets.groups())
    return Measure(
        requests_per_second=float(rate.group(1)),
        p50_ms=_latency(output, "50"),
        p99_ms=_latency(output, "99"),
        errors=errors,
    )
