#!/usr/bin/env python3
"""The export of this tree against a baseline commit, in one run: "no slower than before".

    .venv/bin/python bench/baseline.py --baseline 126528e                  # 1,000 documents
    .venv/bin/python bench/baseline.py --baseline 126528e --sizes 1000,10000
    .venv/bin/python bench/baseline.py --baseline 126528e --sizes 100 --no-write  # smoke test

Both trees export the same synthetic corpus (:func:`run.build_corpus`, the
corpus of ``bench/run.py``) on one core, interleaved (baseline, this tree,
baseline, this tree ...), each in a fresh process whose CPU time, wall time
and memory are measured (:func:`run.measure`). The result is the ratio of this
tree to the baseline, so a loaded machine slows both alike. The baseline is
``git archive``-d into ``bench/work/`` and imported through ``PYTHONPATH``
with this tree's virtualenv (the pinned dependencies must be the same).

The two exports are also compared file by file: the files that differ are
listed, so a change of output is seen (on purpose or not).

Every run but ``--no-write`` appends a section to ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench


def archive(commit: str) -> tuple[Path, str]:
    """The tree of ``commit`` in ``bench/work/baseline-<sha>`` (made once); and its short sha."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", commit],
        cwd=bench.ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tree = bench.WORK / f"baseline-{sha}"
    if not (tree / "policytext").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        tar = subprocess.Popen(["git", "archive", sha], cwd=bench.ROOT, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(tree)], stdin=tar.stdout, check=True)
        if tar.wait() != 0:
            raise SystemExit(f"git archive {sha} failed")
    return tree, sha


def imported_from(tree: Path, env: dict[str, str]) -> Path:
    """Where ``policytext`` is imported from with ``env`` (checks the PYTHONPATH trick)."""
    found = subprocess.run(
        [bench.PYTHON, "-c", "import policytext; print(policytext.__file__)"],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return Path(found).resolve().parent


def differing(a: Path, b: Path) -> list[str]:
    """Files (relative paths) that differ between two folders, or are in one only."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(found)


def bench_size(n: int, args: argparse.Namespace, trees: dict[str, Path], pool, periods) -> dict:
    """Interleaved exports of both trees on one corpus size."""
    folder = bench.WORK / f"corpus-{n}"
    print(f"\n== {n:,} documents", file=sys.stderr)
    summary = bench.build_corpus(folder, n, pool=pool, periods=periods, seed=args.seed)
    one_cpu = {min(os.sched_getaffinity(0))}
    runs: dict[str, list[bench.Run]] = {name: [] for name in trees}
    outs = {name: bench.WORK / f"out-{name}-{n}" for name in trees}
    for name, tree in trees.items():
        cache = bench.WORK / f"cache-{name}"
        env = {**bench.environment(cache), "PYTHONPATH": str(tree)}
        cache.mkdir(parents=True, exist_ok=True)
        where = imported_from(tree, env)
        if where != (tree / "policytext").resolve():
            raise SystemExit(f"{name}: policytext imported from {where}, not from {tree}")
    for round_ in range(1, args.rounds + 1):
        for name, tree in trees.items():
            cache = bench.WORK / f"cache-{name}"
            env = {**bench.environment(cache), "PYTHONPATH": str(tree)}
            print(f"round {round_}: {name} ...", file=sys.stderr)
            run = bench.measure(
                f"{name}-{round_}",
                [
                    bench.PYTHON,
                    "-m",
                    "policytext",
                    "export",
                    "--corpus",
                    str(folder / "corpus.csv"),
                    "--out",
                    str(outs[name]),
                    "--quiet",
                ],
                env=env,
                cpus=one_cpu,
                timeout=args.timeout,
                log=bench.WORK / "logs" / f"baseline-{name}-{n}-{round_}.log",
                cwd=tree,
            )
            print(
                f"  {run.cpu:.1f} s CPU, {run.wall:.1f} s wall, rc {run.returncode}",
                file=sys.stderr,
            )
            runs[name].append(run)
    ok = all(r.ok for rs in runs.values() for r in rs)
    return {
        "documents": n,
        "chars": summary["chars"],
        "runs": runs,
        "differ": differing(outs["baseline"], outs["this tree"]) if ok else None,
        "ok": ok,
    }


def report(sha: str, head: str, sizes: list[dict], load: tuple[float, float], command: str) -> str:
    """The Markdown section for RESULTS.md."""
    info = bench.machine()
    now = bench.dt.datetime.now(bench.dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## {now}: `{command}`",
        "",
        f"Machine: {info['cpu']}, {info['cpus']} CPUs, {info['memory_gib']:.1f} GiB; "
        f"{info['os']}; Python {info['python']}, jieba {info['jieba']}, pandas {info['pandas']}. "
        f"This tree: {head}; baseline: {sha}. Load average at start {load[0]:.2f}, at end "
        f"{load[1]:.2f} (both trees run interleaved, so load slows both).",
        "",
        "Export on one core, nothing cached, medians over the rounds:",
        "",
        "| documents | baseline CPU (each run) | this tree CPU (each run) | ratio (CPU) "
        "| ratio (wall) | peak memory, baseline → this tree | outputs |",
        "|---:|---:|---:|---:|---:|---|---|",
    ]
    for size in sizes:
        base, this = size["runs"]["baseline"], size["runs"]["this tree"]
        if not size["ok"]:
            lines.append(f"| {size['documents']:,} | failed: see bench/work/logs | | | | | |")
            continue
        cpu_b, cpu_t = (statistics.median(r.cpu for r in rs) for rs in (base, this))
        wall_b, wall_t = (statistics.median(r.wall for r in rs) for rs in (base, this))
        mem_b, mem_t = (max(r.peak_tree for r in rs) for rs in (base, this))
        differ = size["differ"]
        outputs = (
            "identical"
            if not differ
            else f"{len(differ)} files differ: "
            + ", ".join(f"`{d}`" for d in differ[:8])
            + (" …" if len(differ) > 8 else "")
        )
        each_b = ", ".join(f"{r.cpu:.1f}" for r in base)
        each_t = ", ".join(f"{r.cpu:.1f}" for r in this)
        lines.append(
            f"| {size['documents']:,} | {cpu_b:.1f} s ({each_b}) | {cpu_t:.1f} s ({each_t}) "
            f"| {cpu_t / cpu_b:.2f}× "
            f"| {wall_t / wall_b:.2f}× | {bench._gib(mem_b)} → {bench._gib(mem_t)} GiB "
            f"| {outputs} |"
        )
    return "\n".join(lines) + "\n"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/baseline.py",
        description="The export of this tree against a baseline commit, interleaved, one core.",
    )
    parser.add_argument("--baseline", required=True, help="the commit to compare with")
    parser.add_argument("--sizes", default="1000", help="corpus sizes, comma-separated")
    parser.add_argument("--rounds", type=int, default=2, help="exports of each tree per size")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per export")
    parser.add_argument("--seed", type=int, default=8, help="seed of the synthetic corpus")
    parser.add_argument("--no-write", action="store_true", help="do not append to RESULTS.md")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    command = "python bench/baseline.py " + " ".join(argv)
    bench.WORK.mkdir(parents=True, exist_ok=True)
    os.environ[bench.CACHE_ENV] = str(bench.WORK / "cache-source")
    load_start = os.getloadavg()[0]
    tree, sha = archive(args.baseline)
    head = bench.machine()["commit"]
    trees = {"baseline": tree, "this tree": bench.ROOT}
    print("reading the real corpus for its paragraphs ...", file=sys.stderr)
    pool, periods = bench.source_paragraphs()
    sizes = [
        bench_size(int(n), args, trees, pool, periods) for n in args.sizes.split(",") if n.strip()
    ]
    raw = bench.WORK / "last-baseline.json"
    raw.write_text(
        bench.json.dumps(
            sizes, default=lambda o: bench.asdict(o) if isinstance(o, bench.Run) else str(o)
        )
    )
    text = report(sha, head, sizes, (load_start, os.getloadavg()[0]), command)
    print("\n" + text)
    if not args.no_write:
        bench.append_results(text)
        print(f"appended to {bench.RESULTS.relative_to(bench.ROOT)}", file=sys.stderr)
    return 0 if all(s["ok"] for s in sizes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
