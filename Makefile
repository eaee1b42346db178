# The two commands: `make run` (demo on 127.0.0.1:8000) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
HOST ?= 127.0.0.1
PORT ?= 8000

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
export DJANGO_ALLOW_ASYNC_UNSAFE := true

# On CI (or whenever DATABASE_URL is given) the suite runs on the real PostgreSQL and Redis.
ifeq ($(CI),true)
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gpleadership
export REDIS_URL ?= redis://127.0.0.1:6379/0
endif

.PHONY: run test install assets lint format check worker bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

assets: static/nhsuk/.built

# The NHS.UK frontend ships built files: copy them into static/, pointing the stylesheet's icon
# URLs at the copied images and dropping its web-font rules (the font host is not ours to call;
# the stylesheet falls back to Arial).
static/nhsuk/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/nhsuk && mkdir -p static/nhsuk
	cp -r $(NHSUK)/assets static/nhsuk/assets
	sed -E -e 's#url\(/assets/#url(assets/#g' -e 's#@font-face\{[^}]*\}##g' \
		-e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
		$(NHSUK)/nhsuk-frontend.min.css > static/nhsuk/nhsuk-frontend.min.css
	sed -e 's#//\# sourceMappingURL=.*##' $(NHSUK)/nhsuk-frontend.min.js > static/nhsuk/nhsuk-frontend.min.js
	touch $@

run: install assets
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  gpleadership is starting at http://$(HOST):$(PORT)/  (log in with a demo login above)"
	@echo "  A Celery worker with an embedded beat sends reminders$(if $(REDIS_URL), through Redis, through a folder queue under var/ (no Redis needed))."
	@echo ""
	@DEBUG=true bash -c 'trap "kill 0" EXIT; \
		$(BIN)/celery -A gpleadership worker --beat --pool=solo --loglevel=warning \
			--schedule=var/celerybeat-schedule & \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)'

worker: install
	$(BIN)/celery -A gpleadership worker --beat --pool=solo --loglevel=info

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	TESTING=true $(BIN)/python manage.py check
	TESTING=true $(BIN)/python manage.py makemigrations --check --dry-run

test: install assets lint check
	$(BIN)/pytest

# Seeds gpl_bench (full) and gpl_bench_small (a tenth) on first use; BENCH_RESEED=1 seeds again.
bench: install assets
	$(BIN)/python -u -m bench

clean:
	rm -rf $(VENV) node_modules static/nhsuk var staticfiles
