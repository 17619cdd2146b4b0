"""What every section of the bid's task list has in common.

A section is one task on the task list ("About the project", "Budget"…). It knows:
- whether it has been started and what is still missing (`problems`), from which its status on
  the task list and the submit check follow, so a status is never stored and never stale;
- its answers as summary rows, used by "Check your answers", by the read-only view of a
  submitted bid, and to show the other person's answers when two people save at once;
- its page (`view`). Most sections are one form: `FormSection` does the whole page for them.

Sections read related rows through `.all()`, so the task list and check-answers pages can
prefetch everything once (selectors.application_for_pages) and stay at a fixed query count.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from innovation_fund.accounts.sessions import kept_answers
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from .. import services
from ..models import Application


class Status(StrEnum):
    NOT_STARTED = "Not yet started"
    INCOMPLETE = "Incomplete"
    COMPLETED = "Completed"


@dataclass
class Row:
    """One answer on a summary list. `value` is text, or a list of lines."""

    key: str
    value: str | list[str]
    change_fragment: str = ""  # the field id to jump to on the section's page
    link: str = ""  # where the answer itself can be opened (a document's download)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


@dataclass
class Section:
    slug: str
    title: str
    hint: str = ""
    template: str = "applications/section_form.html"
    fields_for_audit: list[str] = field(default_factory=list)

    def is_started(self, application: Application) -> bool:
        raise NotImplementedError

    def problems(self, application: Application) -> list[str]:
        """What is missing or wrong, in words; empty when the section is complete."""
        raise NotImplementedError

    def summary_rows(self, application: Application) -> list[Row]:
        raise NotImplementedError

    def status(self, application: Application) -> Status:
        if not self.is_started(application):
            return Status.NOT_STARTED
        return Status.INCOMPLETE if self.problems(application) else Status.COMPLETED

    def url(self, application: Application) -> str:
        return reverse("applications:section", args=[application.reference, self.slug])

    def view(self, request, application: Application):
        raise NotImplementedError

    def version(self, application: Application) -> int:
        return application.task_versions.get(self.slug, 0)


class VersionedForm(forms.Form):
    """A section form carrying the version of the section it was shown with."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class FormSection(Section):
    """A section whose page is a single form. Subclasses give the form and how to save it."""

    form_class: type[VersionedForm]

    def form_kwargs(self, application: Application) -> dict:
        return {}

    def initial(self, application: Application) -> dict:
        raise NotImplementedError

    def apply(self, application: Application, data: dict, user) -> tuple[dict, dict]:
        """Put the cleaned answers on the locked bid; return (before, after) for the audit.

        `user` is who is saving, for sections that record who declared or confirmed something.
        """
        raise NotImplementedError

    def view(self, request, application: Application):
        initial = {**self.initial(application), "version": self.version(application)}
        data = request.POST if request.method == "POST" else kept_answers(request)
        form = self.form_class(data, initial=initial, **self.form_kwargs(application))
        conflict = None
        if request.method == "POST" and form.is_valid():
            answers = form.cleaned_data
            try:
                services.save_section(
                    request.user,
                    application,
                    section=self.slug,
                    expected_version=answers.get("version"),
                    change=lambda locked: self.apply(locked, answers, request.user),
                )
            except services.EditConflict as error:
                conflict = error
                # Show what is saved now, and let the next save go ahead on top of it.
                application.refresh_from_db()
                form.data = form.data.copy()
                form.data["version"] = error.current_version
                form.add_error(None, error.message)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, f"{self.title}: your answers have been saved.")
                return redirect("applications:task_list", application.reference)
        return render(
            request,
            self.template,
            {
                "application": application,
                "section": self,
                "form": form,
                "conflict": conflict,
                "saved_rows": self.summary_rows(application) if conflict else None,
                "error_items": error_summary_items(form),
                "form_has_errors": bool(form.errors),
            },
        )
