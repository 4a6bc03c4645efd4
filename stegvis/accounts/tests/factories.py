"""Factories for users, organisations and memberships."""

from __future__ import annotations

import factory

from stegvis.accounts.models import Membership, Organisation, Role, User

PASSWORD = "Ett-langt-testlosenord-1"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.KOMMUN


STAFF_FIRST_NAMES = ["Sara", "Johan", "Maria", "Karl", "Lena", "Erik", "Anna", "Per", "Eva", "Lars"]
STAFF_LAST_NAMES = ["Lindqvist", "Holm", "Sundberg", "Ek", "Wikström", "Dahl", "Berg", "Nyström"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Fixed staff names: random ones could contain a participant name the access matrix looks
    # for (a coach called Cecilia, or Runesson), and make a leak test fail by chance.
    first_name = factory.Iterator(STAFF_FIRST_NAMES)
    last_name = factory.Iterator(STAFF_LAST_NAMES)
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory("stegvis.projects.tests.factories.ProjectFactory")
    role = Role.COACH


def totp_device_for(user: User):
    """The user's confirmed authenticator-app device, made once."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)


def current_totp(device) -> str:
    """The code an authenticator app would show now for this device."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verified_login(client, user: User) -> None:
    """Sign a test client in with a session that has passed the second factor, as after the verify page."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    session.save()
