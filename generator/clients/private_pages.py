"""Private client pages: encrypted at build time, opened in the browser with the passphrase.

A page's HTML is encrypted with AES-256-GCM under a key derived from the client's passphrase:
one 32-byte PBKDF2-SHA256 block (600,000 iterations), expanded with HKDF-SHA256 into the AES key,
the HMAC key and the hidden folder's name, so that checking a guess costs an attacker exactly what
it costs the builder and the reader. `templates/assets/private.js` derives the same keys with
WebCrypto and decrypts. What the page then holds in clear is a locked panel: a prompt, and
the ciphertext in a data attribute.

Builds stay reproducible: the salt comes from the model and the client (it need not be
secret, only not shared with other sites), and each page's nonce is an HMAC of its plaintext
under a second derived key, so the same page gives the same bytes and two different pages
never share a nonce under one key (GCM's one requirement). Equal pages give equal ciphertexts.
Every page is padded to a size bucket (`padded`), so that its length does not tell its answers.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import html
import json
import re
from dataclasses import dataclass

from ..errors import BuildError
from ..model.profile_schema import ClientFile
from ..urls import PRIVATE_PAGES, page_path
from ..wording import say

ITERATIONS = 600_000
MIN_BUCKET = 16 * 1024  # bytes; locked pages are padded to powers of two from here
PADDING_START, PADDING_END = b"<!--pb-padding", b"-->"
_HEADING = re.compile(r"\A\s*+<h1\b.*?</h1>", re.DOTALL)  # the page's title, kept in clear
# The locked panel's words, in English (the catalogs translate them).
PROMPT = {
    "title": "This page is private",
    "text": "Enter the passphrase you were given to read it.",
    "label": "Passphrase",
    "remember": "Remember on this device for 30 days",
    "forget": "Forget the passphrase on this device",
    "insecure": "This page opens only over a secure connection: use its https:// address.",
    "unlock": "Open",
    "wrong": "That passphrase does not open this page.",
    "damaged": "This page could not be opened: it has been changed or damaged. Ask for a new copy.",
    "noscript": "Opening this page needs JavaScript.",
}


EXTRA_PAGES = "pages"  # the folder of a client's own pages (`tailoring.pages`), with its index


def locked_pages(profile: ClientFile) -> set[str]:
    """The pages of a private client's site that carry its own text, and are therefore locked: the
    report and roadmap (its results, and its contact), its own pages, and every model page that
    shows one of its notes. None for a client that is not private."""
    if not profile.private:
        return set()
    tailoring = profile.tailoring
    own = {f"{EXTRA_PAGES}/{page.slug}.md" for page in tailoring.pages}
    noted = {
        page_path("practice" if note.practice else "stage", note.practice or note.stage) for note in tailoring.notes
    }
    return {*PRIVATE_PAGES, *own, *([f"{EXTRA_PAGES}/index.md"] if own else []), *noted}


@dataclass(frozen=True)
class Lock:
    """What one private site's pages are locked with: its derived keys and the prompt's language."""

    salt: bytes
    encryption_key: bytes
    mac_key: bytes
    language: str

    @property
    def check(self) -> str:
        """A short value that tells a right passphrase from a damaged page (it reveals no key)."""
        return _b64(hmac.new(self.mac_key, b"playbook key check", hashlib.sha256).digest()[:16])

    def lock_page(self, page_html: str) -> str:
        """The locked panel that replaces a page's HTML: prompt, and the page encrypted.

        The page's heading stays in clear (the theme would add one otherwise): it is the page's
        title, which the navigation shows anyway.
        """
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        heading = _HEADING.match(page_html)
        title, page_html = (heading[0], page_html[heading.end() :]) if heading else ("", page_html)
        plaintext = padded(page_html.encode("utf-8"))
        nonce = hmac.new(self.mac_key, plaintext, hashlib.sha256).digest()[:12]
        ciphertext = AESGCM(self.encryption_key).encrypt(nonce, plaintext, None)
        data = {
            "salt": _b64(self.salt),
            "iterations": ITERATIONS,
            "check": self.check,
            "nonce": _b64(nonce),
            "ciphertext": _b64(ciphertext),
        }
        words = {key: html.escape(say(self.language, text)) for key, text in PROMPT.items()}
        return title + (
            f'<div class="pb-locked" data-search-exclude data-pb-locked="{html.escape(json.dumps(data), quote=True)}"'
            f' data-pb-wrong="{words["wrong"]}" data-pb-damaged="{words["damaged"]}" data-pb-forget="{words["forget"]}">'
            f'<p class="pb-locked-title"><strong>{words["title"]}</strong></p><p>{words["text"]}</p>'
            f'<p class="pb-locked-insecure" role="alert" hidden>{words["insecure"]}</p>'
            f'<form class="pb-locked-form" hidden>'
            f'<label>{words["label"]} <input type="password" name="passphrase" autocomplete="current-password" required></label>'
            f'<label class="pb-locked-remember"><input type="checkbox" name="remember"> {words["remember"]}</label>'
            f'<button type="submit" class="md-button md-button--primary">{words["unlock"]}</button>'
            f'<p class="pb-locked-error" role="alert"></p></form>'
            f"<noscript><p>{words['noscript']}</p></noscript></div>"
        )


def padded(plaintext: bytes) -> bytes:
    """`plaintext` padded to the next power of two (at least `MIN_BUCKET`) with an HTML comment that
    `private.js` takes off: a locked page's size then tells which bucket it falls in, never which
    answers it holds (an answer changes a page by a few bytes)."""
    size = MIN_BUCKET
    while size < len(plaintext) + len(PADDING_START) + len(PADDING_END):
        size *= 2
    filler = size - len(plaintext) - len(PADDING_START) - len(PADDING_END)
    return plaintext + PADDING_START + b" " * filler + PADDING_END


def make_lock(passphrase: str, site_id: str, language: str) -> Lock:
    """The lock of one private site (`site_id` names it, such as `<model id>:<client slug>`)."""
    salt = _salt(site_id)
    master = _derive(passphrase, salt)
    return Lock(salt, _expand(master, b"playbook aes-256-gcm"), _expand(master, b"playbook hmac"), language)


def hidden_folder(passphrase: str, site_id: str) -> str:
    """The folder a private site is published under: 128 bits from its passphrase (as costly to
    guess from as the pages themselves), so every build, on any machine, publishes to the same address."""
    return _expand(_derive(passphrase, _salt(site_id)), b"playbook folder")[:16].hex()


def _salt(site_id: str) -> bytes:
    return hashlib.sha256(f"playbook private site {site_id}".encode()).digest()[:16]


@functools.lru_cache(maxsize=64)
def _derive(passphrase: str, salt: bytes) -> bytes:
    """The one 32-byte PBKDF2 block every key comes from (cached: PBKDF2 is slow on purpose)."""
    try:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    except ImportError:
        raise BuildError(
            "private client sites need the cryptography package: "
            "pip install 'maturity-playbook[private]' (nothing was published in clear)"
        ) from None
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=ITERATIONS).derive(
        passphrase.encode()
    )


def _expand(master: bytes, info: bytes) -> bytes:
    """A 32-byte key for one purpose (`info`): HKDF-SHA256 of the PBKDF2 block, with no salt (as
    WebCrypto's HKDF with an empty one)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
