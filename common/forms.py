"""Helpers that connect domain errors to Django forms, and the fields several apps' forms share."""

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import DomainError, DomainErrors, NotFound
from .reasons import MAX_REASON

T = TypeVar("T")

DATE_FORMAT = "%d/%m/%Y"


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show every problem of a domain error next to its field, or at the top of the form."""
    for problem in DomainErrors.of(error):
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


class Done(Generic[T]):
    """What running an action gave: its value, or the domain error that refused it.

    True when the action succeeded. `status` is the page's answer: 200 when it succeeded, else
    the error's (400 bad input, 403 a role that may not, 409 a state that does not allow it)."""

    def __init__(self, value: T | None = None, error: DomainError | None = None) -> None:
        self.value = value
        self.error = error

    def __bool__(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int:
        return 200 if self.error is None else self.error.status


def run_action(
    call: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    request: HttpRequest | None = None,
) -> Done[T]:
    """Run an action for a page and turn a domain error into what the page shows.

    With a form, every problem goes beside its field (or at the top); without one, the message
    is a banner on the page the request returns to (`request` needed). Not found (another
    centre's record, a stale link) is never shown as a message that would confirm it exists: it
    goes on up and becomes the 404 page.
    """
    if form is None and request is None:
        return Done(call())
    done = attempt(call)
    if done.error is not None:
        if form is not None:
            add_domain_error(form, done.error)
        else:
            assert request is not None
            messages.error(request, done.error.message)
    return done


def attempt(call: Callable[[], T]) -> Done[T]:
    """Run an action for a page that shows its refusal itself: its value, or the domain error
    that refused it. Not found goes on up and becomes the 404 page, as with `run_action`."""
    try:
        return Done(call())
    except NotFound:
        raise
    except DomainError as error:
        return Done(error=error)


def form_status(form: forms.BaseForm | None, done: Done[Any] | None = None) -> int:
    """The status of a page showing `form`: the refusing error's, 400 for a form with errors
    (bad input), else 200."""
    if done is not None and not done:
        return done.status
    if form is not None and form.is_bound and form.errors:
        return 400
    return 200


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], T],
    *,
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    done: Callable[[T], HttpResponse],
) -> HttpResponse:
    """The form page every view with a form is: on a valid POST run `action` with the cleaned
    data and answer `done(value)`; otherwise (a GET, bad input, a refusal) show the template
    with the form and its errors, answering 400 for bad input and the refusal's status.

    `context` may be a callable, so a page only reads what it shows when it shows it.
    """
    result: Done[T] | None = None
    if request.method == "POST" and form.is_valid():
        result = run_action(lambda: action(form.cleaned_data), form=form)
        if result:
            return done(result.value)  # type: ignore[arg-type]
    extra = context() if callable(context) else context
    return render(request, template, {**extra, "form": form}, status=form_status(form, result))


def date_field(label: str, what: str, **kwargs: Any) -> forms.DateField:
    """A date typed as day/month/year, with the design system's hint and error messages."""
    return forms.DateField(
        label=label,
        help_text="For example, 27/03/2026",
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as day/month/year, like 27/03/2026",
        },
        **kwargs,
    )


def reason_field(label: str = "Reason", **kwargs: Any) -> forms.CharField:
    """The reason for a decision, up to the length `common.reasons` accepts."""
    return forms.CharField(
        label=label,
        max_length=MAX_REASON,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reason",
            "max_length": f"The reason must be {MAX_REASON} characters or fewer",
        },
        **kwargs,
    )
