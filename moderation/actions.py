"""Changes made in moderation and to the evidence.

Every action takes the acting user, checks what they may do inside its one transaction, writes
an audit event beside the change and writes its emails to the outbox in the same transaction.
A claim's status changes only through `claims.transitions`.
"""

import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_claims_role
from audit.actions import record
from catalogue.models import EvidenceMethod
from claims import transitions
from claims.models import Claim, ClaimCandidate, ClaimedUnit, ClaimStatus, UnitState
from common import wording
from common.errors import Conflict, DomainError, NotFound
from common.reasons import checked_reason

from . import messages, selectors, uploads
from .models import (
    EvidenceFile,
    EvidenceSubmission,
    FeedbackReport,
    OutcomeAction,
    ReviewOutcome,
    Sample,
)

MAX_TEXT = 20_000


def _lock(claim_id: int) -> Claim:
    try:
        return transitions.lock(claim_id)
    except Claim.DoesNotExist:
        raise NotFound("Claim not found", field="claim") from None


def _lock_for_moderator(claim_id: int, user: User) -> Claim:
    """The claim locked for a change by its moderator, while it is with them (Submitted).

    Anyone who does not moderate the claim's centre and qualification gets "not found".
    """
    claim = _lock(claim_id)
    if claim.status == ClaimStatus.DRAFT or not selectors.is_moderator_of(user, claim):
        raise NotFound("Claim not found", field="claim")
    if claim.status != ClaimStatus.SUBMITTED:
        raise Conflict(
            f"Claim {claim.claim_number} is {ClaimStatus(claim.status).label}: "
            "the examiner-moderator can no longer change it",
            code="not_submitted",
        )
    return claim


def _outcome(
    claim: Claim,
    user: User,
    action: OutcomeAction,
    *,
    reason: str = "",
    claim_candidate: ClaimCandidate | None = None,
    claimed_unit: ClaimedUnit | None = None,
    grade_before: str = "",
    grade_after: str = "",
    units_affected: int = 0,
) -> ReviewOutcome:
    return ReviewOutcome.objects.create(
        claim=claim,
        claim_candidate=claim_candidate,
        claimed_unit=claimed_unit,
        action=action,
        reason=reason,
        grade_before=grade_before,
        grade_after=grade_after,
        units_affected=units_affected,
        decided_at=timezone.now(),
        decided_by=user,
    )


# Sample


def request_sample(
    *, claim_id: int, claim_candidate_ids: Iterable[int], acting_user: User
) -> Sample:
    """Ask the centre for the work of these candidates; asking again replaces the sample."""
    wanted = set(claim_candidate_ids)
    if not wanted:
        raise DomainError("Select at least one candidate for the sample", field="candidates")
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        on_claim = list(
            ClaimCandidate.objects.filter(claim=claim, pk__in=wanted).select_related("candidate")
        )
        if len(on_claim) != len(wanted):
            raise DomainError("Select candidates on this claim only", field="candidates")
        sample = Sample.objects.select_for_update().filter(claim=claim).first()
        now = timezone.now()
        if sample is None:
            sample = Sample.objects.create(claim=claim, requested_at=now, requested_by=acting_user)
        else:
            sample.version += 1
            sample.requested_at = now
            sample.requested_by = acting_user
            sample.save(update_fields=["version", "requested_at", "requested_by"])
        sample.candidates.set(on_claim)
        names = sorted(
            (f"{cc.candidate.name} ({cc.candidate.number})" for cc in on_claim),
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.sample_requested",
            obj=claim,
            summary=f"Requested a sample of {wording.count(len(on_claim), 'candidate')} for claim "
            f"{claim.claim_number}",
            changes={"candidates": sorted(cc.candidate.number for cc in on_claim)},
        )
        messages.sample_requested(claim, sample, names)
    return sample


# Review


class Outcome:
    ACCEPT = "accept"
    AMEND = "amend"
    WITHDRAW = "withdraw"


def record_unit_outcome(
    *,
    claim_id: int,
    claimed_unit_id: int,
    outcome: str,
    grade: str = "",
    reason: str = "",
    acting_user: User,
) -> ClaimedUnit:
    """Accept a claimed unit, amend its grade or withdraw it. Amending and withdrawing need a
    reason. Accepting restores the grade the centre claimed."""
    if outcome not in (Outcome.ACCEPT, Outcome.AMEND, Outcome.WITHDRAW):
        raise DomainError("Choose accept, amend the grade or withdraw", field="outcome")
    why = checked_reason(reason, required=outcome != Outcome.ACCEPT)
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        unit = (
            ClaimedUnit.objects.select_for_update()
            .filter(pk=claimed_unit_id, claim_candidate__claim=claim)
            .select_related("unit", "claim_candidate__candidate")
            .first()
        )
        if unit is None:
            raise NotFound("Unit not found", field="unit")
        if unit.claim_candidate.withdrawn:
            raise Conflict(
                f"{unit.claim_candidate.candidate.name} has been withdrawn from the claim",
                code="candidate_withdrawn",
            )
        claimed_grade = unit.original_grade or unit.grade
        before = {"state": unit.state, "grade": unit.grade}
        if outcome == Outcome.AMEND:
            if not unit.unit.is_graded:
                raise DomainError("This unit is not graded", field="grade")
            if grade not in unit.unit.grades:
                raise DomainError("Choose the grade", field="grade")
            if grade == claimed_grade:
                raise DomainError(
                    f"The centre claimed {claimed_grade}: choose a different grade or accept it",
                    field="grade",
                )
            unit.original_grade = claimed_grade
            unit.grade = grade
            unit.state = UnitState.AMENDED
            action = OutcomeAction.AMEND_GRADE
        else:
            unit.grade = claimed_grade
            unit.original_grade = ""
            if outcome == Outcome.ACCEPT:
                unit.state = UnitState.ACCEPTED
                action = OutcomeAction.ACCEPT
            else:
                unit.state = UnitState.NOT_ACCEPTED
                action = OutcomeAction.WITHDRAW_UNIT
        unit.outcome_reason = why
        unit.save(update_fields=["state", "grade", "original_grade", "outcome_reason"])
        _outcome(
            claim,
            acting_user,
            action,
            reason=why,
            claim_candidate=unit.claim_candidate,
            claimed_unit=unit,
            grade_before=before["grade"],
            grade_after=unit.grade,
            units_affected=1,
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action=f"moderation.{action.value}",
            obj=unit,
            summary=f"{action.label}: unit {unit.unit.number} for "
            f"{unit.claim_candidate.candidate.number} on claim {claim.claim_number}",
            changes={
                "state": [before["state"], unit.state],
                "grade": [before["grade"], unit.grade],
                "reason": why,
            },
        )
    return unit


def accept_candidate_units(*, claim_id: int, claim_candidate_id: int, acting_user: User) -> int:
    """Accept every unit of the candidate that has no outcome yet. Returns how many."""
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        cc = _candidate_on(claim, claim_candidate_id)
        if cc.withdrawn:
            raise Conflict(f"{cc.candidate.name} has been withdrawn from the claim")
        undecided = ClaimedUnit.objects.filter(claim_candidate=cc, state__in=UnitState.undecided())
        count = undecided.update(state=UnitState.ACCEPTED, outcome_reason="")
        if count:
            _outcome(
                claim,
                acting_user,
                OutcomeAction.ACCEPT,
                claim_candidate=cc,
                units_affected=count,
            )
            record(
                actor=acting_user,
                centre=claim.centre,
                action="moderation.accept",
                obj=cc,
                summary=f"Accepted {wording.count(count, 'unit')} for {cc.candidate.number} on "
                f"claim {claim.claim_number}",
            )
    return count


def _candidate_on(claim: Claim, claim_candidate_id: int) -> ClaimCandidate:
    cc = (
        ClaimCandidate.objects.select_for_update()
        .filter(pk=claim_candidate_id, claim=claim)
        .select_related("candidate")
        .first()
    )
    if cc is None:
        raise NotFound("Candidate not found", field="candidate")
    return cc


def withdraw_assessor_grade(
    *, claim_id: int, assessor_id: int, grade: str, reason: str, acting_user: User
) -> int:
    """Withdraw every unit on the claim assessed by one centre assessor at one grade."""
    why = checked_reason(reason)
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        units = ClaimedUnit.objects.filter(
            claim_candidate__claim=claim,
            claim_candidate__withdrawn=False,
            assessor_id=assessor_id,
            grade=grade,
        ).exclude(state=UnitState.NOT_ACCEPTED)
        ids = list(units.values_list("pk", flat=True))
        if not ids:
            raise DomainError(
                "No units on this claim have that centre assessor and grade", field="assessor"
            )
        ClaimedUnit.objects.filter(pk__in=ids).update(
            state=UnitState.NOT_ACCEPTED, outcome_reason=why
        )
        _outcome(
            claim,
            acting_user,
            OutcomeAction.WITHDRAW_ASSESSOR_GRADE,
            reason=why,
            grade_before=grade,
            units_affected=len(ids),
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.withdraw_assessor_grade",
            obj=claim,
            summary=f"Withdrew {wording.count(len(ids), 'unit')} of one centre assessor at grade "
            f"{grade or 'none'} on claim {claim.claim_number}",
            changes={"assessor": assessor_id, "grade": grade, "units": ids, "reason": why},
        )
    return len(ids)


def withdraw_candidate(
    *, claim_id: int, claim_candidate_id: int, reason: str, acting_user: User
) -> ClaimCandidate:
    """Withdraw a candidate from the claim: none of their units will be accepted."""
    why = checked_reason(reason)
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        cc = _candidate_on(claim, claim_candidate_id)
        if cc.withdrawn:
            raise Conflict(f"{cc.candidate.name} is already withdrawn")
        cc.withdrawn = True
        cc.save(update_fields=["withdrawn"])
        count = ClaimedUnit.objects.filter(claim_candidate=cc).update(
            state=UnitState.NOT_ACCEPTED, outcome_reason=why
        )
        _outcome(
            claim,
            acting_user,
            OutcomeAction.WITHDRAW_CANDIDATE,
            reason=why,
            claim_candidate=cc,
            units_affected=count,
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.withdraw_candidate",
            obj=cc,
            summary=f"Withdrew {cc.candidate.number} from claim {claim.claim_number}",
            changes={"reason": why},
        )
    return cc


def flag_malpractice(
    *, claim_id: int, claim_candidate_id: int, reason: str, acting_user: User
) -> ClaimCandidate:
    why = checked_reason(reason)
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        cc = _candidate_on(claim, claim_candidate_id)
        if cc.malpractice:
            raise Conflict(f"Malpractice is already flagged for {cc.candidate.name}")
        cc.malpractice = True
        cc.save(update_fields=["malpractice"])
        _outcome(claim, acting_user, OutcomeAction.MALPRACTICE, reason=why, claim_candidate=cc)
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.malpractice",
            obj=cc,
            summary=f"Flagged malpractice for {cc.candidate.number} on claim {claim.claim_number}",
            changes={"reason": why},
        )
    return cc


def withdraw_claim(*, claim_id: int, reason: str, acting_user: User) -> Claim:
    """Withdraw the whole claim. The centre is emailed the report, which it can also read."""
    why = checked_reason(reason)
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        count = ClaimedUnit.objects.filter(claim_candidate__claim=claim).update(
            state=UnitState.NOT_ACCEPTED, outcome_reason=why
        )
        _outcome(claim, acting_user, OutcomeAction.WITHDRAW_CLAIM, reason=why, units_affected=count)
        transitions.move(
            claim,
            to=ClaimStatus.WITHDRAWN,
            acting_user=acting_user,
            summary=f"The examiner-moderator withdrew claim {claim.claim_number}: {why}",
        )
        report = _issue_report(claim, acting_user)
        messages.claim_withdrawn(claim, selectors.adjustments(claim), report.feedback)
    return claim


# Feedback report and sending the claim on


def save_feedback(*, claim_id: int, feedback: str, acting_user: User) -> FeedbackReport:
    text = (feedback or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(
            f"The feedback must be {MAX_TEXT:,} characters or fewer", field="feedback"
        )
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        report, created = FeedbackReport.objects.select_for_update().get_or_create(
            claim=claim,
            defaults={"feedback": text, "written_by": acting_user, "updated_at": timezone.now()},
        )
        if not created:
            report.feedback = text
            report.written_by = acting_user
            report.updated_at = timezone.now()
            report.save(update_fields=["feedback", "written_by", "updated_at"])
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.feedback_saved",
            obj=report,
            summary=f"Saved the feedback report for claim {claim.claim_number}",
        )
    return report


def _issue_report(claim: Claim, user: User) -> FeedbackReport:
    now = timezone.now()
    report, _ = FeedbackReport.objects.select_for_update().get_or_create(
        claim=claim, defaults={"written_by": user, "updated_at": now}
    )
    report.issued_at = now
    report.save(update_fields=["issued_at"])
    return report


def reference_for(claim: Claim) -> str:
    return f"R{claim.claim_number}"


def send_to_awarding_body(*, claim_id: int, acting_user: User) -> Claim:
    """ "Send to OCR": the claim becomes Finalised with its reference and the centre is told.

    Units still without an outcome are accepted as claimed. A claim whose every unit was
    withdrawn is finalised too, and stays Finalised: processing refuses it.
    """
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        report = FeedbackReport.objects.filter(claim=claim).first()
        if report is None or not report.feedback.strip():
            raise DomainError(
                "Write the feedback report before sending the claim", field="feedback"
            )
        remaining = ClaimedUnit.objects.filter(
            claim_candidate__claim=claim,
            claim_candidate__withdrawn=False,
            state__in=UnitState.undecided(),
        )
        count = remaining.update(state=UnitState.ACCEPTED)
        if count:
            _outcome(claim, acting_user, OutcomeAction.ACCEPT_REMAINING, units_affected=count)
        claim.reference = reference_for(claim)
        try:
            with transaction.atomic():
                claim.save(update_fields=["reference"])
        except IntegrityError:
            raise Conflict(f"Reference {claim.reference} is already in use") from None
        transitions.move(
            claim,
            to=ClaimStatus.FINALISED,
            acting_user=acting_user,
            summary=f"Sent to {settings.AWARDING_BODY_NAME} with reference {claim.reference}",
        )
        _issue_report(claim, acting_user)
        messages.claim_finalised(claim)
    return claim


# Evidence: the centre sends, the moderator records arrival


def _lock_for_centre(acting: Membership | None, claim_id: int) -> tuple[Membership, Claim]:
    membership = require_claims_role(acting)
    claim = _lock(claim_id)
    if claim.centre_id != membership.centre_id or claim.status == ClaimStatus.DRAFT:
        raise NotFound("Claim not found", field="claim")
    if claim.status != ClaimStatus.SUBMITTED:
        raise Conflict(
            f"Claim {claim.claim_number} is {ClaimStatus(claim.status).label}: "
            "its moderation is over",
            code="not_submitted",
        )
    return membership, claim


def record_evidence_sent(
    *,
    acting: Membership | None,
    claim_id: int,
    method: str,
    sent_on: date,
    acting_user: User,
) -> EvidenceSubmission:
    """The centre records that it sent the work by post or by email, and when."""
    with transaction.atomic():
        _, claim = _lock_for_centre(acting, claim_id)
        allowed = [
            m for m in claim.qualification.evidence_methods if m != EvidenceMethod.EPORTFOLIO
        ]
        if method not in allowed:
            raise DomainError(
                "Choose how the work was sent: "
                + " or ".join(EvidenceMethod(m).label.lower() for m in allowed),
                field="method",
            )
        today = timezone.localdate()
        if sent_on > today:
            raise DomainError("The date sent must be today or in the past", field="sent_on")
        if claim.submitted_at and sent_on < timezone.localdate(claim.submitted_at):
            raise DomainError(
                "The date sent must be on or after the date the claim was submitted",
                field="sent_on",
            )
        submission = EvidenceSubmission.objects.create(
            claim=claim,
            method=method,
            sent_on=sent_on,
            recorded_at=timezone.now(),
            recorded_by=acting_user,
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.evidence_sent",
            obj=submission,
            summary=f"Recorded work for claim {claim.claim_number} sent by "
            f"{submission.get_method_display().lower()} on {sent_on:%d/%m/%Y}",
        )
    return submission


def record_arrival(
    *, claim_id: int, submission_id: int, arrived_on: date, acting_user: User
) -> EvidenceSubmission:
    """The moderator records that posted or emailed work has arrived."""
    with transaction.atomic():
        claim = _lock_for_moderator(claim_id, acting_user)
        submission = (
            EvidenceSubmission.objects.select_for_update()
            .filter(pk=submission_id, claim=claim)
            .first()
        )
        if submission is None:
            raise NotFound("Evidence not found", field="submission")
        if arrived_on > timezone.localdate():
            raise DomainError(
                "The date it arrived must be today or in the past", field="arrived_on"
            )
        if arrived_on < submission.sent_on:
            raise DomainError(
                "The date it arrived must be on or after the date it was sent",
                field="arrived_on",
            )
        submission.arrived_on = arrived_on
        submission.arrival_recorded_at = timezone.now()
        submission.arrival_recorded_by = acting_user
        submission.save(update_fields=["arrived_on", "arrival_recorded_at", "arrival_recorded_by"])
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.evidence_arrived",
            obj=submission,
            summary=f"Work for claim {claim.claim_number} arrived on {arrived_on:%d/%m/%Y}",
        )
    return submission


def upload_evidence(
    *,
    acting: Membership | None,
    claim_id: int,
    claim_candidate_id: int,
    upload: UploadedFile,
    acting_user: User,
) -> EvidenceFile:
    """Keep one file of a candidate's work (e-portfolio) for the moderator.

    The file is checked by its content, stored under a name the server makes up, and its own
    name is kept only, cleaned, to show.
    """
    require_claims_role(acting)
    file_type = uploads.check_upload(
        name=upload.name or "",
        size=upload.size or 0,
        stream=upload.file,  # type: ignore[arg-type]
    )
    stored_name = ""
    try:
        with transaction.atomic():
            _, claim = _lock_for_centre(acting, claim_id)
            if EvidenceMethod.EPORTFOLIO not in claim.qualification.evidence_methods:
                raise DomainError(
                    "This qualification does not take e-portfolio submissions", field="file"
                )
            cc = (
                ClaimCandidate.objects.filter(pk=claim_candidate_id, claim=claim)
                .select_related("candidate")
                .first()
            )
            if cc is None:
                raise DomainError("Choose a candidate on this claim", field="candidate")
            upload.file.seek(0)  # type: ignore[union-attr]
            stored_name = default_storage.save(
                f"evidence/{claim.pk}/{uuid.uuid4().hex}{file_type.extension}", upload
            )
            evidence = EvidenceFile.objects.create(
                claim=claim,
                claim_candidate=cc,
                file=stored_name,
                original_name=uploads.display_name(upload.name or ""),
                content_type=file_type.content_type,
                size=upload.size or 0,
                uploaded_at=timezone.now(),
                uploaded_by=acting_user,
            )
            record(
                actor=acting_user,
                centre=claim.centre,
                action="moderation.evidence_uploaded",
                obj=evidence,
                summary=f"Uploaded {evidence.original_name} for {cc.candidate.number} on claim "
                f"{claim.claim_number}",
                changes={"stored_as": stored_name, "size": evidence.size},
            )
    except BaseException:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    return evidence


def remove_evidence_file(
    *, acting: Membership | None, claim_id: int, file_id: int, acting_user: User
) -> None:
    """The centre removes a file it uploaded by mistake, while the claim is with the moderator."""
    with transaction.atomic():
        _, claim = _lock_for_centre(acting, claim_id)
        evidence = EvidenceFile.objects.filter(pk=file_id, claim=claim).first()
        if evidence is None:
            raise NotFound("File not found", field="file")
        name = evidence.file.name or ""
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.evidence_removed",
            obj=evidence,
            summary=f"Removed {evidence.original_name} from claim {claim.claim_number}",
            changes={"claim": claim.pk, "file": evidence.original_name},
        )
        evidence.delete()
        transaction.on_commit(lambda: default_storage.delete(name))
