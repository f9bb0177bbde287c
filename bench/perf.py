"""The benchmarks of the issue, each figure next to its baseline measured in the same run.

Run: bench/run [--quick]      (or: uv run python bench/perf.py [--quick])

Subject and baseline commands are interleaved, so drift of the machine falls on both, and every figure is a
median. Startup is timed on the venv's own interpreter and console script with bytecode compiled first. The
library figures use a synthetic library (``synthetic.py``) of 1,000 packs of 100 items; each load runs in a
fresh process (``_load.py``). The dossier-store figures (``dossiers.py``) use a SQLite file of 1,000
dossiers with 10 meetings and 20 agreements each, and 8 threads writing to one file for 30 s; searching
them (``own_search.py``) 1,000 dossiers of 10 meetings with Dutch notes, next to a bare ``LIKE`` scan. The web
figures (``web.py``) load each page for 10 s with wrk next to a Flask hello-world, and the pages no cache
can answer (a new search or question, another of 1,000 dossiers, in every request); the coach's (``coach.py``)
time its start in a pseudo-terminal and its completion with the synthetic library. The limits
(``limits.py``) are issue 12's: the dossier list at 1,000 and 10,000 dossiers under wrk next to hello-world,
the server's memory under the attack on the page memory, and writes through the web forms with the server
SIGKILLed halfway (on SQLite, and on PostgreSQL when AANTAFEL_TEST_POSTGRES_URL is set). Hosting
(``hosted.py``, PostgreSQL only): a signed-in dossier page next to the same page without accounts under
gunicorn -w 4, the trainer's page, sign-in and argon2 times, connections and workers' memory. ``--quick`` is a
smoke run: fewer repetitions, 100 packs, 100 dossiers, 10 s of writing, 3 s per page (2 s per list page, 3 s
of writes before and after the kill). The finder's quality (``finder.py``): top-1 and top-3 per
corpus and language, and "nothing fits" on off-topic sentences, next to TF-IDF over the same items. ``--only
dossiers`` (or startup, library, web, limits, hosted, coach, finder, readability; repeatable) runs one part.

This is a report, not a test: it exits 0 when a target is missed, and says MISSED.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
AANTAFEL = VENV_BIN / "aantafel"
PYTEST = VENV_BIN / "pytest"
POSTGRES_VARIABLE = "AANTAFEL_TEST_POSTGRES_URL"  # the tests' PostgreSQL server (tests/conftest.py)
CACHE_VARIABLE = "AANTAFEL_CACHE_DIR"  # aantafel.places.CACHE_DIR_VARIABLE; not imported, to keep this light
SEED = 20240611


class Plan(NamedTuple):
    name: str
    rounds: int  # cold-start rounds, each running every command once
    packs: int
    items_per_pack: int
    load_repeats: int  # interleaved (tomllib, cold load, warm load) triples
    queries: int
    situations: int
    dossiers: int  # each with DOSSIER_MEETINGS meetings and DOSSIER_AGREEMENTS agreements
    dossier_calls: int  # calls of each read figure, on random dossiers
    write_seconds: float  # of WRITER_THREADS threads writing; one thread writes a third as long for reference
    web_seconds: float  # of wrk load per page and per hello-world run
    list_seconds: float  # of wrk load per dossier list page and per hello-world run (limits)
    kill_seconds: float  # of writes through the web forms, the server killed halfway (limits)
    hosted_seconds: float  # of wrk load per page and per hello-world run (hosted)


FULL = Plan(
    "full",
    rounds=15,
    packs=1000,
    items_per_pack=100,
    load_repeats=3,
    queries=200,
    situations=100,
    dossiers=1000,
    dossier_calls=50,
    write_seconds=30,
    web_seconds=10,
    list_seconds=6,
    kill_seconds=6,
    hosted_seconds=5,
)
QUICK = Plan(
    "quick",
    rounds=5,
    packs=100,
    items_per_pack=100,
    load_repeats=2,
    queries=50,
    situations=30,
    dossiers=100,
    dossier_calls=20,
    write_seconds=10,
    web_seconds=3,
    list_seconds=2,
    kill_seconds=3,
    hosted_seconds=2,
)
DOSSIER_MEETINGS = 10
DOSSIER_AGREEMENTS = 20
WRITER_THREADS = 8
WEB_QUERIES = 50_000  # different searches for the web figures: more than any run sends
PARTS = ("startup", "library", "dossiers", "web", "limits", "hosted", "coach", "finder", "readability")
HOSTED_TARGET = 0.8  # a signed-in member's dossier page, of the same page's throughput without accounts


class Report:
    """Prints figure lines as they come and remembers every target for the summary."""

    def __init__(self) -> None:
        self.met: list[str] = []
        self.missed: list[str] = []
        self.unavailable: list[str] = []

    def line(
        self, label: str, value: str, relation: str = "", target: str = "", ok: bool | None = None
    ) -> None:
        verdict = "" if ok is None else "ok" if ok else "MISSED"
        if ok is True:
            self.met.append(label)
        elif ok is False:
            self.missed.append(label)
        text = f"{label:<26} {value:>10}   {relation:<34} {target:<24} {verdict}"
        print(text.rstrip(), flush=True)

    def note(self, text: str) -> None:
        print(f"  {text}", flush=True)

    def not_available(self, label: str, reason: str) -> None:
        self.unavailable.append(label)
        print(f"{label:<26} {'not available':>10}   {reason}", flush=True)

    def section(self, title: str) -> None:
        print(f"\n== {title}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def sec(seconds: float) -> str:
    return f"{seconds:.2f} s"


def run_quiet(command: Sequence[str | Path], env: Mapping[str, str]) -> tuple[float, int]:
    """Wall time of one run from start to exit, output thrown away."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(part) for part in command],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start, done.returncode


def compile_bytecode(report: Report) -> None:
    """The environment sets PYTHONDONTWRITEBYTECODE, so nothing is compiled unless we do it here."""
    purelib = subprocess.run(
        [str(PYTHON), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    members = [
        ROOT / "core" / "src",
        *sorted(ROOT.glob("content/*/src")),
        *sorted(ROOT.glob("frontends/*/src")),
    ]
    sources = [*members, Path(purelib)]
    start = time.perf_counter()
    done = subprocess.run(
        [str(PYTHON), "-m", "compileall", "-q", "-j", "0", *map(str, sources)],
        capture_output=True,
        text=True,
        check=False,
    )
    # A few files in site-packages are not valid Python on purpose (test data); that is fine.
    report.note(
        f"bytecode compiled in {sec(time.perf_counter() - start)} "
        f"({', '.join(str(s.relative_to(ROOT)) for s in sources)})"
        + ("" if done.returncode == 0 else "; compileall reported files it could not compile")
    )


def _reason(command: Sequence[str | Path], env: Mapping[str, str]) -> str | None:
    """None when the command runs; else why not, in one line."""
    if not Path(command[0]).exists():
        return f"{command[0]} does not exist"
    done = subprocess.run(
        [str(part) for part in command], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode == 0:
        return None
    last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
    return f"exit {done.returncode}: {last[:120]}"


def cold_start(plan: Plan, report: Report) -> None:
    report.section(f"cold start ({plan.rounds} rounds, interleaved with the interpreter floor, medians)")
    base = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="aantafel-bench-") as scratch:
        warm = dict(base, **{CACHE_VARIABLE: str(Path(scratch) / "warm")})
        floor_command: list[str | Path] = [PYTHON, "-c", "pass"]
        commands: dict[str, tuple[list[str | Path], dict[str, str] | None]] = {
            "aantafel --help": ([AANTAFEL, "--help"], warm),
            "aantafel list": ([AANTAFEL, "list"], warm),
            "aantafel list (cold cache)": ([AANTAFEL, "list"], None),  # a fresh empty cache dir each run
            "pytest --version": ([PYTEST, "--version"], base),
        }
        cold_count = 0

        def env_of(env: dict[str, str] | None) -> dict[str, str]:
            nonlocal cold_count
            if env is not None:
                return env
            cold_count += 1
            return dict(base, **{CACHE_VARIABLE: str(Path(scratch) / f"cold-{cold_count}")})

        reasons: dict[str, str] = {}
        for label, (command, env) in commands.items():
            reason = _reason(command, env_of(env))  # also warms the cache of "aantafel list"
            if reason:
                reasons[label] = reason
        runnable = {label: entry for label, entry in commands.items() if label not in reasons}
        for _ in range(2):  # page cache and the like, untimed
            run_quiet(floor_command, base)
            for command, env in runnable.values():
                run_quiet(command, env_of(env))

        floors: list[float] = []
        times: dict[str, list[float]] = {label: [] for label in runnable}
        failures: dict[str, int] = dict.fromkeys(runnable, 0)
        for _ in range(plan.rounds):
            for label, (command, env) in runnable.items():
                floors.append(run_quiet(floor_command, base)[0])
                seconds, code = run_quiet(command, env_of(env))
                times[label].append(seconds)
                failures[label] += code != 0

    floor = statistics.median(floors)
    report.line("python -c pass (floor)", ms(floor), f"{len(floors)} runs, {PYTHON.relative_to(ROOT)}")
    targets = {"aantafel --help": 9.0, "aantafel list": 12.0}
    for label in commands:
        if label in reasons:
            report.not_available(label, reasons[label])
            continue
        median = statistics.median(times[label])
        ratio = median / floor
        target = targets.get(label)
        report.line(
            label,
            ms(median),
            f"{ratio:.1f}x floor ({ms(floor)})",
            f"target <= {target:g}x" if target else "reference",
            ratio <= target if target else None,
        )
        if failures[label]:
            report.note(f"{label}: {failures[label]} of {plan.rounds} timed runs exited with an error")


def run_json(
    script: str, args: Sequence[object], env: Mapping[str, str], timeout: float | None = None
) -> dict[str, Any]:
    """One run of a bench script in a fresh process; the JSON of its last line of output."""
    try:
        done = subprocess.run(
            [str(PYTHON), str(BENCH / script), *map(str, args)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{script} {args[0]} did not finish in {timeout:.0f} s") from None
    if done.returncode != 0:
        raise RuntimeError(f"{script} {args[0]} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(mode: str, library: Path, cache_dir: Path | None = None, *extra: str) -> dict[str, Any]:
    """One ``_load.py`` run in a fresh process; its JSON answer."""
    env = dict(os.environ)
    if cache_dir is not None:
        env[CACHE_VARIABLE] = str(cache_dir)
    return run_json("_load.py", [mode, library, *extra], env)


def library_load(plan: Plan, library: Path, scratch: Path, report: Report) -> Path:
    """The load figures; returns the cache folder that the warm loads used, for the search figures."""
    report.section(
        f"loading {plan.packs:,} packs x {plan.items_per_pack} items "
        f"({plan.load_repeats} interleaved rounds in fresh processes, medians)"
    )
    warm_dir = scratch / "cache-warm"
    parses, colds, warms = [], [], []
    for round_number in range(plan.load_repeats):
        parses.append(measure("parse", library))
        cold_dir = warm_dir if round_number == 0 else scratch / f"cache-cold-{round_number}"
        colds.append(measure("load", library, cold_dir))
        warms.append(measure("load", library, warm_dir))

    expected = plan.packs * plan.items_per_pack
    for result in colds + warms:
        if result["items"] != expected or result["problems"]:
            report.note(
                f"WARNING: a load gave {result['items']:,} items (expected {expected:,}) and "
                f"{result['problems']} problems, first: {result['first_problem']}"
            )
            break

    baseline = statistics.median(r["seconds"] for r in parses)
    size = parses[0]["chars"] / 1e6
    report.line(
        "tomllib parse (baseline)",
        sec(baseline),
        f"{parses[0]['files']:,} files, {size:.0f} M chars",
        f"{size / baseline:.1f} M chars/s",
    )
    for label, results, target in (("cold load_library", colds, 1.3), ("warm load_library", warms, 0.1)):
        median = statistics.median(r["seconds"] for r in results)
        ratio = median / baseline
        report.line(
            label,
            sec(median),
            f"{ratio:.3g}x tomllib ({sec(baseline)})",
            f"target <= {target}x",
            ratio <= target,
        )
    peak = max(r["maxrss_mb"] for r in colds)
    report.line(
        "cold load peak memory",
        f"{peak:.0f} MB",
        f"tomllib parse: {max(r['maxrss_mb'] for r in parses):.0f} MB",
        "target < 400 MB",
        peak < 400,
    )
    report.line("warm load peak memory", f"{max(r['maxrss_mb'] for r in warms):.0f} MB")
    return warm_dir


def search(plan: Plan, library: Path, warm_dir: Path, report: Report) -> None:
    report.section(
        f"search and suggest over {plan.packs * plan.items_per_pack:,} items "
        f"({plan.queries} queries, {plan.situations} situations, medians per call)"
    )
    result = measure("search", library, warm_dir, str(SEED), str(plan.queries), str(plan.situations))
    report.line("search index build", sec(result["index_seconds"]), "once per language and process")
    found, scan, fts = result["search"], result["scan"], result["fts"]
    speedup = scan["median"] / found["median"]
    report.line(
        "Library.search",
        ms(found["median"]),
        f"{speedup:.0f}x faster than scan ({ms(scan['median'])})",
        "target <= 1 ms, >= 10x",
        found["median"] <= 0.001 and speedup >= 10,
    )
    rare, common, typo = result["search_rare"], result["search_common"], result["search_typo"]
    report.note(
        f"search p90 {ms(found['p90'])}, max {ms(found['max'])}; {result['empty_results']} of "
        f"{result['queries']} queries found nothing; a query's words are in {result['median_matching']:,.0f} "
        f"items (median)"
    )
    report.note(
        f"search median {ms(rare['median'])} over {rare['count']} queries of words in < 1% of the items, "
        f"{ms(common['median'])} over {common['count']} of commoner words, "
        f"{ms(typo['median'])} over {typo['count']} with a typo"
    )
    report.line(
        "casefolded scan (baseline)",
        ms(scan["median"]),
        f"casefolding {result['items']:,} texts once: {sec(result['casefold_seconds'])}",
    )
    report.line(
        "plain FTS5 bm25 top-10",
        ms(fts["median"]),
        f"reference floor; build {sec(result['fts_build_seconds'])}",
    )
    suggest = result["suggest"]
    report.line(
        "Library.suggest",
        ms(suggest["median"]),
        f"p90 {ms(suggest['p90'])}, max {ms(suggest['max'])}",
        "target <= 5 ms",
        suggest["median"] <= 0.005,
    )
    report.note(
        f"{result['with_suggestions']} of {result['situations']} situations got suggestions; "
        f"the first call took {sec(result['first_suggest_seconds'])} (builds the finder's index)"
    )
    report.line(
        "plain FTS5 top-5 (finder)",
        ms(result["suggest_fts"]["median"]),
        "reference floor: the same words OR-ed, interventions only",
    )


def dossier_reads(plan: Plan, scratch: Path, report: Report) -> None:
    report.section(
        f"dossier store: {plan.dossiers:,} dossiers x {DOSSIER_MEETINGS} meetings x {DOSSIER_AGREEMENTS} "
        f"agreements (SQLite file; {plan.dossier_calls} calls per figure on random dossiers, in fresh "
        "processes, next to a bare Core select of the same rows; medians)"
    )
    database = scratch / "dossiers.sqlite"
    env = dict(os.environ)
    start = time.perf_counter()
    built = run_json(
        "dossiers.py",
        ["build", database, plan.dossiers, DOSSIER_MEETINGS, DOSSIER_AGREEMENTS, SEED],
        env,
        timeout=600,
    )
    counts = built["counts"]
    report.note(
        f"built in {sec(time.perf_counter() - start)} ({sec(built['insert_seconds'])} of bulk inserts): "
        f"{counts['meetings']:,} meetings, {counts['agreements']:,} agreements ({built['open']:,} open, "
        f"{built['overdue']:,} of them overdue), {counts['answers']:,} answers, "
        f"{counts['participants']:,} people at the table; {built['bytes'] / 1e6:.0f} MB"
    )
    if built["foreign_key_problems"]:
        report.note(f"WARNING: {built['foreign_key_problems']} rows fail PRAGMA foreign_key_check")
    figures = (
        ("overdue agreements (all)", "overdue", "agreements(status='overdue'); baseline: the open rows"),
        ("agreements of a dossier", "agreements", "agreements(id)"),
        ("dossier show", "show", "dossier + meetings + answers of each + agreements; baseline: 5 selects"),
    )
    for label, figure, what in figures:
        result = run_json(
            "dossiers.py", ["read", database, figure, SEED, plan.dossier_calls], env, timeout=600
        )
        subject, baseline = result["subject"], result["baseline"]
        ratio = subject["median"] / baseline["median"]
        report.line(
            label,
            ms(subject["median"]),
            f"{ratio:.1f}x bare select ({ms(baseline['median'])})",
            "target < 50 ms",
            subject["median"] < 0.050,
        )
        report.note(
            f"{what}; p90 {ms(subject['p90'])}, max {ms(subject['max'])}; {result['rows']:,.0f} rows "
            f"(baseline {result['baseline_rows']:,.0f})"
        )


def own_search(plan: Plan, scratch: Path, report: Report) -> None:
    """Issue 15: searching one's own dossiers, next to a bare LIKE scan of the same texts."""
    report.section(
        f"searching own dossiers: {plan.dossiers:,} dossiers x {DOSSIER_MEETINGS} meetings (SQLite file, "
        "Zipf-distributed Dutch notes; a gemeente, a word or two words a query, in a fresh process; medians)"
    )
    queries = 400 if plan.dossiers >= 1000 else 100
    arguments = [scratch / "search.sqlite", plan.dossiers, DOSSIER_MEETINGS, SEED, queries]
    result = run_json("own_search.py", arguments, dict(os.environ), timeout=900)
    subject, baseline = result["subject"], result["baseline"]
    report.line(
        "search own dossiers",
        ms(subject["median"]),
        f"{subject['median'] / baseline['median']:.2f}x bare LIKE scan ({ms(baseline['median'])})",
        "target < 20 ms",
        subject["median"] < 0.020,
    )
    report.note(
        f"{queries} queries; p90 {ms(subject['p90'])}, max {ms(subject['max'])}; "
        f"median {result['hits']} hits (at most 20), LIKE {result['like_rows']} rows; "
        f"{result['rows']:,} search rows made in {sec(result['index_seconds'])}"
    )


def dossier_writes(plan: Plan, scratch: Path, report: Report) -> None:
    report.section(
        f"dossier store: {WRITER_THREADS} threads adding agreements for {plan.write_seconds:g} s "
        "(one shared Store, each thread its own dossier, one SQLite file; fresh processes)"
    )
    env = dict(os.environ)
    alone_seconds = plan.write_seconds / 3
    alone = run_json(
        "dossiers.py", ["write", scratch / "writes-1.sqlite", 1, alone_seconds], env, alone_seconds + 300
    )
    result = run_json(
        "dossiers.py",
        ["write", scratch / f"writes-{WRITER_THREADS}.sqlite", WRITER_THREADS, plan.write_seconds],
        env,
        plan.write_seconds + 300,
    )
    report.line(
        "writes, 1 thread (ref.)",
        f"{alone['per_second']:.0f}/s",
        f"{alone['written']:,} in {sec(alone['seconds'])}, {alone['errors']} errors",
    )
    report.line(
        f"writes, {WRITER_THREADS} threads",
        f"{result['per_second']:.0f}/s",
        f"{result['per_second'] / alone['per_second']:.2f}x one thread; "
        f"{result['written']:,} in {sec(result['seconds'])}",
    )
    report.line(
        "write errors",
        f"{result['errors']:,}",
        f"{result['hung_threads']} threads hung",
        "target 0",
        result["errors"] == 0 and result["hung_threads"] == 0,
    )
    for kind, count in result["error_kinds"]:
        report.note(f"{count:,}x {kind}")
    report.line(
        "lost writes",
        f"{result['lost']:,}",
        f"{result['rows']:,} rows for {result['written']:,} writes",
        "target 0",
        result["lost"] == 0,
    )
    if result["unreported"] or result["duplicate_ids"]:
        report.note(
            f"{result['unreported']} rows stored by calls that raised; "
            f"{result['duplicate_ids']} ids returned twice"
        )
    latency, alone_latency = result["latency"], alone["latency"]
    per_thread = result["per_thread"]
    report.note(
        f"add_agreement with {WRITER_THREADS} threads: median {ms(latency['median'])}, "
        f"p90 {ms(latency['p90'])}, max {ms(latency['max'])} "
        f"(one thread: median {ms(alone_latency['median'])}, max {ms(alone_latency['max'])}); "
        f"{min(per_thread):,} to {max(per_thread):,} writes per thread; "
        f"integrity_check: {result['integrity']}"
    )


def web_figures(plan: Plan, scratch: Path, report: Report) -> None:
    import web

    if not web.wrk_installed():
        report.not_available("web figures", "wrk is not installed: apt-get install wrk")
        return
    database, queries, dossiers = scratch / "web.sqlite", scratch / "queries.txt", scratch / "dossiers.txt"
    start = time.perf_counter()
    shape = [plan.dossiers, DOSSIER_MEETINGS, DOSSIER_AGREEMENTS, SEED, WEB_QUERIES]
    built = run_json("own_search.py", ["web", database, *shape, queries], os.environ, timeout=900)
    report.note(
        f"web store: {plan.dossiers:,} dossiers x {DOSSIER_MEETINGS} meetings x {DOSSIER_AGREEMENTS} "
        f"agreements, {built['rows']:,} search rows, built in {sec(time.perf_counter() - start)}; "
        f"{web.dossier_pages(database, dossiers):,} dossier pages and {built['queries']:,} searches to ask"
    )
    env = dict(
        os.environ,
        AANTAFEL_DATABASE_URL=f"sqlite:///{database}",
        **{CACHE_VARIABLE: str(scratch / "web-cache")},
    )
    dossier = web.a_dossier(database)
    varied = web.varied_pages(queries, dossiers)

    report.section(
        f"web server start ({plan.rounds} rounds, interleaved with the interpreter floor, medians)"
    )
    floors, starts = web.start_times(AANTAFEL, PYTHON, plan.rounds, env)
    floor, start = statistics.median(floors), statistics.median(starts)
    report.line("python -c pass (floor)", ms(floor), f"{len(floors)} runs")
    report.line(
        "aantafel serve to a 200",
        ms(start),
        f"{start / floor:.1f}x floor",
        f"target <= {web.START_TARGET:g}x",
        start / floor <= web.START_TARGET,
    )

    for server, commands in web.servers(PYTHON, AANTAFEL, BENCH).items():
        report.section(
            f"web pages under {server}: wrk, {web.CONNECTIONS} connections, {plan.web_seconds:g} s per run, "
            "each page after a hello-world run; ratios to the median hello-world"
        )
        hello_runs, pages = web.load_figures(commands, dossier, plan.web_seconds, env, varied)
        hello = hello_line(hello_runs, report)
        for page, load in pages.items():
            throughput, tail = load.per_second / hello.per_second, load.p99 / hello.p99
            cached = page in web.PAGES
            least, most = (
                (web.THROUGHPUT_TARGET, web.TAIL_TARGET)
                if cached
                else (web.UNCACHED_THROUGHPUT, web.UNCACHED_TAIL)
            )
            report.line(
                f"{page} ({server})",
                f"{load.per_second:,.0f}/s",
                f"{throughput:.2f}x; p99 {ms(load.p99)} = {tail:.2f}x",
                f">= {least:g}x, p99 <= {most:g}x",
                throughput >= least and tail <= most,
            )
        failed = hello.failed + sum(load.failed for load in pages.values())
        if failed:
            report.note(f"WARNING: {failed} requests failed (socket errors or answers other than 2xx/3xx)")


def hello_line(hello_runs: Sequence[Any], report: Report) -> Any:
    """The median of the hello-world runs, printed with each run's figure: every web ratio's baseline."""
    import web

    hello = web.median_load(hello_runs)
    report.line(
        "Flask hello-world",
        f"{hello.per_second:,.0f}/s",
        f"p50 {ms(hello.p50)}, p99 {ms(hello.p99)}",
        f"runs {', '.join(f'{run.per_second:,.0f}' for run in hello_runs)}",
    )
    return hello


def list_lines(plan: Plan, scratch: Path, report: Report) -> None:
    import limits
    import web

    from aantafel_web.paging import SIZE  # the web page's own figures, never a copy

    sizes = " and ".join(f"{dossiers:,}" for dossiers in limits.LIST_SIZES)
    report.section(
        f"dossier lists at {sizes} dossiers under waitress: wrk, {web.CONNECTIONS} connections, "
        f"{plan.list_seconds:g} s per run, each page after a hello-world run; ratios to the median "
        "hello-world"
    )
    if not web.wrk_installed():
        report.not_available("dossier lists", "wrk is not installed: apt-get install wrk")
        return
    stores = {dossiers: scratch / f"list-{dossiers}.sqlite" for dossiers in limits.LIST_SIZES}
    start = time.perf_counter()
    for dossiers, database in stores.items():
        shape = [dossiers, limits.LIST_MEETINGS, limits.LIST_AGREEMENTS, SEED]
        run_json("dossiers.py", ["build", database, *shape], os.environ, timeout=600)
    report.note(
        f"built in {sec(time.perf_counter() - start)}, each dossier with {limits.LIST_MEETINGS} meeting and "
        f"{limits.LIST_AGREEMENTS} agreements; a page shows {SIZE} dossiers"
    )
    env = dict(os.environ, **{CACHE_VARIABLE: str(scratch / "cache")})
    commands = web.servers(PYTHON, AANTAFEL, BENCH)["waitress"]
    hello_runs, loads = limits.list_figures(commands, stores, plan.list_seconds, env)
    hello = hello_line(hello_runs, report)
    fewest = min(limits.LIST_SIZES)
    ratios = {(listed.dossiers, listed.path): listed.load.per_second / hello.per_second for listed in loads}
    for listed in loads:
        page = limits.list_paths(listed.dossiers).index(listed.path)
        ratio = ratios[listed.dossiers, listed.path]
        smaller = ratios[fewest, limits.list_paths(fewest)[page]]
        report.line(
            f"{listed.path.removeprefix('/dossiers/') or 'page 1'} of {listed.dossiers:,}",
            f"{listed.load.per_second:,.0f}/s",
            f"{ratio:.3g}x; p50 {ms(listed.load.p50)}, p99 {ms(listed.load.p99)}",
            "reference" if listed.dossiers == fewest else f">= {smaller / 1.5:.3g}x ({fewest:,} / 1.5)",
            None if listed.dossiers == fewest else ratio >= smaller / 1.5,
        )
    failed = hello.failed + sum(listed.load.failed for listed in loads)
    if failed:
        report.note(f"WARNING: {failed} requests failed (socket errors or answers other than 2xx/3xx)")
    report.note("before pages (issue 12): /dossiers/ with 2,700 dossiers on one page ran at 32/s, p50 626 ms")


def memory_lines(plan: Plan, scratch: Path, report: Report) -> None:
    import limits

    from aantafel_web.memory import BYTES

    requests, half = limits.ATTACK_REQUESTS, limits.ATTACK_REQUESTS // 2
    report.section(
        f"page memory under the attack: a dossier page fetched as ?v=1...?v={requests}, then ?q=1...?q="
        f"{requests} ({limits.ATTACK_THREADS} threads, gzip accepted); VmRSS of the waitress process, next "
        f"to another server making the page {half} times and keeping none"
    )
    env = dict(os.environ, **{CACHE_VARIABLE: str(scratch / "cache")})
    memory = limits.memory_figures(AANTAFEL, scratch, env, SEED)

    def grown(kb: int) -> float:
        return (kb - memory.before_kb) * 1024

    growth, bound, unkept = grown(memory.after_new_kb), BYTES, memory.unkept_kb * 1024
    over = (growth - unkept) / bound
    report.line(
        "server before",
        f"{memory.before_kb / 1024:.0f} MB",
        f"page of {memory.page_bytes / 1e6:.2f} MB, {'kept' if memory.kept else 'NOT KEPT'}",
    )
    report.line(
        "none kept (baseline)",
        f"{unkept / 1e6:.1f} MB",
        f"growth making the page {half}x (?lang=)",
        "what malloc keeps",
    )
    report.line("growth after ?v=", f"{grown(memory.after_same_kb) / 1e6:.1f} MB", "one page, whatever v is")
    report.line(
        "growth after ?q= as well",
        f"{growth / 1e6:.1f} MB",
        f"baseline + {over:.2f}x the bound ({bound / 1e6:.0f} MB)",
        f"target <= baseline + {limits.GROWTH_MARGIN:g}x",
        over <= limits.GROWTH_MARGIN,
    )
    last = growth - grown(memory.after_half_kb)
    report.line(
        f"growth over the last {half}",
        f"{last / 1e6:.1f} MB",
        f"unbounded: {half * memory.page_bytes / 1e6:.0f} MB and more",
        f"target < {bound / 4e6:.0f} MB (bound / 4)",
        last < bound / 4,
    )
    report.note(
        f"{memory.answered} of {2 * requests} requests answered 200 in {sec(memory.seconds)}; the server's "
        f"peak (VmHWM) {memory.peak_kb / 1024:.0f} MB"
    )
    report.note("before the bound in bytes (issue 12): 4 MB pages as ?v=1...300 grew a server by 1.28 GB")
    if not memory.kept:
        report.note("WARNING: the page was not kept, so the attack did not reach the page memory")


def kill_lines(plan: Plan, scratch: Path, report: Report) -> None:
    import limits

    report.section(
        f"load and kill: {limits.WRITERS} threads creating dossiers, each with an agreement, through the web "
        f"forms for up to {plan.kill_seconds:g} s; the server SIGKILLed halfway, then started again"
    )
    env = dict(os.environ, **{CACHE_VARIABLE: str(scratch / "cache")})
    postgres = os.environ.get(POSTGRES_VARIABLE)
    databases: dict[str, contextlib.AbstractContextManager[str]] = {
        "SQLite": contextlib.nullcontext(f"sqlite:///{scratch / 'kill.sqlite'}")
    }
    if postgres:
        databases["PostgreSQL"] = limits.postgres_schema(postgres)
    for backend, database in databases.items():
        try:
            with database as url:
                killed = limits.kill_figures(AANTAFEL, url, plan.kill_seconds, env)
        except Exception as exc:  # a server that will not start, a database that cannot be reached
            report.not_available(f"load and kill ({backend})", f"{type(exc).__name__}: {exc}"[:300])
            continue
        report.line(
            f"acknowledged ({backend})",
            f"{killed.acknowledged:,}",
            f"303s in {sec(killed.seconds)}: {killed.acknowledged / killed.seconds:,.0f}/s",
        )
        report.line(
            f"lost ({backend})",
            f"{killed.lost:,}",
            f"acknowledged, not stored; {killed.stored:,} stored",
            "target 0",
            killed.lost == 0,
        )
        report.line(f"in flight ({backend})", f"{killed.in_flight:,}", "stored, never acknowledged: fine")
        report.line(
            f"refused ({backend})",
            f"{killed.refused:,}",
            "other answers or failures before the kill",
            "target 0",
            killed.refused == 0,
        )
        report.note(
            f"started again to a 200 on /dossiers/ in {sec(killed.restart)}"
            + (f"; integrity_check: {killed.integrity}" if killed.integrity else "")
        )
    if not postgres:
        report.not_available("load and kill (PostgreSQL)", f"{POSTGRES_VARIABLE} is not set (.ci/postgres)")


def hosted_lines(plan: Plan, scratch: Path, report: Report) -> None:
    import hosted
    import limits
    import web

    report.section(
        f"hosted: {hosted.ORGANISATIONS:,} organisations x {hosted.PEOPLE} people x {hosted.DOSSIERS} "
        f"dossiers on PostgreSQL, gunicorn -w {hosted.WORKERS}; wrk, {web.CONNECTIONS} connections, "
        f"{plan.hosted_seconds:g} s per run, each page after a hello-world run"
    )
    postgres = os.environ.get(POSTGRES_VARIABLE)
    if not postgres:
        report.not_available("hosted", f"{POSTGRES_VARIABLE} is not set (bash .ci/postgres prints it)")
        return
    if not web.wrk_installed():
        report.not_available("hosted", "wrk is not installed: apt-get install wrk")
        return
    env = dict(os.environ, **{CACHE_VARIABLE: str(scratch / "cache")})
    with limits.postgres_schema(postgres) as url, limits.postgres_schema(postgres) as single_url:
        built = hosted.build(url, SEED)
        hosted.without_people(url, single_url)
        report.note(
            f"built in {sec(built.seconds)}: "
            + ", ".join(f"{count:,} {table}" for table, count in built.counts.items())
            + f"; one trainer of {hosted.TRAINED} organisations"
        )
        found = hosted.figures(PYTHON, BENCH, url, single_url, built.dossier, plan.hosted_seconds, env)
    hello = hello_line(found.hello_runs, report)
    accounts, single = web.median_load(found.accounts_runs), web.median_load(found.single_runs)
    report.line(
        "dossier page, no accounts",
        f"{single.per_second:,.0f}/s",
        f"{single.per_second / hello.per_second:.2f}x hello; p99 {ms(single.p99)}",
        "reference",
    )
    report.line(
        "dossier page, signed in",
        f"{accounts.per_second:,.0f}/s",
        f"{accounts.per_second / single.per_second:.2f}x no accounts; p99 {ms(accounts.p99)}",
        f">= {HOSTED_TARGET:g}x no accounts",
        accounts.per_second >= HOSTED_TARGET * single.per_second,
    )
    if found.trainer is None:
        report.note("trainer page: not measured (no /trainer yet)")
    else:
        report.line(
            f"/trainer ({hosted.TRAINED} organisations)",
            f"p99 {ms(found.trainer.p99)}",
            f"{found.trainer.p99 / hello.p99:.1f}x hello's p99; {found.trainer.per_second:,.0f}/s",
            "reference",
        )
    hashes = hosted.argon2_seconds(hosted.SIGN_INS)
    hashing, signing_in = statistics.median(hashes), statistics.median(found.sign_ins)
    report.line("argon2 hash (one)", ms(hashing), f"median of {len(hashes)}, this process", "reference")
    report.line(
        "sign-in (POST to its 303)",
        ms(signing_in),
        f"{signing_in / hashing:.2f}x one argon2 hash; median of {len(found.sign_ins)}",
        "reference",
    )
    for role, label in (("accounts", "signed in"), ("single", "no accounts")):
        held = found.connections.get(role, 0)
        sizes = found.worker_kb[role]
        report.line(
            f"workers ({label})",
            f"{held} conns",
            f"to PostgreSQL; RSS {', '.join(f'{kb / 1024:.0f}' for kb in sizes)} MB",
            "reference",
        )
    failed = hello.failed + accounts.failed + single.failed + (found.trainer.failed if found.trainer else 0)
    if failed:
        report.note(f"WARNING: {failed} requests failed (socket errors or answers other than 2xx/3xx)")


def coach_figures(plan: Plan, scratch: Path, report: Report) -> None:
    report.section(
        f"coach start ({plan.rounds} rounds in a pseudo-terminal of 80 x 24, next to the floor, medians)"
    )
    own_cache = dict(os.environ, **{CACHE_VARIABLE: str(scratch / "start-cache")})  # only the installed packs
    started = run_json("coach.py", ["start", AANTAFEL, PYTHON, plan.rounds], own_cache, timeout=600)
    floor, start = started["floor"], started["start"]
    report.line("python -c pass (floor)", ms(floor), f"{plan.rounds} runs")
    report.line(
        "aantafel coach to prompt",
        ms(start),
        f"{start / floor:.1f}x floor",
        "target <= 15x",
        start / floor <= 15,
    )
    imported = started["import"]
    report.line("import prompt_toolkit", ms(imported), f"{imported / floor:.1f}x floor", "reference")
    from synthetic import write_library

    library = scratch / "library"
    write_library(library, plan.packs, plan.items_per_pack, SEED)
    env = dict(os.environ, **{CACHE_VARIABLE: str(scratch / "cache")})
    run_json("coach.py", ["complete", library, SEED, 10], env, timeout=600)  # fills the pack cache
    done = run_json("coach.py", ["complete", library, SEED, plan.queries], env, timeout=600)
    report.section(
        f"coach completion: Tab after /show with {done['items']:,} items, {plan.queries} keystrokes, each "
        "somewhere in typing an id (warm pack cache)"
    )
    report.line(
        "completion per keystroke",
        ms(done["median"]),
        f"{done['baseline'] / done['median']:.0f}x faster than a scan ({ms(done['baseline'])})",
        "target < 20 ms",
        done["median"] < 0.020,
    )
    report.note(f"p90 {ms(done['p90'])}; the first Tab sorts the ids once: {ms(done['first_seconds'])}")


def finder_lines(report: Report) -> None:
    """Issue 14's targets on the held-out set; every other corpus is printed for comparison."""
    import finder

    report.section("finder quality (bench/finder.py: base packs, next to TF-IDF over the same items)")
    for found in finder.figures():
        score, baseline = found.finder, found.tfidf
        name = f"{found.corpus} {found.language}"
        held_out = found.corpus == "held-out"
        top1, top3 = score.top1 / score.cases, score.top3 / score.cases
        base1 = baseline.top1 / baseline.cases
        report.line(
            f"top-1 {name}",
            f"{100 * top1:.0f} %",
            f"TF-IDF {100 * base1:.0f} % ({100 * (top1 - base1):+.0f} pts); {score.cases} cases",
            ">= 80 %, >= TF-IDF + 10" if held_out else "",
            top1 >= 0.8 and top1 >= base1 + 0.1 if held_out else None,
        )
        report.line(
            f"top-3 {name}",
            f"{100 * top3:.0f} %",
            f"TF-IDF {100 * baseline.top3 / baseline.cases:.0f} %",
            ">= 95 %" if held_out else "",
            top3 >= 0.95 if held_out else None,
        )
        if score.offtopic:
            silent = score.nothing_fits / score.offtopic
            report.line(
                f"off-topic {name}",
                f"{100 * silent:.0f} %",
                f"say nothing fits; TF-IDF {100 * baseline.nothing_fits / baseline.offtopic:.0f} %",
                ">= 90 %" if held_out else "",
                silent >= 0.9 if held_out else None,
            )


def readability_lines(report: Report) -> None:
    report.section("readability (bench/readability.py)")
    try:
        import readability

        texts = [("pack", readability.pack_text(readability.DUTCH_PACK))]
        texts += [
            ("seed", path.read_text(encoding="utf-8")) for path in sorted(readability.SEED.glob("*.txt"))
        ]
        for name, text in texts:
            ease, per_sentence, words = readability.figures(text)
            report.line(
                f"readability {name}",
                f"{ease:.1f}",
                f"Flesch-Douma; {per_sentence:.1f} words/sentence, {words} words",
            )
    except Exception as exc:
        report.not_available("readability", f"{type(exc).__name__}: {exc}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and 100 packs: a smoke run")
    parser.add_argument(
        "--only", action="append", choices=PARTS, help="run only this part (repeatable); default: all"
    )
    options = parser.parse_args(argv)
    plan = QUICK if options.quick else FULL
    parts = set(options.only or PARTS)
    report = Report()
    started = time.perf_counter()
    print(
        f"aantafel benchmarks ({plan.name}): Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()} {platform.system()}",
        flush=True,
    )
    if parts & {"startup", "web", "coach"}:
        compile_bytecode(report)
    if "startup" in parts:
        cold_start(plan, report)

    if "library" in parts:
        with tempfile.TemporaryDirectory(prefix="aantafel-bench-") as folder:
            scratch = Path(folder)
            library = scratch / "library"
            start = time.perf_counter()
            sys.path.insert(0, str(BENCH))
            from synthetic import write_library

            write_library(library, plan.packs, plan.items_per_pack, SEED)
            report.section("synthetic library")
            written = time.perf_counter() - start
            report.note(
                f"{plan.packs:,} packs x {plan.items_per_pack} items written in {sec(written)} (seed {SEED})"
            )
            try:
                warm_dir = library_load(plan, library, scratch, report)
                search(plan, library, warm_dir, report)
            except RuntimeError as exc:
                report.not_available("library figures", str(exc))

    if "dossiers" in parts:
        with tempfile.TemporaryDirectory(prefix="aantafel-bench-") as folder:
            for figures, label in (
                (dossier_reads, "dossier read figures"),
                (own_search, "search of own dossiers"),
                (dossier_writes, "dossier writes"),
            ):
                try:
                    figures(plan, Path(folder), report)
                except RuntimeError as exc:
                    report.not_available(label, str(exc))

    if "web" in parts:
        with tempfile.TemporaryDirectory(prefix="aantafel-bench-") as folder:
            try:
                web_figures(plan, Path(folder), report)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                report.not_available("web figures", str(exc))

    if "limits" in parts:
        with tempfile.TemporaryDirectory(prefix="aantafel-bench-") as folder:
            for limit_figures, label in (
                (list_lines, "dossier lists"),
                (memory_lines, "page memory"),
                (kill_lines, "load and kill"),
            ):
                try:
                    limit_figures(plan, Path(folder), report)
                except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                    report.not_available(label, str(exc))

    if "hosted" in parts:
        with tempfile.TemporaryDirectory(prefix="aantafel-bench-") as folder:
            try:
                hosted_lines(plan, Path(folder), report)
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                report.not_available("hosted", str(exc))

    if "coach" in parts:
        with tempfile.TemporaryDirectory(prefix="aantafel-bench-") as folder:
            try:
                coach_figures(plan, Path(folder), report)
            except RuntimeError as exc:
                report.not_available("coach figures", str(exc))

    if "finder" in parts:
        sys.path.insert(0, str(BENCH))
        finder_lines(report)

    if "readability" in parts:
        readability_lines(report)

    report.section("summary")
    total = len(report.met) + len(report.missed)
    print(f"{len(report.met)} of {total} targets met in {sec(time.perf_counter() - started)}", flush=True)
    for label in report.missed:
        print(f"MISSED: {label}", flush=True)
    for label in report.unavailable:
        print(f"not available: {label}", flush=True)


if __name__ == "__main__":
    main()
