"""Which code a measurement measured: evals and benchmarks print it next to their figures."""

import subprocess

from assistant.core.config import checkout

MEASURED = ("assistant", "prompts", "knowledge", "eval", "benchmarks")


def commit(paths: tuple[str, ...] = MEASURED) -> str:
    """Short hash of HEAD, with `+dirty` when `paths` have uncommitted changes; "unknown" without git or a checkout."""
    root = checkout()
    if root is None:  # an installed wheel: a git repository around site-packages is not this code's
        return "unknown"

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+dirty" if git("status", "--porcelain", "--", *paths) else "")
