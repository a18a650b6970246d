"""Where the tool's own files live: the default content, templates and base MkDocs settings."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = PROJECT_ROOT / "content"
TEMPLATES = PROJECT_ROOT / "templates"
ASSETS = TEMPLATES / "assets"
THEME_OVERRIDES = TEMPLATES / "theme"
BASE_CONFIG = PROJECT_ROOT / "mkdocs.yml"
