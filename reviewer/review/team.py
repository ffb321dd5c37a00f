"""Every reviewer's reviews of one document, claim by claim: what agreement and blind review read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from reviewer.documents.base import Document
from reviewer.errors import UsageError
from reviewer.labelset import DEFAULT_LABELS, LabelSet
from reviewer.model import Claim, Label, Review
from reviewer.review.agreement import AgreementReport, agreement_report
from reviewer.review.session import ReviewSession
from reviewer.storage.store import ReviewStore

Span = tuple[int, int]


class TeamReviews:
    """The reviews of one version of a document by every reviewer, found by their claim's span.

    A review belongs to a claim when its anchor spans exactly that claim (as the session places
    it); a review of a span that is no claim now is an orphan and counts for nothing here.
    Reviews without a label (a note only) are kept but are "not reviewed" for agreement, which
    compares the labels' agreement categories of ``labels`` (by default each label is its own).
    """

    def __init__(self, doc_id: str, reviews: Iterable[Review], labels: LabelSet = DEFAULT_LABELS) -> None:
        self.doc_id = doc_id
        self.labels = labels
        self._by_span: dict[Span, dict[str, Review]] = {}
        for review in reviews:
            self._by_span.setdefault((review.anchor.start, review.anchor.end), {})[review.reviewer] = review
        labelled = {name for by in self._by_span.values() for name, r in by.items() if r.label is not None}
        self.reviewers: tuple[str, ...] = tuple(sorted(labelled))  # everyone with a label, sorted

    @classmethod
    def load(cls, store: ReviewStore, doc_id: str, labels: LabelSet = DEFAULT_LABELS) -> TeamReviews:
        """Read every reviewer's reviews of version ``doc_id`` from ``store``."""
        return cls(doc_id, store.reviews(doc_id), labels)

    def of_claim(self, claim: Claim) -> Mapping[str, Review]:
        """Reviewer → review of ``claim`` (any review, with or without a label), by reviewer name."""
        found = self._by_span.get((claim.start, claim.end), {})
        return {name: found[name] for name in sorted(found)}

    def labels_of(self, claim: Claim, reviewers: Sequence[str]) -> dict[str, Label | None]:
        """Each of ``reviewers``' label on ``claim`` (None: not labelled)."""
        found = self._by_span.get((claim.start, claim.end), {})
        return {name: (found[name].label if name in found else None) for name in reviewers}

    def spans(self) -> list[Span]:
        """Every span some review is on, in text order."""
        return sorted(self._by_span)

    def ratings(self, claims: Sequence[Claim] | None = None) -> dict[Span, dict[str, str | None]]:
        """Span → {reviewer: agreement category} for ``agreement_report``: over ``claims``, or every span."""
        spans = self.spans() if claims is None else [(claim.start, claim.end) for claim in claims]
        category = self.labels.category
        return {
            span: {name: category(review.label) if review.label else None for name, review in by.items()}
            for span in spans
            if (by := self._by_span.get(span))
        }

    def agreement(
        self,
        claims: Sequence[Claim] | None = None,
        reviewers: Sequence[str] | None = None,
        *,
        strict: bool = True,
    ) -> AgreementReport:
        """Agreement of ``reviewers`` (default: everyone with a label) over ``claims`` (default: all).

        ``strict``: a named reviewer with no label here is a UsageError; otherwise they are left out.
        """
        if reviewers is None:
            chosen: tuple[str, ...] = self.reviewers
        elif strict:
            chosen = check_reviewers(reviewers, self.reviewers)
        else:
            chosen = tuple(name for name in dict.fromkeys(reviewers) if name in self.reviewers)
        ratings = self.ratings(claims)
        # The set's categories in its order, then any a label the set lacks brings (a colleague's).
        found = {value for by in ratings.values() for value in by.values() if value is not None}
        known = self.labels.categories()
        order = (*known, *sorted(found - set(known)))
        return agreement_report(ratings, reviewers=chosen, labels=order)

    def others(self, claim: Claim, reviewer: str) -> list[Review]:
        """The other reviewers' reviews of ``claim`` (with a label, a note or sources), by name."""
        return [review for name, review in self.of_claim(claim).items() if name != reviewer]


def document_agreement(
    store: ReviewStore,
    document: Document,
    reviewers: Sequence[str] | None = None,
    labels: LabelSet = DEFAULT_LABELS,
) -> tuple[TeamReviews, AgreementReport]:
    """Every reviewer's reviews of ``document`` and their agreement over its claims (by category)."""
    team = TeamReviews.load(store, document.doc_id, labels)
    return team, team.agreement(document.claims.all(), reviewers)


def check_reviewers(wanted: Sequence[str], known: Sequence[str]) -> tuple[str, ...]:
    """``wanted`` (from ``--reviewers``) checked against the reviewers with a label; UsageError if not."""
    names = tuple(name.strip() for name in wanted if name.strip())
    if len(names) < 2:
        raise UsageError("--reviewers needs two names or more, separated by commas (alice,bob)")
    if len(set(names)) != len(names):
        raise UsageError(f"--reviewers names someone twice: {','.join(names)}")
    unknown = [name for name in names if name not in known]
    if unknown:
        have = ", ".join(known) if known else "nobody yet"
        raise UsageError(f"{', '.join(unknown)}: no label on this document; reviewers with labels: {have}")
    return names


def parse_reviewers(text: str | None) -> list[str] | None:
    """``alice,bob`` → ``["alice", "bob"]``; None when the option was not given."""
    if text is None:
        return None
    return [name.strip() for name in text.split(",") if name.strip()]


def visible_others(
    team: TeamReviews, claim: Claim, reviewer: str, own: Label | None, blind: bool
) -> list[Review]:
    """What a reviewer may see of the others' reviews of ``claim``: nothing yet in blind review.

    Blind review hides the other reviewers' labels and notes until the reviewer has labelled
    the claim, so a second reviewer is not anchored by the first.
    """
    if blind and own is None:
        return []
    return team.others(claim, reviewer)


class OtherReviews:
    """What a reviewer sees of the other reviewers' reviews while reviewing: all, or (blind) not yet.

    Blind review hides the other reviewers' labels and notes on a claim until this reviewer has
    labelled it; :meth:`toggle_blind` switches it on and off, :meth:`reload` re-reads the store.
    """

    def __init__(self, session: ReviewSession, *, blind: bool = False) -> None:
        self.session = session
        self.blind = blind
        self._team = TeamReviews(session.document.doc_id, (), session.labels)
        self.reload()

    def reload(self) -> None:
        """Re-read the other reviewers' reviews (another process may have saved some)."""
        self._team = TeamReviews.load(self.session.store, self.session.document.doc_id, self.session.labels)

    @property
    def team(self) -> TeamReviews:
        """Every reviewer's reviews, as last read."""
        return self._team

    def visible(self, index: int) -> list[Review]:
        """The other reviewers' reviews of claim ``index`` this reviewer may see now."""
        claim = self.session.claims[index]
        return visible_others(self._team, claim, self.session.reviewer, self.session.label(index), self.blind)

    def hidden(self, index: int) -> int:
        """How many other reviewers' reviews of claim ``index`` blind review hides now."""
        if not self.blind or self.session.label(index) is not None:
            return 0
        return len(self._team.others(self.session.claims[index], self.session.reviewer))

    def toggle_blind(self) -> bool:
        """Switch blind review on or off; return whether it is on."""
        self.blind = not self.blind
        return self.blind
