"""The SQLite database file holds everything (encrypted personal data, the audit log, password
hashes): readable by its owner only, never by other accounts on the machine."""

import os
from pathlib import Path

PRIVATE = 0o600
_COMPANIONS = ("", "-journal", "-wal", "-shm")


def _file_path(settings_dict: dict) -> Path | None:
    name = str(settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name)


def create_private(settings_dict: dict) -> None:
    """Creates the database file 0600 before SQLite would create it with the umask's mode."""
    path = _file_path(settings_dict)
    if path is None or path.exists() or not path.parent.is_dir():
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
    except FileExistsError:
        pass


def make_private(settings_dict: dict) -> None:
    """Narrows the file (and its journal, if any) to 0600 if anything left it wider."""
    path = _file_path(settings_dict)
    if path is None:
        return
    for suffix in _COMPANIONS:
        companion = Path(f"{path}{suffix}")
        try:
            if companion.stat().st_mode & 0o077:
                companion.chmod(PRIVATE)
        except FileNotFoundError:
            continue


def on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        make_private(connection.settings_dict)
