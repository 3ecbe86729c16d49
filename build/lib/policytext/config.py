"""Reading the configuration that lives as data in ``data/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from policytext.errors import InputError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""The repository's ``data/`` folder (terms, themes, periods, the corpus)."""


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
