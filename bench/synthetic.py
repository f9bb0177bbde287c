"""A synthetic content library for benchmarks: many packs of Dutch-ish items, reproducible from a seed.

Text is drawn from a vocabulary of real Dutch words and made-up words that sound Dutch (50,000 in all),
with Zipf-like frequencies and the usual function words in between, so that stemming, the search
vocabulary and the posting lists look like those of real content. Every kind of the core is present;
interventions carry ``signals`` for the finder. Ids are unique across packs: ``p0001-i042``.

    from synthetic import write_library
    folders = write_library(Path("/tmp/lib"), packs=1000, items_per_pack=100, seed=7)
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from functools import cache
from itertools import accumulate
from pathlib import Path

# Glue between the content words; most of these are stop words of the Dutch analyzer.
FUNCTION_WORDS = """de de de het het een een en en van van in in op met voor aan niet niet geen ze we
    jullie je dat die er is zijn wordt kan moet als dan maar ook nog al bij om te tot naar over door uit
    wat hoe wie waar wanneer samen altijd nooit vaak soms weer zelf iets niets elke veel weinig""".split()

REAL_WORDS = """gemeente gemeenten afspraak afspraken buurthuis buurt bewoners bewonersbedrijf wethouder
    ambtenaar ambtenaren subsidie subsidies huur huurcontract gebouw pand sleutel beheer beheerder
    vrijwilligers vrijwilliger bestuur begroting geld budget kosten opbrengst risico risico's plan plannen
    voorstel tegenvoorstel gesprek gesprekken overleg vergadering agenda verslag notulen besluit besluiten
    beslissen beslist toezeggen toezegging beloven belofte vertrouwen relatie inhoud belang belangen
    standpunt standpunten positie posities doel doelen verwachting verwachtingen termijn datum planning
    stap stappen voortgang vertraging wachten haast tijd energie moeite ruimte steun hulp advies adviseur
    expert kennis ervaring voorbereiding voorbereiden checken vragen vraag antwoord antwoorden uitleg
    luisteren praten zeggen vertellen noemen benoemen samenvatten opschrijven mailen bellen sturen
    ontvangen reageren voorstellen eisen wensen willen kunnen mogen moeten durven proberen merken
    voelen denken weten snappen begrijpen erkennen waarderen respecteren negeren wuiven schuiven draaien
    blokkeren vastlopen vastleggen verharden escaleren kalmeren herstellen afronden beginnen stoppen
    vaag concreet duidelijk onduidelijk eerlijk open gesloten vriendelijk boos teleurgesteld moe
    gefrustreerd rustig onrustig zeker onzeker belangrijk klein groot zwaar licht snel langzaam laat
    vroeg nieuw oud eerste laatste volgende vorige samen apart lokaal landelijk financieel juridisch
    politiek sociaal praktisch formeel informeel schriftelijk mondeling openbaar vertrouwelijk
    buurtfeest speeltuin moestuin bibliotheek sporthal wijkcentrum wijk straat dorp stad raad raadslid
    college burgemeester coalitie oppositie verkiezingen partij wijkagent woningcorporatie huurders
    jongeren ouderen kinderen gezinnen buren nieuwkomers taalcafé koffie ochtend middag avond week maand
    jaar contract overeenkomst voorwaarden regels beleid verordening vergunning aanvraag formulier
    rapport evaluatie resultaat resultaten effect effecten succes probleem problemen oplossing
    oplossingen kans kansen keuze keuzes alternatief alternatieven compromis ruil concessie grens
    grenzen minimum maximum prijs waarde investering onderhoud schoonmaak energierekening verwarming
    isolatie zonnepanelen dak keuken zaal ruimtes meubels computer website nieuwsbrief folder
    bijeenkomst presentatie pitch verhaal voorbeeld cijfers bewijs draagvlak handtekeningen enquête
    mening meningen emotie emoties spanning conflict ruzie excuus pauze stilte humor toon sfeer
    samenwerking partner partners netwerk coalities vertegenwoordiger woordvoerder contactpersoon
    één ideeën financiën categorieën coördinator geïnteresseerd café privé reünie overeenkomsten
    tevreden ontevreden zorgen zorg welzijn participatie inspraak zeggenschap eigenaarschap""".split()

_ONSETS = "b d g k l m n p r s t v w z h j st sch br kr gr pl tr vl zw sl sp bl dr fr gl kl sn".split()
_VOWELS = "a e i o u aa ee oo ie oe ui ij ei eu ou".split()
_CODAS = ["", "", "", "n", "r", "l", "k", "t", "s", "m", "ng", "rd", "nd", "cht", "st", "rk", "lt"]
_SUFFIXES = ["", "", "", "", "ing", "heid", "schap", "en", "er", "lijk", "baar", "te", "ig", "isch", "aar"]

MADE_UP_WORDS = 50_000
"""Real text of this size (about 12 million words) holds tens of thousands of different words (Heaps' law);
with only a few thousand, every word would occur in thousands of items and no query would be selective."""
FUNCTION_SHARE = 0.4
"""About this share of the words in a sentence is glue (de, het, niet, ...), as in ordinary Dutch prose."""

KINDS = ("topic", "check", "principle", "intervention")
KIND_WEIGHTS = (25, 22, 20, 33)
FILES = {
    "topic": "topics.toml",
    "check": "checks.toml",
    "principle": "principles.toml",
    "intervention": "interventions.toml",
}


@cache
def vocabulary(seed: int) -> tuple[str, ...]:
    """The content words of the library of ``seed``, most frequent first: real words, then made-up ones."""
    rng = random.Random(f"vocabulary-{seed}")
    real = list(dict.fromkeys(REAL_WORDS))
    rng.shuffle(real)
    made_up: dict[str, None] = {}
    known = set(real) | set(FUNCTION_WORDS)
    while len(made_up) < MADE_UP_WORDS:
        syllables = rng.choice((1, 1, 2, 2, 2, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        word += rng.choice(_SUFFIXES)
        if 3 <= len(word) <= 13 and word not in known:
            made_up[word] = None
    # Real words are common, made-up ones make up the long tail; interleave a little so both mix.
    words = real + list(made_up)
    head, tail = words[:600], words[600:]
    rng.shuffle(head)
    return tuple(head + tail)


class _Writer:
    """Draws words, sentences and phrases from one vocabulary with Zipf-like frequencies."""

    def __init__(self, seed: int, stream: str) -> None:
        self.rng = random.Random(f"{stream}-{seed}")
        content = vocabulary(seed)
        weights = [1.0 / (rank + 10) for rank in range(len(content))]
        total = sum(weights)
        glue = FUNCTION_SHARE / (1 - FUNCTION_SHARE) * total / len(FUNCTION_WORDS)
        self.words = list(content) + FUNCTION_WORDS
        self.cumulative = list(accumulate(weights + [glue] * len(FUNCTION_WORDS)))
        self.content = content

    def draw(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def sentence(self, low: int = 6, high: int = 14, question: float = 0.1) -> str:
        words = self.draw(self.rng.randint(low, high))
        if len(words) > 8 and self.rng.random() < 0.3:
            words[len(words) // 2] += ","
        end = "?" if self.rng.random() < question else "."
        return " ".join(words)[:1].upper() + " ".join(words)[1:] + end

    def sentences(self, low: int, high: int, question: float = 0.1) -> str:
        return " ".join(self.sentence(question=question) for _ in range(self.rng.randint(low, high)))

    def title(self, question: bool = False) -> str:
        text = " ".join(self.draw(self.rng.randint(3, 7)))
        return text[:1].upper() + text[1:] + ("?" if question else "")

    def phrase(self) -> str:
        """How a person describes a stuck talk: 'ze blijven vaag over de huur'."""
        subject = self.rng.choice(("ze", "ze", "we", "ik", "de gemeente", "de wethouder", "niemand", "het"))
        return " ".join([subject, *self.draw(self.rng.randint(2, 6))])

    def bullets(self, low: int, high: int) -> str:
        return "\n".join(f"- {self.sentence(5, 12, 0.0)}" for _ in range(self.rng.randint(low, high)))

    def paragraphs(self, low: int, high: int) -> str:
        first = self.sentences(low, high)
        if self.rng.random() < 0.4:
            return f"{first}\n\n{self.sentences(1, 3)}"
        return first


def _text(value: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML), or a multi-line one for text with newlines."""
    if "\n" in value or len(value) > 100:
        return f'"""\n{value}\n"""'
    return json.dumps(value, ensure_ascii=False)


def _texts(values: Sequence[str]) -> str:
    return "[\n" + "".join(f"  {json.dumps(v, ensure_ascii=False)},\n" for v in values) + "]"


def _item(writer: _Writer, kind: str, item_id: str, siblings: Sequence[str]) -> str:
    rng = writer.rng
    fields: list[tuple[str, str]] = [
        ("id", _text(item_id)),
        ("kind", _text(kind)),
        ("title", _text(writer.title(question=kind == "check"))),
        ("summary", _text(writer.sentence(6, 14, 0.0))),
    ]
    if kind == "topic":
        fields.append(("body", _text(writer.paragraphs(3, 6))))
    elif kind == "check":
        fields.append(("why", _text(writer.paragraphs(2, 4))))
        fields.append(("if_not", _text(writer.bullets(2, 4))))
    elif kind == "principle":
        fields.append(("explanation", _text(writer.paragraphs(3, 5))))
        fields.append(("questions", _texts([writer.sentence(6, 12, 1.0) for _ in range(rng.randint(2, 4))])))
    else:
        fields.append(("situation", _text(writer.sentences(2, 4))))
        fields.append(("signals", _texts([writer.phrase() for _ in range(rng.randint(4, 10))])))
        fields.append(("sentences", _texts([writer.sentence(5, 14, 0.4) for _ in range(rng.randint(2, 5))])))
        fields.append(("next_steps", _text(writer.bullets(2, 4))))
    related = rng.sample(siblings, k=min(len(siblings), rng.randint(0, 3)))
    if related:
        fields.append(("related", _texts(related)))
    fields.append(("tags", _texts(sorted(set(rng.choices(writer.content[:400], k=rng.randint(1, 3)))))))
    return "[[item]]\n" + "".join(f"{key} = {value}\n" for key, value in fields)


def write_library(folder: Path, packs: int, items_per_pack: int, seed: int) -> list[Path]:
    """Write ``packs`` Dutch pack folders of ``items_per_pack`` items under ``folder``; return them in order.

    The same arguments always write the same bytes. Items of one kind share a file, as in the real packs.
    """
    writer = _Writer(seed, "library")
    rng = writer.rng
    pack_digits = max(4, len(str(packs)))
    item_digits = max(3, len(str(items_per_pack - 1)))
    folder.mkdir(parents=True, exist_ok=True)
    folders = []
    for number in range(1, packs + 1):
        pack_id = f"p{number:0{pack_digits}d}"
        pack_folder = folder / pack_id
        pack_folder.mkdir(exist_ok=True)
        header = {
            "schema_version": "1",
            "id": _text(pack_id),
            "language": _text("nl"),
            "version": _text(f"1.{rng.randint(0, 9)}.0"),
            "title": _text(writer.title()),
            "description": _text(writer.sentence()),
            "authors": _texts(["bench"]),
            "license": _text("CC0-1.0"),
        }
        (pack_folder / "pack.toml").write_text(
            "".join(f"{key} = {value}\n" for key, value in header.items()), encoding="utf-8"
        )
        ids = [f"{pack_id}-i{index:0{item_digits}d}" for index in range(items_per_pack)]
        kinds = rng.choices(KINDS, weights=KIND_WEIGHTS, k=items_per_pack)
        by_file: dict[str, list[str]] = {}
        for item_id, kind in zip(ids, kinds, strict=True):
            by_file.setdefault(FILES[kind], []).append(_item(writer, kind, item_id, ids))
        for name, entries in sorted(by_file.items()):
            (pack_folder / name).write_text("\n".join(entries), encoding="utf-8")
        folders.append(pack_folder)
    return folders


def _typo(rng: random.Random, word: str) -> str:
    """One slip of the finger: a letter changed, dropped, doubled or two letters swapped."""
    at = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("change", "drop", "double", "swap"))
    if slip == "change":
        return word[:at] + rng.choice("abcdeghiklmnoprstuvwz".replace(word[at], "")) + word[at + 1 :]
    if slip == "drop":
        return word[:at] + word[at + 1 :]
    if slip == "double":
        return word[:at] + word[at] + word[at:]
    return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]


def queries(count: int, seed: int, typos: float = 0.2) -> list[str]:
    """Search queries of 1 to 3 content words of the library of ``seed``; some words carry one typo.

    Half of the words are drawn as often as they occur in the text, half uniformly, so both common words
    (long posting lists) and rare ones are searched.
    """
    writer = _Writer(seed, "queries")
    rng = writer.rng
    found = []
    for _ in range(count):
        words = []
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3))):
            if rng.random() < 0.5:
                word = rng.choices(writer.content, cum_weights=writer.cumulative[: len(writer.content)])[0]
            else:
                word = rng.choice(writer.content)
            words.append(word)
        if rng.random() < typos:
            long_words = [i for i, w in enumerate(words) if len(w) >= 5]
            if long_words:
                at = rng.choice(long_words)
                words[at] = _typo(rng, words[at])
        found.append(" ".join(words))
    return found


def situations(count: int, seed: int) -> list[str]:
    """Descriptions of a stuck talk in a user's words, as typed into the intervention finder."""
    writer = _Writer(seed, "situations")
    rng = writer.rng
    openings = (
        "We zitten met de gemeente aan tafel en",
        "In het laatste gesprek merkte ik dat",
        "Het overleg loopt vast want",
        "Ik weet niet wat ik moet doen:",
        "",
    )
    found = []
    for _ in range(count):
        parts = [writer.phrase() for _ in range(rng.randint(1, 3))]
        text = " en ".join(parts)
        opening = rng.choice(openings)
        found.append(f"{opening} {text}." if opening else text[:1].upper() + text[1:] + ".")
    return found
