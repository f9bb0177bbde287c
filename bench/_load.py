"""One measurement in a fresh process, printed as one line of JSON; ``perf.py`` runs this many times.

    python bench/_load.py parse LIBRARY            read + tomllib.loads of every pack file (the baseline)
    python bench/_load.py load LIBRARY             load_library over every pack folder ($AANTAFEL_CACHE_DIR)
    python bench/_load.py search LIBRARY SEED Q S  index build, Q queries against a scan and plain FTS5,
                                                   S situations for the finder (warm $AANTAFEL_CACHE_DIR)

Add ``--profile`` to ``parse`` or ``load`` to print the top of a cProfile report to stderr.
Times cover the work only, not starting Python or importing modules; ``maxrss_mb`` is the whole process.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import re
import resource
import sqlite3
import statistics
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _folders(library: Path) -> list[Path]:
    return sorted(path for path in library.iterdir() if path.is_dir())


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _timed(work: Callable[[], Any], profile: bool) -> tuple[float, Any]:
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    result = profiler.runcall(work) if profiler is not None else work()
    seconds = time.perf_counter() - start
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
    return seconds, result


def parse(library: Path, profile: bool) -> dict[str, Any]:
    folders = _folders(library)

    def work() -> tuple[int, int]:
        files = size = 0
        for folder in folders:
            for path in sorted(folder.glob("*.toml")):
                text = path.read_text(encoding="utf-8")
                tomllib.loads(text)
                files += 1
                size += len(text)
        return files, size

    seconds, (files, size) = _timed(work, profile)
    return {"seconds": seconds, "maxrss_mb": _maxrss_mb(), "files": files, "chars": size}


def load(library: Path, profile: bool) -> dict[str, Any]:
    from aantafel.library import load_library

    folders = _folders(library)
    seconds, loaded = _timed(lambda: load_library(packs=folders, entry_points=False, cache=True), profile)
    return {
        "seconds": seconds,
        "maxrss_mb": _maxrss_mb(),
        "packs": len(loaded.packs),
        "items": len(loaded.items("nl")),
        "problems": len(loaded.problems),
        "first_problem": str(loaded.problems[0].message) if loaded.problems else None,
    }


def spread(times: Sequence[float]) -> dict[str, float]:
    """Median, 90th percentile, maximum and count of a list of timings."""
    ordered = sorted(times)
    if not ordered:
        return {"median": float("nan"), "p90": float("nan"), "max": float("nan"), "count": 0}
    return {
        "median": statistics.median(ordered),
        "p90": ordered[int(0.9 * (len(ordered) - 1))],
        "max": ordered[-1],
        "count": len(ordered),
    }


Work = Callable[[str], object]


def _rounds(inputs: list[str], *subjects: Work | tuple[Work, int]) -> list[list[float]]:
    """Seconds per input for each subject: three rounds of blocks (every input through one subject, then the
    next), the order of the blocks reversed every other round, so drift falls on all subjects alike; and the
    median of the rounds per input. A subject given as (work, step) runs on every step-th input only (a slow
    baseline). Blocks, not input-by-input alternation: no query is timed right after a baseline that has just
    flushed the CPU caches with 100 MB of text, which a user's query never follows."""
    plans = [(s, 1) if callable(s) else s for s in subjects]
    times: list[list[list[float]]] = [[] for _ in plans]
    for round_number in range(3):
        order = list(range(len(plans)))
        for index in order if round_number % 2 == 0 else order[::-1]:
            work, step = plans[index]
            seconds = []
            for value in inputs[::step]:
                start = time.perf_counter()
                work(value)
                seconds.append(time.perf_counter() - start)
            times[index].append(seconds)
    return [[statistics.median(per_input) for per_input in zip(*rounds, strict=True)] for rounds in times]


def search(library: Path, seed: int, query_count: int, situation_count: int) -> dict[str, Any]:
    from synthetic import queries, situations, vocabulary

    from aantafel.library import load_library
    from aantafel.search import item_text
    from aantafel.text import STOPWORDS

    loaded = load_library(packs=_folders(library), entry_points=False, cache=True)
    items = loaded.items("nl")

    start = time.perf_counter()
    loaded.index("nl")
    index_seconds = time.perf_counter() - start

    raw = ["\n".join(item_text(item).values()) for item in items]
    start = time.perf_counter()
    folded = [text.casefold() for text in raw]
    casefold_seconds = time.perf_counter() - start

    start = time.perf_counter()
    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE ref USING fts5(text, tokenize = 'unicode61')")
    fts.executemany("INSERT INTO ref (rowid, text) VALUES (?, ?)", enumerate(raw))
    fts.commit()
    fts_build_seconds = time.perf_counter() - start
    # The finder's reference: a table of the interventions alone, as the finder searches only those.
    fts.execute("CREATE VIRTUAL TABLE ref_intervention USING fts5(text, tokenize = 'unicode61')")
    fts.executemany(
        "INSERT INTO ref_intervention (rowid, text) VALUES (?, ?)",
        (
            (n, text)
            for n, (text, item) in enumerate(zip(raw, items, strict=True))
            if item.kind == "intervention"
        ),
    )
    fts.commit()

    def scan(query: str) -> list[int]:
        words = query.casefold().split()
        return [number for number, text in enumerate(folded) if any(word in text for word in words)]

    def reference(words: list[str], table: str = "ref", limit: int = 10) -> list[int]:
        if not words:
            return []
        match = " OR ".join('"' + word.replace('"', "") + '"' for word in words)
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}) LIMIT {limit}"
        return [row[0] for row in fts.execute(sql, (match,)).fetchall()]

    asked = queries(query_count, seed)
    for query in asked[:5]:  # first calls prepare statements and caches; not what a user waits for
        loaded.search(query, "nl")
        reference(query.split())
    matching = [len(scan(query)) for query in asked]
    empty = sum(not loaded.search(query, "nl") for query in asked)
    search_times, fts_times, scan_times = _rounds(
        asked,
        lambda query: loaded.search(query, "nl"),
        lambda query: reference(query.split()),
        (lambda query: scan(query), max(1, len(asked) // 40)),
    )
    # How long a query takes depends mostly on how many items contain its words (bm25 scores each one),
    # and on typos, which are expanded to up to three near words each.
    known = set(vocabulary(seed))
    rare = len(items) // 100
    groups: dict[str, list[float]] = {"rare": [], "common": [], "typo": []}
    for query, seconds, count in zip(asked, search_times, matching, strict=True):
        group = "typo" if not known.issuperset(query.split()) else "rare" if count < rare else "common"
        groups[group].append(seconds)

    described = situations(situation_count, seed)
    start = time.perf_counter()
    loaded.suggest(described[0], "nl")  # the first call may build the finder's own index
    first_suggest_seconds = time.perf_counter() - start
    for situation in described[1:3]:
        loaded.suggest(situation, "nl")
    stopwords = STOPWORDS.get("nl", frozenset())
    suggested = sum(bool(loaded.suggest(situation, "nl")) for situation in described)

    def reference_finder(situation: str) -> list[int]:
        words = [w for w in re.findall(r"\w+", situation.casefold()) if len(w) > 1 and w not in stopwords]
        return reference(words, "ref_intervention", 5)

    suggest_times, reference_times = _rounds(
        described, lambda situation: loaded.suggest(situation, "nl"), reference_finder
    )

    return {
        "items": len(items),
        "index_seconds": index_seconds,
        "casefold_seconds": casefold_seconds,
        "fts_build_seconds": fts_build_seconds,
        "queries": len(asked),
        "empty_results": empty,
        "search": spread(search_times),
        "search_rare": spread(groups["rare"]),
        "search_common": spread(groups["common"]),
        "search_typo": spread(groups["typo"]),
        "median_matching": statistics.median(matching),
        "scan": spread(scan_times),
        "fts": spread(fts_times),
        "situations": len(described),
        "with_suggestions": suggested,
        "first_suggest_seconds": first_suggest_seconds,
        "suggest": spread(suggest_times),
        "suggest_fts": spread(reference_times),
    }


def main(argv: list[str]) -> None:
    profile = "--profile" in argv
    args = [arg for arg in argv if arg != "--profile"]
    mode, library = args[0], Path(args[1])
    if mode == "parse":
        result = parse(library, profile)
    elif mode == "load":
        result = load(library, profile)
    elif mode == "search":
        result = search(library, int(args[2]), int(args[3]), int(args[4]))
    else:
        raise SystemExit(f"unknown mode {mode!r}; use parse, load or search")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
