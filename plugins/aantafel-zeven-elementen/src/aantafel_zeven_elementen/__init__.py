"""De zeven elementen: a content pack for aantafel. Keep this module light: it is imported on every start."""

from pathlib import Path

from aantafel import hookimpl


@hookimpl
def register_content_packs() -> list[Path]:
    # Installed as files, so no importlib.resources (6 ms at every start).
    packs = Path(__file__).parent / "packs"
    return [packs / "nl", packs / "en"]
