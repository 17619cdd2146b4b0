"""People who sign in. Identified by email address; nobody has a password (decision 0006),
except a superuser made by `createsuperuser`, whose password is the way into Django's admin
(`/admin/`) even when email is not working. Anyone, superusers included, may sign in by email link.

Someone who signs in with an OpenID Connect provider (GOV.UK One Login, DfE Sign-in; decision
0027) has an `ExternalIdentity` row per provider, pointing at this same user, so roles and
memberships stay where they are.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, full_name: str = "", **extra):
        user = self.model(email=self.normalise_email(email), full_name=full_name, **extra)
        user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, full_name: str = "", password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        user = self.create_user(email, full_name, **extra)
        if password:
            user.set_password(password)
            user.save(using=self._db, update_fields=["password"])
        return user

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)

    @staticmethod
    def normalise_email(email: str) -> str:
        return (email or "").strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin")
    created_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(
        default=False, help_text="A demonstration account, offered on the development sign-in page"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="unique_user_email_any_case")]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class SignInLink(models.Model):
    """A one-time link sent by email. Only a hash of its token is kept."""

    email = models.EmailField(max_length=254, db_index=True)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    next_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Sign-in link for {self.email}"


class ExternalIdentity(models.Model):
    """A person's account at an OpenID Connect provider: its issuer and the subject (`sub`) it
    gives them. They are matched by these two, never by email, once linked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issuer", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_subject"),
            models.UniqueConstraint(fields=["user", "issuer"], name="one_identity_per_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.issuer}"
