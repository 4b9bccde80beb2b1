from django.urls import path  # noqa: F401

app_name = "amplification_asn"
urlpatterns: list = []
