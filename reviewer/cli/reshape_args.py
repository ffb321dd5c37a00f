"""The arguments of ``reviewer split``, ``join`` and ``narrow`` (their handlers: reshaping.py)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_reshape_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], with_doc: argparse.ArgumentParser
) -> None:
    """Reshape a claim from a script: split, join, narrow (span mode's s on the review screen)."""
    where = (
        " Offsets are document offsets, as 'reviewer claims FILE --json' prints them. Your review"
        " moves with the claim; other reviewers' reviews stay on the old span, among their orphans"
        " (the output names them). Undo it with u on the review screen."
    )
    split = commands.add_parser(
        "split",
        parents=[with_doc],
        help="split a claim in two (for scripts)",
        description="Split claim CLAIM in two at --at: the first part keeps its review, the second is"
        " unreviewed." + where,
    )
    split.add_argument("file", metavar="FILE", type=Path)
    split.add_argument("claim", metavar="CLAIM", help="claim number, from 1")
    split.add_argument(
        "--at",
        required=True,
        metavar="TEXT-OR-OFFSET",
        help="where the second part starts: a document offset inside the claim, or a text the claim"
        " holds once (the second part starts with it)",
    )
    split.add_argument("--json", action="store_true", help="print JSON instead of text")
    join = commands.add_parser(
        "join",
        parents=[with_doc],
        help="join a claim with the next one in its paragraph (for scripts)",
        description="Join claim CLAIM with the claim after it, in the same paragraph. When both are"
        " reviewed, --keep says whose review the joined claim keeps; the other is set aside as a"
        " dismissed orphan, still stored." + where,
    )
    join.add_argument("file", metavar="FILE", type=Path)
    join.add_argument("claim", metavar="CLAIM", help="claim number, from 1")
    join.add_argument(
        "--keep", choices=("first", "second"), help="both reviewed: keep CLAIM's review or the next one's"
    )
    join.add_argument("--json", action="store_true", help="print JSON instead of text")
    narrow = commands.add_parser(
        "narrow",
        parents=[with_doc],
        help="move a claim's start or end, within its paragraph (for scripts)",
        description="Give claim CLAIM new edges, narrower or wider, within its paragraph; it keeps its"
        " review. An edge moved into a neighbouring claim trims it (a neighbour taken whole is a"
        " join: refused)." + where,
    )
    narrow.add_argument("file", metavar="FILE", type=Path)
    narrow.add_argument("claim", metavar="CLAIM", help="claim number, from 1")
    narrow.add_argument(
        "--start",
        metavar="TEXT-OR-OFFSET",
        help="the new start: a document offset, or a text of the paragraph (the claim starts with it)",
    )
    narrow.add_argument(
        "--end",
        metavar="TEXT-OR-OFFSET",
        help="the new end: a document offset (just past the last character), or a text of the"
        " paragraph (the claim ends with it)",
    )
    narrow.add_argument("--json", action="store_true", help="print JSON instead of text")
