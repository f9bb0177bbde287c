"""aantafel's coach in the terminal: ``aantafel coach``.

``coach.Coach`` answers one line at a time and does no I/O, so it is tested directly; ``session`` draws it
with prompt-toolkit (or reads a pipe); ``plugin`` adds the command to ``aantafel``.
"""
