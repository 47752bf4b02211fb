"""The API's one composite change to a claim, made of the actions the pages use."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership, User
from accounts.permissions import require_claims_role
from candidates.models import Candidate
from claims import actions as claim_actions
from claims import selectors as claim_selectors
from claims.actions import UnitChoice, UnitErrors
from claims.models import Claim
from claims.selectors import CandidateClaim
from common.errors import DomainError, DomainErrors, FieldError


@dataclass(frozen=True)
class UnitClaim:
    """One unit a client claims for a candidate: the assessor is given by initials."""

    unit: int
    assessor: str
    grade: str = ""
    awarding_body: str = ""


_ROW_FIELD = {"claiming": "unit", "assessor": "assessor", "grade": "grade"}


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def replace_candidate_units(
    *,
    acting: Membership,
    claim: Claim,
    candidate: Candidate,
    units: Sequence[UnitClaim],
    version: str | None,
    acting_user: User,
) -> CandidateClaim:
    """Make the candidate's claimed units exactly `units`, all at once or not at all.

    The API's replace (PUT) in terms of the actions the pages use: the candidate claim page's
    "Save claim" for this awarding body's units, then "Add units from another awarding body"
    for each unit with an awarding body, in one transaction. An empty list takes the candidate
    off the claim. Errors name the list position: ``units.<index>.<field>``.
    """
    require_claims_role(acting)
    position: dict[int, int] = {}
    errors: list[FieldError] = []
    for index, item in enumerate(units):
        if item.unit in position:
            errors.append(
                FieldError(
                    f"Unit {item.unit} is listed more than once",
                    field=f"units.{index}.unit",
                    code="duplicate",
                )
            )
        position.setdefault(item.unit, index)
    with transaction.atomic():
        current = claim_selectors.candidate_claim(
            membership=acting, claim=claim, candidate=candidate
        )
        by_initials = {a.initials.upper(): a.pk for a in current.assessors}
        allows_other = claim.qualification.allows_other_awarding_body_units
        for index, item in enumerate(units):
            if item.assessor.strip().upper() not in by_initials:
                errors.append(
                    FieldError(
                        f"No centre assessor with initials {item.assessor} is set up for "
                        f"{claim.qualification.code}",
                        field=f"units.{index}.assessor",
                        code="unknown_assessor",
                    )
                )
            if item.awarding_body.strip() and not allows_other:
                errors.append(
                    FieldError(
                        f"Units from another awarding body do not count for "
                        f"{claim.qualification.code}",
                        field=f"units.{index}.awarding_body",
                        code="other_awarding_body_not_allowed",
                    )
                )
        if errors:
            raise DomainErrors(errors)
        kept_other = {c.unit.number: c for c in current.other_awarding_body_units}
        choices: list[UnitChoice] = []
        added_other: list[tuple[int, UnitClaim]] = []
        for index, item in enumerate(units):
            assessor_id = by_initials[item.assessor.strip().upper()]
            existing = kept_other.get(item.unit)
            if item.awarding_body.strip() and not (
                existing is not None and _same_name(existing.awarding_body, item.awarding_body)
            ):
                added_other.append((index, item))
                continue
            choices.append(UnitChoice(item.unit, True, assessor_id, item.grade))
        listed = {choice.number for choice in choices}
        choices += [
            UnitChoice(row.unit.number, False)
            for row in current.rows
            if row.achieved is None and row.unit.number not in listed
        ]
        try:
            claim_actions.save_candidate_claim(
                acting=acting,
                claim=claim,
                candidate=candidate,
                choices=choices,
                version=version or current.version,
                acting_user=acting_user,
            )
        except UnitErrors as unit_errors:
            raise DomainErrors(
                [
                    FieldError(
                        row.message,
                        field=f"units.{position[row.number]}.{_ROW_FIELD.get(row.field, 'unit')}"
                        if row.number in position
                        else "units",
                        code=row.field,
                    )
                    for row in unit_errors.errors
                ]
            ) from None
        for index, item in added_other:
            try:
                claim_actions.add_other_awarding_body_unit(
                    acting=acting,
                    claim=claim,
                    candidate=candidate,
                    unit_number=item.unit,
                    assessor_id=by_initials[item.assessor.strip().upper()],
                    awarding_body=item.awarding_body,
                    acting_user=acting_user,
                )
            except DomainError as failure:
                field = {"assessor": "assessor", "awarding_body": "awarding_body"}.get(
                    failure.field or "", "unit"
                )
                raise DomainErrors(
                    [
                        FieldError(
                            failure.message, field=f"units.{index}.{field}", code=failure.code
                        )
                    ],
                    status=failure.status,
                ) from None
    return claim_selectors.candidate_claim(membership=acting, claim=claim, candidate=candidate)
