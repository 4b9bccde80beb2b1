from django.urls import path

from gaung.core import views, views_notifications

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views_notifications.notification_list, name="notification_list"),
    path("notifications/bell/", views_notifications.notification_bell, name="notification_bell"),
    path(
        "notifications/read-all/",
        views_notifications.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        views_notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/preferences/",
        views_notifications.notification_preferences,
        name="notification_preferences",
    ),
    path("webhooks/", views_notifications.webhook_list, name="webhook_list"),
    path("webhooks/new/", views_notifications.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/", views_notifications.webhook_edit, name="webhook_edit"),
    path("webhooks/<int:pk>/delete/", views_notifications.webhook_delete, name="webhook_delete"),
    path("webhooks/<int:pk>/test/", views_notifications.webhook_test, name="webhook_test"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery>/retry/",
        views_notifications.webhook_retry,
        name="webhook_retry",
    ),
]
