"""The registry of glue keys (``data/glue_keys.yml``), and the check of the chapters against it.

Every value a chapter glues has a key declared once, with a line on what it
is, so that a number on a page can be found from its key by grep. The check
reads each chapter's source (``book/*.md``) and says where:

- a chapter glues a key that is not declared, or that is declared for other pages;
- a declared key is not glued by a page it lists;
- a page glues a key it never shows, or shows a key it does not glue;
- a key is built in code (``glue(name, ...)``, ``glue(f"...")``) rather than written out.

It runs at the start of every build (a warning, so an error in ``make book``)
and in ``tests/test_glue_keys.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policytext.config import DATA_DIR
from policytext.schema import GlueKey, load_config

GLUE_KEYS = DATA_DIR / "glue_keys.yml"
"""The registry: every glue key of the chapters, its pages and what it is."""

_GLUE_CALL = re.compile(r"\bglue\(")
_LITERAL_KEY = re.compile(r"""\bglue\(\s*(["'])(\w+)\1\s*,""")
_SHOWN = re.compile(r"\{glue(?::\w*|-table)?\}(?:`([^`]+)`|[ \t]+(\S+))")


def load_glue_keys(path: str | Path = GLUE_KEYS) -> dict[str, GlueKey]:
    """Read the registry: every key, in file order.

    Raises:
        InputError: One message per problem (a key without pages or a line on
            what it is, a key declared twice), naming the file, the entry and the field.
    """
    loaded = load_config(path, GlueKey)
    keys: dict[str, GlueKey] = {}
    for position, entry in loaded.entries:
        if entry.key in keys:
            loaded.add(position, entry.model_dump(), f"key {entry.key!r} is declared twice")
        keys[entry.key] = entry
    loaded.raise_problems()
    return keys


@dataclass(frozen=True)
class PageKeys:
    """The glue keys of one chapter's source.

    Attributes:
        glued: Keys glued by a call with the key written out, ``glue("n_docs", ...)``.
        shown: Keys shown in the text, a figure or a table (``{glue:text}`n_docs```).
        built: Each ``glue(`` call whose key is not written out, as its line.
    """

    glued: frozenset[str]
    shown: frozenset[str]
    built: tuple[str, ...]


def page_keys(source: str) -> PageKeys:
    """The keys a chapter's MyST source glues and shows, and its calls with a built key.

    Example:
        >>> keys = page_keys('glue("n", 1); glue(name, 2)  # {glue:text}`n`')
        >>> sorted(keys.glued), sorted(keys.shown), keys.built
        (['n'], ['n'], ('glue("n", 1); glue(name, 2)  # {glue:text}`n`',))
    """
    glued, built = set(), []
    for call in _GLUE_CALL.finditer(source):
        literal = _LITERAL_KEY.match(source, call.start())
        if literal:
            glued.add(literal.group(2))
        else:
            line_start = source.rfind("\n", 0, call.start()) + 1
            line_end = source.find("\n", call.start())
            built.append(source[line_start : line_end if line_end >= 0 else None].strip())
    shown = set()
    for match in _SHOWN.finditer(source):
        reference = (match.group(1) or match.group(2)).split("::")[-1]
        shown.add(reference.split(":")[0].strip())
    return PageKeys(frozenset(glued), frozenset(shown), tuple(built))


def registry_problems(
    pages: Mapping[str, PageKeys], keys: Mapping[str, GlueKey], *, registry: str = "registry"
) -> list[str]:
    """Where the chapters and the registry disagree.

    Args:
        pages: :func:`page_keys` of each chapter, by its name (``corpus``).
        keys: :func:`load_glue_keys`.
        registry: The registry's name in messages (its path).

    Returns:
        One message per problem, naming the chapter (``book/<page>.md``) and the key;
        empty when they agree.
    """
    problems = []
    glued_on: dict[str, set[str]] = {}
    for page, found in sorted(pages.items()):
        where = f"book/{page}.md"
        problems += [
            f"{where}: the glue key is built, not written out: {line}" for line in found.built
        ]
        problems += [
            f"{where}: glues {key!r} but never shows it"
            for key in sorted(found.glued - found.shown)
        ]
        problems += [
            f"{where}: shows {key!r} but does not glue it"
            for key in sorted(found.shown - found.glued)
        ]
        for key in found.glued:
            glued_on.setdefault(key, set()).add(page)
    for key, on in sorted(glued_on.items()):
        if key not in keys:
            problems.append(f"{registry}: {key!r} is glued in {_pages(on)} but not declared")
        elif set(keys[key].pages) != on:
            problems.append(
                f"{registry}: {key!r} lists {_pages(keys[key].pages)} but is glued in {_pages(on)}"
            )
    for key in keys.keys() - glued_on.keys():
        problems.append(f"{registry}: {key!r} is declared but no chapter glues it")
    return problems


def _pages(pages: Iterable[str]) -> str:
    return ", ".join(f"book/{page}.md" for page in sorted(pages))


def book_problems(book: Path, *, path: str | Path = GLUE_KEYS) -> list[str]:
    """:func:`registry_problems` of the chapters in ``book`` against the registry at ``path``."""
    pages = {
        source.stem: page_keys(source.read_text(encoding="utf-8"))
        for source in sorted(book.glob("*.md"))
    }
    return registry_problems(pages, load_glue_keys(path), registry=str(path))


def check_glue_keys(app: Any) -> None:
    """Warn about every chapter that glues or shows a key the registry does not declare."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    book = Path(app.srcdir) / "book"
    for problem in book_problems(book):
        logger.warning(problem, type="policytext", subtype="glue")
