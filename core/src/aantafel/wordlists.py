"""How common a word is in everyday language, from wordfreq's word lists, and so how much it says.

The finder weighs a user's words by how rare they are in real text (wordfreq combines subtitles, Wikipedia,
news, books and the web): "weet", "alles" and "eigenlijk" say little about a stuck talk, "vaag" and
"wethouder" a lot. The same list tells a real word from a typo, so that only a word that is in no dictionary
gets corrected.

wordfreq's Python API imports its tokenizers (regex, ftfy, langcodes: half a second); the finder needs only
the word lists, so this module reads them straight from the package's data folder, in their documented
cBpack format: a msgpack list whose first element is a header and whose element *i* holds the words used
10^(-i/100) of the time. Weights come from the "small" list (the 30,000 words used at least once per million;
a rarer word weighs fully anyway). Whether a word is real comes from the "large" list, down to words used
once per ten million ("aandragen", "huurverhoging", but not the typo "promis"): kept as a sorted array of
hashes (1 MB, not a set of 150,000 strings), read once per process on first use (0.4 s).
"""

from __future__ import annotations

import bisect
import functools
import gzip
import importlib.util
from array import array
from pathlib import Path

from aantafel.text import fold

FORMAT = {"format": "cB", "version": 1}
ZIPF_TOP = 9.0
"""A word's Zipf value is log10 of its uses per billion words: bucket *i* is 9 - i/100."""
REAL_ZIPF = 2.0
"""The least Zipf value of a real word: below it, the large list holds as many typos as words."""


class WordListError(Exception):
    """wordfreq's data is missing or in a format this version does not read."""


def _data_folder() -> Path | None:
    spec = importlib.util.find_spec("wordfreq")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _buckets(language: str, size: str) -> list[list[str]]:
    """The words of one list, by bucket (most common first); none for a language wordfreq has no list for."""
    import msgpack

    folder = _data_folder()
    if folder is None:
        raise WordListError("the wordfreq package is not installed; install it with: pip install wordfreq")
    path = folder / f"{size}_{language}.msgpack.gz"
    if not path.exists():
        return []
    try:
        data = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    except (OSError, ValueError, msgpack.UnpackException) as exc:
        raise WordListError(f"{path} cannot be read: {exc}; reinstall wordfreq") from exc
    if not data or data[0] != FORMAT:
        raise WordListError(f"{path} is not in the cBpack format {FORMAT}; install wordfreq 3")
    return list(data[1:])


@functools.cache
def frequencies(language: str) -> dict[str, float]:
    """Folded word -> Zipf value (7 for "de", 3 for a word used once per million), or an empty dict for a
    language wordfreq has no list for."""
    found: dict[str, float] = {}
    for bucket, words in enumerate(_buckets(language, "small")):
        for word in words:
            found.setdefault(fold(word), ZIPF_TOP - bucket / 100)
    return found


@functools.cache
def real_word_hashes(language: str) -> array[int]:
    """The sorted hashes of the large list's words used at least once per ten million words."""
    buckets = _buckets(language, "large")[: round((ZIPF_TOP - REAL_ZIPF) * 100) + 1]
    return array("q", sorted({hash(fold(word)) for words in buckets for word in words}))


def available(language: str) -> bool:
    """Whether wordfreq has lists for ``language``; both are read now, so that a damaged one is reported
    (``WordListError``, naming the file) before the first question rather than in the middle of one."""
    real_word_hashes(language)
    return bool(frequencies(language))


def zipf(language: str, word: str) -> float:
    """How common ``word`` (folded) is: 0 when it is rarer than once per million words or not a word."""
    return frequencies(language).get(word, 0.0)


def is_word(language: str, word: str) -> bool:
    """Whether ``word`` (folded) is a word people use, as opposed to a typo or a made-up word. (Two words
    sharing a hash is a chance of one in a hundred trillion per lookup.)"""
    if word in frequencies(language):
        return True
    hashes, key = real_word_hashes(language), hash(word)
    position = bisect.bisect_left(hashes, key)
    return position < len(hashes) and hashes[position] == key
