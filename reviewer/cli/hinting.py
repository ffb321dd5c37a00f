"""``reviewer hints FILE [--top K] [--json]``: a document's claims ranked by check-worthiness, headless."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reviewer.cli.common import Run, one_line
from reviewer.documents import load_document
from reviewer.errors import UsageError
from reviewer.hints.base import HintModel
from reviewer.hints.loading import MULTILINGUAL_MODEL, load_model, model_path
from reviewer.hints.scoring import DocumentHints, coverage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's own options (the document options come from the shared parent parser)."""
    parser.add_argument("file", type=Path, help="the document to rank")
    parser.add_argument("--top", type=int, metavar="K", help="only the K best-scored claims")
    parser.add_argument("--json", action="store_true", help="JSON for scripts instead of a table")
    parser.add_argument(
        "--model",
        default="default",
        metavar="MODEL",
        help="'default' (English, light), 'multilingual' (needs reviewer[hints]) or a model file",
    )


def resolve_model(name: str) -> HintModel:
    """The model the ``--model`` option names; HintModelError if it cannot be loaded."""
    if name == "default":
        return load_model()
    if name == "multilingual":
        return load_model(model_path(MULTILINGUAL_MODEL))
    return load_model(Path(name))


def cmd_hints(run: Run) -> int:
    """Print the ranking; ReviewerError (HintModelError, LoadError, UsageError) says what is wrong."""
    args, out = run.args, sys.stdout
    if args.top is not None and args.top < 1:
        raise UsageError(f"--top must be 1 or more, not {args.top}")
    model = resolve_model(args.model)
    document = load_document(args.file, language=args.lang, max_bytes=run.max_bytes())
    cov = coverage(model, document.language)
    claims = document.claims.all()  # a ranking needs every claim
    hints = DocumentHints(model, lambda i: claims[i].text)
    if cov.active:
        hints.ensure(0, len(claims))
    ranked = hints.ranked()[: args.top] if args.top else hints.ranked()
    if args.json:
        payload: dict[str, Any] = {
            "model": {"name": model.name, "version": model.version, "threshold": model.threshold},
            "document": {"path": document.path, "language": document.language, "claims": len(claims)},
            "hints": {"active": cov.active, "experimental": cov.experimental, "message": cov.message},
            "claims": [
                {
                    "number": claims[index].number,
                    "score": round(hint.score, 4),
                    "flagged": hint.flagged,
                    "reasons": list(hint.reasons),
                    "text": claims[index].text,
                }
                for index, hint in ranked
            ],
        }
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    if cov.message:
        print(cov.message, file=sys.stderr if not cov.active else out)
    if not cov.active:
        return 0
    flagged = sum(1 for _index, hint in hints.ranked() if hint.flagged)
    print(
        f"{flagged} of {len(claims)} claims hinted (▲, score ≥ {model.threshold:.2f}); {model.name}", file=out
    )
    for index, hint in ranked:
        mark = "▲" if hint.flagged else " "
        text = one_line(claims[index].text)
        print(f"{claims[index].number:>5} {mark} {hint.score:.2f}  {text}", file=out)
        if hint.reasons:
            print(f"{'':>14}why: {' · '.join(hint.reasons)}", file=out)
    return 0
