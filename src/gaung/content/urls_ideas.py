from django.urls import path

from gaung.content import views_assets, views_config, views_ideas

# Idea bank, team roles, configuration and item assets; in the "content" namespace (urls.py).
urlpatterns: list = [
    path("ideas/", views_ideas.idea_list, name="idea_list"),
    path("ideas/new/", views_ideas.idea_create, name="idea_create"),
    path("ideas/<int:pk>/", views_ideas.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/accept/", views_ideas.idea_accept, name="idea_accept"),
    path("ideas/<int:pk>/decline/", views_ideas.idea_decline, name="idea_decline"),
    path("team/", views_ideas.team, name="team"),
    path("team/<int:pk>/remove/", views_ideas.team_remove, name="team_remove"),
    path("config/purposes/", views_config.config_purposes, name="config_purposes"),
    path("config/checklist/", views_config.config_checklist, name="config_checklist"),
    path("config/service-times/", views_config.config_service_times, name="config_service_times"),
    path("config/holidays/", views_config.config_holidays, name="config_holidays"),
    path(
        "config/holidays/<int:pk>/delete/",
        views_config.config_holiday_delete,
        name="config_holiday_delete",
    ),
    path("<int:pk>/assets/new/", views_assets.asset_upload, name="asset_upload"),
    path("assets/<int:pk>/file/", views_assets.asset_file, name="asset_file"),
    path("assets/<int:pk>/thumbnail/", views_assets.asset_thumbnail, name="asset_thumbnail"),
    path("assets/<int:pk>/alt-text/", views_assets.asset_update, name="asset_update"),
    path("assets/<int:pk>/delete/", views_assets.asset_delete, name="asset_delete"),
]
