"""Command line: ``python -m policytext export --corpus data/corpus.csv --out DIR``.

Each command imports the stages it runs inside its function, so that ``--help``
and ``userdict`` start without loading pandas and the pipeline: the one place
in the package with imports below the import block (tested in
``tests/test_packaging.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from policytext import __version__
from policytext.config import DATA_DIR
from policytext.errors import PolicytextError, os_error_message

DEBUG_ENV = "POLICYTEXT_DEBUG"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors read like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"policytext: error: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help for every option."""
    parser = _Parser(
        prog="python -m policytext",
        description=(
            "Analyse the MIIT messaging corpus and write its tables as CSV. "
            "Inputs are validated first; any problem is reported one line per "
            "problem, naming the file and row, with exit status 2."
        ),
    )
    parser.add_argument("--version", action="version", version=f"policytext {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    export = commands.add_parser(
        "export",
        help="write every analysis table to a folder",
        description=(
            "Clean every document in the manifest and write the analysis tables "
            "(documents.csv, cleaning_audit.csv, clean/<doc_id>.txt, and the tables "
            "of the later stages) into OUT. The folder is written in a temporary "
            "place and swapped in only when everything succeeded, so a failed run "
            "leaves an existing OUT untouched."
        ),
    )
    export.add_argument(
        "--corpus",
        type=Path,
        default=DATA_DIR / "corpus.csv",
        metavar="CSV",
        help="the manifest; document paths are relative to its folder and "
        "periods.csv is read from beside it (default: data/corpus.csv)",
    )
    export.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to write the tables into"
    )
    export.add_argument(
        "--rules",
        type=Path,
        default=None,
        metavar="YAML",
        help="cleaning rules (default: data/cleaning.yml)",
    )
    export.add_argument(
        "--font",
        type=Path,
        default=None,
        metavar="OTF",
        help="CJK font for the word clouds (default: $POLICYTEXT_CJK_FONT, else Noto Sans "
        "CJK SC from the mplfonts package; see FONTS.md)",
    )
    export.add_argument(
        "--quiet", action="store_true", help="no progress bars or summary on standard error"
    )
    userdict = commands.add_parser(
        "userdict",
        help="regenerate the jieba user dictionary from the terms",
        description=(
            "Write the jieba user dictionary generated from the lexicon (terms.yml), "
            "or with --check fail if the file on disk differs from it."
        ),
    )
    userdict.add_argument(
        "--terms",
        type=Path,
        default=DATA_DIR / "terms.yml",
        metavar="YAML",
        help="the lexicon (default: data/terms.yml)",
    )
    userdict.add_argument(
        "--out",
        type=Path,
        default=DATA_DIR / "userdict.txt",
        metavar="TXT",
        help="the dictionary file (default: data/userdict.txt)",
    )
    userdict.add_argument(
        "--check", action="store_true", help="only check that the file is up to date"
    )
    return parser


def userdict_command(args: argparse.Namespace) -> None:
    """Write or check the user dictionary."""
    from policytext.lexicon import load_terms, userdict_text

    text = userdict_text(load_terms(args.terms))
    current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
    if args.check:
        if current != text:
            raise PolicytextError(
                f"{args.out}: out of date with {args.terms}; run `python -m policytext userdict`"
            )
        return
    args.out.write_text(text, encoding="utf-8")
    print(f"policytext: wrote {args.out}", file=sys.stderr)


def export_command(args: argparse.Namespace) -> None:
    """Run the pipeline and write its tables."""
    from policytext import pipeline

    if args.out.exists() and not args.out.is_dir():
        raise PolicytextError(f"{args.out}: exists and is not a folder; choose another --out")
    results = pipeline.run(args.corpus, rules=args.rules, progress=not args.quiet)
    pipeline.write(results, args.out, font=args.font)
    if not args.quiet:
        names = ", ".join(sorted(results.tables))
        print(
            f"policytext: wrote {len(results.documents)} documents to {args.out}: {names}, clean/",
            file=sys.stderr,
        )


def _environment_fault(error: OSError) -> str:
    """One line for a file-system fault, naming the cache folder when it is the cause."""
    from policytext.cache import CACHE_ENV, cache_path

    cache = cache_path().absolute()
    where = Path(str(error.filename)).absolute() if error.filename else None
    if where is not None and (where == cache or cache in where.parents or where in cache.parents):
        inside = "" if where == cache else f" (inside the cache folder {cache})"
        return (
            os_error_message(error, what="the cache folder")
            + f"{inside}; or set {CACHE_ENV} to a folder you can write to"
        )
    return os_error_message(error, what="a file")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 2 bad input, 1 internal error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "export":
            export_command(args)
        elif args.command == "userdict":
            userdict_command(args)
    except PolicytextError as error:
        for line in str(error).splitlines():
            print(f"policytext: error: {line}", file=sys.stderr)
        return 2
    except OSError as error:  # the environment, not the code: a full disk, a read-only cache
        print(f"policytext: error: {_environment_fault(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("policytext: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, not bad input
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        print(
            f"policytext: internal error: {type(error).__name__}: {error} "
            f"(set {DEBUG_ENV}=1 for the traceback; nothing was written)",
            file=sys.stderr,
        )
        return 1
    return 0
