from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialsConfig(AppConfig):
    name = "gaung.socials"
    label = "socials"
    verbose_name = _("Social media accounts")
