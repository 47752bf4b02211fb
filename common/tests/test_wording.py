from datetime import timedelta

import pytest
from django.template import Context, Template

from common import wording
from common.wording import count, number


def test_one_is_singular_and_every_other_number_plural() -> None:
    assert count(1, "candidate") == "1 candidate"
    assert count(0, "candidate") == "0 candidates"
    assert count(3, "entry", "entries") == "3 entries"
    assert count(45000, "row") == "45,000 rows"
    assert number(1234567) == "1,234,567"


def test_the_template_filters_say_the_same() -> None:
    template = Template(
        '{% load wording %}{{ a|count:"candidate" }}; {{ b|count:"entry,entries" }}; {{ c|number }}'
    )
    assert template.render(Context({"a": 1, "b": 45000, "c": 45000})) == (
        "1 candidate; 45,000 entries; 45,000"
    )


@pytest.mark.parametrize(
    ("length", "words"),
    [
        (timedelta(hours=24), "24 hours"),
        (timedelta(hours=48), "48 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=1.5), "1.5 hours"),
        (timedelta(minutes=90), "1.5 hours"),
        (timedelta(minutes=30), "30 minutes"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=35), "35 days"),
    ],
)
def test_lengths_of_time_in_words(length: timedelta, words: str) -> None:
    assert wording.duration(length) == words


def test_results_appear_as_soon_as_processed_without_a_delay() -> None:
    assert wording.after_processing(timedelta(0)) == "as soon as the claim is processed"
    assert wording.after_processing(timedelta(hours=48)) == "48 hours after the claim is processed"
