"""Re-anchoring: place the reviews of an earlier version of a document on the claims of a new one."""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from reviewer.documents.base import Document
from reviewer.model import ANCHOR_CONTEXT, Review
from reviewer.review.placements import Placement, Reanchoring, Status, mark_moved
from reviewer.review.wording import WORD, fuzzy_key, typographic_key

__all__ = ["CHANGED_MIN", "Placement", "Reanchoring", "Status", "reanchor", "similarity", "typographic_key"]

# A claim whose wording is at least this similar keeps its review wherever it now sits.
CHANGED_MIN = 0.85
# ... as long as it is where its placed neighbours put it; elsewhere it must be this similar, or
# keep its context on both sides.
FAR_CHANGED_MIN = 0.93
# Below CHANGED_MIN a claim still keeps its review if its context on *both* sides is intact:
# an edited sentence between two unchanged ones.  One intact side is not enough — the claim
# next to a deleted one shares one side of its context.
CONTEXT_CHANGED_MIN = 0.6
CONTEXT_MIN = 0.8
# A sentence split in two (or two merged) is compared as a containment only when the shorter
# text is at least this share of the longer, so a short claim never matches inside a long one.
SPLIT_MIN_SHARE = 0.4
SPLIT_MAX_SHARE = 0.8
# An orphan's closest claim is offered as a suggestion above this similarity.
SUGGEST_MIN = 0.5

# Bounds that keep the work per review constant whatever the size of the document.
_MAX_DUPLICATES = 16  # exact-text candidates considered, nearest to the expected position first
_MAX_WINDOW = 12  # claims between two placed neighbours searched for an edited claim
_NEAR = 3  # claims on each side of a neighbour searched when the neighbours are out of order
_RARE_TOKENS = 6  # the rarest words of a claim used to find it after it moved and changed
# Words in more claims than this share (or number) are too common to find anything.
_TOKEN_MAX_SHARE = 0.05
_TOKEN_MAX_CLAIMS = 100
_TOKEN_CANDIDATES = 8
_POSITION_SCALE = 2000.0  # characters over which nearness to the expected position fades


def similarity(old: str, new: str) -> float:
    """How alike two fuzzy keys are, 0..1: edit similarity, or containment for a split or merge."""
    score: float = Indel.normalized_similarity(old, new)
    if score >= CHANGED_MIN:
        return score
    short, long = (old, new) if len(old) <= len(new) else (new, old)
    # Containment only for a real difference in length: between texts of about the same length
    # it adds nothing to the edit similarity and costs ten times as much.
    if not long or not SPLIT_MIN_SHARE * len(long) <= len(short) <= SPLIT_MAX_SHARE * len(long):
        return score
    share = len(short) / len(long)
    # A perfect containment scores 0.85 when the piece is half the sentence, more when larger.
    weight = 0.7 + 0.3 * share
    cutoff = max(score, CONTEXT_CHANGED_MIN) / weight * 100
    contained = fuzz.partial_ratio(short, long, score_cutoff=min(cutoff, 100)) / 100 * weight
    return max(score, contained)


@dataclass(slots=True)
class _Candidate:
    tier: int  # 3 exact wording, 2 same wording after typographic folding, 1 fuzzy
    rank: float  # orders candidates within a tier: context and nearness
    claim: int
    score: float  # reported text similarity


class _Old:
    """One review, with the fuzzy key of its wording computed only when needed."""

    __slots__ = ("_fuzzy", "anchor", "expected", "review")

    def __init__(self, review: Review) -> None:
        self.review = review
        self.anchor = review.anchor
        self.expected = review.anchor.start  # where its claim should start in the new text
        self._fuzzy: str | None = None

    @property
    def fuzzy(self) -> str:
        if self._fuzzy is None:
            self._fuzzy = fuzzy_key(self.anchor.exact)
        return self._fuzzy


class _NewIndex:
    """The new document's claims, indexed by wording; the costlier indexes are built on first use."""

    def __init__(self, document: Document) -> None:
        self.text = document.text
        self.claims = document.claims.all()
        self.starts = [c.start for c in self.claims]
        self.exact: dict[str, list[int]] = defaultdict(list)
        for index, claim in enumerate(self.claims):
            self.exact[claim.text].append(index)
        self._typographic: dict[str, list[int]] | None = None
        self._typographic_keys: list[str] | None = None
        self._fuzzy_keys: list[str] | None = None
        self._postings: dict[str, list[int]] | None = None

    @property
    def typographic(self) -> dict[str, list[int]]:
        """Claims by wording with whitespace and quote style folded away."""
        if self._typographic is None:
            self._typographic = defaultdict(list)
            for index, key in enumerate(self.typographic_keys):
                self._typographic[key].append(index)
        return self._typographic

    @property
    def typographic_keys(self) -> list[str]:
        """Each claim's typographic key, in claim order."""
        if self._typographic_keys is None:
            self._typographic_keys = [typographic_key(c.text) for c in self.claims]
        return self._typographic_keys

    @property
    def fuzzy_keys(self) -> list[str]:
        """Each claim's fuzzy key, in claim order."""
        if self._fuzzy_keys is None:
            self._fuzzy_keys = [key.casefold() for key in self.typographic_keys]
        return self._fuzzy_keys

    @property
    def postings(self) -> dict[str, list[int]]:
        """Claims by word, leaving out words too common to narrow anything down."""
        if self._postings is None:
            postings: dict[str, list[int]] = defaultdict(list)
            for index, key in enumerate(self.fuzzy_keys):
                for token in set(WORD.findall(key)):
                    postings[token].append(index)
            limit = max(8, min(_TOKEN_MAX_CLAIMS, int(len(self.claims) * _TOKEN_MAX_SHARE)))
            self._postings = {t: p for t, p in postings.items() if len(p) <= limit}
        return self._postings

    def context_scores(self, old: _Old, index: int) -> tuple[float, float, float]:
        """How well the text around claim ``index`` matches the old context, 0..1 each.

        Returns the ranking weight of both sides together, and the plain similarity of the
        prefix and of the suffix.
        """
        claim = self.claims[index]
        # Compare with a full-width window even when the old context was cut short by the start
        # or end of the old text, so that only a claim at the same edge scores 1.
        before = self.text[max(0, claim.start - ANCHOR_CONTEXT) : claim.start]
        after = self.text[claim.end : claim.end + ANCHOR_CONTEXT]
        before_rank, before_plain = _side(old.anchor.prefix, before, reverse=True)
        after_rank, after_plain = _side(old.anchor.suffix, after, reverse=False)
        return (before_rank + after_rank) / 2, before_plain, after_plain

    def nearest(self, indices: list[int], position: int, limit: int) -> list[int]:
        """At most ``limit`` of ``indices`` (claim indices in document order), those around ``position``."""
        if len(indices) <= limit:
            return indices
        middle = bisect.bisect_left(indices, position, key=lambda i: self.claims[i].start)
        low = max(0, min(middle - limit // 2, len(indices) - limit))
        return indices[low : low + limit]

    def by_rare_words(self, key: str, position: int) -> list[int]:
        """Claims sharing the most of the rarest words of ``key``, the nearest ``position`` first."""
        postings = self.postings
        tokens = [t for t in set(WORD.findall(key)) if t in postings]
        tokens.sort(key=lambda t: len(postings[t]))
        hits: dict[int, int] = defaultdict(int)
        for token in tokens[:_RARE_TOKENS]:
            for index in postings[token]:
                hits[index] += 1
        if not hits:
            return []
        floor = max(min(2, len(tokens)), max(hits.values()) - 1)
        pool = [index for index, count in hits.items() if count >= floor]
        if len(pool) > _TOKEN_CANDIDATES:
            claims = self.claims
            pool = heapq.nlargest(
                _TOKEN_CANDIDATES, pool, key=lambda i: (hits[i], -abs(claims[i].start - position))
            )
        return pool


def _side(old: str, new: str, *, reverse: bool) -> tuple[float, float]:
    """How one side of the old context compares with the new: (weighted for ranking, plain), 0..1."""
    if old == new:
        return 1.0, 1.0
    plain = _similar(old, new)
    # The part within the claim's own paragraph weighs most: a paragraph moved elsewhere keeps
    # it, while the text across the paragraph break changes. At a paragraph edge there is no
    # such part, and the text across the break is weaker evidence than text of the paragraph.
    old_inner = old.rpartition("\n")[2] if reverse else old.partition("\n")[0]
    new_inner = new.rpartition("\n")[2] if reverse else new.partition("\n")[0]
    if not old_inner and not new_inner:
        return 0.5 + 0.5 * plain, plain
    inner = 1.0 if old_inner == new_inner else _similar(old_inner, new_inner)
    return 0.7 * inner + 0.3 * plain, plain


def _similar(old: str, new: str) -> float:
    # Raw text, not typographic keys: folding every window costs more than all the rest of the
    # matching, and a quote-style change costs a context of 32 characters only a few points.
    return float(Indel.normalized_similarity(old, new))


def _nearness(index: _NewIndex, old: _Old, claim: int) -> float:
    return 1.0 / (1.0 + abs(index.claims[claim].start - old.expected) / _POSITION_SCALE)


class _Neighbours:
    """Reviews placed without doubt (their wording is once in each version), in old order."""

    def __init__(self, points: list[tuple[int, int, int]]) -> None:
        points.sort()
        self.old_starts = [p[0] for p in points]
        self.points = points

    def around(self, start: int, end: int) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
        """The nearest placed review before ``start`` and after ``end`` in the old text."""
        i = bisect.bisect_left(self.old_starts, start)
        before = self.points[i - 1] if i > 0 else None
        j = bisect.bisect_left(self.old_starts, end)
        after = self.points[j] if j < len(self.points) else None
        return before, after


class _Matcher:
    """Finds the candidate claims of one review: same wording first, then reworded."""

    def __init__(
        self, index: _NewIndex, olds: list[_Old], previous: Document | None, repeated: set[str]
    ) -> None:
        self.index = index
        self.olds = olds
        self.previous = previous
        self.repeated = repeated
        self.neighbours = _place_unique(index, olds, repeated)
        self._unchanged: set[str] | None = None

    def same_wording(self, old: _Old) -> tuple[int, list[int]]:
        """The tier (3 exact, 2 typographic) and the claims with the review's wording."""
        found = self.index.exact.get(old.anchor.exact)
        if found:
            return 3, found
        return 2, self.index.typographic.get(typographic_key(old.anchor.exact), [])

    def ranked(self, old: _Old, tier: int, claims: list[int]) -> list[_Candidate]:
        """Same-wording candidates ranked by context and nearness."""
        out = []
        for claim in self.index.nearest(claims, old.expected, _MAX_DUPLICATES):
            context, before, after = self.index.context_scores(old, claim)
            rank = 0.9 * context + 0.1 * _nearness(self.index, old, claim)
            out.append((_Candidate(tier, rank, claim, 1.0), max(before, after)))
        if old.anchor.exact not in self.repeated:
            return [cand for cand, _ in out]
        # Wording the old version held in several places says nothing by itself about which copy
        # this was: a copy needs some of the old context, and must lie where the placed
        # neighbours put it (or near where it was expected) unless its context is unrivalled.
        matching = [cand for cand, side in out if side >= CONTEXT_MIN]
        near = [cand for cand in matching if self.plausible(old, cand.claim)]
        if near:
            return near
        best = max((cand.rank for cand in matching), default=0.0)
        top = [cand for cand in matching if cand.rank >= best - 0.1]
        return top if len(top) == 1 else []

    def plausible(self, old: _Old, claim: int) -> bool:
        """Whether the placed neighbours of the review put it at ``claim``, or it was expected near."""
        before, after = self.neighbours[old.review.doc_id].around(old.anchor.start, old.anchor.end)
        if before and after and before[2] < claim < after[2]:
            return True
        # Neighbours out of order (a paragraph moved): right after the one or right before the other.
        if (before and 0 < claim - before[2] <= _NEAR) or (after and 0 < after[2] - claim <= _NEAR):
            return True
        return abs(self.index.claims[claim].start - old.expected) <= _POSITION_SCALE

    @property
    def unchanged(self) -> set[str]:
        """Fuzzy keys of new claims whose wording was already in the old version."""
        if self._unchanged is None:
            index = self.index
            unchanged: set[str] = set()
            folded: list[str] = []
            for old in self.olds:
                found = index.exact.get(old.anchor.exact)
                if found:
                    unchanged.add(index.fuzzy_keys[found[0]])
                else:
                    folded.append(old.fuzzy)
            for claim in self.previous.claims.all() if self.previous else ():
                found = index.exact.get(claim.text)
                if found:
                    unchanged.add(index.fuzzy_keys[found[0]])
                else:
                    folded.append(fuzzy_key(claim.text))
            present = set(index.fuzzy_keys)
            unchanged.update(key for key in folded if key in present)
            self._unchanged = unchanged
        return self._unchanged

    def window(self, old: _Old) -> list[int]:
        """Claims where an edited claim should be: between its placed neighbours."""
        index = self.index
        before, after = self.neighbours[old.review.doc_id].around(old.anchor.start, old.anchor.end)
        last = len(index.claims) - 1
        low = before[2] + 1 if before else 0
        high = after[2] - 1 if after else last
        if low <= high and high - low < _MAX_WINDOW:
            return list(range(low, high + 1))
        # Out of order or far apart (a reorder, or few reviews): look just beside each neighbour.
        near: list[int] = []
        if before:
            near.extend(range(low, min(last, low + _NEAR - 1) + 1))
        if after:
            near.extend(range(max(0, high - _NEAR + 1), high + 1))
        middle = bisect.bisect_left(index.starts, old.expected)
        near.extend(range(max(0, middle - _NEAR), min(last, middle + _NEAR) + 1))
        return near

    def reworded(self, old: _Old) -> tuple[list[_Candidate], int | None]:
        """Fuzzy candidates above the thresholds, and the closest claim overall as a suggestion."""
        index = self.index
        keys = index.fuzzy_keys
        unchanged = self.unchanged
        # An old claim still here unchanged cannot be the new wording of another one.
        window = self.window(old)
        nearby = set(window)
        claims = [
            claim
            for claim in dict.fromkeys([*window, *index.by_rare_words(old.fuzzy, old.expected)])
            if keys[claim] not in unchanged
        ]
        plain = [Indel.normalized_similarity(old.fuzzy, keys[claim]) for claim in claims]
        # Containment (a split or merge) is ten times dearer: only when no claim is clearly it.
        if max(plain, default=0.0) < CHANGED_MIN:
            plain = [similarity(old.fuzzy, keys[claim]) for claim in claims]
        out: list[_Candidate] = []
        best: tuple[float, int] | None = None
        for claim, score in zip(claims, plain, strict=True):
            if best is None or score > best[0]:
                best = (score, claim)
            if score < CONTEXT_CHANGED_MIN:
                continue
            context, before, after = index.context_scores(old, claim)
            if score < CHANGED_MIN and (before < CONTEXT_MIN or after < CONTEXT_MIN):
                continue
            # Far from where its neighbours put it, a changed claim needs to be closer still, or
            # to have kept its context: a deleted sentence can have look-alikes elsewhere.
            if claim not in nearby and score < FAR_CHANGED_MIN and min(before, after) < CONTEXT_MIN:
                continue
            rank = score + 0.1 * context + 0.01 * _nearness(index, old, claim)
            out.append(_Candidate(1, rank, claim, score))
        suggestion = best[1] if best is not None and best[0] >= SUGGEST_MIN else None
        return out, suggestion


def reanchor(
    reviews: Sequence[Review], document: Document, *, previous: Document | None = None
) -> Reanchoring:
    """Place each review of an earlier version on a claim of ``document``, or make it an orphan.

    ``previous`` is the earlier version itself when it is at hand (``--previous OLD``): its
    unreviewed claims then also count as text that was there before and cannot be the new
    wording of a reviewed claim.  Without it, the reviews' own anchors stand in for it.
    One reviewer never gets two reviews on one claim: the better-ranked one wins, the other
    takes its next-best claim or becomes an orphan.
    """
    index = _NewIndex(document)
    olds = [_Old(r) for r in reviews]
    matcher = _Matcher(index, olds, previous, _repeated_texts(previous, olds))

    wording = [matcher.same_wording(old) for old in olds]
    demand = Counter(
        (old.review.reviewer, claim)
        for old, (_, claims) in zip(olds, wording, strict=True)
        for claim in claims
    )
    candidates: list[list[_Candidate]] = []
    suggestions: list[int | None] = [None] * len(olds)
    fuzzed = [False] * len(olds)
    for i, (old, (tier, claims)) in enumerate(zip(olds, wording, strict=True)):
        if (
            len(claims) == 1
            and demand[old.review.reviewer, claims[0]] == 1
            and old.anchor.exact not in matcher.repeated
        ):
            # The common case, uncontested: no context to weigh.
            candidates.append([_Candidate(tier, 1.0, claims[0], 1.0)])
            continue
        found = matcher.ranked(old, tier, claims) if claims else []
        if not found:
            found, suggestions[i] = matcher.reworded(old)
            fuzzed[i] = True
        candidates.append(found)

    heap: list[tuple[int, float, int, int, _Candidate]] = []
    pending = [len(found) for found in candidates]
    for i, found in enumerate(candidates):
        heap.extend((-cand.tier, -cand.rank, i, n, cand) for n, cand in enumerate(found))
    heapq.heapify(heap)
    chosen: list[_Candidate | None] = [None] * len(olds)
    taken: set[tuple[str, int]] = set()
    while heap:
        _, _, i, _, cand = heapq.heappop(heap)
        if chosen[i] is not None:
            continue
        pending[i] -= 1
        slot = (olds[i].review.reviewer, cand.claim)
        if slot not in taken:
            taken.add(slot)
            chosen[i] = cand
            continue
        if pending[i] == 0 and not fuzzed[i]:
            # Its wording is here, but only on claims this reviewer's other reviews won: a
            # near variant elsewhere may still be its claim.
            fuzzed[i] = True
            more, suggestions[i] = matcher.reworded(olds[i])
            for n, extra in enumerate(more):
                heapq.heappush(heap, (-extra.tier, -extra.rank, i, len(candidates[i]) + n, extra))
            pending[i] = len(more)

    placements = [_placement(o, c, s) for o, c, s in zip(olds, chosen, suggestions, strict=True)]
    return Reanchoring.of(document, mark_moved(placements))


def _repeated_texts(previous: Document | None, olds: list[_Old]) -> set[str]:
    """Wording that stood in more than one place of the old version (as far as we can tell)."""
    spans: dict[tuple[str, str], set[int]] = defaultdict(set)
    if previous is not None:
        for claim in previous.claims.all():
            spans[previous.doc_id, claim.text].add(claim.start)
    for old in olds:
        spans[old.review.doc_id, old.anchor.exact].add(old.anchor.start)
    return {text for (_, text), starts in spans.items() if len(starts) > 1}


def _place_unique(index: _NewIndex, olds: list[_Old], repeated: set[str]) -> defaultdict[str, _Neighbours]:
    """Anchor points from reviews whose wording is once in each version, per old version."""
    points: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for old in olds:
        found = index.exact.get(old.anchor.exact)
        if found and len(found) == 1 and old.anchor.exact not in repeated:
            points[old.review.doc_id].append((old.anchor.start, old.anchor.end, found[0]))
    by_version: defaultdict[str, _Neighbours] = defaultdict(lambda: _Neighbours([]))
    for doc_id, pts in points.items():
        by_version[doc_id] = _Neighbours(pts)
    # Nearness to the old offset means nothing after an insertion above: shift each review by
    # the offset change of the nearest placed review before it.
    for old in olds:
        found_before, _ = by_version[old.review.doc_id].around(old.anchor.start, old.anchor.end)
        if found_before:
            old_start, _, claim = found_before
            old.expected = old.anchor.start + index.claims[claim].start - old_start
    return by_version


def _placement(old: _Old, cand: _Candidate | None, suggestion: int | None) -> Placement:
    if cand is None:
        return Placement(old.review, Status.ORPHAN, None, 0.0, suggestion)
    # Same wording is in place until _mark_moved finds it out of order.
    status = Status.CHANGED if cand.tier == 1 else Status.IN_PLACE
    return Placement(old.review, status, cand.claim, cand.score)
