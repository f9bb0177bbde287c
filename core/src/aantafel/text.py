"""Turning text into search terms: fold accents and case, write out contractions and chat shorthand, drop
filler words, stem.

Dutch uses Snowball's ``dutch_porter``: the newer ``dutch`` algorithm stems both "gemeente" and "menen" to
"meen", so a search for the gemeente would find every sentence about having an opinion. Stems are cached per
analyzer because a library repeats the same few thousand words many times.
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer

STEMMERS = {"nl": "dutch_porter", "en": "english"}

# Words too common to tell items apart. Negations ("niet", "geen", "not") stay: they carry meaning here.
STOPWORDS = {
    "nl": frozenset(
        """de het een en of maar dat die dit deze is zijn was waren ben bent ik je jij jullie we wij ze zij
        hij hem haar ons onze mijn jouw hun er te van in op aan met voor om bij tot als dan door uit
        naar over ook nog al wel zo wat hoe wie waar wordt worden werd kan kun kunt kunnen moet moeten
        zou zouden heb hebt heeft hebben had hadden mij me u uw men toch even gewoon echt heel erg of
        dus want omdat wil willen gaat gaan doen doet hier daar nu""".split()
    ),
    "en": frozenset(
        """the a an and or but that this these those is are was were be been being am i you we they he she
        it me us them my your our their his her its of in on at to for with by from as if then so do
        does did have has had can could will would should shall may might must there here what how who
        where when which about into up out very just really keep keeps kept""".split()
    ),
}

# Words as people type them, written out: contractions, apostrophe-less contractions and chat shorthand.
# Without this "they're" leaves a fragment "re" that matches anything with "re", and "didnt" means nothing.
SHORTHAND: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        **{
            word: (base, "not")
            for base, word in (
                ("will", "won't"),
                ("can", "can't"),
                ("shall", "shan't"),
                ("are", "ain't"),
                ("can", "cannot"),
                ("do", "dont"),
                ("does", "doesnt"),
                ("did", "didnt"),
                ("can", "cant"),
                ("is", "isnt"),
                ("are", "arent"),
                ("was", "wasnt"),
                ("were", "werent"),
                ("have", "havent"),
                ("has", "hasnt"),
                ("had", "hadnt"),
                ("could", "couldnt"),
                ("would", "wouldnt"),
                ("should", "shouldnt"),
            )
        },
        "theyre": ("they", "are"),
        "youre": ("you", "are"),
        "ive": ("i", "have"),
        "im": ("i", "am"),
        "theyll": ("they", "will"),
        "theyve": ("they", "have"),
        "idk": ("i", "do", "not", "know"),
        "tbh": (),
        "imo": (),
        "btw": (),
        "pls": ("please",),
        "thx": ("thanks",),
        "govt": ("government",),
    },
    "nl": {
        "m'n": ("mijn",),
        "z'n": ("zijn",),
        "d'r": ("haar",),
        "da's": ("dat", "is"),
        "zo'n": ("zo", "een"),
        "mn": ("mijn",),
        "zn": ("zijn",),
        "ff": ("even",),
        "nie": ("niet",),
        "nt": ("niet",),
        "mss": ("misschien",),
        "idd": ("inderdaad",),
        "iig": ("in", "ieder", "geval"),
        "ipv": ("in", "plaats", "van"),
        "wss": ("waarschijnlijk",),
        "ws": ("waarschijnlijk",),
        "bijv": ("bijvoorbeeld",),
        "evt": ("eventueel",),
        "gwn": ("gewoon",),
        "gem": ("gemeente",),
        "vd": ("van", "de"),
        "vh": ("van", "het"),
        "tzt": ("te", "zijner", "tijd"),
    },
}
COMPOUNDING = frozenset({"nl"})
"""Languages that write compounds as one word ("huurkorting"); their unknown words may be split."""

_WORD = re.compile(r"\w+(?:'\w+)*")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Één Ideeën' -> 'een ideeen'."""
    if text.isascii():
        return text.lower()  # the same result, without decomposing every character
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Analyzer:
    """Words to stems for one language; unknown languages are folded but not stemmed."""

    def __init__(self, language: str) -> None:
        algorithm = STEMMERS.get(language)
        self._stem = snowballstemmer.stemmer(algorithm).stemWord if algorithm else None
        self._stopwords = STOPWORDS.get(language, frozenset())
        self._shorthand = SHORTHAND.get(language, {})
        self._english = language == "en"
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._cache.get(word)
        if stem is None:
            stem = self._stem(word) if self._stem else word
            self._cache[word] = stem
        return stem

    def words(self, text: str) -> list[str]:
        """The folded words of ``text`` that carry meaning, in order, contractions written out."""
        found = []
        for token in _WORD.findall(fold(text).replace("’", "'")):
            for word in self._written_out(token):
                if len(word) > 1 and word not in self._stopwords:
                    found.append(word)
        return found

    def _written_out(self, token: str) -> tuple[str, ...]:
        known = self._shorthand.get(token)
        if known is not None:
            return known
        if "'" not in token:
            return (token,)
        if self._english and token.endswith("n't"):
            return (token[:-3], "not")
        return (token.split("'", 1)[0],)  # "council's", "auto's", "they'll": the word before the apostrophe

    def terms(self, text: str) -> list[str]:
        """The stems of ``text``'s meaningful words, in order, with repeats."""
        return [self.stem(word) for word in self.words(text)]
