"""Concordance on long unpunctuated text: kwic.csv size and time against input size.

A page without sentence marks is one sentence. Quoting the whole sentence for
every hit made ``kwic.csv`` grow with the square of the text (395 MB for
200,000 characters); with ``policytext.counts.SENTENCE_MAX_CHARS`` it grows
linearly. This script measures it (not a test: nothing here is timed in
``make test``) and appends the results to ``bench/RESULTS.md``.

Method: for each size N, a text of N characters of Chinese filler with no
sentence mark, the three focal terms sprinkled every 500 characters on
average (random positions, fixed seed); ``counts.kwic`` is run on it (after
one warm-up run) and its CSV written to memory. Reported: hits, CSV bytes,
bytes per input character, seconds (best of three) and seconds per million
characters. Linear growth shows as constant bytes and seconds per character.

Usage::

    .venv/bin/python bench/kwic_long.py                  # 50k, 200k, 1M characters
    .venv/bin/python bench/kwic_long.py --sizes 50000,5000000 --no-append
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from policytext.counts import SENTENCE_MAX_CHARS, kwic
from policytext.lexicon import load_terms
from policytext.text import count_chars, normalize_text

RESULTS = Path(__file__).with_name("RESULTS.md")
FILLER = "工业和信息化部推动制造业数字化转型加快培育新兴产业的发展"


def long_text(chars: int, *, terms: list[str], every: int = 500, seed: int = 0) -> str:
    """``chars`` characters of filler without sentence marks, a term about every ``every``."""
    rng = random.Random(seed)
    pieces, length = [], 0
    while length < chars:
        run = rng.randint(every // 2, every * 3 // 2)
        filler = (FILLER * (run // len(FILLER) + 1))[:run]
        piece = filler + rng.choice(terms)
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)[:chars]


def measure(chars: int, terms) -> dict[str, float]:
    """Hits, CSV bytes and best-of-three seconds of kwic on a text of ``chars`` characters."""
    focal = [t.term for t in terms if t.focal]
    text = long_text(chars, terms=focal)
    texts = pd.DataFrame(
        [
            {
                "doc_id": "long",
                "period": "p",
                "text": text,
                "norm": normalize_text(text),
                "chars": count_chars(text),
            }
        ]
    )
    kwic(texts, terms)  # warm-up: compiled patterns, NFKC table
    times = []
    for _ in range(3):
        began = time.perf_counter()
        table = kwic(texts, terms)
        buffer = io.StringIO()
        table.to_csv(buffer, index=False)
        times.append(time.perf_counter() - began)
    size = len(buffer.getvalue().encode("utf-8"))
    return {
        "chars": chars,
        "hits": len(table),
        "windowed": int(table["sentence_windowed"].sum()),
        "bytes": size,
        "seconds": min(times),
    }


def report(rows: list[dict[str, float]], command: str) -> str:
    """A Markdown section for ``bench/RESULTS.md``."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = os.getloadavg()[0]
    lines = [
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: `{command}`",
        "",
        "Concordance (`counts.kwic` + CSV) on one unpunctuated text, focal terms every ~500 "
        f"characters; sentence window {SENTENCE_MAX_CHARS} characters. Commit {commit}; load "
        f"average at start {load:.2f} (times are upper bounds when others share the CPUs). "
        "Method: see the docstring of `bench/kwic_long.py`; seconds are the best of three.",
        "",
        "| characters | hits | windowed | kwic.csv bytes | bytes per character | seconds "
        "| seconds per M characters |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['chars']:,} | {row['hits']:,} | {row['windowed']:,} | {row['bytes']:,} "
            f"| {row['bytes'] / row['chars']:.1f} | {row['seconds']:.3f} "
            f"| {row['seconds'] / row['chars'] * 1e6:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the benchmark and print (and append) the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="50000,200000,1000000", help="characters, comma-separated"
    )
    parser.add_argument("--no-append", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args()
    terms = load_terms()
    rows = [measure(int(size), terms) for size in args.sizes.split(",")]
    section = report(
        rows,
        "python bench/kwic_long.py"
        + (f" --sizes {args.sizes}" if args.sizes != parser.get_default("sizes") else ""),
    )
    print(section)
    if not args.no_append:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n" + section)


if __name__ == "__main__":
    main()
