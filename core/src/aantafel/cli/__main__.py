"""``python -m aantafel.cli`` runs the command, for environments without the console script."""

from aantafel.cli import main

main()
