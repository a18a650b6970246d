"""The whole job, as library calls: content folder in, built site out."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from .loading import load_model
from .model import Model
from .output import staged_folder
from .paths import ASSETS, TEMPLATES
from .rendering import make_environment, render_pages
from .site import ASSET_FOLDER, build_html, load_base_config, site_config
from .views import site_pages


def render_site(model: Model) -> tuple[dict[str, str | bytes], dict[str, Any]]:
    """Every file of the site's sources ({path: content}) and its builder configuration."""
    pages = site_pages(model)
    docs: dict[str, str | bytes] = dict(render_pages(pages, make_environment([TEMPLATES])))
    assets = {f"{ASSET_FOLDER}/{p.relative_to(ASSETS).as_posix()}": p.read_bytes()
              for p in sorted(ASSETS.rglob("*")) if p.is_file()}
    docs.update(assets)
    config = site_config(load_base_config(), site_name=model.info.name,
                         pages=[(page.path, page.context["title"]) for page in pages], assets=list(assets))
    return docs, config


def build_playbook(content: Path, out: Path, site_url: str | None = None) -> Model:
    """Load, validate, render and build the playbook for `content` into `out`, atomically.

    `site_url` (where the site will be published) overrides the one in the base settings.
    """
    model = load_model(content)
    docs, config = render_site(model)
    if site_url:
        config["site_url"] = site_url
    with staged_folder(out) as site_dir, tempfile.TemporaryDirectory(prefix="playbook-") as work:
        build_html(docs, config, Path(work), site_dir)
    return model
