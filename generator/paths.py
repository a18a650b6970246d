"""Where the tool's own files live: the default model, templates and base MkDocs settings.

An installed wheel carries them as package data in `generator/defaults/`; a source checkout
keeps them at the top of the repository. Both hold the same layout.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_PACKAGED = PACKAGE / "defaults"
DEFAULTS = _PACKAGED if _PACKAGED.is_dir() else PACKAGE.parent
DEFAULT_CONTENT = DEFAULTS / "content"
MODELS = {"default": DEFAULT_CONTENT, "mini": DEFAULTS / "models" / "mini"}
TEMPLATES = DEFAULTS / "templates"
ASSETS = TEMPLATES / "assets"
THEME_OVERRIDES = TEMPLATES / "theme"
PROJECT_TEMPLATES = TEMPLATES / "project"
BASE_CONFIG = DEFAULTS / "mkdocs.yml"
