"""factory_boy factories for the registry and social accounts."""

import itertools

import factory
from django.contrib.auth import get_user_model

from gaung.registry.models import PATH_SEGMENT_WIDTH, Employee, OrganisationUnit, RoleAssignment
from gaung.registry.synthetic import synthetic_pns_nip
from gaung.socials.models import SocialAccount

_nip_counter = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    password = factory.django.Password("rahasia-sekali-123")


class UnitFactory(factory.django.DjangoModelFactory):
    """Creates units with a correct materialised path, like actions.create_unit does."""

    class Meta:
        model = OrganisationUnit

    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = "bidang"
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.get("parent")
        unit = model_class(*args, **kwargs)
        unit.path = f"tmp-{next(_nip_counter)}-{id(unit)}"
        unit.depth = parent.depth + 1 if parent else 0
        unit.save()
        unit.path = (parent.path if parent else "") + f"{unit.pk:0{PATH_SEGMENT_WIDTH}d}."
        unit.save(update_fields=["path"])
        return unit


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    nip = factory.LazyFunction(lambda: synthetic_pns_nip(next(_nip_counter)))
    employee_type = "pns"
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    position = "Analis Kebijakan"
    unit = factory.SubFactory(UnitFactory)
    email = factory.LazyAttribute(lambda e: f"{e.nip}@example.go.id")


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    platform = "instagram"
    handle = factory.Sequence(lambda n: f"akun.{n}")
    handle_kind = "username"
    profile_url = factory.LazyAttribute(lambda a: f"https://www.instagram.com/{a.handle}/")
    owner_employee = factory.SubFactory(EmployeeFactory)
    followers = 120


def make_admin(unit, *, role: str = "unit_admin", username: str | None = None):
    """A user with an admin role over `unit`."""
    user = UserFactory(username=username) if username else UserFactory()
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user
