# One command each, on a fresh machine: `make site` builds the generic playbook into site/,
# `make test` runs the whole test suite. Both set up what they need first (idempotent).
VENV := .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test serve setup browser clean

site: $(STAMP)
	$(VENV)/bin/playbook build

serve: $(STAMP)
	$(VENV)/bin/playbook serve

test: $(STAMP) browser
	$(PYTHON) -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's Chromium (for the browser tests) and poppler; never a browser download.
browser:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }

clean:
	rm -rf $(VENV) site
