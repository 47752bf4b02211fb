"""Every named page and every demo role: who may open it, who is refused, who cannot see it.

The cases are generated from the URL configuration: a URL name that is neither in CASES nor in
EXCLUDED fails `test_every_url_name_is_covered`, so a new page cannot be forgotten.

Outcomes: "ok" is 200 or a redirect to another page of the product; "404" hides an object of
another centre (or one not assigned to the user); "403" refuses a known page to a role that may
not use it; anonymous visitors are sent to sign in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import (
    Approval,
    Centre,
    Invitation,
    Membership,
    Role,
    User,
    VerifierAssignment,
)
from api.models import ApiToken
from audit.models import AuditEvent
from candidates.models import Candidate, ImportJob
from claims.models import CentreAssessor, Claim, ClaimCandidate, ClaimedUnit
from claims.tests import claim_data
from conftest import client_for
from moderation import actions as moderation_actions
from moderation.models import EvidenceFile
from moderation.tests import factories
from notifications.models import OutboxMessage, OutboxRecipient
from verification import actions as verification_actions
from verification.models import VerifierReport

pytestmark = pytest.mark.django_db

# Namespaces left to their own tests, on purpose:
# - admin: Django's admin site, open only to superusers, none of the product's roles
#   (tests/test_admin_for_superusers.py).
# - api: the REST API answers with JSON and token/session authentication; api/tests covers its
#   matrix of roles and centres.
EXCLUDED_NAMESPACES = {"admin", "api"}

# Single URL names left out, each with its reason.
EXCLUDED: dict[str, str] = {}

ROLES = [
    "admin@northfield.test",
    "tutor@northfield.test",
    "staff@northfield.test",
    "admin@southbank.test",
    "moderator@awarding.test",
    "verifier@awarding.test",
    "ops@awarding.test",
    "anonymous",
]


def url_names() -> set[str]:
    """Every named URL pattern of the project, as "namespace:name"."""
    found: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.add(f"{prefix}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_name_is_covered() -> None:
    names = {
        name
        for name in url_names()
        if name.split(":")[0] not in EXCLUDED_NAMESPACES and name not in EXCLUDED
    }
    missing = sorted(names - set(CASES))
    assert not missing, f"Add these URL names to CASES (or EXCLUDED with a reason): {missing}"
    stale = sorted(set(CASES) - names)
    assert not stale, f"CASES names URLs that no longer exist: {stale}"


@dataclass
class World:
    """Northfield's objects, one of each kind a URL names."""

    draft: Claim
    submitted: Claim
    finalised: Claim
    candidate: Candidate
    claim_candidate: ClaimCandidate
    claimed_unit: ClaimedUnit
    other_unit: ClaimedUnit
    assessor: CentreAssessor
    evidence: EvidenceFile
    submission_id: int
    verifier_report: VerifierReport
    verifier_assignment: VerifierAssignment
    approval: Approval
    membership: Membership
    message: OutboxMessage
    import_job: ImportJob
    token: ApiToken
    invitation: Invitation
    extra: dict[str, Any] = field(default_factory=dict)


# The secret of the World's invitation link (Northfield invites Southbank's administrator).
INVITATION_TOKEN = "world-invitation-link-secret"


def build_world(*, load_demo: bool = True) -> World:
    """Northfield's objects on top of the demo world (loaded here unless already loaded)."""
    from demo import world as demo_world

    if load_demo:
        demo_world.load()
    northfield = Centre.objects.get(number="12345")
    tutor = User.objects.get(email="tutor@northfield.test")
    certified = _certified()
    submitted = factories.demo_claim()
    cc = factories.on_claim(submitted, "11721896")
    claimed_unit = factories.claimed_unit(submitted, "11721896", 1)
    finalised = factories.submitted_claim(candidates=[("11721832", [(1, "", "TA")])])
    moderator = User.objects.get(email="moderator@awarding.test")
    moderation_actions.accept_candidate_units(
        claim_id=finalised.pk,
        claim_candidate_id=factories.on_claim(finalised, "11721832").pk,
        acting_user=moderator,
    )
    moderation_actions.save_feedback(claim_id=finalised.pk, feedback="Good.", acting_user=moderator)
    moderation_actions.send_to_awarding_body(claim_id=finalised.pk, acting_user=moderator)
    flagged = factories.on_claim(submitted, "11721832")
    moderation_actions.flag_malpractice(
        claim_id=submitted.pk,
        claim_candidate_id=flagged.pk,
        reason="Work copied",
        acting_user=moderator,
    )
    draft = claim_data.draft()
    claim_data.put(draft, "11721896", {1: "C"})
    # Chloe Davies is entered for units 1, 4 and 13 only.
    other_cc = claim_data.put(draft, "11721832", {13: "T"})
    other_unit = ClaimedUnit.objects.get(claim_candidate=other_cc, unit__number=13)
    name = default_storage.save(f"evidence/{submitted.pk}/work.pdf", ContentFile(b"%PDF-1.7\n"))
    evidence = EvidenceFile.objects.create(
        claim=submitted,
        claim_candidate=cc,
        file=name,
        original_name="work.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_at=timezone.now(),
        uploaded_by=tutor,
    )
    from moderation.models import EvidenceSubmission

    submission = EvidenceSubmission.objects.create(
        claim=submitted,
        method="post",
        sent_on=timezone.localdate(),
        recorded_at=timezone.now(),
        recorded_by=tutor,
    )
    verifier = User.objects.get(email="verifier@awarding.test")
    assignment = VerifierAssignment.objects.filter(verifier=verifier, centre=northfield).first()
    assert assignment is not None
    report = verification_actions.record_verifier_report(
        assignment_id=assignment.pk,
        visit_date=timezone.localdate(),
        actions="a",
        recommendations="r",
        sanction_level="none",
        recommends_direct_claim_status=False,
        acting_user=verifier,
    )
    message = OutboxMessage.objects.create(
        to=["tutor@northfield.test"], from_email="x@ocr.test", subject="Hello", body="Hello"
    )
    OutboxRecipient.objects.create(message=message, email="tutor@northfield.test")
    job = ImportJob.objects.create(centre=northfield, created_by=tutor, filename="c.csv")
    token = ApiToken.objects.create(
        user=tutor, centre=northfield, name="t", prefix="abcdefgh", digest="0" * 64
    )
    invitation = Invitation.objects.create(
        centre=northfield,
        email="admin@southbank.test",
        full_name="G. Obi",
        role=Role.TUTOR,
        invited_by=User.objects.get(email="admin@northfield.test"),
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=14),
        token_digest=Invitation.digest(INVITATION_TOKEN),
    )
    return World(
        invitation=invitation,
        draft=draft,
        submitted=submitted,
        finalised=finalised,
        candidate=Candidate.objects.get(number="11721896"),
        claim_candidate=cc,
        claimed_unit=claimed_unit,
        other_unit=other_unit,
        assessor=CentreAssessor.objects.filter(centre=northfield).first(),  # type: ignore[arg-type]
        evidence=evidence,
        submission_id=submission.pk,
        verifier_report=report,
        verifier_assignment=assignment,
        approval=Approval.objects.filter(centre=northfield).first(),  # type: ignore[arg-type]
        membership=Membership.objects.get(user=tutor, centre=northfield),
        message=message,
        import_job=job,
        token=token,
        extra={
            "malpractice_case": flagged.malpractice_cases.get(),
            **certified,
            **_reviewed(certified["processed"]),
        },
    )


def _certified() -> dict[str, Any]:
    """A processed claim of Northfield's with a published certificate."""
    from certificates.models import Certificate
    from results.tests import factories as results_factories

    recorded = results_factories.processed({"123456": [1, 4, 7]})
    certificate = Certificate.objects.filter(claim=recorded.claim).get()
    Certificate.objects.filter(pk=certificate.pk).update(published_at=timezone.now())
    return {"certificate": certificate.number, "processed": recorded.claim.pk}


def _reviewed(claim_id: int) -> dict[str, Any]:
    """A review of the processed claim's unit 1, given to the demo's second examiner-moderator
    (whom no role of this matrix is)."""
    from reviews import actions as review_actions

    tutor = Membership.objects.get(user__email="tutor@northfield.test", centre__number="12345")
    unit = ClaimedUnit.objects.get(claim_candidate__claim_id=claim_id, unit__number=1)
    review = review_actions.request_review(
        membership=tutor,
        acting_user=tutor.user,
        claim_id=claim_id,
        claimed_unit_ids=[unit.pk],
        reason="Unit 1 was accepted on the wrong evidence",
    )
    review_actions.assign_reviewer(
        acting_user=User.objects.get(email="ops@awarding.test"),
        review_id=review.pk,
        reviewer_id=User.objects.get(email="reviewer@awarding.test").pk,
    )
    return {"review": review.pk, "review_item": review.items.get().pk}


def _review_of(w: World) -> dict[str, Any]:
    return {"review_id": w.extra["review"]}


def _claim(w: World) -> dict[str, Any]:
    return {"claim_id": w.submitted.pk}


def _draft(w: World) -> dict[str, Any]:
    return {"claim_id": w.draft.pk}


def _draft_candidate(w: World) -> dict[str, Any]:
    return {"claim_id": w.draft.pk, "number": "11721896"}


def _review(w: World) -> dict[str, Any]:
    return {"claim_id": w.submitted.pk, "claim_candidate_id": w.claim_candidate.pk}


def _unit(w: World) -> dict[str, Any]:
    return {"claim_id": w.submitted.pk, "claimed_unit_id": w.claimed_unit.pk}


def _none(w: World) -> dict[str, Any]:
    return {}


def _catalogue_unit(w: World) -> dict[str, Any]:
    from catalogue.models import Unit

    return {"code": "05203", "unit_id": Unit.objects.get(qualification__code="05203", number=8).pk}


def _catalogue_rule(w: World) -> dict[str, Any]:
    from catalogue.models import Rule

    return {"code": "05203", "rule_id": Rule.objects.filter(qualification__code="05203")[0].pk}


def _qualification(w: World) -> dict[str, Any]:
    return {"code": "05203"}


ADMIN, TUTOR, STAFF, SOUTHBANK, MODERATOR, VERIFIER, OPS, ANON = ROLES
AWARDING_BODY = (MODERATOR, VERIFIER, OPS)


def expect(ok: tuple[str, ...], refused: tuple[str, ...] = (), anonymous: str = "signin") -> dict:
    """Each role's outcome: "ok" for `ok`, 403 for `refused`, 404 (hidden) for the rest."""
    table = {role: "ok" if role in ok else "403" if role in refused else "404" for role in ROLES}
    table[ANON] = anonymous
    return table


EVERYONE = expect(tuple(ROLES), anonymous="ok")
SIGNED_IN = expect(tuple(ROLES))
# Centre pages that need a certification claims role, without an object: Southbank's admin sees
# Southbank's own page; Northfield's staff member is told which roles give access.
CLAIMS_PAGE = expect((ADMIN, TUTOR, SOUTHBANK), refused=(STAFF,))
# The same pages about one of Northfield's objects: hidden from Southbank.
CLAIMS_OBJECT = expect((ADMIN, TUTOR), refused=(STAFF,))
ADMIN_PAGE = expect((ADMIN, SOUTHBANK), refused=(TUTOR, STAFF))
ADMIN_OBJECT = expect((ADMIN,), refused=(TUTOR, STAFF))
MODERATOR_ONLY = expect((MODERATOR,))
VERIFIER_ONLY = expect((VERIFIER,))
OPS_ONLY = expect((OPS,))
# Signing out is POST only, for everyone.
SIGN_OUT = {role: "405" for role in ROLES}
# Candidate work: the centre's claims roles and the claim's moderator.
EVIDENCE_FILE = expect((ADMIN, TUTOR, MODERATOR))
# A claim's History: its centre's claims roles and its examiner-moderator.
CLAIM_HISTORY = expect((ADMIN, TUTOR, MODERATOR), refused=(STAFF,))
# A verifier's report: its verifier and operations.
VERIFIER_REPORT = expect((VERIFIER, OPS))
# An email to the tutor: only the people it was sent to, and operations (who watch delivery).
TUTORS_MESSAGE = expect((TUTOR, OPS))
# The tutor's own API token: nobody else's to revoke.
TUTORS_TOKEN = expect((TUTOR,), refused=(STAFF,))
# An invitation's link: only its invitee may answer it; anyone else signed in is told it is not
# theirs (and nothing about it).
INVITEES_LINK = expect((SOUTHBANK,), refused=tuple(r for r in ROLES if r not in (SOUTHBANK, ANON)))


CASES: dict[str, tuple[Callable[[World], dict[str, Any]], dict[str, str]]] = {
    "home": (_none, SIGNED_IN),
    # The load balancer's health check: open to all, says nothing about anyone.
    "healthz": (_none, EVERYONE),
    "accounts:sign-in": (_none, EVERYONE),
    "accounts:sign-out": (_none, SIGN_OUT),
    "accounts:password-reset": (_none, EVERYONE),
    "accounts:password-reset-sent": (_none, EVERYONE),
    "accounts:set-password": (lambda w: {"uidb64": "MQ", "token": "set-password"}, EVERYONE),
    "accounts:password-set": (_none, EVERYONE),
    "accounts:two-factor": (_none, SIGNED_IN),
    "accounts:two-factor-set-up": (_none, SIGNED_IN),
    "accounts:recovery-codes": (_none, SIGNED_IN),
    "accounts:two-factor-account": (_none, SIGNED_IN),
    "accounts:new-recovery-codes": (_none, SIGNED_IN),
    "accounts:invitation": (lambda w: {"token": INVITATION_TOKEN}, INVITEES_LINK),
    "accounts:withdraw-invitation": (lambda w: {"invitation_id": w.invitation.pk}, ADMIN_OBJECT),
    "accounts:operations-users": (_none, OPS_ONLY),
    "accounts:reset-two-factor": (lambda w: {"user_id": w.membership.user_id}, OPS_ONLY),
    "accounts:operations-centres": (_none, OPS_ONLY),
    "accounts:operations-centre-add": (_none, OPS_ONLY),
    "accounts:operations-centre": (lambda w: {"centre_id": w.approval.centre_id}, OPS_ONLY),
    "accounts:operations-approve": (lambda w: {"centre_id": w.approval.centre_id}, OPS_ONLY),
    "accounts:operations-withdraw-approval": (lambda w: {"approval_id": w.approval.pk}, OPS_ONLY),
    "accounts:operations-moderators": (_none, OPS_ONLY),
    "accounts:operations-moderator": (lambda w: {"approval_id": w.approval.pk}, OPS_ONLY),
    "accounts:operations-moderator-remove": (lambda w: {"approval_id": w.approval.pk}, OPS_ONLY),
    "accounts:operations-verifiers": (_none, OPS_ONLY),
    "accounts:operations-verifier-add": (lambda w: {"approval_id": w.approval.pk}, OPS_ONLY),
    "accounts:operations-verifier-remove": (
        lambda w: {"assignment_id": w.verifier_assignment.pk},
        OPS_ONLY,
    ),
    "accounts:choose-centre": (_none, SIGNED_IN),
    "accounts:centre-users": (_none, ADMIN_PAGE),
    "accounts:add-centre-user": (_none, ADMIN_PAGE),
    "accounts:change-role": (lambda w: {"membership_id": w.membership.pk}, ADMIN_OBJECT),
    "candidates:list": (_none, CLAIMS_PAGE),
    "candidates:add": (_none, ADMIN_PAGE),
    "candidates:import": (_none, ADMIN_PAGE),
    "candidates:import-template": (_none, ADMIN_PAGE),
    "candidates:import-job": (lambda w: {"job_id": w.import_job.pk}, ADMIN_OBJECT),
    "candidates:import-commit": (lambda w: {"job_id": w.import_job.pk}, ADMIN_OBJECT),
    "candidates:import-retry": (lambda w: {"job_id": w.import_job.pk}, ADMIN_OBJECT),
    "candidates:detail": (lambda w: {"number": w.candidate.number}, CLAIMS_OBJECT),
    "candidates:edit": (lambda w: {"number": w.candidate.number}, ADMIN_OBJECT),
    "candidates:entry-add": (lambda w: {"number": w.candidate.number}, ADMIN_OBJECT),
    "candidates:entries": (_none, CLAIMS_PAGE),
    "candidates:buy-unnamed": (_none, ADMIN_PAGE),
    "claims:make-claim": (_none, CLAIMS_PAGE),
    "claims:create-claim": (lambda w: {"code": "03991"}, CLAIMS_PAGE),
    "claims:assessors": (lambda w: {"code": "03991"}, CLAIMS_PAGE),
    "claims:assessor-edit": (
        lambda w: {"code": "03991", "assessor_id": w.assessor.pk},
        CLAIMS_OBJECT,
    ),
    "claims:history": (_none, CLAIMS_PAGE),
    "claims:view-claim": (_claim, CLAIMS_OBJECT),
    "claims:view-claim-print": (_claim, CLAIMS_OBJECT),
    "claims:claim-history-log": (_claim, CLAIM_HISTORY),
    "claims:claim-csv": (_claim, CLAIMS_OBJECT),
    "claims:claim-pdf": (_claim, CLAIMS_OBJECT),
    "claims:cover-sheets": (_claim, CLAIMS_OBJECT),
    "claims:submit": (_draft, CLAIMS_OBJECT),
    "claims:submitted": (_claim, CLAIMS_OBJECT),
    "claims:edit-claim": (_draft, CLAIMS_OBJECT),
    "claims:candidate-claim": (_draft_candidate, CLAIMS_OBJECT),
    "claims:other-units": (lambda w: {"claim_id": w.draft.pk, "number": "11721832"}, CLAIMS_OBJECT),
    "claims:other-unit-remove": (
        lambda w: {
            "claim_id": w.draft.pk,
            "number": "11721832",
            "claimed_unit_id": w.other_unit.pk,
        },
        CLAIMS_OBJECT,
    ),
    "results:list": (_none, CLAIMS_PAGE),
    "results:download": (_none, CLAIMS_PAGE),
    "moderation:queue": (_none, MODERATOR_ONLY),
    "moderation:claim": (_claim, MODERATOR_ONLY),
    "moderation:sample": (_claim, MODERATOR_ONLY),
    "moderation:candidate": (_review, MODERATOR_ONLY),
    "moderation:accept-candidate": (_review, MODERATOR_ONLY),
    "moderation:withdraw-candidate": (_review, MODERATOR_ONLY),
    "moderation:malpractice": (_review, MODERATOR_ONLY),
    "moderation:unit": (_unit, MODERATOR_ONLY),
    "moderation:accept-unit": (_unit, MODERATOR_ONLY),
    "moderation:withdraw-assessor-grade": (_claim, MODERATOR_ONLY),
    "moderation:withdraw-claim": (_claim, MODERATOR_ONLY),
    "moderation:feedback": (_claim, MODERATOR_ONLY),
    "moderation:send": (_claim, MODERATOR_ONLY),
    "moderation:arrival": (
        lambda w: {"claim_id": w.submitted.pk, "submission_id": w.submission_id},
        MODERATOR_ONLY,
    ),
    "moderation:evidence-file": (lambda w: {"file_id": w.evidence.pk}, EVIDENCE_FILE),
    "moderation:centre-information": (_none, CLAIMS_PAGE),
    "moderation:centre-evidence": (_claim, CLAIMS_OBJECT),
    "moderation:centre-evidence-remove": (
        lambda w: {
            "claim_id": w.submitted.pk,
            "file_id": w.evidence.pk,
        },
        CLAIMS_OBJECT,
    ),
    "moderation:centre-moderator-reports": (_none, CLAIMS_PAGE),
    "moderation:centre-moderator-report": (lambda w: {"claim_id": w.finalised.pk}, CLAIMS_OBJECT),
    "moderation:centre-moderator-report-pdf": (
        lambda w: {"claim_id": w.finalised.pk},
        CLAIMS_OBJECT,
    ),
    "verification:centre-verifier-reports": (_none, CLAIMS_PAGE),
    "verification:centre-verifier-report": (
        lambda w: {"report_id": w.verifier_report.pk},
        CLAIMS_OBJECT,
    ),
    "verification:index": (_none, VERIFIER_ONLY),
    "verification:verifier-report-new": (
        lambda w: {"assignment_id": w.verifier_assignment.pk},
        VERIFIER_ONLY,
    ),
    "verification:verifier-report": (
        lambda w: {"report_id": w.verifier_report.pk},
        VERIFIER_REPORT,
    ),
    "results:claims-to-process": (_none, OPS_ONLY),
    "results:process-claim": (lambda w: {"claim_id": w.finalised.pk}, OPS_ONLY),
    "results:process-all": (_none, OPS_ONLY),
    "results:malpractice-cases": (_none, OPS_ONLY),
    "results:malpractice-case": (
        lambda w: {"case_id": w.extra["malpractice_case"].pk},
        OPS_ONLY,
    ),
    "moderation:overdue": (_none, OPS_ONLY),
    "verification:direct-claim-status": (_none, OPS_ONLY),
    "verification:direct-claim-status-change": (lambda w: {"approval_id": w.approval.pk}, OPS_ONLY),
    "catalogue:qualifications": (_none, OPS_ONLY),
    "catalogue:qualification-new": (_none, OPS_ONLY),
    "catalogue:upload": (_none, OPS_ONLY),
    "catalogue:upload-confirm": (_none, OPS_ONLY),
    "catalogue:qualification": (_qualification, OPS_ONLY),
    "catalogue:units": (_qualification, OPS_ONLY),
    "catalogue:unit": (_catalogue_unit, OPS_ONLY),
    "catalogue:unit-retire": (_catalogue_unit, OPS_ONLY),
    "catalogue:rules": (_qualification, OPS_ONLY),
    "catalogue:rule-add": (_qualification, OPS_ONLY),
    "catalogue:rule": (_catalogue_rule, OPS_ONLY),
    "catalogue:rule-remove": (_catalogue_rule, OPS_ONLY),
    "claims_operations:try-rules": (_qualification, OPS_ONLY),
    "accounts:outbox": (_none, SIGNED_IN),
    "accounts:outbox-message": (lambda w: {"message_id": w.message.pk}, TUTORS_MESSAGE),
    "accounts:outbox-retry": (lambda w: {"message_id": w.message.pk}, OPS_ONLY),
    "certificates:verify": (_none, EVERYONE),
    "certificates:claim": (lambda w: {"claim_id": w.extra["processed"]}, CLAIMS_OBJECT),
    "certificates:claim-pdf": (lambda w: {"claim_id": w.extra["processed"]}, CLAIMS_OBJECT),
    "certificates:candidate": (lambda w: {"number": "123456"}, CLAIMS_OBJECT),
    "certificates:pdf": (lambda w: {"number": w.extra["certificate"]}, CLAIMS_OBJECT),
    "certificates:operations-search": (_none, OPS_ONLY),
    "certificates:operations-certificate": (
        lambda w: {"number": w.extra["certificate"]},
        OPS_ONLY,
    ),
    "certificates:replace": (lambda w: {"number": w.extra["certificate"]}, OPS_ONLY),
    "certificates:withdraw": (lambda w: {"number": w.extra["certificate"]}, OPS_ONLY),
    "reviews:request": (lambda w: {"claim_id": w.extra["processed"]}, CLAIMS_OBJECT),
    "reviews:operations-list": (_none, OPS_ONLY),
    "reviews:operations-review": (_review_of, OPS_ONLY),
    "reviews:reviewer-list": (_none, MODERATOR_ONLY),
    # Only the review's reviewer, whom none of these roles is, opens it.
    "reviews:reviewer-review": (_review_of, expect(())),
    "reviews:reviewer-decide": (
        lambda w: {"review_id": w.extra["review"], "item_id": w.extra["review_item"]},
        expect(()),
    ),
    "reviews:reviewer-complete": (_review_of, expect(())),
    "api-tokens:list": (_none, CLAIMS_PAGE),
    "api-tokens:create": (_none, CLAIMS_PAGE),
    "api-tokens:revoke": (lambda w: {"token_id": w.token.pk}, TUTORS_TOKEN),
}

# Actions that answer POST only: the roles allowed are told "method not allowed" on GET, which
# shows that the permission checks come first for everyone else.
POST_ONLY = {
    "accounts:sign-out",
    "accounts:new-recovery-codes",
    "candidates:import-commit",
    "candidates:import-retry",
    "claims:create-claim",
    "claims:submit",
    "claims:other-unit-remove",
    "moderation:accept-candidate",
    "moderation:accept-unit",
    "moderation:arrival",
    "moderation:centre-evidence-remove",
    "moderation:malpractice",
    "results:process-all",
    "results:process-claim",
    "moderation:withdraw-assessor-grade",
    "moderation:withdraw-candidate",
    "reviews:reviewer-complete",
    "accounts:outbox-retry",
    "catalogue:unit-retire",
    "catalogue:upload-confirm",
}


def outcome(response: Any) -> str:
    if response.status_code in (301, 302):
        return "signin" if "/sign-in/" in response["Location"] else "ok"
    if response.status_code == 200:
        return "ok"
    return str(response.status_code)


def clients() -> dict[str, Client]:
    return {
        role: Client() if role == ANON else client_for(User.objects.get(email=role))
        for role in ROLES
    }


def snapshot() -> dict[str, int]:
    """Row counts of every table the product writes, besides sign-in bookkeeping."""
    counted = ("accounts", "candidates", "catalogue", "claims", "moderation", "results", "api")
    return {
        model._meta.label: model._default_manager.count()
        for app in counted
        for model in apps.get_app_config(app).get_models()
    } | {"audit.AuditEvent": AuditEvent.objects.count()}


def test_every_role_gets_the_expected_answer_on_every_page() -> None:
    world = build_world()
    by_role = clients()
    wrong = []
    for name, (kwargs, expected) in sorted(CASES.items()):
        url = reverse(name, kwargs=kwargs(world))
        for role in ROLES:
            got = outcome(by_role[role].get(url))
            want = expected[role]
            allowed = {want}
            if name in POST_ONLY and want == "ok":
                allowed = {"405"}
            elif name in POST_ONLY and want == "404":
                # Some check the method first: 405 for any id tells nothing about the object.
                allowed = {"404", "405"}
            if got not in allowed:
                wrong.append(f"{name} as {role}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


def test_writes_by_the_wrong_role_are_refused_and_change_nothing() -> None:
    world = build_world()
    by_role = clients()
    before = snapshot()
    wrong = []
    for name, (kwargs, expected) in sorted(CASES.items()):
        if expected in (EVERYONE, SIGN_OUT, SIGNED_IN):
            continue
        url = reverse(name, kwargs=kwargs(world))
        for role in ROLES:
            if expected[role] == "ok":
                continue
            got = outcome(by_role[role].post(url, {"confirm": "yes", "reason": "r"}))
            if got != expected[role]:
                wrong.append(f"POST {name} as {role}: {got}, expected {expected[role]}")
    assert not wrong, "\n".join(wrong)
    assert snapshot() == before
