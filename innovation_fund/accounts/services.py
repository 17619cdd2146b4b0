"""Signing in with a one-time link sent by email."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.core.tokens import new_token, token_sha256

from .models import SignInLink, User

LINKS_PER_HOUR = 5


@transaction.atomic
def request_sign_in_link(email: str, next_url: str = "") -> None:
    """Email a one-time sign-in link. Anyone may ask; an account is made when the link is used.

    The reply never says whether the address already has an account.
    """
    email = User.objects.normalise_email(email)
    recent = SignInLink.objects.filter(
        email=email, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= LINKS_PER_HOUR:
        raise DomainError(
            "You have asked for too many sign-in links. Use the latest one we sent, "
            "or wait an hour and try again.",
            field="email",
        )
    send_email_after_commit(
        email,
        "sign_in_link",
        link=new_sign_in_link(email, next_url),
        minutes=str(settings.SIGN_IN_LINK_MINUTES),
        service_name=settings.SERVICE_NAME,
    )


def new_sign_in_link(email: str, next_url: str = "") -> str:
    """Make a one-time sign-in link for this address and give its full address (only the
    token's hash is kept). Callers send it; call inside their transaction."""
    token = new_token()
    SignInLink.objects.create(
        email=User.objects.normalise_email(email),
        token_sha256=token_sha256(token),
        expires_at=timezone.now() + timedelta(minutes=settings.SIGN_IN_LINK_MINUTES),
        next_url=next_url[:500],
    )
    return absolute_url("accounts:use_link", token)


class LinkNotUsable(DomainError):
    pass


@transaction.atomic
def use_sign_in_link(token: str) -> tuple[User, str]:
    """Spend a sign-in link: (the person, where they were going). Makes the account if new."""
    link = SignInLink.objects.select_for_update().filter(token_sha256=token_sha256(token)).first()
    if link is None:
        raise LinkNotUsable("This sign-in link is not valid. Check you copied all of it.")
    if link.used_at is not None:
        raise LinkNotUsable("This sign-in link has already been used. Each link works once.")
    if link.expires_at <= timezone.now():
        raise LinkNotUsable("This sign-in link has expired.")
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    user = User.objects.filter(email__iexact=link.email).first()
    if user is None:
        user = User.objects.create_user(link.email)
        record(actor=user, action="user.created", target=user, after={"email": user.email})
    if not user.is_active:
        raise LinkNotUsable("This account has been closed. Contact the programme team.")
    record(actor=user, action="user.signed_in", target=user)
    return user, link.next_url


@transaction.atomic
def set_name(user: User, full_name: str) -> None:
    before = user.full_name
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    record(
        actor=user,
        action="user.name_changed",
        target=user,
        before={"full_name": before},
        after={"full_name": user.full_name},
    )
