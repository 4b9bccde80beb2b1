"""Forms of an item's images and videos (asset_actions.py checks and stores them)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gaung.socials.forms import TablerForm

ALT_TEXT_HELP = _(
    "Describe the picture for people who cannot see it (screen readers read this aloud)."
)


class AssetForm(TablerForm):
    file = forms.FileField(
        label=_("Image or video"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,video/*"}),
    )
    alt_text = forms.CharField(
        label=_("Alt text"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=ALT_TEXT_HELP,
    )


class AltTextForm(TablerForm):
    alt_text = forms.CharField(
        label=_("Alt text"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=ALT_TEXT_HELP,
    )
