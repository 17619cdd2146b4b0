"""Who someone is here when an OpenID Connect provider signs them in (decision 0027).

Matched by the provider's issuer and subject (`sub`), never by email once linked. The first
time a subject is seen, it is linked to the account with the same email if the provider says it
has verified that email (GOV.UK One Login always verifies it), or a new account is made: the
same trust as an email link, which also proves only that someone can read that inbox.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError

from .models import ExternalIdentity, User


class IdentityNotUsable(DomainError):
    pass


def sign_in_with_identity(
    *, issuer: str, subject: str, email: str, email_verified: bool, provider_name: str
) -> User:
    try:
        return _sign_in_with_identity(issuer, subject, email, email_verified, provider_name)
    except IntegrityError as error:
        # Two first sign-ins of one person at once: the other one linked them; they try again.
        raise IdentityNotUsable(
            "Something changed while you were signing in. Try again."
        ) from error


@transaction.atomic
def _sign_in_with_identity(
    issuer: str, subject: str, email: str, email_verified: bool, provider_name: str
) -> User:
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        identity = _first_sign_in(issuer, subject, email, email_verified, provider_name)
    user = identity.user
    if not user.is_active:
        raise IdentityNotUsable("This account has been closed. Contact the programme team.")
    identity.last_signed_in_at = timezone.now()
    identity.save(update_fields=["last_signed_in_at"])
    record(
        actor=user,
        action="user.signed_in",
        target=user,
        after={"method": "oidc", "issuer": issuer, "subject": subject},
    )
    return user


def _first_sign_in(
    issuer: str, subject: str, email: str, email_verified: bool, provider_name: str
) -> ExternalIdentity:
    email = User.objects.normalise_email(email)
    if not email or not email_verified:
        raise IdentityNotUsable(
            f"{provider_name} did not give us an email address it has checked, so we cannot "
            "set up or find your account. Sign in with an email link instead, or contact the "
            "programme team."
        )
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email)
        record(actor=user, action="user.created", target=user, after={"email": user.email})
    elif user.external_identities.filter(issuer=issuer).exists():
        raise IdentityNotUsable(
            f"The account for {email} is already linked to another {provider_name} account. "
            "Sign in with that one, or contact the programme team."
        )
    identity = ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    record(
        actor=user,
        action="user.identity_linked",
        target=user,
        after={"issuer": issuer, "subject": subject, "email": email},
    )
    return identity
