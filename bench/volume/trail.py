"""What each claim of the national data set leaves behind besides its units and results.

The moderator's work on a moderated claim (the sample, the candidate work sent, the outcomes and
the feedback report), the audit trail of everything (what `audit.actions.record` and the bulk
writers of the apps would have written: actions, object types and ids, summaries and changes of
the same shape), and the outbox emails sent along the way. About three million
audit events in all, most of them from claims and results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bench.tables import label
from bench.volume.copy import Staging
from bench.volume.world import World

if TYPE_CHECKING:
    from bench.volume.claims import Plan

FROM = "certclaims@awarding.test"


@dataclass
class Claimed:
    pk: int
    unit_id: int
    number: int
    credits: int
    level: int
    grade: str
    state: str
    body: str
    original: str = ""


@dataclass
class Member:
    """A candidate on a claim as written: index in World.candidates, claim candidate id."""

    index: int
    cc: int
    withdrawn: bool
    malpractice: bool
    saved: datetime
    units: list[Claimed]


@dataclass
class Results:
    published: datetime
    #: (candidate index, candidate id, unit numbers achieved)
    achieved: list[tuple[int, int, list[int]]] = field(default_factory=list)
    #: (award id, candidate id)
    awards: list[tuple[int, int]] = field(default_factory=list)


class Trail:
    def __init__(self, stage: Staging, world: World) -> None:
        self.stage, self.world, self.rng = stage, world, world.rng
        table = stage.table
        self.samples = table("sample", "id", "claim", "version", "requested_at", "requested_by")
        self.sampled = stage.m2m("sample", "candidates")
        self.evidence = table(
            "evidence_submission",
            *("id", "claim", "method", "sent_on", "recorded_at", "recorded_by", "arrived_on"),
            *("arrival_recorded_at", "arrival_recorded_by"),
        )
        self.files = table(
            "evidence_file",
            *("id", "claim", "claim_candidate", "file", "original_name", "content_type", "size"),
            *("uploaded_at", "uploaded_by"),
        )
        self.outcomes = table(
            "review_outcome",
            *("id", "claim", "claim_candidate", "claimed_unit", "action", "reason"),
            *("grade_before", "grade_after", "units_affected", "decided_at", "decided_by"),
        )
        self.reports = table(
            *("feedback_report", "id", "claim", "centre", "feedback", "written_by"),
            *("updated_at", "issued_at"),
        )
        self.events = table(
            "audit_event",
            *("id", "created_at", "actor", "centre", "action", "object_type", "object_id"),
            *("summary", "changes"),
        )
        self.messages = table(
            "outbox_message",
            *("id", "created_at", "to", "from_email", "subject", "body", "key", "kind"),
            *("about_type", "about_id", "confidential", "status", "attempts", "last_error"),
            "sent_at",
        )
        self.recipients = table("outbox_recipient", "id", "message", "email")
        self.types = {
            name: label(name)
            for name in (
                *("claim", "claim_candidate", "claimed_unit", "candidate", "award"),
                *("evidence_submission", "feedback_report"),
            )
        }

    def event(
        self,
        at: datetime,
        actor: int | None,
        centre: int,
        action: str,
        kind: str,
        pk: int,
        summary: str,
        changes: dict[str, Any] | None = None,
    ) -> None:
        self.events.row(
            self.stage.ids("audit_event"),
            at,
            actor,
            centre,
            action,
            self.types[kind],
            str(pk),
            summary[:300],
            changes or {},
        )

    def email(
        self,
        at: datetime,
        to: list[str],
        subject: str,
        key: str | None = None,
        kind: str = "",
        claim: int | None = None,
    ) -> None:
        """One sent outbox message and its recipients; `kind` and `claim` for the emails the
        periodic checks look for (about the claim)."""
        pk = self.stage.ids("outbox_message")
        about = self.types["claim"] if claim is not None else ""
        body = f"{subject}.\n\nSign in to see it."
        self.messages.row(
            pk, at, to, FROM, subject, body, key, kind, about, claim, False, "sent", 1, "", at
        )
        for address in sorted(set(to)):
            self.recipients.row(self.stage.ids("outbox_recipient"), pk, address)

    def notice(self, plan: Plan, at: datetime, key: str, kind: str, subject: str) -> None:
        self.email(at, [plan.centre.contact_email], subject, key, kind, plan.id)

    def claim(
        self,
        plan: Plan,
        members: list[Member],
        tutor: int,
        tutor_email: str,
        moderator: int | None,
        results: Results | None,
    ) -> None:
        centre, code, name = plan.centre.id, plan.qualification.code, plan.number or plan.id
        self.event(
            plan.created_at,
            tutor,
            centre,
            "claim.created",
            "claim",
            plan.id,
            f"Started a claim for {code}",
        )
        for member in members:
            _, number, person, _ = self.world.candidates[member.index]
            self.event(
                member.saved,
                tutor,
                centre,
                "claim.candidate_saved",
                "claim",
                plan.id,
                f"Saved the claim for {number} {person}",
                {"added": [u.number for u in member.units]},
            )
        if plan.submitted_at is None:
            return
        direct = moderator is None
        after = "finalised" if direct else "submitted"
        self.event(
            plan.submitted_at,
            tutor,
            centre,
            f"claim.{after}",
            "claim",
            plan.id,
            f"Claim became {after.capitalize()}",
            {"status": ["draft", after]},
        )
        if moderator is not None:
            subject = f"Claim {name} for {code} submitted to you"
            self.email(plan.submitted_at, [self.world.emails[moderator]], subject)
            from bench.volume import moderation

            moderation.moderate(self, plan, members, tutor, tutor_email, moderator)
        if results is not None:
            self._processed(plan, results)

    def _processed(self, plan: Plan, results: Results) -> None:
        at, centre, code = plan.processed_at, plan.centre.id, plan.qualification.code
        assert at is not None
        operations = self.world.operations if self.rng.random() < 0.3 else None
        name, published = plan.number, results.published.isoformat()
        self.event(
            at,
            operations,
            centre,
            "claim.processed",
            "claim",
            plan.id,
            "Claim processed; results recorded",
            {"status": ["finalised", "processed"]},
        )
        for _, candidate, numbers in results.achieved:
            self.event(
                at,
                operations,
                centre,
                "results.units_achieved",
                "candidate",
                candidate,
                f"Units {', '.join(map(str, numbers))} of {code} achieved in claim {name}",
                {
                    "claim": plan.id,
                    "claim_number": name,
                    "qualification": code,
                    "units": numbers,
                    "published_at": published,
                },
            )
        for award, candidate in results.awards:
            self.event(
                at,
                operations,
                centre,
                "award.issued",
                "award",
                award,
                f"Full award {code} issued after claim {name}",
                {
                    "candidate": candidate,
                    "qualification": code,
                    "claim": plan.id,
                    "published_at": published,
                },
            )
        units = sum(len(n) for _, _, n in results.achieved)
        self.event(
            at,
            operations,
            centre,
            "results.recorded",
            "claim",
            plan.id,
            f"Results recorded: {units} units achieved by {len(results.achieved)} candidates",
            {"achieved_units": units, "awards": len(results.awards), "published_at": published},
        )
        if results.published <= self.world.now:
            self.notice(
                plan,
                results.published,
                f"claim-results:{plan.id}",
                "results_published",
                f"Results for claim {name} published",
            )

    def candidates(self) -> None:
        """Every candidate's creation, by their centre's administrator."""
        now, rng = self.world.now, self.rng
        for pk, number, person, index in self.world.candidates:
            centre = self.world.centres[index]
            at = now - timedelta(days=rng.randint(30, 1000))
            self.event(
                at,
                centre.admin,
                centre.id,
                "candidate.created",
                "candidate",
                pk,
                f"Added candidate {number} {person}",
            )
