"""2. Partners: the other organisations in the bid, and what each does in the project.

A group of councils bids as one lead organisation with the other councils as partners. A partner
is an organisation already registered with the service (chosen from a list) or one the applicant
names, with its type. The page follows the GOV.UK "add to a list" idea without JavaScript: the
partners so far, each with a Remove button (a small POST form); an "Add a partner" form; and a
last form to say the list is finished ("I have added all the partners", or "This bid has no
partners"). Each of these is one save of the section, through `services.save_section` with the
version the page was shown with, so two people changing the list at once are noticed.

When is the section complete? A bid may have no partners, and the bid has no field to store
"this bid has no partners" (this section may not add one). So the decision is read from the
section's version, which goes up on every save of the section:

- version 0 and no partners: nobody has answered yet, so the section is not started;
- one or more partners: complete;
- no partners and version > 0: complete. Someone saved the section and left it with no
  partners: they pressed "This bid has no partners", or removed the last partner. Either way a
  person decided, on this page, that the list is empty; check your answers then says "This bid
  has no partners".
"""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render

from innovation_fund.accounts.sessions import kept_answers
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.organisations.models import Organisation, OrganisationType

from .. import services
from ..models import Application, ApplicationPartner
from .base import Row, Section, VersionedForm

ROLE_MAX = 300
NAME_MAX = 200


class AddPartnerForm(VersionedForm):
    organisation = forms.ModelChoiceField(
        label="Choose a registered organisation",
        queryset=Organisation.objects.all(),
        required=False,
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    name = forms.CharField(
        label="Or, if it is not listed, enter its name",
        max_length=NAME_MAX,
        required=False,
        error_messages={
            "max_length": f"The organisation’s name must be {NAME_MAX} characters or fewer"
        },
    )
    organisation_type = forms.ChoiceField(
        label="Type of organisation, if it is not listed",
        choices=[("", "Choose a type"), *OrganisationType.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a type of organisation from the list"},
    )
    role = forms.CharField(
        label="What will the partner do in the project?",
        widget=forms.Textarea,
        max_length=ROLE_MAX,
        help_text=f"Up to {ROLE_MAX} characters",
        error_messages={
            "required": "Enter what the partner will do in the project",
            "max_length": f"The partner’s role must be {ROLE_MAX} characters or fewer",
        },
    )

    def __init__(self, *args, lead: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Every organisation may be posted, so that choosing the lead (by hand) gets a clear
        # message rather than "not a valid choice"; the list offers all but the lead.
        self.fields["organisation"].choices = lambda: [
            ("", "Choose an organisation"),
            *Organisation.objects.exclude(pk=lead.pk).order_by("name").values_list("pk", "name"),
        ]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_role(self):
        return self.cleaned_data["role"].strip()

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        name = cleaned.get("name")
        if "organisation" in self.errors or "name" in self.errors:
            return cleaned
        if organisation and name:
            self.add_error(
                "name",
                "Choose a registered organisation or enter the name of one that is not listed, "
                "not both",
            )
        elif not organisation and not name:
            self.add_error(
                "organisation",
                "Choose a registered organisation, or enter the name of one that is not listed",
            )
        elif (
            name and not cleaned.get("organisation_type") and "organisation_type" not in self.errors
        ):
            self.add_error("organisation_type", f"Choose what type of organisation {name} is")
        return cleaned


class RemovePartnerForm(VersionedForm):
    partner = forms.IntegerField(
        min_value=1, error_messages={"required": "Choose a partner to remove"}
    )


class FinishPartnersForm(VersionedForm):
    """Saying the list is finished: no answers, only the version."""


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _snapshot(partners) -> list[dict]:
    return [
        {
            "id": partner.pk,
            "organisation": partner.organisation_id,
            "name": partner.partner_name,
            "organisation_type": partner.organisation_type,
            "role": partner.role,
        }
        for partner in partners
    ]


def _partners_prefetch() -> Prefetch:
    return Prefetch("partners", queryset=ApplicationPartner.objects.select_related("organisation"))


def _type_label(partner: ApplicationPartner) -> str:
    if partner.organisation_id:
        return partner.organisation.get_organisation_type_display()
    return partner.get_organisation_type_display() or "Type not given"


class PartnersSection(Section):
    # --- status and answers (read only the prefetched partners) ---------------------------

    def is_started(self, application: Application) -> bool:
        return bool(application.partners.all()) or self.version(application) > 0

    def problems(self, application: Application) -> list[str]:
        if not self.is_started(application):
            return ["Add the partner organisations in the bid, or say that it has no partners"]
        return []

    def summary_rows(self, application: Application) -> list[Row]:
        partners = application.partners.all()
        if not partners:
            answer = "This bid has no partners" if self.version(application) else "Not answered"
            return [Row("Partners", answer, "add-partner")]
        return [
            Row(
                partner.partner_name,
                [partner.role, _type_label(partner)]
                + ([] if partner.organisation_id else ["Not registered with this service"]),
                f"partner-{partner.pk}",
            )
            for partner in partners
        ]

    # --- changes (each one a save of the section, on the locked bid) ----------------------

    def add(self, application: Application, data: dict) -> tuple[dict, dict]:
        lead = application.lead_organisation
        partners = list(application.partners.select_related("organisation"))
        before = {"partners": _snapshot(partners)}
        organisation = data.get("organisation")
        name = data.get("name", "")
        if organisation is not None:
            if organisation.pk == lead.pk:
                raise DomainError(
                    f"{lead.name} leads this bid, so it cannot also be a partner",
                    field="organisation",
                )
            if any(partner.organisation_id == organisation.pk for partner in partners):
                raise DomainError(
                    f"{organisation.name} is already a partner in this bid", field="organisation"
                )
        else:
            if _same(name, lead.name):
                raise DomainError(
                    f"{lead.name} leads this bid, so it cannot also be a partner", field="name"
                )
            if any(_same(partner.partner_name, name) for partner in partners):
                raise DomainError(f"{name} is already a partner in this bid", field="name")
            registered = Organisation.objects.filter(name__iexact=name).first()
            if registered is not None:
                raise DomainError(
                    f"{registered.name} is registered with this service: choose it from the "
                    "list of registered organisations instead",
                    field="name",
                )
        partner = ApplicationPartner.objects.create(
            application=application,
            organisation=organisation,
            name="" if organisation else name,
            organisation_type="" if organisation else data["organisation_type"],
            role=data["role"],
            position=max((p.position for p in partners), default=0) + 1,
        )
        return before, {"partners": _snapshot([*partners, partner])}

    def remove(self, application: Application, partner_pk: int) -> tuple[dict, dict]:
        partners = list(application.partners.select_related("organisation"))
        before = {"partners": _snapshot(partners)}
        partner = next((p for p in partners if p.pk == partner_pk), None)
        if partner is None:
            raise DomainError(
                "That organisation is not a partner in this bid: it may have been removed already"
            )
        after = {"partners": _snapshot(p for p in partners if p.pk != partner_pk)}
        partner.delete()
        return before, after

    def finish(self, application: Application) -> tuple[dict, dict]:
        partners = _snapshot(application.partners.select_related("organisation"))
        return {"partners": partners}, {"partners": partners, "finished": True}

    # --- the page ---------------------------------------------------------------------------

    def view(self, request, application: Application):
        version = self.version(application)
        data = request.POST if request.method == "POST" else kept_answers(request)
        action = data.get("action") if data is not None else None
        if action not in ("remove", "finish"):
            action = "add"
        lead = application.lead_organisation
        add_form = AddPartnerForm(
            data if action == "add" else None, initial={"version": version}, lead=lead
        )
        form = add_form
        if action == "remove":
            form = RemovePartnerForm(data)
        elif action == "finish":
            form = FinishPartnersForm(data)
        conflict = None
        if request.method == "POST" and form.is_valid():
            answers = form.cleaned_data
            if action == "remove":
                removed = next(
                    (
                        p.partner_name
                        for p in application.partners.all()
                        if p.pk == answers["partner"]
                    ),
                    "The partner",
                )
                change, done = (
                    lambda locked: self.remove(locked, answers["partner"]),
                    f"{removed} has been removed from the partners.",
                )
            elif action == "finish":
                change, done = self.finish, f"{self.title}: your answers have been saved."
            else:
                added = answers["organisation"].name if answers["organisation"] else answers["name"]
                change, done = (
                    lambda locked: self.add(locked, answers),
                    f"{added} has been added as a partner.",
                )
            try:
                services.save_section(
                    request.user,
                    application,
                    section=self.slug,
                    expected_version=answers.get("version"),
                    change=change,
                )
            except services.EditConflict as error:
                conflict = error
                # Show the list as it is saved now; the next save goes ahead on top of it.
                application.refresh_from_db()
                prefetch_related_objects([application], _partners_prefetch())
                version = error.current_version
                if add_form.is_bound:
                    add_form.data = add_form.data.copy()
                    add_form.data["version"] = version
                form.add_error(None, error.message)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, done)
                if action == "finish":
                    return redirect("applications:task_list", application.reference)
                return redirect(self.url(application))
        partners = application.partners.all()
        return render(
            request,
            self.template,
            {
                "application": application,
                "section": self,
                "partners": partners,
                "version": version,
                "add_form": add_form,
                "conflict": conflict,
                "saved_rows": self.summary_rows(application) if conflict else None,
                "error_items": (
                    error_summary_items(form)
                    if form is add_form
                    else [
                        {"text": message}
                        for messages_ in form.errors.values()
                        for message in messages_
                    ]
                ),
                "form_has_errors": bool(form.errors),
            },
        )


PARTNERS = PartnersSection(
    slug="partners",
    template="applications/sections/partners.html",
    title="Partners",
    hint="Other organisations working with you on the project",
)
