"""Evidence: the centre records sending the work or uploads it, the moderator records its
arrival; each candidate's work arrives by each method once (`EvidenceArrival`)."""

import uuid
from collections.abc import Sequence
from datetime import date

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from accounts.permissions import require_claims_role
from audit.actions import record
from catalogue.models import EvidenceMethod
from claims.models import Claim, ClaimCandidate
from common.errors import DomainError, DomainErrors, FieldError, NotFound

from .. import messages, selectors, uploads
from ..models import EvidenceArrival, EvidenceFile, EvidenceSubmission
from .locks import lock_for_centre, lock_for_moderator


def record_evidence_sent(
    *,
    membership: Membership | None,
    claim_id: int,
    method: str,
    sent_on: date,
    acting_user: User,
) -> EvidenceSubmission:
    """The centre records that it sent the work by post or by email, and when."""
    with transaction.atomic():
        claim = lock_for_centre(membership, claim_id)
        allowed = selectors.sending_methods(claim)
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
        messages.evidence_sent(claim, submission)
    return submission


def _covered(claim: Claim, claim_candidate_ids: Sequence[int] | None) -> list[ClaimCandidate]:
    """The claim's candidates named (or all of them for None); any other id is refused."""
    candidates = list(
        ClaimCandidate.objects.filter(claim=claim)
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
    )
    if claim_candidate_ids is None:
        return candidates
    wanted = set(claim_candidate_ids)
    if not wanted:
        raise DomainError("Select the candidates whose work arrived", field="candidates")
    if wanted - {cc.pk for cc in candidates}:
        raise DomainError("Choose candidates on this claim", field="candidates")
    return [cc for cc in candidates if cc.pk in wanted]


def record_arrival(
    *,
    claim_id: int,
    submission_id: int,
    arrived_on: date,
    acting_user: User,
    claim_candidate_ids: Sequence[int] | None = None,
) -> EvidenceSubmission:
    """The moderator records that posted or emailed work has arrived, for the candidates it
    covers (`claim_candidate_ids`, or every candidate on the claim when None).

    Each candidate's work arrives once by each method: a candidate whose work already arrived
    by this method keeps the date first recorded."""
    with transaction.atomic():
        claim = lock_for_moderator(claim_id, acting_user)
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
        covered = _covered(claim, claim_candidate_ids)
        now = timezone.now()
        already = set(
            EvidenceArrival.objects.filter(
                claim=claim, method=submission.method, claim_candidate__in=covered
            ).values_list("claim_candidate_id", flat=True)
        )
        EvidenceArrival.objects.bulk_create(
            [
                EvidenceArrival(
                    claim=claim,
                    claim_candidate=cc,
                    method=submission.method,
                    submission=submission,
                    arrived_on=arrived_on,
                    recorded_at=now,
                    recorded_by=acting_user,
                )
                for cc in covered
                if cc.pk not in already
            ]
        )
        if submission.arrived_on is None or arrived_on < submission.arrived_on:
            submission.arrived_on = arrived_on
        submission.arrival_recorded_at = now
        submission.arrival_recorded_by = acting_user
        submission.save(update_fields=["arrived_on", "arrival_recorded_at", "arrival_recorded_by"])
        whose = (
            "every candidate"
            if claim_candidate_ids is None
            else ", ".join(cc.candidate.number for cc in covered)
        )
        record(
            actor=acting_user,
            centre=claim.centre,
            action="moderation.evidence_arrived",
            obj=submission,
            summary=f"Work for claim {claim.claim_number} arrived on {arrived_on:%d/%m/%Y} "
            f"by {submission.get_method_display().lower()}: {whose}",
            changes={"candidates": [cc.candidate.number for cc in covered]},
        )
    return submission


def upload_evidence(
    *,
    membership: Membership | None,
    claim_id: int,
    claim_candidate_id: int | None,
    upload: UploadedFile,
    acting_user: User,
) -> EvidenceFile:
    """Keep one file of a candidate's work (e-portfolio) for the moderator.

    The file is checked by its content, stored under a name the server makes up, and its own
    name is kept only, cleaned, to show.
    """
    require_claims_role(membership)
    # Every problem in one go: the file's and the candidate's.
    problems: list[FieldError] = []
    try:
        file_type = uploads.check_upload(
            name=upload.name or "",
            size=upload.size or 0,
            stream=upload.file,  # type: ignore[arg-type]
        )
    except DomainError as error:
        problems.extend(DomainErrors.of(error))
    if claim_candidate_id is None:
        problems.append(FieldError("Choose the candidate", field="candidate", code="required"))
    if problems or claim_candidate_id is None:
        raise DomainErrors(problems)
    stored_name = ""
    try:
        with transaction.atomic():
            claim = lock_for_centre(membership, claim_id)
            if not selectors.takes_uploads(claim):
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
            # The candidate's first file is when their work arrived; later ones add to it.
            EvidenceArrival.objects.get_or_create(
                claim_candidate=cc,
                method=EvidenceMethod.EPORTFOLIO,
                defaults={
                    "claim": claim,
                    "arrived_on": timezone.localdate(evidence.uploaded_at),
                    "recorded_at": evidence.uploaded_at,
                    "recorded_by": acting_user,
                },
            )
            messages.evidence_uploaded(claim, evidence)
    except BaseException:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    return evidence


def remove_evidence_file(
    *, membership: Membership | None, claim_id: int, file_id: int, acting_user: User
) -> None:
    """The centre removes a file it uploaded by mistake, while the claim is with the moderator."""
    with transaction.atomic():
        claim = lock_for_centre(membership, claim_id)
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
        cc_id = evidence.claim_candidate_id
        evidence.delete()
        # With its last file gone, the candidate's uploaded work has not arrived after all.
        if not EvidenceFile.objects.filter(claim_candidate_id=cc_id).exists():
            EvidenceArrival.objects.filter(
                claim_candidate_id=cc_id, method=EvidenceMethod.EPORTFOLIO
            ).delete()
        transaction.on_commit(lambda: default_storage.delete(name))
