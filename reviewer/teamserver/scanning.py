"""Which document files a push must look at: only those written since the last push looked.

A push used to go through every local review for the few that changed, every 30 s on an open
screen: a million reviews synced down made that a full parse each time. The store gives each
document file a change stamp that moves with every write to it (``ReviewStore.change_stamps``);
after a push, the stamps it scanned are kept in the index, per server, and the next push looks
only at files whose stamp moved since. The stamps are taken before the files are read, so a
write made meanwhile moves its file's stamp past the one kept, and is looked at next time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewer.storage.store import ReviewStore

PUSHED = "pushed"  # the team_sync record (in the index) of the stamps the last push scanned


@dataclass(frozen=True, slots=True)
class Scan:
    """What a push looks at: these document files (None: all), and every file's stamp before."""

    within: list[str] | None
    stamps: dict[str, str] | None  # None: a database of one file, where every look is a full one

    def record(self, server: str) -> dict[str, Any] | None:
        """The state record that says this scan was pushed to ``server`` (None: nothing to keep)."""
        if self.stamps is None:
            return None
        return {"key": PUSHED, "server": server, "stamps": self.stamps}


def changed_files(store: ReviewStore, server: str) -> Scan:
    """The document files written since the last push to ``server`` scanned them."""
    stamps = store.change_stamps()  # first: see the module doc
    if stamps is None:
        return Scan(None, None)
    kept = store.team_record(PUSHED) or {}
    done = kept.get("stamps") if kept.get("server") == server else None
    if not isinstance(done, dict):
        return Scan(None, stamps)  # never pushed to this server from this database: every file
    return Scan(sorted(name for name, stamp in stamps.items() if done.get(name) != stamp), stamps)


def moved(store: ReviewStore, scan: Scan, server: str) -> bool:
    """True when the record kept for ``server`` differs from what ``scan`` would keep."""
    record = scan.record(server)
    return record is not None and store.team_record(PUSHED) != record
