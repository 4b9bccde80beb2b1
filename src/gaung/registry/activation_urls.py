"""Activation pages; namespaced apart from `registry` so both can grow independently."""

from django.urls import path

from gaung.registry import activation_views

app_name = "activation"
urlpatterns = [
    path("activation/invite/<int:employee_pk>/", activation_views.invite, name="invite"),
    path("activation/<str:token>/", activation_views.accept, name="accept"),
    path("activate/", activation_views.request_code, name="request_code"),
    path("activate/code/", activation_views.confirm_code, name="confirm_code"),
]
