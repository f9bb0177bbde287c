"""Searching one's own dossiers (issue 15): the store's search next to a bare ``LIKE '%word%'`` scan of the
same texts, in a fresh process, printed as one line of JSON; ``perf.py`` runs it.

    python bench/own_search.py DATABASE DOSSIERS MEETINGS SEED QUERIES

fills a new SQLite store with DOSSIERS dossiers of MEETINGS meetings each (``dossiers.dossier_rows``, then
texts drawn from wordfreq's Dutch list with Zipf's law, so a word is as rare or common as in real notes,
and a gemeente as counterpart), makes their search rows in one transaction as the migration does, and
times QUERIES searches taking turns with the baseline: a word from the list (ranks 100 to 20,000), a
gemeente's name, or two words. The baseline finds every row with each word anywhere in it, unranked.

    python bench/own_search.py web DATABASE DOSSIERS MEETINGS AGREEMENTS SEED QUERIES FILE

fills a store the same way for the web figures (``web.py``), with AGREEMENTS agreements a dossier and a
record with moves for half the meetings (so the dossier page draws its picture), and writes QUERIES
different search addresses of such words to FILE, one a line, for ``paths.lua``.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _load import spread
from dossiers import dossier_rows, ids
from sqlalchemy import func, insert, select, text
from wordfreq import top_n_list

from aantafel.dossiers.model import MOVES
from aantafel.dossiers.schema import (
    agreements,
    answers,
    changes,
    dossiers,
    meetings,
    moves,
    participants,
    search_texts,
)
from aantafel.dossiers.store import open_store
from aantafel.dossiers.store.search import refresh_dossier

VOCABULARY = 20_000
GEMEENTEN = """Utrecht Zeist Amersfoort Nijmegen Arnhem Zwolle Deventer Enschede Leiden Delft Haarlem Alkmaar
    Groningen Assen Emmen Tilburg Breda Eindhoven Venlo Maastricht Heerlen Almere Dordrecht""".split()


def _writer(rng: random.Random) -> Any:
    words = [word for word in top_n_list("nl", VOCABULARY) if word.isalpha()]
    weights = [1 / (rank + 10) for rank in range(len(words))]

    def sentence(count: int) -> str:
        return " ".join(rng.choices(words, weights, k=count)).capitalize() + "."

    return words, sentence


def build(
    database: Path, dossier_count: int, meeting_count: int, seed: int, agreement_count: int = 0
) -> tuple[float, int, list[str]]:
    """The store; with agreements, also their texts in those words, and moves in half the meetings."""
    rng = random.Random(seed)
    words, sentence = _writer(rng)
    rows = dossier_rows(rng, dossier_count, meeting_count, agreement_count, ids(rng))
    for dossier in rows["dossiers"]:
        dossier.update(
            counterpart=f"Gemeente {rng.choice(GEMEENTEN)}", goal=sentence(15), limits=sentence(10)
        )
    for meeting in rows["meetings"]:
        meeting.update(purpose=sentence(8), notes=sentence(rng.randint(20, 150)), went_well=sentence(15))
    rows["moves"] = []
    for agreement in rows["agreements"]:
        agreement.update(what=sentence(10))
    if agreement_count:
        for meeting in rows["meetings"][::2]:
            for position in range(rng.randint(1, 6)):
                kind = rng.choice(MOVES)
                rows["moves"].append(
                    {
                        "meeting_id": meeting["id"],
                        "position": position,
                        "side": rng.choice(("ours", "theirs")),
                        "kind": kind,
                        "what": sentence(6),
                        "condition": sentence(5) if kind == "promised" else "",
                    }
                )
    store = open_store(f"sqlite:///{database}")
    with store.transaction() as connection:
        for table in (dossiers, meetings, participants, answers, moves, agreements, changes):
            if rows[table.name]:
                connection.execute(insert(table), rows[table.name])
    start = time.perf_counter()
    with store.transaction() as connection:
        for dossier in rows["dossiers"]:
            refresh_dossier(connection, dossier["id"])
    indexed = time.perf_counter() - start
    with store.transaction() as connection:
        connection.execute(text("ANALYZE"))
        count = connection.execute(select(func.count()).select_from(search_texts)).scalar_one()
    store.close()
    return indexed, count, words


def measure(database: Path, words: list[str], seed: int, count: int) -> dict[str, Any]:
    rng = random.Random(seed + 1)
    queries = []
    for number in range(count):
        kind = number % 4
        if kind == 0:
            queries.append(rng.choice(GEMEENTEN))
        elif kind == 1:
            queries.append(" ".join(rng.choices(words[100:2000], k=2)))
        else:
            queries.append(rng.choice(words[100:]))
    store = open_store(f"sqlite:///{database}")
    engine = store._engine

    def subject(query: str) -> int:
        return len(store.search_dossiers(query, "nl"))

    def baseline(query: str) -> int:
        like = select(search_texts.c.kind, search_texts.c.row_id).where(
            *(search_texts.c.text.like(f"%{word}%") for word in query.split())
        )
        with engine.connect() as connection:
            return len(connection.execute(like).all())

    for query in queries[:3]:  # the first calls compile statements and fill the pool
        subject(query)
        baseline(query)
    times: dict[str, list[float]] = {"subject": [], "baseline": []}
    found: dict[str, list[int]] = {"subject": [], "baseline": []}
    for number, query in enumerate(queries):
        order = [("subject", subject), ("baseline", baseline)]
        for name, work in order if number % 2 == 0 else order[::-1]:
            start = time.perf_counter()
            found[name].append(work(query))
            times[name].append(time.perf_counter() - start)
    store.close()
    return {
        "subject": spread(times["subject"]),
        "baseline": spread(times["baseline"]),
        "hits": sorted(found["subject"])[len(queries) // 2],
        "like_rows": sorted(found["baseline"])[len(queries) // 2],
    }


def web_queries(words: list[str], seed: int, count: int) -> list[str]:
    """``count`` different queries, each of words the dossiers hold: a gemeente and a word, two words, or a
    word (ranks 100 to 20,000), as someone searching their notes types them."""
    rng = random.Random(seed + 2)
    made: dict[str, None] = {}
    while len(made) < count:
        kind = rng.randrange(4)  # single words run out first: the others go on
        if kind == 0:
            query = f"{rng.choice(GEMEENTEN)} {rng.choice(words[100:2000])}"
        elif kind == 1:
            query = " ".join(rng.choices(words[100:2000], k=2))
        else:
            query = rng.choice(words[100:])
        made[query] = None
    return list(made)


def web(argv: list[str]) -> None:
    if len(argv) != 7:
        raise SystemExit(__doc__)
    database, (dossier_count, meeting_count, agreement_count, seed, count), file = (
        Path(argv[0]),
        map(int, argv[1:6]),
        Path(argv[6]),
    )
    if database.exists():
        raise SystemExit(f"{database} exists already; this makes a new store")
    indexed, rows, words = build(database, dossier_count, meeting_count, seed, agreement_count)
    asked = web_queries(words, seed, count)
    file.write_text("".join(f"/search?{urlencode({'q': query})}\n" for query in asked))
    print(json.dumps({"index_seconds": indexed, "rows": rows, "queries": len(asked)}))


def main(argv: list[str]) -> None:
    if argv[:1] == ["web"]:
        web(argv[1:])
        return
    if len(argv) != 5:
        raise SystemExit(__doc__)
    database, dossier_count, meeting_count, seed, count = Path(argv[0]), *map(int, argv[1:])
    if database.exists():
        raise SystemExit(f"{database} exists already; this makes a new store")
    indexed, rows, words = build(database, dossier_count, meeting_count, seed)
    result = {"index_seconds": indexed, "rows": rows, **measure(database, words, seed, count)}
    result["bytes"] = database.stat().st_size
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
