# The README's commands. `make run` serves the app; `make test` runs every check on both backends.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check-migrations test-sqlite test-mongodb test-browser screenshots clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

.env:
	$(PYTHON) scripts/write_env.py .env

run: $(VENV)/.installed .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-missing
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "  Interview Prep is running at http://$(HOST):$(PORT)/"
	@$(PY) manage.py shell --no-imports -c "from django.conf import settings; print('  Demo login: demo /', settings.DEMO_PASSWORD or '(the password printed when the demo data was made)')"
	@echo
	exec $(VENV)/bin/gunicorn --config interviewprep/gunicorn.conf.py --bind $(HOST):$(PORT)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-migrations: $(VENV)/.installed-dev
	@echo "== Migrations in step with the models: SQLite =="
	DJANGO_SETTINGS_MODULE=interviewprep.settings_test MONGODB_URI= $(PY) manage.py makemigrations --check --dry-run
	@echo "== Migrations in step with the models: MongoDB =="
	DJANGO_SETTINGS_MODULE=interviewprep.settings_test $(PY) scripts/with_test_mongodb.py $(PY) manage.py makemigrations --check --dry-run

test-sqlite: $(VENV)/.installed-dev
	@echo "== Test suite on SQLite =="
	MONGODB_URI= $(VENV)/bin/pytest

test-mongodb: $(VENV)/.installed-dev
	@echo "== Test suite on MongoDB (secantusdb wire server) =="
	$(PY) scripts/with_test_mongodb.py $(VENV)/bin/pytest

# The browser suite (e2e/, its own pytest tree) runs once, on SQLite, against gunicorn with
# production settings. Without Chromium it is skipped, loudly; in CI (.ci/run installs
# Chromium) a missing browser is a failure.
CHROMIUM := /usr/bin/chromium

test-browser: $(VENV)/.installed-dev
	@if [ -x $(CHROMIUM) ]; then \
		echo "== Browser tests: Chromium against gunicorn, SQLite =="; \
		$(VENV)/bin/pytest -c e2e/pytest.ini e2e; \
	elif [ -n "$$CI" ]; then \
		echo "== Browser tests FAILED: $(CHROMIUM) is missing in CI =="; exit 1; \
	else \
		echo "== Browser tests SKIPPED: $(CHROMIUM) is not installed (apt-get install chromium) =="; \
	fi

screenshots: $(VENV)/.installed-dev
	$(PY) scripts/screenshots.py

# The MongoDB suite keeps about one core busy (pytest and the wire server take turns) and the
# browser suite under half of one, so on two cores they run side by side. Each suite's output
# is printed whole when it ends; either failing fails `make test`.
test: lint check-migrations test-sqlite
	$(MAKE) --no-print-directory -j2 --output-sync=target test-mongodb test-browser

clean:
	rm -rf $(VENV) var/static var/test.sqlite3*
