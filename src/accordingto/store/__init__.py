"""The index on disk: which articles built it, when it may be rebuilt, and what to do when
its folder cannot be written.

An index records the folder its articles came from. It is rebuilt only from that folder:
an index is never replaced with another collection unless ``index build --force`` says so.
When the recorded folder is missing or another one is named, the index is served as it
is, read-only, with a note saying why. When the index folder cannot be written, an intact
old index is served read-only; without one, the index is built in the user's cache folder,
or else in memory.

In steps: ``building`` (build from a folder and save), ``opening`` (the index to serve:
up to date, updated, read-only or built elsewhere) and ``editing`` (adding and removing
articles).
"""

from ..index import BrokenIndex
from .building import (
    IndexConflict,
    Say,
    build_and_save,
    build_from,
    refuse_to_replace,
    skipped_summary,
    stderr,
)
from .editing import REMOVED_FOLDER, Updated, add_articles, remove_articles
from .opening import Opened, cached_index_dir, open_index

__all__ = [
    "REMOVED_FOLDER",
    "BrokenIndex",
    "IndexConflict",
    "Opened",
    "Say",
    "Updated",
    "add_articles",
    "build_and_save",
    "build_from",
    "cached_index_dir",
    "open_index",
    "refuse_to_replace",
    "remove_articles",
    "skipped_summary",
    "stderr",
]
