"""An item's images and videos: upload, alt text, removal, and serving the files.

Media is not public: files are served through these views, to whoever may see the item.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaung.content import asset_actions, assets
from gaung.content.actions import may_view
from gaung.content.forms_assets import AltTextForm, AssetForm
from gaung.content.models import Asset, ContentItem
from gaung.content.querysets import items_visible_to
from gaung.core.forms import add_action_errors
from gaung.core.permissions import ValidationError
from gaung.socials.choices import Platform


def _item(request: HttpRequest, pk: int) -> ContentItem:
    item = get_object_or_404(items_visible_to(request.user), pk=pk)
    if not may_view(request.user, item):
        raise Http404
    return item


def _asset(request: HttpRequest, pk: int) -> Asset:
    asset = get_object_or_404(
        Asset.objects.select_related("item__unit").filter(
            item__in=items_visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    if not may_view(request.user, asset.item):
        raise Http404
    return asset


def asset_context(user, item: ContentItem) -> dict:
    """What the asset panel needs (content/assets/includes/asset_panel.html): each asset with
    its check per target platform, and whether the user may change them."""
    platforms = assets.target_platforms(item)
    rows = [
        {
            "asset": asset,
            "checks": [
                (platform, Platform(platform).label, reasons)
                for platform, reasons in assets.asset_checks(asset, platforms).items()
            ],
        }
        for asset in item.assets.all()
    ]
    return {
        "asset_rows": rows,
        "asset_platforms": platforms,
        "may_change_assets": asset_actions.may_change_assets(user, item),
    }


@login_required
def asset_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The item's images and videos with the platforms' verdicts, and the upload form."""
    item = _item(request, pk)
    form = AssetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            asset = asset_actions.add_asset(request.user, item, data["file"], data["alt_text"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            problems = [r for reasons in assets.asset_checks(
                asset, assets.target_platforms(item)).values() for r in reasons]  # fmt: skip
            if problems:
                messages.warning(
                    request,
                    _("%(file)s is uploaded, but not every platform will take it: see below.")
                    % {"file": asset.original_name},
                )
            else:
                name = asset.original_name
                messages.success(request, _("%(file)s is uploaded.") % {"file": name})
            return redirect("content:asset_upload", pk=item.pk)
    context = {
        "item": item,
        "form": form,
        "max_bytes": assets.max_bytes(),
        **asset_context(request.user, item),
    }
    return render(request, "content/assets/assets.html", context)


@login_required
@require_POST
def asset_update(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk)
    form = AltTextForm(request.POST)
    if form.is_valid():
        try:
            asset_actions.update_alt_text(request.user, asset, form.cleaned_data["alt_text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The alt text is saved."))
    return redirect("content:asset_upload", pk=asset.item_id)


@login_required
@require_POST
def asset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset(request, pk)
    try:
        asset_actions.remove_asset(request.user, asset)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(file)s is removed.") % {"file": asset.original_name})
    return redirect("content:asset_upload", pk=asset.item_id)


def _serve(stored, content_type: str, filename: str, download: bool) -> FileResponse:
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, content_type=content_type, filename=filename, as_attachment=download
    )
    # Only the browser of someone allowed may keep it; shared caches must not.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def asset_file(request: HttpRequest, pk: int) -> FileResponse:
    asset = _asset(request, pk)
    return _serve(
        asset.file, asset.mime_type, asset.original_name, request.GET.get("download") == "1"
    )


@login_required
def asset_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    asset = _asset(request, pk)
    if not asset.thumbnail:
        raise Http404
    return _serve(asset.thumbnail, "image/jpeg", f"{asset.pk}.jpg", download=False)
