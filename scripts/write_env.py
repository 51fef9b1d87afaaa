"""Write a local .env for `make run`: a random SECRET_KEY and demo password, DEBUG off."""

import secrets
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
if path.exists():
    sys.exit(f"{path} exists already; not overwriting it.")
path.write_text(
    "# Written by `make run`; see .env.example for every variable.\n"
    f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
    "DEBUG=false\n"
    "ALLOWED_HOSTS=127.0.0.1,localhost,[::1]\n"
    f"DEMO_PASSWORD={secrets.token_urlsafe(12)}\n"
)
print(f"Wrote {path} with a new SECRET_KEY and DEMO_PASSWORD.")
