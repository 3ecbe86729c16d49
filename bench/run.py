#!/usr/bin/env python3
"""Benchmarks: the export at scale against plain jieba, its memory, and the book build.

    .venv/bin/python bench/run.py                 # 1,000 documents (about 5 M characters)
    .venv/bin/python bench/run.py --sizes 1000,10000
    .venv/bin/python bench/run.py --quick         # 100 documents, no book: a smoke test

See bench/README.md for what is measured and how to read bench/RESULTS.md, to
which every run (but --quick) appends a dated section.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import datetime as dt
import hashlib
import inspect
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FunctionType, ModuleType

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
WORK = BENCH / "work"
RESULTS = BENCH / "RESULTS.md"
PYTHON = sys.executable
CACHE_ENV = "POLICYTEXT_CACHE"
STAGES_ENV = "POLICYTEXT_BENCH_STAGES"
GIB = 1024**3


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    """One measured process."""

    label: str
    wall: float = 0.0
    cpu: float = 0.0  # user + system, the process and every child it waited for
    max_rss: int = 0  # bytes: the largest single process (getrusage high-water mark)
    peak_tree: int = 0  # bytes: highest sampled sum of PSS over the process tree
    returncode: int | None = None
    timed_out: bool = False
    stages: list[dict] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def _memory(pid: int) -> int:
    """Proportional set size of one process in bytes (shared pages split between sharers).

    The resident size where the kernel gives no PSS; 0 for a process gone.
    """
    return _proc_kib(f"/proc/{pid}/smaps_rollup", "Pss:") or _proc_kib(
        f"/proc/{pid}/status", "VmRSS:"
    )


def _proc_kib(path: str, field: str) -> int:
    """The ``field`` line of a /proc file, in bytes (its value is in kB); 0 if absent."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def measure(
    label: str,
    command: list[str],
    *,
    env: dict[str, str],
    cpus: set[int] | None = None,
    timeout: float,
    log: Path,
    cwd: Path = ROOT,
    stages: Path | None = None,
) -> Run:
    """Run ``command``, timing it and sampling the memory of its process tree."""
    run = Run(label)
    if stages is not None:
        stages.unlink(missing_ok=True)
        env = {**env, STAGES_ENV: str(stages)}
    preexec = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec,
            start_new_session=True,
        )
        done = threading.Event()

        def sample() -> None:
            linux = Path("/proc/self/stat").exists()
            while linux and not done.wait(0.25):
                try:
                    total = sum(_memory(pid) for pid in _descendants(process.pid))
                except Exception:  # a process vanished mid-scan: try again
                    continue
                run.peak_tree = max(run.peak_tree, total)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        status, usage = None, None
        while status is None:
            pid, raw, rusage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status, usage = raw, rusage
                break
            if time.perf_counter() - start > timeout:
                run.timed_out = True
                _kill_group(process.pid)
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        run.wall = time.perf_counter() - start
        done.set()
        sampler.join()
    process.returncode = run.returncode = os.waitstatus_to_exitcode(status)
    run.cpu = usage.ru_utime + usage.ru_stime
    run.max_rss = usage.ru_maxrss * 1024
    if stages is not None and stages.exists():
        run.stages = json.loads(stages.read_text())
    if run.returncode != 0 and not run.timed_out:
        tail = log.read_text(errors="replace").splitlines()[-15:]
        run.note = f"exit status {run.returncode}; see {_shown(log)}"
        print(f"  {label}: failed ({run.note})\n    " + "\n    ".join(tail), file=sys.stderr)
    return run


def _shown(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _kill_group(pid: int) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        for _ in range(50):
            try:
                if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
                    return
            except ChildProcessError:
                return
            time.sleep(0.1)


# --------------------------------------------------------------------------- the corpus


def source_paragraphs() -> tuple[list[tuple[str, str]], list[str]]:
    """The paragraphs of the real clean documents, with their periods, and each document's period.

    They come from :func:`policytext.pipeline.run` on ``data/corpus.csv``.
    """
    from policytext import pipeline

    results = pipeline.run()
    pool = [
        (doc.period, paragraph)
        for doc, clean in zip(results.documents, results.cleaned, strict=True)
        for paragraph in clean.paragraphs
    ]
    return pool, [doc.period for doc in results.documents]


def build_corpus(
    folder: Path, n: int, *, pool: list[tuple[str, str]], periods: list[str], seed: int
) -> dict:
    """Write ``n`` synthetic documents: a manifest, periods.csv and raw files.

    Each document draws a period as the real documents are spread over them, a
    length between 2,500 and 7,500 characters (5,000 on average), and
    paragraphs of the real clean documents, without repeats, until it has that
    length. The corpus is rebuilt only when its recipe changed.
    """
    from policytext.config import DATA_DIR
    from policytext.text import count_chars

    recipe = hashlib.sha256(
        json.dumps([n, seed, pool, periods], ensure_ascii=False).encode()
    ).hexdigest()
    stamp = folder / ".recipe"
    if stamp.exists() and stamp.read_text() == recipe:
        return json.loads((folder / ".summary.json").read_text())
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "raw").mkdir(parents=True)
    shutil.copy(DATA_DIR / "periods.csv", folder / "periods.csv")
    rng = random.Random(seed)
    rows, chars = [], 0
    for number in range(1, n + 1):
        target = rng.randint(2_500, 7_500)
        period = rng.choice(periods)
        chosen, length = [], 0
        for index in rng.sample(range(len(pool)), len(pool)):
            if length >= target:
                break
            chosen.append(pool[index][1])
            length += count_chars(pool[index][1])
        chars += length
        doc_id = f"synthetic-{number:05d}"
        (folder / "raw" / f"{doc_id}.txt").write_text("\n\n".join(chosen) + "\n", encoding="utf-8")
        rows.append(
            {
                "doc_id": doc_id,
                "file": f"raw/{doc_id}.txt",
                "title": f"合成文档 {number}",
                "title_en": f"Synthetic document {number}",
                "outlet": "bench/run.py",
                "date": period,
                "date_note": "Synthetic: paragraphs resampled from the real documents",
                "period": period,
                "url": "",
                "notes": "",
            }
        )
    with (folder / "corpus.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    summary = {"documents": n, "chars": chars}
    (folder / ".summary.json").write_text(json.dumps(summary))
    stamp.write_text(recipe)
    return summary


def corpus_texts(manifest: Path) -> list[str]:
    """The raw texts of a synthetic corpus, in manifest order."""
    with manifest.open(encoding="utf-8") as handle:
        files = [row["file"] for row in csv.DictReader(handle)]
    return [(manifest.parent / name).read_text(encoding="utf-8") for name in files]


# --------------------------------------------------------------------------- child processes


def floor_main(manifest: Path, out: Path) -> None:
    """The floor: plain ``jieba.lcut`` over the corpus texts, timed in this process."""
    start = time.perf_counter()
    texts = corpus_texts(manifest)
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.tmp_dir = os.environ[CACHE_ENV]
    jieba.initialize()
    ready = time.perf_counter()
    tokens = sum(len(jieba.lcut(text)) for text in texts)
    default = time.perf_counter()
    tokens_plain = sum(len(jieba.lcut(text, HMM=False)) for text in texts)
    plain = time.perf_counter()
    # What the pipeline runs: the same words by rjieba (checked here too).
    from policytext.segment import segmenter

    rjieba_start = time.perf_counter()
    words = segmenter()
    same = [words.cut(text, False) for text in texts]
    rjieba_end = time.perf_counter()
    if sum(map(len, same)) != tokens_plain:
        raise SystemExit("rjieba and jieba.lcut(HMM=False) disagree on the benchmark corpus")
    out.write_text(
        json.dumps(
            {
                "setup": ready - start,
                "lcut": default - ready,
                "lcut_no_hmm": plain - default,
                "rjieba": rjieba_end - rjieba_start,
                "tokens": tokens,
                "tokens_no_hmm": tokens_plain,
            }
        )
    )


def export_main(argv: list[str]) -> int:
    """``python -m policytext export ARGS``, with a timer on every stage it calls."""
    instrument(Path(os.environ[STAGES_ENV]) if os.environ.get(STAGES_ENV) else None)
    from policytext.cli import main

    return main(["export", *argv])


def instrument(out: Path | None) -> None:
    """Time every public function of the pipeline's modules when called from outside them.

    Only the outermost timed call is counted (a stage that calls another is
    timed once, as itself), so the times add up to the run. The totals are
    written to ``out`` at most once a second and at exit, so a run stopped by
    the timeout still shows where its time went. ``per_document.process_documents`` is not
    timed itself, so the stages it calls are; in worker processes (a run on
    several cores) nothing is recorded: only the parent's stages are.
    """
    if out is None:
        return
    import resource

    from policytext import parts, per_document, pipeline

    totals: dict[str, dict] = {}  # per stage: seconds and calls, in order of first call
    running: list[str | None] = [None]
    depth = [0]
    parent = os.getpid()
    last_save = [0.0]

    def rss() -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def save(force: bool = False) -> None:
        """Write the totals (at most once a second, and at exit)."""
        if os.getpid() != parent or not (force or time.monotonic() - last_save[0] >= 1.0):
            return
        still = [{"stage": running[0], "seconds": None}] if running[0] else []
        out.write_text(json.dumps([*totals.values(), *still]))
        last_save[0] = time.monotonic()

    atexit.register(save, True)

    def timed(name: str, function: FunctionType) -> FunctionType:
        def wrapper(*args, **kwargs):
            if os.getpid() != parent:  # a worker: its stages are not the parent's
                return function(*args, **kwargs)
            depth[0] += 1
            start = time.perf_counter()
            if depth[0] == 1:
                running[0] = name
                save()
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    record = totals.setdefault(name, {"stage": name, "seconds": 0.0, "calls": 0})
                    record["seconds"] += time.perf_counter() - start
                    record["calls"] += 1
                    record["rss_after"] = rss()
                    record["max_rss_so_far"] = (
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
                    )
                    running[0] = None
                    save()

        wrapper.__wrapped__ = function
        return wrapper

    staged = [pipeline, parts, per_document]
    modules = staged + [
        value
        for module in staged
        for value in vars(module).values()
        if isinstance(value, ModuleType) and value.__name__.startswith("policytext.")
    ]
    modules = list(dict.fromkeys(modules))
    for module in modules:
        for name, value in list(vars(module).items()):
            if (
                isinstance(value, FunctionType)
                and not name.startswith("_")
                and name not in ("run", "process_documents")
                and not inspect.isgeneratorfunction(value)
                and value.__module__.startswith("policytext.")
            ):
                short = value.__module__.removeprefix("policytext.")
                setattr(module, name, timed(f"{short}.{value.__name__}", value))


# --------------------------------------------------------------------------- the scenarios


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POLICYTEXT_WORKERS",)}
    env.update({CACHE_ENV: str(cache), "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"})
    return env


def prepare_cache(cache: Path) -> None:
    """A project cache holding jieba's dictionary cache, so no run pays for building it."""
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [PYTHON, "-c", "from policytext.segment import get_tokenizer; get_tokenizer()"],
        env=environment(cache),
        check=True,
        cwd=ROOT,
    )


def bench_size(n: int, args: argparse.Namespace, pool, periods) -> dict:
    """Every measurement at one corpus size."""
    folder = WORK / f"corpus-{n}"
    cache = WORK / f"cache-{n}"
    out = WORK / f"out-{n}"
    logs = WORK / "logs"
    print(f"\n== {n:,} documents", file=sys.stderr)
    summary = build_corpus(folder, n, pool=pool, periods=periods, seed=args.seed)
    manifest = folder / "corpus.csv"
    print(f"corpus: {summary['chars']:,} characters in {_shown(folder)}", file=sys.stderr)
    prepare_cache(cache)
    env = environment(cache)
    one_cpu = {min(os.sched_getaffinity(0))}
    result: dict = {"documents": n, "chars": summary["chars"], "runs": {}}
    runs = result["runs"]

    print("floor: jieba.lcut on one core ...", file=sys.stderr)
    floor_json = WORK / f"floor-{n}.json"
    runs["floor"] = measure(
        "floor",
        [PYTHON, __file__, "_floor", str(manifest), str(floor_json)],
        env=env,
        cpus=one_cpu,
        timeout=args.timeout,
        log=logs / f"floor-{n}.log",
    )
    if runs["floor"].ok:
        result["floor"] = json.loads(floor_json.read_text())

    export = [PYTHON, __file__, "_export", "--corpus", str(manifest), "--out", str(out), "--quiet"]
    scenarios = [("export_1core_cold", one_cpu), ("export_cold", None)]
    if args.workers:
        env["POLICYTEXT_WORKERS"] = str(args.workers)
    for label, cpus in scenarios:
        if any(r.timed_out for r in runs.values() if r.label.startswith("export")):
            runs[label] = Run(label, note="not run: an earlier export timed out")
            continue
        where = "one core" if cpus else f"{len(os.sched_getaffinity(0))} cores"
        print(f"{label}: export on {where} ...", file=sys.stderr)
        run = measure(
            label,
            export,
            env=env,
            cpus=cpus,
            timeout=args.timeout,
            log=logs / f"{label}-{n}.log",
            stages=WORK / f"stages-{label}-{n}.json",
        )
        runs[label] = run
        print(f"  {_seconds(run)}, peak {_gib(run.peak_tree)} GiB", file=sys.stderr)
    return result


# --------------------------------------------------------------------------- the book


def bench_book(args: argparse.Namespace) -> dict:
    """A cold and a warm (nothing changed) ``make book`` in a copy of the working tree."""
    copy = WORK / "book-copy"
    print(f"\n== make book in {_shown(copy)}", file=sys.stderr)
    shutil.rmtree(copy, ignore_errors=True)
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith("bench/"):
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    venv = ROOT / ".venv"
    stamp = copy / ".bench-installed"  # the environment is installed: make must not reinstall
    stamp.touch()
    env = {k: v for k, v in os.environ.items() if k not in (CACHE_ENV, "POLICYTEXT_WORKERS")}
    env["PYTHONPATH"] = str(copy)  # import the copy's package, not the editable install's
    make = ["make", "book", f"VENV={venv}", f"STAMP={stamp}"]
    runs = {}
    for label in ("book_cold", "book_warm"):
        print(f"{label}: make book ...", file=sys.stderr)
        runs[label] = measure(
            label,
            make,
            env=env,
            timeout=args.book_timeout,
            log=WORK / "logs" / f"{label}.log",
            cwd=copy,
        )
        print(f"  {_seconds(runs[label])}", file=sys.stderr)
    html = copy / "_build" / "html"
    pages = {}
    for chapter in _chapters(copy / "_toc.yml"):
        page = html / f"{chapter}.html"
        if page.exists():
            pages[chapter] = page.stat().st_size
    files = [p for p in html.rglob("*") if p.is_file()]
    largest = sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:5]
    return {
        "runs": runs,
        "pages": pages,
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "largest": [(str(p.relative_to(html)), p.stat().st_size) for p in largest],
    }


def _chapters(toc: Path) -> list[str]:
    import yaml

    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    found = [data["root"]]

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data.get("parts") or data.get("chapters") or [])
    return found


# --------------------------------------------------------------------------- reporting


def _gib(value: int) -> str:
    return f"{value / GIB:.2f}"


def _seconds(run: Run) -> str:
    if run.timed_out:
        return f"> {run.wall:.0f} s (timed out)"
    if run.returncode is None:
        return run.note or "not run"
    if run.returncode != 0:
        return f"failed ({run.note})"
    return f"{run.wall:.1f} s"


def _ratio(run: Run, floor: float) -> str:
    if run.timed_out:
        return f"> {run.wall / floor:.2f}×"
    if not run.ok:
        return "–"
    return f"{run.wall / floor:.2f}×"


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    import jieba
    import pandas

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cpus": len(os.sched_getaffinity(0)),
        "memory_gib": memory / GIB,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "jieba": jieba.__version__,
        "pandas": pandas.__version__,
        "commit": commit + (" with uncommitted changes" if dirty else ""),
    }


def _stage_seconds(run: Run, stage: str) -> float | None:
    found = [r["seconds"] for r in run.stages if r["stage"] == stage and r.get("seconds")]
    return sum(found) if found else None


def stage_table(run: Run, top: int = 8) -> list[str]:
    stages: dict[str, float] = {}
    for record in run.stages:
        if record.get("seconds") is not None:
            stages[record["stage"]] = stages.get(record["stage"], 0.0) + record["seconds"]
    if not stages:
        return []
    running = [r["stage"] for r in run.stages if r.get("seconds") is None]
    total = run.wall
    lines = [
        f"Where the time goes ({run.label}, {_seconds(run)}):",
        "",
        "| stage | seconds | share |",
        "|---|---:|---:|",
    ]
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"| `{name}` | {seconds:.1f} | {seconds / total:.0%} |")
    rest = total - sum(stages.values())
    what = "start-up, imports, the rest"
    if not any(name.startswith("clean.") for name in stages):
        what += " (here: the per-document stages, run in worker processes)"
    lines.append(f"| {what} | {rest:.1f} | {rest / total:.0%} |")
    if running:
        lines.append(f"| `{running[-1]}` (still running at the timeout) | – | – |")
    return [*lines, ""]


def report(info: dict, command: str, sizes: list[dict], book: dict | None, load: tuple) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"## {now}: `{command}`",
        "",
        f"Machine: {info['cpu']}, {info['cpus']} CPUs, {info['memory_gib']:.1f} GiB; "
        f"{info['os']}; Python {info['python']}, jieba {info['jieba']}, pandas {info['pandas']}. "
        f"Commit {info['commit']}. Load average at start {load[0]:.2f}, at end {load[1]:.2f} "
        "(above 0 means other work shared the CPUs: times are then upper bounds).",
        "",
    ]
    for size in sizes:
        runs = size["runs"]
        floor = size.get("floor")
        lines += [
            f"### {size['documents']:,} documents, {size['chars'] / 1e6:.1f} M characters",
            "",
            "| measure | result | ratio to floor | target |",
            "|---|---:|---:|---|",
        ]
        if floor:
            base = floor["setup"] + floor["lcut"]
            plain = floor["setup"] + floor["lcut_no_hmm"]
            lines.append(
                f"| floor: `jieba.lcut` (default, HMM on), 1 core | {base:.1f} s "
                f"({floor['lcut']:.1f} s segmenting) | 1.00× | |"
            )
            lines.append(
                f"| same with `HMM=False`, 1 core | {plain:.1f} s | {plain / base:.2f}× | |"
            )
            if "rjieba" in floor:
                same = floor["setup"] + floor["rjieba"]
                lines.append(
                    "| the same words by rjieba (`policytext.segment.segmenter`, what the "
                    f"pipeline runs), 1 core | {same:.1f} s | {same / base:.2f}× | |"
                )
        else:
            base = None
            lines.append(f"| floor | {_seconds(runs['floor'])} | | |")
        targets = {
            "export_1core_cold": ("export, 1 core", "≤ 1.3×"),
            "export_cold": (f"export, {info['cpus']} cores", "< 1.0×"),
        }
        for label, (what, target) in targets.items():
            run = runs[label]
            ratio = _ratio(run, base) if base else "–"
            met = ""
            if target and base and run.ok:
                limit = 1.3 if "1.3" in target else 1.0
                met = " met" if run.wall / base <= limit else " **not met**"
            elif target and run.timed_out:
                met = " **not met**"
            detail = f"; {run.note}" if run.note and run.ok else ""
            lines.append(f"| {what} | {_seconds(run)}{detail} | {ratio} | {target}{met} |")
        peak = max((r.peak_tree for r in runs.values() if r.label.startswith("export")), default=0)
        biggest = max((r.max_rss for r in runs.values() if r.label.startswith("export")), default=0)
        timed_out = any(r.timed_out for r in runs.values())
        met = "met" if peak < 2 * GIB and not timed_out else "**not met**"
        if timed_out and peak < 2 * GIB:
            met = "unknown (a run timed out)"
        lines.append(
            f"| peak memory of an export (sum over its processes; largest one process) | "
            f"{_gib(peak)} GiB ({_gib(biggest)} GiB) | | < 2 GB: {met} |"
        )
        lines.append("")
        cpu_lines = [
            f"{label}: {run.cpu:.1f} s CPU in {run.wall:.1f} s"
            + (
                f" ({_stage_seconds(run, 'per_document.tokenize_texts'):.1f} s segmenting)"
                if _stage_seconds(run, "per_document.tokenize_texts") is not None
                else ""
            )
            for label, run in runs.items()
            if run.returncode is not None
        ]
        lines += ["CPU time (user + system, all processes): " + "; ".join(cpu_lines) + ".", ""]
        # On one core every stage runs in the export's own process: the full breakdown.
        for label in ("export_1core_cold", "export_cold"):
            lines += stage_table(runs[label], top=12 if label == "export_1core_cold" else 6)
    if book:
        cold, warm = book["runs"]["book_cold"], book["runs"]["book_warm"]
        met = "met" if warm.ok and warm.wall < 5 else "**not met**"
        lines += [
            "### The book (`make book` in a copy of the working tree, real corpus)",
            "",
            "| measure | result | target |",
            "|---|---:|---|",
            f"| cold `make book` (no _build, no caches) | {_seconds(cold)} | |",
            f"| warm `make book`, nothing changed | {_seconds(warm)} | no-op < 5 s: {met} |",
            f"| peak memory of the cold build | {_gib(cold.peak_tree)} GiB | |",
            f"| whole site (`_build/html`) | {book['site_bytes'] / 1e6:.1f} MB in "
            f"{book['site_files']:,} files | |",
        ]
        for chapter, size in book["pages"].items():
            lines.append(f"| page `{chapter}.html` | {size / 1e3:.0f} kB | |")
        lines.append("")
        lines.append(
            "Largest files: "
            + ", ".join(f"`{name}` {size / 1e6:.1f} MB" for name, size in book["largest"])
            + "."
        )
        lines.append("")
    return "\n".join(lines) + "\n"


def append_results(text: str) -> None:
    header = (
        "# Benchmark results\n\n"
        "Written by `bench/run.py` (see bench/README.md); each run appends a dated "
        "section, newest last.\n\n"
    )
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else header
    RESULTS.write_text(current.rstrip("\n") + "\n\n" + text, encoding="utf-8")


# --------------------------------------------------------------------------- main


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Benchmark the export against plain jieba, its memory, and make book.",
    )
    parser.add_argument(
        "--sizes",
        default="1000",
        help="corpus sizes in documents, comma-separated (default 1000; the full run: 1000,10000)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="100 documents, no book, nothing appended to RESULTS.md",
    )
    parser.add_argument("--no-book", action="store_true", help="skip the make book measurements")
    parser.add_argument(
        "--workers", type=int, default=None, help="segmentation processes (default: every CPU)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds before a run is stopped and reported as timed out (default 1800)",
    )
    parser.add_argument(
        "--book-timeout", type=float, default=1800, help="seconds for each make book (default 1800)"
    )
    parser.add_argument("--seed", type=int, default=8, help="seed of the synthetic corpus")
    parser.add_argument(
        "--no-write", action="store_true", help="print the results, do not append to RESULTS.md"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.no_book, args.no_write = "100", True, True
    args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == ["_floor"]:
        floor_main(Path(argv[1]), Path(argv[2]))
        return 0
    if argv[:1] == ["_export"]:
        return export_main(argv[1:])
    args = parse(argv)
    command = "python bench/run.py " + " ".join(argv) if argv else "python bench/run.py"
    WORK.mkdir(parents=True, exist_ok=True)
    # Nothing here touches the project cache: the benchmark has its own.
    os.environ[CACHE_ENV] = str(WORK / "cache-source")
    load_start = os.getloadavg()[0]
    info = machine()
    print("reading the real corpus for its paragraphs ...", file=sys.stderr)
    pool, periods = source_paragraphs()
    sizes = [bench_size(n, args, pool, periods) for n in args.size_list]
    book = None if args.no_book else bench_book(args)
    text = report(info, command.strip(), sizes, book, (load_start, os.getloadavg()[0]))
    print("\n" + text)
    if not args.no_write:
        append_results(text)
        print(f"appended to {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    raw = WORK / "last-run.json"
    raw.write_text(
        json.dumps(
            {"machine": info, "sizes": sizes, "book": book},
            default=lambda o: asdict(o) if isinstance(o, Run) else str(o),
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
