"""What operations read of centres, their approvals and who moderates and verifies them.

Every list is paginated and reads a page in a fixed number of queries, however many centres and
approvals there are: moderators come in the page's own query, external verifiers in one more.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from common.errors import NotFound

from .models import Approval, Centre, ModeratorAssignment, User, VerifierAssignment
from .permissions import is_operations

PER_PAGE = 50

#: How catalogue.QualityAssurance stores external verification (the catalogue sits above
#: accounts, so its choices cannot be imported here; a test holds the two together).
EXTERNAL_VERIFICATION = "verification"


def _operations(user: User) -> None:
    if not is_operations(user):
        raise NotFound()


def _matching(query: str) -> Q:
    """A centre whose number starts with, or whose name contains, what was typed."""
    query = query.strip()
    if not query:
        return Q()
    return Q(number__startswith=query) | Q(name__icontains=query)


def centres(*, user: User, query: str = "") -> QuerySet[Centre]:
    """Centres by number, each with `listed_approvals` (their qualifications, by code)."""
    _operations(user)
    approvals = Approval.objects.select_related("qualification").order_by("qualification__code")
    return (
        Centre.objects.filter(_matching(query))
        .order_by("number")
        .prefetch_related(Prefetch("approvals", queryset=approvals, to_attr="listed_approvals"))
    )


def get_centre(*, user: User, centre_id: int) -> Centre:
    _operations(user)
    found = Centre.objects.filter(pk=centre_id).first()
    if found is None:
        raise NotFound("Centre not found")
    return found


def _with_moderator(approvals: QuerySet[Approval]) -> QuerySet[Approval]:
    """Each approval with its examiner-moderator's email and name (None when unassigned)."""
    assigned = _assigned()
    return approvals.select_related("centre", "qualification").annotate(
        moderator_email=Subquery(assigned.values("moderator__email")[:1]),
        moderator_name=Subquery(assigned.values("moderator__full_name")[:1]),
    )


def _assigned() -> QuerySet[ModeratorAssignment]:
    """The examiner-moderator assignment of the outer approval's centre and qualification."""
    return ModeratorAssignment.objects.filter(
        centre_id=OuterRef("centre_id"), qualification_id=OuterRef("qualification_id")
    )


def attach_verifiers(approvals: Iterable[Approval]) -> None:
    """Give each approval `verifier_list`, its external verifiers by email, in one query."""
    rows = list(approvals)
    if not rows:
        return
    found: dict[tuple[int, int], list[VerifierAssignment]] = defaultdict(list)
    for assignment in (
        VerifierAssignment.objects.filter(
            centre_id__in={a.centre_id for a in rows},
            qualification_id__in={a.qualification_id for a in rows},
        )
        .select_related("verifier")
        .order_by("verifier__email")
    ):
        found[(assignment.centre_id, assignment.qualification_id)].append(assignment)
    for approval in rows:
        approval.verifier_list = found.get((approval.centre_id, approval.qualification_id), [])  # type: ignore[attr-defined]


def centre_approvals(*, user: User, centre: Centre) -> list[Approval]:
    """The centre's approvals by qualification code, with moderator and external verifiers."""
    _operations(user)
    approvals = list(
        _with_moderator(Approval.objects.filter(centre=centre)).order_by("qualification__code")
    )
    attach_verifiers(approvals)
    return approvals


def moderator_approvals(
    *, user: User, query: str = "", gaps_only: bool = False
) -> QuerySet[Approval]:
    """Every approval with its examiner-moderator, by centre number and qualification code;
    `gaps_only`: those with no direct claim status and no examiner-moderator, whose claims
    cannot be submitted."""
    _operations(user)
    approvals = _with_moderator(Approval.objects.filter(*_centre_filter(query))).order_by(
        "centre__number", "qualification__code"
    )
    if gaps_only:
        approvals = approvals.filter(~Exists(_assigned()), direct_claim_status=False)
    return approvals


def _centre_filter(query: str) -> list[Q]:
    query = query.strip()
    if not query:
        return []
    return [Q(centre__number__startswith=query) | Q(centre__name__icontains=query)]


def verifier_approvals(
    *, user: User, query: str = "", gaps_only: bool = False
) -> QuerySet[Approval]:
    """The approvals of externally verified qualifications, by centre number and code, each
    with `has_verifier`; `gaps_only`: those with none. Give a page of them `attach_verifiers`."""
    _operations(user)
    approvals = (
        Approval.objects.filter(
            *_centre_filter(query), qualification__quality_assurance=EXTERNAL_VERIFICATION
        )
        .select_related("centre", "qualification")
        .annotate(
            has_verifier=Exists(
                VerifierAssignment.objects.filter(
                    centre_id=OuterRef("centre_id"), qualification_id=OuterRef("qualification_id")
                )
            )
        )
        .order_by("centre__number", "qualification__code")
    )
    if gaps_only:
        approvals = approvals.filter(has_verifier=False)
    return approvals


def page_of(rows: QuerySet[Any], number: str | None, *, verifiers: bool = False) -> Page:
    """One page of a list; `verifiers`: each approval on it with `verifier_list`."""
    page = Paginator(rows, PER_PAGE).get_page(number)
    if verifiers:
        attach_verifiers(page.object_list)
    return page


def get_approval(*, user: User, approval_id: int) -> Approval:
    """One approval with its examiner-moderator and external verifiers."""
    _operations(user)
    found = _with_moderator(Approval.objects.filter(pk=approval_id)).first()
    if found is None:
        raise NotFound("Approval not found")
    attach_verifiers([found])
    return found


def get_verifier_assignment(*, user: User, assignment_id: int) -> VerifierAssignment:
    _operations(user)
    found = (
        VerifierAssignment.objects.select_related("verifier", "centre", "qualification")
        .filter(pk=assignment_id)
        .first()
    )
    if found is None:
        raise NotFound("External verifier not found")
    return found
