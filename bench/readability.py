"""How easy the Dutch pack reads, measured as the issue asks: Flesch-Douma reading ease (textstat set to
Dutch), words per sentence, and the number of words of guidance.

Run: uv run python bench/readability.py [PACK_FOLDER]
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import textstat

ROOT = Path(__file__).resolve().parent.parent
DUTCH_PACK = ROOT / "content" / "nl" / "src" / "aantafel_nl" / "pack"
SEED = ROOT.parent / "shared" / "seed"

# Keys that hold ids or tags, not prose a reader reads.
NOT_PROSE = frozenset({"id", "kind", "related", "tags", "item"})


def _prose(value: object, key: str = "") -> list[str]:
    if key in NOT_PROSE:
        return []
    if isinstance(value, str):
        text = value.strip()
        return [text if text[-1:] in ".?!:" else text + "."] if text else []
    if isinstance(value, list):
        return [part for entry in value for part in _prose(entry, key)]
    if isinstance(value, dict):
        return [part for k, v in value.items() for part in _prose(v, k)]
    return []


def pack_text(folder: Path) -> str:
    """All prose of a pack's item files, one paragraph per field or list entry."""
    paragraphs: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name != "pack.toml":
            items = tomllib.loads(path.read_text(encoding="utf-8")).get("item", [])
            paragraphs += [part for item in items for part in _prose(item)]
    return "\n\n".join(paragraphs)


def figures(text: str) -> tuple[float, float, int]:
    """(reading ease, words per sentence, words)."""
    textstat.set_lang("nl")
    return (
        textstat.flesch_reading_ease(text),
        textstat.words_per_sentence(text),
        textstat.lexicon_count(text),
    )


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DUTCH_PACK
    seeds = [("seed", path.read_text(encoding="utf-8")) for path in sorted(SEED.glob("*.txt"))]
    for name, text in [("pack", pack_text(folder)), *seeds]:
        ease, per_sentence, words = figures(text)
        print(
            f"readability {name}: Flesch-Douma {ease:.1f}, {per_sentence:.1f} words/sentence, {words} words"
        )


if __name__ == "__main__":
    main()
