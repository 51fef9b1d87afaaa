"""Does a slow client starve the app? Prints a normal request's latency while slow clients hold
connections open, for the server `make run` starts and for the old setting (2 sync workers).

Each server is started as `make run` starts it (e2e/server.py: gunicorn with
interviewprep/gunicorn.conf.py, production settings, a throwaway SQLite file). Three quarters of
the slow clients send a request's head one byte at a time and never finish it; the others send
an API request's complete head (with a token, so the app reads the body), then its JSON body
one byte at a time, never finishing it.
A client whose connection is closed connects again, as an attacker would. Meanwhile normal
requests (GET /accounts/login/) are made one after another, each given up after a few seconds.

    .venv/bin/python scripts/slow_clients.py [--connections 16] [--requests 20]
"""

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

# Run as a script from the project root: make the project's packages importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from e2e.server import LiveServer  # noqa: E402

SERVERS = [
    ("make run: gthread, 2 processes x 32 threads", []),
    # gunicorn turns a sync worker with threads into gthread: one thread keeps it sync.
    ("old: 2 sync workers, no threads", ["--worker-class", "sync", "--threads", "1"]),
]
BYTE_INTERVAL = 0.5  # seconds between two bytes of a slow client
GIVE_UP = 5.0  # seconds a normal request may take before it counts as timed out
GOAL = 1.0  # a normal request is not delayed beyond this many seconds
SETTLE = 2.0  # seconds for the slow clients to connect and start sending

SLOW_HEAD = (
    b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: "
    + b"a" * 8000
)
SLOW_BODY_HEAD = (
    "POST /api/interviews HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
    "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
)


def slow_client(port, *, body_key, stop):
    """Trickle a request that never ends, reconnecting whenever the server closes it; with an
    API key, the request's body, else its head."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                if body_key:
                    sock.sendall(SLOW_BODY_HEAD.format(key=body_key).encode())
                    trickle = b'{"jobTitle": "' + b"a" * 100000
                else:
                    trickle = SLOW_HEAD
                for byte in trickle:
                    if stop.wait(BYTE_INTERVAL):
                        return
                    sock.sendall(bytes([byte]))
        except OSError:  # closed or reset by the server: come back
            stop.wait(0.1)


def normal_request(url):
    """Return the seconds one normal request took, or None if it took longer than GIVE_UP."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=GIVE_UP) as response:
            response.read()
    except OSError:  # timed out, refused or reset
        return None
    elapsed = time.perf_counter() - start
    return elapsed if elapsed <= GIVE_UP else None


def measure(options, *, connections, requests):
    """Return the normal requests' latencies (None for timed out) with the slow clients open."""
    with tempfile.TemporaryDirectory() as workdir, LiveServer(workdir, options=options) as server:
        url = f"{server.url}/accounts/login/"
        normal_request(url)  # the first request of a process loads what it needs
        key = server.api_key("slow")
        stop = threading.Event()
        clients = [
            threading.Thread(
                target=slow_client,
                args=(server.port,),
                kwargs={"body_key": key if index % 4 == 3 else None, "stop": stop},
                daemon=True,
            )
            for index in range(connections)
        ]
        for client in clients:
            client.start()
        time.sleep(SETTLE)
        try:
            return [normal_request(url) for _ in range(requests)]
        finally:
            stop.set()
            for client in clients:
                client.join()


def seconds(value):
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def report(name, latencies):
    timed_out = sum(latency is None for latency in latencies)
    # A request given up on counts as GIVE_UP: the real figure is at least that.
    values = [GIVE_UP if latency is None else latency for latency in latencies]
    p50, worst = statistics.median(values), max(values)
    met = "met" if worst <= GOAL else "NOT met"

    def shown(value):
        return (">= " if value >= GIVE_UP else "") + seconds(value)

    print(f"{name:<46} {shown(p50):>9} {shown(worst):>10} {timed_out:>4}/{len(values):<4} {met}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=16, help="slow clients (16)")
    parser.add_argument("--requests", type=int, default=20, help="normal requests (20)")
    args = parser.parse_args()

    bodies = args.connections // 4
    print(
        f"{args.connections - bodies} slow clients sending a request head and {bodies} sending "
        f"a body, one byte every {BYTE_INTERVAL} s, never finishing;"
    )
    print(
        f"{args.requests} normal requests (GET /accounts/login/) one after another while they "
        f"are open, each given up after {GIVE_UP:.0f} s. Goal: none delayed beyond {GOAL:.0f} s."
    )
    print()
    print(f"{'Server':<46} {'p50':>9} {'max':>10} {'timed out':>9}  goal")
    for name, options in SERVERS:
        latencies = measure(options, connections=args.connections, requests=args.requests)
        report(name, latencies)


if __name__ == "__main__":
    main()
