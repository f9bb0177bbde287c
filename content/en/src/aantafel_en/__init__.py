"""The English base pack of aantafel, registered exactly as a third-party pack would be."""

from importlib.resources import files
from pathlib import Path

from aantafel import hookimpl


@hookimpl
def register_content_packs() -> list[Path]:
    return [Path(str(files(__name__) / "pack"))]
