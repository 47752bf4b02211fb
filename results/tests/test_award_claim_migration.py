"""Awards issued before they named their claim are given the claim whose processing issued
them: the one whose units were achieved in the same moment."""

from importlib import import_module

import pytest
from django.apps import apps

from candidates.models import Award

from . import factories as f

pytestmark = pytest.mark.django_db

MIGRATION = import_module("candidates.migrations.0007_awards_name_their_claim")


def test_an_award_is_given_the_claim_that_completed_it(demo: None) -> None:
    first = f.processed({"11721896": [1]}).claim
    second = f.processed({"11721896": [4, 7]}).claim
    award = Award.objects.get(candidate__number="11721896")
    assert award.claim_id == second.pk != first.pk
    Award.objects.filter(pk=award.pk).update(claim=None)

    MIGRATION.awards_name_their_claim(apps, None)

    award.refresh_from_db()
    assert award.claim_id == second.pk
