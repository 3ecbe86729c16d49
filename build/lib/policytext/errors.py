"""Errors that reach the user as messages, never as tracebacks."""

from __future__ import annotations

import errno
from collections.abc import Iterable


class PolicytextError(Exception):
    """An error caused by the user's input or environment.

    The command line prints ``str(error)`` and exits with status 2; no
    traceback is shown. Every message names the file (and row, where there is
    one) and what is wrong with it.
    """


class InputError(PolicytextError):
    """One or more problems found in the input, one line per problem.

    Args:
        problems: Messages, each naming the file (and row) and the problem.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[str]]]:
        """Pickle by the problems (the error may come from a worker process)."""
        return type(self), (self.problems,)


class FontNotFoundError(PolicytextError):
    """No usable CJK font for word clouds."""


def os_error_message(exc: OSError, *, what: str, path: str | None = None) -> str:
    """One line for a file-system fault: the path, the system's words, and what to do.

    ``path`` names the place when the error itself does not (``exc.filename``).
    """
    path = exc.filename or path or what
    hints = {
        errno.ENOSPC: "free some space on that disk, or write elsewhere",
        errno.EDQUOT: "free some space within your quota, or write elsewhere",
        errno.EROFS: "the file system is read-only: choose a writable folder",
        errno.EACCES: "you may not write there: choose a folder you can write to",
        errno.EPERM: "you may not write there: choose a folder you can write to",
        errno.ENOENT: "a folder on that path does not exist: create it or choose another",
    }
    hint = hints.get(exc.errno or 0, "check the folder and try again")
    return f"{path}: cannot write {what}: {exc.strerror or exc}; {hint}"
