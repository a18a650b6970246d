"""Where the tests' material lives: the repository, the bundled model, the small model and the
fixture models; the example private client's passphrase; the languages of the site's own words."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
MINI = ROOT / "models" / "mini"
FIXTURES = ROOT / "tests" / "fixtures"

# The example client Northwind Retail is private: its (fictional) passphrase, as CI would set it
# (tests/conftest.py puts it into the environment).
EXAMPLE_PASSPHRASE = "harbour-lantern-quietly-ninety"

LANGUAGES = ("nb", "zh")
