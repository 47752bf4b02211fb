from django.template import Context, Template

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
