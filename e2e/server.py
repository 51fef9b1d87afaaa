"""The app as production runs it (gunicorn, DEBUG off, WhiteNoise, the real security headers),
on a free loopback port against a throwaway SQLite file. Used by the browser tests and by
scripts/screenshots.py."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Headless Chromium in a container: no sandbox (we run as root), no GPU, and no calls home
# that would show up as failed requests or slow the start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
START_TIMEOUT = 60

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """Start with `with LiveServer(workdir) as server:`; `server.url` is its base URL."""

    def __init__(self, workdir, *, workers=2):
        self.workdir = Path(workdir)
        self.workers = workers
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.demo_password = secrets.token_urlsafe(12)
        self.log_path = self.workdir / "gunicorn.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "interviewprep.settings",
            # Only what is set here: a developer's .env must not change the served app.
            "ENV_FILE": str(self.workdir / "absent.env"),
            "DEBUG": "false",
            "HTTPS": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": "",
            "MONGODB_URI": "",
            "SQLITE_PATH": str(self.workdir / "db.sqlite3"),
            "STATIC_ROOT": str(self.workdir / "static"),
            "TIME_ZONE": "UTC",
            "LOG_LEVEL": "WARNING",
            "DEMO_PASSWORD": self.demo_password,
            # The suite signs in dozens of times from one address within minutes.
            "RATELIMIT_ENABLE": "false",
        }
        self.process = None
        self.log = None

    def manage(self, *args):
        """Run a management command against the server's database; return its output."""
        return self.python("manage.py", *args)

    def python(self, *args):
        """Run Python with the server's settings and database; return its output."""
        result = subprocess.run(
            [sys.executable, *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"python {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def __enter__(self):
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = open(self.log_path, "w")  # closed in __exit__, after gunicorn stops
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "interviewprep.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--access-logfile",
                "-",
                # Its control socket would be shared with every other gunicorn of the user.
                "--no-control-socket",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_serving()
        return self

    def _wait_until_serving(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5):
                    return
            except OSError:  # refused, reset or timed out: not up yet
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s:\n{self.log_text()}")

    def log_text(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()
