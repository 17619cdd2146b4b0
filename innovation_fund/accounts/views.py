from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from innovation_fund.core import rate_limits
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from . import oidc, selectors, services
from .forms import EmailForm, NameForm
from .models import User
from .sessions import kept_answers, safe_next_url, sign_in, sign_in_required

CHECK_EMAIL = "sign_in_email"


@require_http_methods(["GET", "POST"])
def sign_in_page(request):
    if request.method == "POST" and not settings.SIGN_IN_BY_EMAIL_LINK:
        raise Http404("Sign-in by email link is turned off")
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next", ""))
    form = EmailForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            rate_limits.spend(
                "sign_in_links_per_client",
                rate_limits.client_address(request),
                message="Too many sign-in links have been asked for from this computer or network.",
                field="email",
            )
            services.request_sign_in_link(form.cleaned_data["email"], next_url or "")
        except DomainError as error:
            add_to_form(form, error)
            refused = error
        else:
            request.session[CHECK_EMAIL] = form.cleaned_data["email"]
            return redirect("accounts:check_email")
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "next_url": next_url,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
            "session_expired": request.session.pop("session_expired", False),
            "debug": settings.DEBUG,
            "oidc_provider_name": oidc.offered_provider_name(),
            "email_link_offered": settings.SIGN_IN_BY_EMAIL_LINK,
        },
        status=rate_limits.status_for(refused),
    )


def check_email(request):
    email = request.session.get(CHECK_EMAIL)
    if not email:
        return redirect("accounts:sign_in")
    return render(
        request,
        "accounts/check_email.html",
        {"email": email, "minutes": settings.SIGN_IN_LINK_MINUTES},
    )


@require_http_methods(["GET", "POST"])
def use_link(request, token):
    # GET only shows a button: email scanners that fetch links must not spend them.
    if request.method == "GET":
        return render(request, "accounts/use_link.html")
    try:
        user, next_url = services.use_sign_in_link(token)
    except services.LinkNotUsable as error:
        return render(request, "accounts/link_not_usable.html", {"problem": error.message})
    sign_in(request, user)
    request.session.pop(CHECK_EMAIL, None)
    destination = safe_next_url(request, next_url) or reverse("accounts:home")
    if not user.full_name:
        return redirect(f"{reverse('accounts:name')}?{urlencode({'next': destination})}")
    return redirect(destination)


@require_http_methods(["GET", "POST"])
def sign_out(request):
    """Signing out is a POST, so another site cannot sign someone out with a link or an image;
    the header's link leads to a page with the button (and straight to "signed out" if the
    session has already ended)."""
    if request.method == "POST" or not request.user.is_authenticated:
        logout(request)
        return render(request, "accounts/signed_out.html")
    return render(request, "accounts/sign_out.html")


@require_http_methods(["GET", "POST"])
def sign_in_as(request):
    """Development only: sign in as any demonstration account without an email."""
    if not settings.DEBUG:
        raise Http404("Only in development")
    users = User.objects.filter(is_demo=True, is_active=True).order_by("email")
    if request.method == "POST":
        user = users.filter(pk=request.POST.get("user")).first()
        if user is not None:
            sign_in(request, user)
            return redirect("accounts:home")
    return render(request, "accounts/sign_in_as.html", {"demo_users": selectors.demo_users()})


@sign_in_required
@require_http_methods(["GET", "POST"])
def name(request):
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next", ""))
    form = NameForm(
        request.POST if request.method == "POST" else kept_answers(request),
        initial={"full_name": request.user.full_name},
    )
    if request.method == "POST" and form.is_valid():
        services.set_name(request.user, form.cleaned_data["full_name"])
        return redirect(next_url or "accounts:home")
    return render(
        request,
        "accounts/name.html",
        {
            "form": form,
            "next_url": next_url,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


@sign_in_required
def home(request):
    return render(request, "accounts/home.html", selectors.account_home(request.user))
