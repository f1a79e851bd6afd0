"""FastAPI dependencies as named aliases: settings, stores and the engine come from here."""

from typing import Annotated

from fastapi import Depends

from assistant.core.config import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]
