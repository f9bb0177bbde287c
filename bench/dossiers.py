"""Dossier-store measurements, each in a fresh process, printed as one line of JSON; ``perf.py`` runs them.

    python bench/dossiers.py build DATABASE DOSSIERS MEETINGS AGREEMENTS SEED
        a SQLite store of DOSSIERS dossiers with MEETINGS meetings and AGREEMENTS agreements each
    python bench/dossiers.py read DATABASE FIGURE SEED CALLS
        FIGURE (overdue, agreements or show) on CALLS random dossiers, interleaved with its baseline
    python bench/dossiers.py write DATABASE THREADS SECONDS
        THREADS threads adding agreements through one shared Store, each to a dossier of its own

Add ``--profile`` to ``read`` or ``write`` to print the top of a cProfile report to stderr (for ``write``:
of the first thread only).

``build`` opens the store (which creates the schema by its migrations) and then bulk-inserts valid rows with
SQLAlchemy Core: 8-hex ids, aware UTC times, agreements open, done or broken, some due in the past (so some
are overdue), meetings with people and answers to checks, and the history rows the store itself would write.
Times cover the work only, not starting Python, importing modules or opening the store.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import random
import statistics
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from _load import spread
from sqlalchemy import Connection, func, insert, select, text

from aantafel.dossiers.model import AGREEMENTS_LIMIT
from aantafel.dossiers.schema import agreements, answers, changes, dossiers, meetings, participants
from aantafel.dossiers.store import Store, open_store

AUTHOR = "bench"
CHECKS = (
    "bindende-afspraken",
    "doel-van-het-gesprek",
    "emoties-vorig-gesprek",
    "grenzen",
    "belangen",
    "alternatief",
    "opties",
    "wie-zit-aan-tafel",
)
WORDS = """huur buurthuis sleutel subsidie gemeente wethouder beheer vrijwilligers begroting onderhoud
    zaal verwarming contract voorstel termijn offerte brief verslag planning rapport overleg""".split()
PEOPLE = "Anna Bram Chantal Dirk Esra Fatima Gert Hanneke Ilse Jan Karim Lotte Mohammed Noor".split()
ROLES = ("wethouder", "beleidsmedewerker", "voorzitter", "penningmeester", "buurtbewoner", "")
MAX_WRITES_PER_THREAD = 500_000  # the write loop stops at its deadline or here, whichever comes first


def _url(database: Path) -> str:
    return f"sqlite:///{database}"


def _print_profile(profiler: cProfile.Profile) -> None:
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)


# Building -------------------------------------------------------------------------------------------------


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def ids(rng: random.Random) -> Callable[[], str]:
    """A maker of new 8-hex ids, never the same twice."""
    taken: set[str] = set()

    def new_id() -> str:
        while True:
            candidate = f"{rng.getrandbits(32):08x}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    return new_id


def dossier_rows(
    rng: random.Random,
    dossier_count: int,
    meeting_count: int,
    agreement_count: int,
    new_id: Callable[[], str],
) -> dict[str, list[dict[str, Any]]]:
    """Rows for ``dossiers``, ``meetings``, ``participants``, ``answers``, ``agreements`` and ``changes``:
    what ``build`` inserts, and ``hosted.py`` for each organisation."""
    now = datetime.now(UTC).replace(microsecond=0)
    today = datetime.now().astimezone().date()
    rows: dict[str, list[dict[str, Any]]] = {
        "dossiers": [],
        "meetings": [],
        "participants": [],
        "answers": [],
        "agreements": [],
        "changes": [],
    }
    for number in range(dossier_count):
        dossier_id = new_id()
        created = now - timedelta(days=rng.uniform(30, 730))
        rows["dossiers"].append(
            {
                "id": dossier_id,
                "title": f"Dossier {number}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                "counterpart": f"{rng.choice(PEOPLE)} ({rng.choice(ROLES) or 'contact'})",
                "organisation": f"Gemeente {rng.choice(WORDS).capitalize()}",
                "goal": _sentence(rng, 12),
                "our_interests": _sentence(rng, 20),
                "limits": _sentence(rng, 10),
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
        rows["changes"].append(
            {"dossier_id": dossier_id, "at": created, "author": AUTHOR, "action": "created"}
        )
        held: list[tuple[str, datetime]] = []
        moment = created
        for _ in range(meeting_count):
            moment += timedelta(days=rng.uniform(3, 60), hours=rng.uniform(0, 8))
            meeting_id = new_id()
            held.append((meeting_id, moment))
            rows["meetings"].append(
                {
                    "id": meeting_id,
                    "dossier_id": dossier_id,
                    "starts_at": moment,
                    "place": f"{rng.choice(WORDS).capitalize()}straat {rng.randint(1, 200)}",
                    "purpose": _sentence(rng, 8),
                    "version": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            rows["changes"].append(
                {
                    "dossier_id": dossier_id,
                    "at": created,
                    "author": AUTHOR,
                    "action": "meeting added",
                    "new": meeting_id,
                }
            )
            for position in range(rng.randint(1, 4)):
                rows["participants"].append(
                    {
                        "meeting_id": meeting_id,
                        "position": position,
                        "name": rng.choice(PEOPLE),
                        "side": rng.choice(("ours", "theirs", "theirs", "other")),
                        "role": rng.choice(ROLES),
                        "binding": rng.choice(("yes", "no", "unknown")),
                    }
                )
            for check_id in rng.sample(CHECKS, rng.randint(0, len(CHECKS))):
                rows["answers"].append(
                    {
                        "meeting_id": meeting_id,
                        "check_id": check_id,
                        "verdict": rng.choice(("yes", "yes", "no", "unsure")),
                        "text": _sentence(rng, 6) if rng.random() < 0.3 else "",
                        "answered_at": moment - timedelta(days=1),
                        "author": AUTHOR,
                    }
                )
        for _ in range(agreement_count):
            agreement_id = new_id()
            source: str | None = None
            after = created
            if held and rng.random() < 0.8:
                source, after = rng.choice(held)
            # A day later than the meeting, so the store's check "no due date before the meeting" holds in
            # every time zone.
            due: date | None = None
            if rng.random() < 0.8:
                due = after.date() + timedelta(days=rng.randint(1, 90))
            if due is not None and due < today:
                status = rng.choices(("open", "done", "broken"), (35, 50, 15))[0]
            else:
                status = rng.choices(("open", "done", "broken"), (85, 12, 3))[0]
            added = after + timedelta(hours=2)
            rows["agreements"].append(
                {
                    "id": agreement_id,
                    "dossier_id": dossier_id,
                    "meeting_id": source,
                    "what": _sentence(rng, 10),
                    "side": rng.choice(("ours", "theirs", "other")),
                    "person": rng.choice(PEOPLE),
                    "due": due,
                    "if_broken": _sentence(rng, 6) if rng.random() < 0.3 else "",
                    "status": status,
                    "version": 1 if status == "open" else 2,
                    "created_at": added,
                    "updated_at": added,
                }
            )
            rows["changes"].append(
                {
                    "dossier_id": dossier_id,
                    "at": added,
                    "author": AUTHOR,
                    "action": "agreement added",
                    "field": agreement_id,
                    "new": "open",
                }
            )
            if status != "open":
                rows["changes"].append(
                    {
                        "dossier_id": dossier_id,
                        "at": added,
                        "author": AUTHOR,
                        "action": "agreement status",
                        "field": agreement_id,
                        "old": "open",
                        "new": status,
                    }
                )
    # executemany needs the same keys in every row; the history's optional columns default to NULL.
    rows["changes"] = [{"field": None, "old": None, "new": None, **row} for row in rows["changes"]]
    return rows


def build(
    database: Path, dossier_count: int, meeting_count: int, agreement_count: int, seed: int
) -> dict[str, Any]:
    """Fill a new store; the counts of what is in it, and how much of the agreements is open or overdue."""
    if database.exists():
        raise SystemExit(f"{database} exists already; build makes a new store")
    store = open_store(_url(database))
    rng = random.Random(seed)
    today = datetime.now().astimezone().date()  # what the store calls today when it says "overdue"
    rows = dossier_rows(rng, dossier_count, meeting_count, agreement_count, ids(rng))

    start = time.perf_counter()
    tables = (dossiers, meetings, participants, answers, agreements, changes)
    with store.transaction() as connection:
        for table in tables:
            if rows[table.name]:
                connection.execute(insert(table), rows[table.name])
    with store._engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
        counts = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in tables
        }
        problems = connection.execute(text("PRAGMA foreign_key_check")).all()
    insert_seconds = time.perf_counter() - start
    open_rows = [row for row in rows["agreements"] if row["status"] == "open"]
    store.close()
    return {
        "insert_seconds": insert_seconds,
        "counts": counts,
        "open": len(open_rows),
        "overdue": sum(row["due"] is not None and row["due"] < today for row in open_rows),
        "foreign_key_problems": len(problems),
        "bytes": database.stat().st_size,
    }


# Reading ------------------------------------------------------------------------------------------------

Work = Callable[[str], int]  # a dossier id in, how many rows it read out


def _subjects(store: Store, figure: str) -> tuple[Work, Work]:
    """The store's call for ``figure`` and its baseline: a bare Core select of the same rows, ``.all()``."""
    if figure == "overdue":

        def overdue_subject(_dossier_id: str) -> int:
            return len(store.agreements(status="overdue"))

        def overdue_baseline(_dossier_id: str) -> int:
            with store._engine.connect() as connection:
                return len(connection.execute(select(agreements).where(agreements.c.status == "open")).all())

        return overdue_subject, overdue_baseline

    if figure == "agreements":

        def agreements_subject(dossier_id: str) -> int:
            return len(store.agreements(dossier_id))

        def agreements_baseline(dossier_id: str) -> int:
            with store._engine.connect() as connection:
                query = select(agreements).where(agreements.c.dossier_id == dossier_id)
                return len(connection.execute(query).all())

        return agreements_subject, agreements_baseline

    if figure == "show":

        def show_subject(dossier_id: str) -> int:
            store.dossier(dossier_id)
            planned = store.meetings(dossier_id)
            given = sum(len(store.answers(meeting.id)) for meeting in planned)
            return 1 + len(planned) + given + len(store.agreements(dossier_id))

        def show_baseline(dossier_id: str) -> int:
            held = select(meetings.c.id).where(meetings.c.dossier_id == dossier_id)
            with store._engine.connect() as connection:
                found = connection.execute(select(dossiers).where(dossiers.c.id == dossier_id)).all()
                planned = connection.execute(
                    select(meetings).where(meetings.c.dossier_id == dossier_id)
                ).all()
                connection.execute(select(participants).where(participants.c.meeting_id.in_(held))).all()
                given = connection.execute(select(answers).where(answers.c.meeting_id.in_(held))).all()
                agreed = connection.execute(
                    select(agreements).where(agreements.c.dossier_id == dossier_id)
                ).all()
            return len(found) + len(planned) + len(given) + len(agreed)

        return show_subject, show_baseline

    raise SystemExit(f"unknown figure {figure!r}; use overdue, agreements or show")


def _all_ids(connection: Connection) -> list[str]:
    return list(connection.execute(select(dossiers.c.id).order_by(dossiers.c.id)).scalars())


def read(database: Path, figure: str, seed: int, calls: int, profile: bool) -> dict[str, Any]:
    """Seconds per call of the store and of its baseline, taking turns at going first, on one dossier."""
    store = open_store(_url(database))
    subject, baseline = _subjects(store, figure)
    with store._engine.connect() as connection:
        ids = _all_ids(connection)
    chosen = random.Random(seed).choices(ids, k=calls)
    for dossier_id in chosen[:3]:  # first calls compile statements and fill the pool; no user waits for that
        subject(dossier_id)
        baseline(dossier_id)
    profiler = cProfile.Profile() if profile else None
    subject_times: list[float] = []
    baseline_times: list[float] = []
    subject_rows: list[int] = []
    baseline_rows: list[int] = []
    for number, dossier_id in enumerate(chosen):
        order = ((subject, subject_times, subject_rows), (baseline, baseline_times, baseline_rows))
        for work, times, counted in order if number % 2 == 0 else order[::-1]:
            if profiler is not None and work is subject:
                profiler.enable()
            start = time.perf_counter()
            counted.append(work(dossier_id))
            times.append(time.perf_counter() - start)
            if profiler is not None:
                profiler.disable()
    if profiler is not None:
        _print_profile(profiler)
    store.close()
    return {
        "figure": figure,
        "calls": calls,
        "subject": spread(subject_times),
        "baseline": spread(baseline_times),
        "rows": statistics.median(subject_rows),
        "baseline_rows": statistics.median(baseline_rows),
    }


# Writing ------------------------------------------------------------------------------------------------


def _where(exc: BaseException) -> str:
    """The store's frames an exception passed through, outermost first, and the SQL it was running."""
    frames: list[str] = []
    seen: set[BaseException] = set()
    current: BaseException | None = exc
    chain: list[BaseException] = []
    while current is not None and current not in seen:
        seen.add(current)
        chain.append(current)
        current = current.__cause__ or current.__context__
    for link in chain:
        for frame in traceback.extract_tb(link.__traceback__):
            if frame.filename.endswith(str(Path("dossiers") / "store.py")):
                place = f"{frame.name}:{frame.lineno}"
                if place not in frames:
                    frames.append(place)
    statement = next((getattr(link, "statement", None) for link in chain if hasattr(link, "statement")), None)
    sql = " ".join(str(statement).split())[:90] if statement else ""
    return " > ".join(frames) + (f" [{sql}]" if sql else "")


class Writer(threading.Thread):
    """Adds agreements to its dossier until the deadline or ``MAX_WRITES_PER_THREAD`` (a new dossier after
    every ``AGREEMENTS_LIMIT``, the most one may hold); catches everything."""

    def __init__(self, store: Store, number: int, dossier_id: str, start: threading.Barrier, seconds: float):
        super().__init__(name=f"writer-{number}", daemon=True)
        self.store = store
        self.number = number
        self.dossier_id = dossier_id
        self.dossiers = [dossier_id]
        self.starting = start
        self.seconds = seconds
        self.written: list[str] = []
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.profiler: cProfile.Profile | None = None

    def run(self) -> None:
        today = date.today()
        self.starting.wait()
        if self.profiler is not None:
            self.profiler.enable()
        deadline = time.perf_counter() + self.seconds
        for attempt in range(MAX_WRITES_PER_THREAD):
            start = time.perf_counter()
            if start >= deadline:
                break
            try:
                if attempt and attempt % AGREEMENTS_LIMIT == 0:  # a dossier holds at most this many
                    title = f"Schrijver {self.number}, deel {attempt // AGREEMENTS_LIMIT + 1}"
                    self.dossier_id = self.store.create_dossier({"title": title}, author=AUTHOR).id
                    self.dossiers.append(self.dossier_id)
                added = self.store.add_agreement(
                    self.dossier_id,
                    what=f"Afspraak {attempt} van schrijver {self.number}",
                    side=("ours", "theirs", "other")[attempt % 3],
                    person=PEOPLE[attempt % len(PEOPLE)],
                    due=today + timedelta(days=attempt % 60 - 20),
                    author=f"{AUTHOR} {self.number}",
                )
            except Exception as exc:
                message = str(exc).splitlines()[0][:160] if str(exc) else ""
                self.errors[f"{type(exc).__name__}: {message} @ {_where(exc)}"] += 1
            else:
                self.written.append(added.id)
                self.latencies.append(time.perf_counter() - start)
        if self.profiler is not None:
            self.profiler.disable()


def write(database: Path, thread_count: int, seconds: float, profile: bool) -> dict[str, Any]:
    """Writes per second, errors by kind and place, and whether every write that returned is stored."""
    if database.exists():
        raise SystemExit(f"{database} exists already; write starts from a new store")
    store = open_store(_url(database))
    owners = [
        store.create_dossier({"title": f"Schrijver {n}"}, author=AUTHOR).id for n in range(thread_count)
    ]
    starting = threading.Barrier(thread_count + 1)
    writers = [Writer(store, n, owner, starting, seconds) for n, owner in enumerate(owners)]
    if profile:
        writers[0].profiler = cProfile.Profile()
    for writer in writers:
        writer.start()
    starting.wait()
    start = time.perf_counter()
    for writer in writers:
        writer.join(timeout=max(0.0, start + seconds + 120 - time.perf_counter()))
    elapsed = time.perf_counter() - start
    hung = sum(writer.is_alive() for writer in writers)
    if writers[0].profiler is not None and not hung:
        _print_profile(writers[0].profiler)

    returned = {agreement_id for writer in writers for agreement_id in writer.written}
    owners = [dossier_id for writer in writers for dossier_id in writer.dossiers]
    with store._engine.connect() as connection:
        stored = set(
            connection.execute(select(agreements.c.id).where(agreements.c.dossier_id.in_(owners))).scalars()
        )
        integrity = connection.execute(text("PRAGMA integrity_check")).scalar()
    store.close()
    errors: Counter[str] = Counter()
    for writer in writers:
        errors.update(writer.errors)
    written = sum(len(writer.written) for writer in writers)
    return {
        "threads": thread_count,
        "seconds": elapsed,
        "written": written,
        "per_second": written / elapsed,
        "per_thread": [len(writer.written) for writer in writers],
        "errors": sum(errors.values()),
        "error_kinds": errors.most_common(5),
        "rows": len(stored),
        "lost": len(returned - stored),
        "unreported": len(stored - returned),  # stored, though the call raised (or never returned)
        "duplicate_ids": written - len(returned),
        "hung_threads": hung,
        "integrity": integrity,
        "latency": spread(sorted(latency for writer in writers for latency in writer.latencies)),
    }


def main(argv: list[str]) -> None:
    profile = "--profile" in argv
    args = [arg for arg in argv if arg != "--profile"]
    if len(args) < 2:
        raise SystemExit(__doc__)
    mode, database = args[0], Path(args[1])
    if mode == "build":
        result = build(database, int(args[2]), int(args[3]), int(args[4]), int(args[5]))
    elif mode == "read":
        result = read(database, args[2], int(args[3]), int(args[4]), profile)
    elif mode == "write":
        result = write(database, int(args[2]), float(args[3]), profile)
    else:
        raise SystemExit(f"unknown mode {mode!r}; use build, read or write")
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
