"""Log lines: a library that turns its own logger up to DEBUG does not fill the owner's terminal."""

import io
import logging

from assistant.core import logs


def test_a_library_logger_set_to_debug_at_import_stays_at_the_configured_level():
    stream = io.StringIO()
    handler = logs.configure("text", "INFO", stream=stream)
    try:
        library = logging.getLogger("some_library_that_sets_debug")
        library.setLevel(logging.DEBUG)  # what bm25s does when it is imported, after our configuration
        library.debug("Building index from tokens")
        library.warning("index is empty")
        out = stream.getvalue()
        assert "Building index" not in out and "WARNING some_library_that_sets_debug" in out
    finally:
        logging.getLogger().removeHandler(handler)
