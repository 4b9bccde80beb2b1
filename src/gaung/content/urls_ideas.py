from django.urls import path  # noqa: F401

# Idea bank, team roles, configuration; in the "content" namespace (see urls.py).
urlpatterns: list = []
