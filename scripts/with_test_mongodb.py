"""Run a command against a throwaway MongoDB-wire server (secantusdb) on a free loopback port.

    python scripts/with_test_mongodb.py COMMAND [ARGS...]

The server keeps its data in memory and is stopped when the command ends. The
command sees MONGODB_URI pointing at it and MONGODB_TEST_SERVER=secantusdb, so
that tests can mark the server's known fidelity bugs. For tests and local checks
only: secantusdb is beta software and never the production database.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START_TIMEOUT = 30
STOP_TIMEOUT = 15


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port, server):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"secantusd-py exited with code {server.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"secantusd-py did not listen on port {port} within {START_TIMEOUT} s")


def stop(server):
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main(command):
    if not command:
        raise SystemExit(__doc__)
    port = free_port()
    executable = Path(sys.executable).with_name("secantusd-py")
    if not executable.exists():
        raise SystemExit(f"{executable} is missing: install requirements-dev.txt into this venv")
    log = tempfile.NamedTemporaryFile(prefix="secantusd-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(
        [str(executable), "--host", "127.0.0.1", "--port", str(port), "--storage-path", ":memory:"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, server)
        env = {
            **os.environ,
            "MONGODB_URI": f"mongodb://127.0.0.1:{port}/interviewprep",
            "MONGODB_TEST_SERVER": "secantusdb",
        }
        return subprocess.call(command, env=env)
    finally:
        stop(server)
        log.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
