"""accordingto: answers about news articles made only of cited, attributed verbatim quotes."""

import os

# Before any model library is imported: nothing may reach a model hub at run time.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from .engine import Engine

__all__ = ["Engine"]
__version__ = "0.1.0"
