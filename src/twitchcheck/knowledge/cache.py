"""A start-up cache of the packaged knowledge base, so that a CLI command does not parse and validate its
hundred YAML files each time it starts (about 0.13 s of a `check`'s 0.5 s).

The loaded base is pickled into the user's cache directory (platformdirs), under a key made of the contents
of every data file, of the code that shapes it, and the Python and pydantic versions: any change makes a new
key, so a stale base is never read. Conditions are pickled by their parts and compiled again on first use.
Anything wrong with the cache (missing, unreadable, from another build) falls back to loading from the files;
`TWITCHCHECK_KNOWLEDGE_CACHE=0` turns it off. The cache is the user's own, like their journal: only files the
user's own account can write are read back.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ENV_VAR = "TWITCHCHECK_KNOWLEDGE_CACHE"
Loaded = TypeVar("Loaded")


_SHAPING = (Path(__file__).parent, Path(__file__).parents[1] / "core")
"""The code that shapes a pickled base (its models and the contracts'): an edit there makes a new key too,
even in an editable install whose version has not changed."""


def key(root: Path) -> str:
    """A digest of every data file's path and bytes, of the code that shapes a pickled base, and of the Python
    and pydantic versions."""
    from pydantic import VERSION as PYDANTIC

    digest = hashlib.sha256(f"{sys.version}|{PYDANTIC}".encode())
    for folder, pattern in ((root, "*.yaml"), *((code, "*.py") for code in _SHAPING)):
        for path in sorted(folder.rglob(pattern)):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("twitchcheck", appauthor=False))


def cached(root: Path, load: Callable[[], Loaded], kind: type[Loaded]) -> Loaded:
    """The base `load()` gives, read from the cache when it holds one for these files (and written there)."""
    if os.environ.get(ENV_VAR, "1").strip().lower() in {"0", "false", "no", "off"}:
        return load()
    try:
        path = cache_dir() / f"knowledge-{key(root)}.pickle"
    except OSError:
        return load()
    try:
        if path.stat().st_uid == os.getuid():
            with path.open("rb") as handle:
                found = pickle.load(handle)  # the user's own cache, keyed by the data's contents
            if isinstance(found, kind):
                return found
    except Exception:  # any unreadable cache is only a slower start: load from the files
        pass
    loaded = load()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as written:
            pickle.dump(loaded, written, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(written.name, path)  # all or nothing: another process never reads half a file
    except Exception:  # a cache that cannot be written is only a slower next start
        pass
    return loaded
