"""The load test's world: the demo, and TUTORS extra centres approved for 03991, each with one
tutor, one centre assessor and CANDIDATES candidates with full award entries, moderated by the
demo's examiner-moderator. Run with DJANGO_SETTINGS_MODULE and DATABASE_URL set."""

import os
from datetime import date

import django

django.setup()

from django.db import transaction  # noqa: E402

from accounts.models import Approval, Centre, Membership, ModeratorAssignment, Role, User  # noqa: E402
from candidates.models import Candidate, EntryType, NamedEntry  # noqa: E402
from catalogue.models import Qualification  # noqa: E402
from claims.models import CentreAssessor  # noqa: E402
from demo import world as demo  # noqa: E402

TUTORS = int(os.environ.get("LOAD_TUTORS", "20"))
CANDIDATES = int(os.environ.get("LOAD_CANDIDATES", "30"))


def tutor_email(index: int) -> str:
    return f"tutor{index:02d}@load.test"


def main() -> None:
    demo.load()
    itq = Qualification.objects.get(code="03991")
    moderator = User.objects.get(email="moderator@awarding.test")
    password_hash = User.objects.get(email="tutor@northfield.test").password
    with transaction.atomic():
        for index in range(1, TUTORS + 1):
            centre, _ = Centre.objects.get_or_create(
                number=f"7{index:04d}", defaults={"name": f"Load Test College {index}"}
            )
            Approval.objects.get_or_create(centre=centre, qualification=itq)
            ModeratorAssignment.objects.get_or_create(
                centre=centre, qualification=itq, defaults={"moderator": moderator}
            )
            # The demo's password, without hashing it once per tutor.
            user, _ = User.objects.update_or_create(
                email=tutor_email(index),
                defaults={"full_name": f"Load Tutor {index}", "password": password_hash},
            )
            Membership.objects.get_or_create(
                user=user, centre=centre, defaults={"role": Role.TUTOR}
            )
            assessor, _ = CentreAssessor.objects.get_or_create(
                centre=centre, initials="LA", defaults={"name": "Load Assessor"}
            )
            assessor.qualifications.add(itq)
            for n in range(CANDIDATES):
                candidate, created = Candidate.objects.get_or_create(
                    centre=centre,
                    number=f"8{index:03d}{n:04d}",
                    defaults={
                        "first_name": f"Learner{n:04d}",
                        "last_name": f"College{index:02d}",
                        "date_of_birth": date(2006, 1, 1),
                    },
                )
                if created:
                    NamedEntry.objects.create(
                        candidate=candidate, qualification=itq, entry_type=EntryType.FULL_AWARD
                    )
    print(f"Seeded {TUTORS} centres, each with a tutor and {CANDIDATES} candidates")


if __name__ == "__main__":
    main()
