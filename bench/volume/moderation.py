"""The examiner-moderator's work on each moderated claim of the national data set.

The sample (a fifth of the candidates, at least one), the candidate work sent (by post or email,
or uploaded as e-portfolio files), the review's outcomes (units withdrawn or grades amended,
candidates withdrawn, the rest accepted), the feedback report, and the audit events and notices
of each step, as `moderation.actions` writes them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bench.volume.trail import Claimed, Member, Trail

if TYPE_CHECKING:
    from bench.volume.claims import Plan


def moderate(
    trail: Trail, plan: Plan, members: list[Member], tutor: int, tutor_email: str, moderator: int
) -> None:
    rng, centre, name = trail.rng, plan.centre.id, plan.number
    assert plan.submitted_at is not None
    done = plan.finalised_at or plan.withdrawn_at
    if not members or (done is None and rng.random() < 0.5):
        return  # the moderator has not asked for a sample yet
    end = done or trail.world.now
    asked = plan.submitted_at + (end - plan.submitted_at) * 0.2
    sample = trail.stage.ids("sample")
    trail.samples.row(sample, plan.id, 1, asked, moderator)
    chosen = rng.sample(members, min(len(members), 1 + len(members) // 5))
    for member in chosen:
        trail.sampled.row(sample, member.cc)
    trail.event(
        asked,
        moderator,
        centre,
        "moderation.sample_requested",
        "claim",
        plan.id,
        f"Asked for a sample of {len(chosen)} candidates",
    )
    trail.notice(
        plan,
        asked,
        f"claim-sample:{plan.id}:1",
        "sample_requested",
        f"Sample requested for claim {name}",
    )
    sent = asked + (end - asked) * 0.3
    methods = plan.qualification.methods
    if "postal" in methods or "email" in methods:
        method = "postal" if "postal" in methods else "email"
        submission = trail.stage.ids("evidence_submission")
        arrived = sent + (end - sent) * 0.5 if done else None
        trail.evidence.row(
            submission,
            plan.id,
            method,
            sent.date(),
            sent,
            tutor,
            arrived.date() if arrived else None,
            arrived,
            moderator if arrived else None,
        )
        trail.event(
            sent,
            tutor,
            centre,
            "moderation.evidence_sent",
            "evidence_submission",
            submission,
            f"Candidate work sent by {method}",
        )
    else:
        for member in chosen:
            trail.files.row(
                trail.stage.ids("evidence_file"),
                plan.id,
                member.cc,
                f"evidence/{plan.id}/{member.cc}.pdf",
                "portfolio.pdf",
                "application/pdf",
                250_000,
                sent,
                tutor,
            )
    if done is None:
        return
    decided = done - timedelta(hours=2)
    if plan.withdrawn_at is not None:
        _outcome(
            trail,
            plan,
            None,
            None,
            "withdraw_claim",
            "The centre asked to withdraw",
            decided,
            moderator,
        )
    else:
        _review(trail, plan, members, chosen, decided, moderator)
    report = trail.stage.ids("feedback_report")
    trail.reports.row(
        report,
        plan.id,
        centre,
        "Assessment decisions are well documented.",
        moderator,
        decided,
        done,
    )
    trail.event(
        decided,
        moderator,
        centre,
        "moderation.feedback_saved",
        "feedback_report",
        report,
        "Saved the feedback report",
    )
    status = "withdrawn" if plan.withdrawn_at else "finalised"
    trail.event(
        done,
        moderator,
        centre,
        f"claim.{status}",
        "claim",
        plan.id,
        f"Claim became {status.capitalize()}",
        {"status": ["submitted", status]},
    )
    trail.notice(
        plan, done, f"claim-{status}:{plan.id}", f"claim_{status}", f"Claim {name} {status}"
    )


def _outcome(
    trail: Trail,
    plan: Plan,
    cc: int | None,
    unit: Claimed | None,
    action: str,
    reason: str,
    at: datetime,
    moderator: int,
    units: int = 0,
) -> None:
    amended = unit is not None and action == "amend_grade"
    before = unit.original if unit is not None and amended else ""
    after = unit.grade if unit is not None and amended else ""
    trail.outcomes.row(
        trail.stage.ids("review_outcome"),
        plan.id,
        cc,
        unit.pk if unit else None,
        action,
        reason,
        before,
        after,
        units,
        at,
        moderator,
    )


def _review(
    trail: Trail,
    plan: Plan,
    members: list[Member],
    chosen: list[Member],
    at: datetime,
    moderator: int,
) -> None:
    centre = plan.centre.id
    for member in chosen:
        trail.event(
            at,
            moderator,
            centre,
            "moderation.accept",
            "claim_candidate",
            member.cc,
            "Accepted the candidate's units",
        )
    for member in members:
        if member.withdrawn:
            _outcome(
                trail,
                plan,
                member.cc,
                None,
                "withdraw_candidate",
                "Work not available",
                at,
                moderator,
            )
        for unit in member.units:
            if unit.state in ("withdrawn", "amended"):
                action = "withdraw_unit" if unit.state == "withdrawn" else "amend_grade"
                _outcome(
                    trail, plan, member.cc, unit, action, "See the feedback report", at, moderator
                )
                trail.event(
                    at,
                    moderator,
                    centre,
                    f"moderation.{action}",
                    "claimed_unit",
                    unit.pk,
                    f"Unit {unit.number}: {action.replace('_', ' ')}",
                )
    total = sum(len(m.units) for m in members)
    _outcome(trail, plan, None, None, "accept_remaining", "", at, moderator, total)
