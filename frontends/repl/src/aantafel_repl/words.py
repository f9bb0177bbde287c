"""What the coach says around the content, in Dutch (B1, "je") and English, with the same keys.

Content (titles, sentences, advice) comes from the packs; names of fields come from ``aantafel.labels``,
which the command line and the exports share. A language without words here falls back to English.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "welcome": "Welkom bij de coach van aantafel. Ik help je een gesprek met de gemeente voorbereiden.",
        "welcome how": "Beschrijf wat er gebeurt, bijvoorbeeld: ze worden niet concreet. Of typ /help.",
        "help title": "Wat je kunt typen:",
        "help free text": "Gewone tekst: ik zoek wat helpt als het gesprek vastloopt.",
        "help checks": "De vier checks voor je begint",
        "help principles": "De principes van goed onderhandelen",
        "help interventions": "Alle manieren om in te grijpen",
        "help modules": "Extra modules van trainers",
        "help show": "Eén onderdeel helemaal lezen",
        "help search": "Zoeken in alles",
        "help stuck": "Wat helpt als het vastloopt",
        "help lang": "Taal kiezen: nl of en",
        "help help": "Deze lijst",
        "help quit": "Stoppen (of Ctrl-D)",
        "unknown command": "/{name} ken ik niet.",
        "did you mean": "Bedoel je /{suggestion}?",
        "see help": "Typ /help voor alle opdrachten.",
        "needs argument": "Zo gebruik je het: {usage}",
        "unknown item": "'{item}' vond ik niet.",
        "none of kind": "Er is nog niets van deze soort.",
        "no results": "Niets gevonden voor '{query}'. Probeer andere woorden.",
        "no suggestion": "Ik vond niets dat past. Beschrijf in andere woorden wat er gebeurt, of typ "
        "/interventions.",
        "you can say": "Wat je kunt zeggen:",
        "more": "Meer: /show {item}",
        "language set": "De taal is nu Nederlands.",
        "unknown language": "Die taal ken ik niet. Kies uit: {choices}.",
        "failed": "/{name} ging mis: {error}. De rest werkt gewoon door.",
        "bye": "Tot ziens. Succes met het gesprek!",
        "toolbar": "taal: {language} · /help · Ctrl-D stopt",
    },
    "en": {
        "welcome": "Welcome to the aantafel coach. I help you prepare a meeting with the municipality.",
        "welcome how": "Describe what is happening, for example: they stay vague. Or type /help.",
        "help title": "What you can type:",
        "help free text": "Plain text: I look for what helps when the talk is stuck.",
        "help checks": "The four checks before you start",
        "help principles": "The principles of good negotiating",
        "help interventions": "Every way to step in",
        "help modules": "Extra modules from trainers",
        "help show": "Read one item in full",
        "help search": "Search everything",
        "help stuck": "What helps when the talk is stuck",
        "help lang": "Choose the language: nl or en",
        "help help": "This list",
        "help quit": "Stop (or Ctrl-D)",
        "unknown command": "I do not know /{name}.",
        "did you mean": "Did you mean /{suggestion}?",
        "see help": "Type /help for every command.",
        "needs argument": "This is how to use it: {usage}",
        "unknown item": "I did not find '{item}'.",
        "none of kind": "There is nothing of this kind yet.",
        "no results": "Nothing found for '{query}'. Try other words.",
        "no suggestion": "I found nothing that fits. Describe in other words what is happening, or type "
        "/interventions.",
        "you can say": "What you can say:",
        "more": "More: /show {item}",
        "language set": "The language is now English.",
        "unknown language": "I do not know that language. Choose from: {choices}.",
        "failed": "/{name} went wrong: {error}. Everything else keeps working.",
        "bye": "Goodbye. Good luck with the meeting!",
        "toolbar": "language: {language} · /help · Ctrl-D quits",
    },
}


def say(language: str, key: str, /, **values: object) -> str:
    """The words for ``key`` in ``language`` (else English), with ``values`` filled in."""
    text = WORDS.get(language, WORDS["en"]).get(key) or WORDS["en"][key]
    return text.format(**values) if values else text
