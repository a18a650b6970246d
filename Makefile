# One command each, on a fresh machine: `make site` builds the generic playbook into site/,
# `make test` runs every gate and the whole test suite (what CI runs); `make check` is the fast
# lane: the gates and every test that needs no browser. Each sets up what it needs first.
# Every package comes from requirements.lock; `make lock` refreshes it from pyproject.toml.
VENV := .venv
PYTHON := $(VENV)/bin/python
PIP := $(PYTHON) -m pip --disable-pip-version-check
LOCK := requirements.lock
STAMP := $(VENV)/.installed
WHEELHOUSE := $(VENV)/wheelhouse
export NO_MKDOCS_2_WARNING := 1
# Bytecode caches on, even where the environment turns them off: pytest then rewrites each test
# module's asserts once, not at every run in every worker (about 10 s of the fast lane).
export PYTHONDONTWRITEBYTECODE :=

.PHONY: site test check lint docs serve setup browser lock clean screenshots

site: $(STAMP)
	$(VENV)/bin/playbook build

serve: $(STAMP)
	$(VENV)/bin/playbook serve

test: lint browser
	node --test tests/contract/
	$(PYTHON) -m pytest

# The fast lane, on both cores: lint, types, the rules contract in Node, and every test that
# needs no browser and is not marked slow (those run in `make test`).
check: lint
	node --test tests/contract/
	$(PYTHON) -m pytest -m "not browser and not slow" -q -n 2

# The gates: ruff (lint, and the formatter's check) and mypy (settings in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

setup: $(STAMP)

# A new .venv whenever the lock or pyproject.toml changes, so it holds exactly what the lock says.
# The wheelhouse (the runtime packages as wheels) lets the packaging test install offline.
$(STAMP): pyproject.toml $(LOCK)
	rm -rf $(VENV)
	python3 -m venv $(VENV)
	$(PIP) install --quiet -c $(LOCK) pip setuptools
	$(PIP) install --quiet -c $(LOCK) --no-build-isolation -e '.[test,private]'
	$(PIP) wheel --quiet -c $(LOCK) --no-build-isolation -w $(WHEELHOUSE) .
	rm -rf build *.egg-info  # left by the wheel build; a stale one would shadow the installed metadata
	touch $(STAMP)

# Resolve the newest releases that pyproject.toml allows, in a scratch venv, and pin them all.
lock:
	rm -rf .lock-venv
	python3 -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip setuptools
	.lock-venv/bin/pip install --quiet '.[test,private]'
	{ echo "# Every package of the test environment, pinned. Refresh with: make lock"; \
	  .lock-venv/bin/pip freeze --all --exclude maturity-playbook; } > $(LOCK)
	rm -rf .lock-venv

# Debian's Chromium (for the browser tests), poppler, the Noto CJK fonts (Chinese pages and
# PDFs) and npm, each only if missing (a Node that ships its own npm conflicts with Debian's);
# never a browser or font download at build time. Then axe-core (the accessibility tests) from
# the npm registry, as tests/accessibility/package-lock.json pins it.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
AXE_DIR := tests/accessibility
AXE_STAMP := $(AXE_DIR)/node_modules/.installed
browser:
	@missing="$$(command -v chromium >/dev/null || echo chromium) $$(command -v pdftotext >/dev/null || echo poppler-utils) \
	  $$(test -f $(CJK_FONT) || echo fonts-noto-cjk) $$(command -v npm >/dev/null || echo npm)"; \
	if [ -n "$$(echo $$missing)" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	@$(MAKE) -s --no-print-directory $(AXE_STAMP)

$(AXE_STAMP): $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	npm ci --prefix $(AXE_DIR) --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) site

# The README's screenshots (docs/pages/images/*.png), rebuilt from the bundled model and clients/lumen-health.yaml.
screenshots: $(STAMP) browser
	$(PYTHON) -m scripts.screenshots

# The documentation site (docs/mkdocs.yml) into site-docs/, once its generated pages (the CLI
# reference and the format reference) are checked to be current.
docs: $(STAMP)
	$(PYTHON) -m scripts.cli_reference --check
	@$(VENV)/bin/playbook schema --reference | cmp -s - docs/pages/format.md || \
	  { echo "docs/pages/format.md is stale: run $(VENV)/bin/playbook schema --reference > docs/pages/format.md" >&2; exit 1; }
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict -f docs/mkdocs.yml
