"""Reading the configuration that lives as data in ``data/``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from policytext.errors import InputError

DATA_ENV = "POLICYTEXT_DATA"
"""Environment variable naming another configuration and corpus folder."""

_PACKAGE = Path(__file__).resolve().parent


def _in_clone(package: Path) -> bool:
    """Whether ``package`` is the ``policytext/`` folder of a clone (``data/`` beside it)."""
    root = package.parent
    return (root / "pyproject.toml").is_file() and (root / "data" / "terms.yml").is_file()


def find_data_dir(*, package: Path = _PACKAGE, environ: Mapping[str, str] = os.environ) -> Path:
    """The folder of the configuration and the shipped corpus.

    In order: the folder named by ``POLICYTEXT_DATA``; the clone's top-level
    ``data/`` when the package runs from a clone (``make venv``'s editable
    install); else the copy of ``data/`` installed with the package
    (``policytext/data`` in the wheel, see ``pyproject.toml``).

    Args:
        package: The ``policytext`` package folder.
        environ: The environment to read ``POLICYTEXT_DATA`` from.

    Returns:
        The data folder (it holds ``terms.yml``, ``corpus.csv`` and ``raw/``).
    """
    if environ.get(DATA_ENV):
        return Path(environ[DATA_ENV]).resolve()
    if _in_clone(package):
        return package.parent / "data"
    return package / "data"


def default_cache_dir(*, package: Path = _PACKAGE, environ: Mapping[str, str] = os.environ) -> Path:
    """Where the cache goes when ``POLICYTEXT_CACHE`` is not set.

    A clone's ``.cache/``; for an installed package the user's cache folder
    (``$XDG_CACHE_HOME/policytext``, by default ``~/.cache/policytext``), never
    ``site-packages``.
    """
    if _in_clone(package):
        return package.parent / ".cache"
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policytext"


DATA_DIR = find_data_dir()
"""The configuration and corpus folder (terms, themes, periods, the corpus): the
clone's ``data/``, or the copy installed with the package (:func:`find_data_dir`)."""


def load_yaml(path: str | Path) -> Any:
    """Read a YAML file, turning syntax errors into a message naming the file.

    Args:
        path: The YAML file.

    Returns:
        The parsed content.

    Raises:
        InputError: The file is missing, undecodable or not valid YAML.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([f"{path}: file not found"]) from None
    except UnicodeDecodeError as exc:
        raise InputError([f"{path}: not UTF-8 (byte offset {exc.start})"]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError([f"{path}:{where} {problem}"]) from None
