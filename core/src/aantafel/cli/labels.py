"""Words the command line puts around content, in the content's language.

Command help and errors stay in English (they are for whoever runs the command); these labels sit next to
Dutch or English content, so they follow it. A language without labels here falls back to English.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "topic": "Onderwerpen",
        "check": "Vooraf checken",
        "principle": "Principes",
        "intervention": "Ingrijpen als het vastloopt",
        "module": "Modules",
        "one topic": "Onderwerp",
        "one check": "Check vooraf",
        "one principle": "Principe",
        "one intervention": "Interventie",
        "one module": "Module",
        "summary": "Kort",
        "body": "",
        "why": "Waarom dit telt",
        "if_not": "Is het antwoord nee, of weet je het niet zeker?",
        "explanation": "Uitleg",
        "questions": "Vragen die je kunt stellen",
        "situation": "Wanneer",
        "signals": "Je herkent het als",
        "sentences": "Wat je kunt zeggen",
        "next_steps": "Daarna",
        "intro": "Inleiding",
        "steps": "Stappen",
        "prompts": "Vragen voor je voorbereiding",
        "related": "Zie ook",
        "tags": "Trefwoorden",
        "matched": "Past bij",
        "no_results": "Niets gevonden voor '{query}'. Probeer andere of minder woorden.",
        "no_suggestion": "Ik vond geen interventie die hierbij past. Beschrijf in andere woorden wat er "
        "gebeurt, of bekijk ze allemaal met: aantafel list --kind intervention",
        "exercise": "Oefening",
    },
    "en": {
        "topic": "Topics",
        "check": "Checks before you start",
        "principle": "Principles",
        "intervention": "Stepping in when talks stall",
        "module": "Modules",
        "one topic": "Topic",
        "one check": "Check before you start",
        "one principle": "Principle",
        "one intervention": "Intervention",
        "one module": "Module",
        "summary": "In short",
        "body": "",
        "why": "Why it matters",
        "if_not": "If the answer is no, or you are not sure",
        "explanation": "Explanation",
        "questions": "Questions you can ask",
        "situation": "When",
        "signals": "You recognise it when",
        "sentences": "What you can say",
        "next_steps": "Then",
        "intro": "Introduction",
        "steps": "Steps",
        "prompts": "Questions for your preparation",
        "related": "See also",
        "tags": "Tags",
        "matched": "Matches",
        "no_results": "Nothing found for '{query}'. Try other or fewer words.",
        "no_suggestion": "I found no intervention that fits. Describe what happens in other words, or see "
        "them all with: aantafel list --kind intervention",
        "exercise": "Exercise",
    },
}


def label(language: str, key: str) -> str:
    """The label for ``key``; English when the language has none; for a kind a plugin added, its name."""
    fallback = key.removeprefix("one ").replace("_", " ")
    return LABELS.get(language, LABELS["en"]).get(key, LABELS["en"].get(key, fallback))
