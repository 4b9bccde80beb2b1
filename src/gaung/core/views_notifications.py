"""Pages of the notification layer: a user's notifications and preferences, and the agency's
webhook endpoints (instansi admins)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gaung.core import notify, webhooks
from gaung.core.exports import Column
from gaung.core.forms import add_action_errors
from gaung.core.lists import ListSpec, render_list
from gaung.core.models import Notification, NotificationChannel, WebhookEndpoint
from gaung.registry.forms import StyledForm

# ---------------------------------------------------------------------------------------------
# A user's notifications
# ---------------------------------------------------------------------------------------------


def _search_filter(placeholder) -> django_filters.CharFilter:
    widget = forms.TextInput(
        attrs={"type": "search", "class": "form-control", "placeholder": placeholder}
    )
    return django_filters.CharFilter(
        label=gettext_lazy("Search"), method="filter_search", widget=widget
    )


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet whose `q` looks for the text in the fields named by `search_fields`."""

    search_fields: tuple[str, ...] = ()

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        query = Q()
        for field_name in self.search_fields:
            query |= Q(**{f"{field_name}__icontains": value.strip()})
        return queryset.filter(query) if value.strip() else queryset


class NotificationFilterSet(SearchFilterSet):
    search_fields = ("title", "body")
    q = _search_filter(gettext_lazy("Title or message"))
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Show"),
        choices=[("unread", gettext_lazy("Unread")), ("read", gettext_lazy("Read"))],
        empty_label=gettext_lazy("All"),
        method="filter_state",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Notification
        fields: list[str] = []

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(read_at__isnull=value == "unread") if value else queryset


NOTIFICATION_LIST = ListSpec(
    template="core/notifications/list.html",
    filterset_class=NotificationFilterSet,
    sort_fields={"time": ("created_at",), "title": ("title",)},
    default_sort="-time",
    export_name="notifications",
    export_columns=(
        Column(gettext_lazy("Time"), lambda n: n.created_at, 18),
        Column(gettext_lazy("Title"), lambda n: n.title, 40),
        Column(gettext_lazy("Message"), lambda n: n.body, 60),
        Column(gettext_lazy("Link"), lambda n: notify.absolute(n.url) if n.url else "", 40),
        Column(gettext_lazy("Read at"), lambda n: n.read_at, 18),
    ),
)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, unread ones highlighted."""
    mine = Notification.objects.filter(user=request.user)
    context = {
        "unread": notify.unread_count(request.user),
        "may_manage_webhooks": _manages(request),
    }
    return render_list(request, mine, NOTIFICATION_LIST, context)


@never_cache
@login_required
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The bell with the unread count; fetched after the page loads so pages stay fast."""
    return render(
        request, "core/notifications/bell.html", {"unread": notify.unread_count(request.user)}
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with `open`, go on to the page it links to."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notify.mark_read(request.user, [notification.pk])
    target = notification.url
    if (
        "open" in request.POST
        and target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(target)
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notify.mark_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("core:notification_list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Per event, which channels the user wants: in the app, e-mail, WhatsApp/Telegram."""
    if request.method == "POST":
        chosen = set()
        for value in request.POST.getlist("enabled"):
            event, _sep, channel = value.partition(":")
            chosen.add((event, channel))
        notify.save_preferences(request.user, chosen)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("core:notification_preferences")
    current = notify.preferences_of(request.user)
    rows = [
        {
            "event": event,
            "channels": [
                {
                    "value": f"{event.name}:{channel}",
                    "label": channel.label,
                    "checked": current[(event.name, str(channel))],
                }
                for channel in NotificationChannel
            ],
        }
        for event in notify.user_events()
    ]
    context = {"rows": rows, "channels": list(NotificationChannel)}
    return render(request, "core/notifications/preferences.html", context)


# ---------------------------------------------------------------------------------------------
# The agency's webhook endpoints
# ---------------------------------------------------------------------------------------------


def _manages(request: HttpRequest) -> bool:
    return webhooks.agencies_managed_by(request.user).exists()


def agency_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Instansi admins (and superusers) only; anyone else logged in gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _manages(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _event_choices() -> list[tuple[str, Any]]:
    return [(event.name, event.label) for event in notify.EVENTS.values()]


class EndpointFilterSet(SearchFilterSet):
    search_fields = ("name", "url")
    q = _search_filter(gettext_lazy("Name or URL"))
    is_active = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[("true", gettext_lazy("Active")), ("false", gettext_lazy("Paused"))],
        empty_label=gettext_lazy("All"),
        method="filter_active",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = WebhookEndpoint
        fields: list[str] = []

    def filter_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=value == "true") if value else queryset


def _event_labels(endpoint: WebhookEndpoint) -> str:
    return ", ".join(
        str(notify.EVENTS[e].label) if e in notify.EVENTS else e for e in endpoint.events
    )


ENDPOINT_LIST = ListSpec(
    template="core/notifications/webhook_list.html",
    filterset_class=EndpointFilterSet,
    sort_fields={"name": ("name",), "url": ("url",), "created": ("created_at",)},
    default_sort="name",
    export_name="webhook-endpoints",
    export_columns=(
        Column(gettext_lazy("Name"), lambda e: e.name, 30),
        Column(gettext_lazy("Agency"), lambda e: e.instansi.name, 30),
        Column(gettext_lazy("URL"), lambda e: e.url, 40),
        Column(gettext_lazy("Events"), _event_labels, 40),
        Column(gettext_lazy("Active"), lambda e: _("Yes") if e.is_active else _("No"), 10),
        Column(gettext_lazy("Created at"), lambda e: e.created_at, 18),
    ),
)


class EndpointForm(StyledForm):
    instansi = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=None)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    url = forms.URLField(
        label=gettext_lazy("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("Where Gaung posts the events, e.g. your WhatsApp gateway."),
    )
    secret = forms.CharField(
        label=gettext_lazy("Signing secret"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "The receiver checks the X-Gaung-Signature header with it (HMAC-SHA256 of the "
            "body). Leave empty to keep the current secret."
        ),
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = webhooks.agencies_managed_by(user)
        self.fields["instansi"].queryset = agencies
        self.fields["events"].choices = _event_choices()
        if len(agencies) == 1 and not self.is_bound:
            self.fields["instansi"].initial = agencies[0].pk


def _endpoint_fields(form: EndpointForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.fields}


@agency_admin_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    endpoints = webhooks.endpoints_managed_by(request.user)
    return render_list(request, endpoints, ENDPOINT_LIST)


@agency_admin_required
def webhook_create(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(
        request.POST or None,
        user=request.user,
        initial={"secret": webhooks.make_secret(), "events": ["amplification.reminder"]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.save_endpoint(request.user, **_endpoint_fields(form))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The webhook endpoint is saved."))
            return redirect("core:webhook_edit", pk=endpoint.pk)
    return render(request, "core/notifications/webhook_form.html", {"form": form})


@agency_admin_required
def webhook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an endpoint; the page also lists its recent deliveries and sends a test."""
    endpoint = get_object_or_404(webhooks.endpoints_managed_by(request.user), pk=pk)
    initial = {
        "instansi": endpoint.instansi_id,
        "name": endpoint.name,
        "url": endpoint.url,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
    }
    form = EndpointForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.save_endpoint(request.user, endpoint, **_endpoint_fields(form))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The webhook endpoint is saved."))
            return redirect("core:webhook_edit", pk=endpoint.pk)
    context = {
        "form": form,
        "endpoint": endpoint,
        "deliveries": endpoint.deliveries.all()[:20],
    }
    return render(request, "core/notifications/webhook_form.html", context)


@agency_admin_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(webhooks.endpoints_managed_by(request.user), pk=pk)
    webhooks.delete_endpoint(request.user, endpoint)
    messages.success(request, _("The webhook endpoint “%(name)s” is deleted.") % {"name": endpoint})
    return redirect("core:webhook_list")


@agency_admin_required
@require_POST
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(webhooks.endpoints_managed_by(request.user), pk=pk)
    webhooks.send_test(request.user, endpoint)
    messages.info(
        request, _("A test message is on its way; its result shows under Recent deliveries.")
    )
    return redirect("core:webhook_edit", pk=endpoint.pk)


@agency_admin_required
@require_POST
def webhook_retry(request: HttpRequest, pk: int, delivery: int) -> HttpResponse:
    """Send a failed delivery of the endpoint again."""
    endpoint = get_object_or_404(webhooks.endpoints_managed_by(request.user), pk=pk)
    failed = get_object_or_404(endpoint.deliveries, pk=delivery)
    try:
        webhooks.retry_delivery(request.user, failed)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(
            request,
            _("The delivery is on its way again; its result shows under Recent deliveries."),
        )
    return redirect("core:webhook_edit", pk=endpoint.pk)
