from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmplificationConfig(AppConfig):
    name = "gaung.amplification"
    label = "amplification"
    verbose_name = _("Amplification")
