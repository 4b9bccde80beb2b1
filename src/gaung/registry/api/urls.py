from rest_framework.routers import SimpleRouter

from gaung.registry.api import views

# A SimpleRouter: other apps add routes under the same /api/ prefix, so no API root view here.
router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("employees", views.EmployeeViewSet, basename="employee")
router.register("role-assignments", views.RoleAssignmentViewSet, basename="role-assignment")

urlpatterns = router.urls
