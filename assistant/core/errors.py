"""Errors a user can act on: they carry a message key, rendered in the user's language."""

from assistant.core.templates import DEFAULT_LANG, text


class UserFacingError(Exception):
    """Raised by any layer when the user sent something we cannot use; never a traceback."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return text(self.key, lang=lang, **self.params)
