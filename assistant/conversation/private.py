"""Files only the server's user can read: folders 0700, files 0600, whatever the process umask."""

import os
from pathlib import Path

DIR_MODE, FILE_MODE = 0o700, 0o600


def private_dir(folder: Path) -> Path:
    """Create `folder` and its missing parents as 0700; an existing folder is left as its owner set it."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        path.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
    return folder


def private_file(path: Path) -> Path:
    """Create `path` empty as 0600 if missing (before anyone writes it); tighten it otherwise.

    An existing file is never opened: closing any descriptor of a SQLite database drops the POSIX locks
    the process's live connections hold on it, and SQLite then corrupts its WAL ("file is not a database").
    """
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        except FileExistsError:  # another process made it meanwhile
            pass
    os.chmod(path, FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write `data` to a new 0600 file in a 0700 folder."""
    private_dir(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(path, FILE_MODE)
    return path


def remove_files(paths: list[str]) -> None:
    """Delete files and then their folders when empty (an upload folder per session)."""
    for name in paths:
        path = Path(name)
        path.unlink(missing_ok=True)
        try:
            path.parent.rmdir()
        except OSError:  # other files still there, or already gone
            pass
