"""``python -m reviewer.hints FILE [--top K] [--json]``: rank a document's claims by check-worthiness."""

from __future__ import annotations

from reviewer.hints.command import main

raise SystemExit(main())
