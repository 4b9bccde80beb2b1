from django.urls import path

from gaung.core.views import home

app_name = "registry"
urlpatterns = [
    path("units/", home, name="unit_tree"),
    path("employees/", home, name="employee_list"),
]
