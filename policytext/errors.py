"""Errors that reach the user as messages, never as tracebacks."""

from __future__ import annotations

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
