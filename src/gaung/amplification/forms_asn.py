"""The ASN's proof form: which asked action, and a link to their post or a screenshot."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gaung.amplification.choices import CampaignAction, ProofKind
from gaung.amplification.models import Assignment
from gaung.socials.choices import Platform
from gaung.socials.forms import TablerForm

# Phones save screenshots as PNG or JPEG; anything else is refused before it is stored.
SCREENSHOT_FORMATS = {"PNG", "JPEG"}
SEPARATOR = ":"


def target_value(platform: str, action: str) -> str:
    return f"{platform}{SEPARATOR}{action}"


def target_label(platform: str, action: str) -> str:
    return f"{Platform(platform).label} · {CampaignAction(action).label}"


class ProofForm(TablerForm):
    """One proof for one (platform, action) the ASN still has to do.

    Platform and action are one choice ("Instagram · Like"): a phone shows one short list
    of what is left, instead of two lists whose combinations may already be done.
    """

    target = forms.ChoiceField(
        label=_("What did you do?"),
        error_messages={
            "invalid_choice": _(
                "This action is already done or waiting for review, or is not asked of you."
            )
        },
    )
    kind = forms.ChoiceField(
        label=_("Proof"),
        choices=ProofKind.choices,
        initial=ProofKind.URL,
        widget=forms.RadioSelect,
    )
    url = forms.CharField(
        label=_("Link to your post"),
        required=False,
        max_length=500,
        help_text=_("In the app: open your post, tap Share → Copy link, and paste it here."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "url",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "placeholder": "https://",
            }
        ),
    )
    screenshot = forms.FileField(
        label=_("Screenshot"),
        required=False,
        help_text=_("A PNG or JPEG image of at most 5 MB."),
        # No `capture`: the ASN picks an existing screenshot rather than taking a photo.
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, open_targets: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Drawn as Tabler's big select-group boxes: easier to tap than radio dots.
        self.fields["kind"].widget.attrs["class"] = "form-selectgroup-input"
        choices = [(target_value(p, a), target_label(p, a)) for p, a in open_targets]
        self.fields["target"].choices = choices
        if len(choices) == 1:
            self.fields["target"].initial = choices[0][0]

    def clean_screenshot(self):
        screenshot = self.cleaned_data.get("screenshot")
        if not screenshot or self.cleaned_data.get("kind") != ProofKind.SCREENSHOT:
            return None
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(screenshot) as image:
                found = image.format
        except (UnidentifiedImageError, OSError):
            found = None  # not an image at all: submit_proof says so
        finally:
            screenshot.seek(0)
        if found is not None and found not in SCREENSHOT_FORMATS:
            raise ValidationError(_("Upload the screenshot as a PNG or JPEG image."))
        return screenshot

    def proof_fields(self) -> dict[str, Any]:
        """The arguments of actions.submit_proof."""
        data = self.cleaned_data
        platform, action = data["target"].split(SEPARATOR, 1)
        kind = data["kind"]
        fields: dict[str, Any] = {"platform": platform, "action": action, "kind": kind}
        if kind == ProofKind.URL:
            fields["url"] = data.get("url") or ""
        else:
            fields["screenshot"] = data.get("screenshot")
        return fields

    def add_action_errors(self, error: ValidationError) -> None:
        """Show submit_proof's errors; its platform and action errors belong to `target`."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            name = "target" if field in ("platform", "action") else field
            self.add_error(name if name in self.fields else None, errors)


def open_targets(assignment: Assignment, live: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Asked (platform, action) pairs on platforms with an account and no live proof yet."""
    return [
        (platform, action)
        for platform in assignment.platforms
        for action in assignment.campaign.actions
        if (platform, action) not in live
    ]
