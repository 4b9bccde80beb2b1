from django.urls import path  # noqa: F401

# Recaps and their exports (views_recap.py); same "amplification" namespace.
urlpatterns: list = []
