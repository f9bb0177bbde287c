"""The names of a dossier's fields, in the order people fill them in. Plain tuples with no imports, so the
command line can build its options from them without loading the model."""

TEXT_FIELDS = (
    "counterpart",
    "department",
    "organisation",
    "goal",
    "our_interests",
    "their_interests",
    "limits",
    "alternative",
    "options",
    "sources",
)
"""The dossier's fields besides the title."""
EDITABLE = ("title", *TEXT_FIELDS)
