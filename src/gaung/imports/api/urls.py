from rest_framework.routers import SimpleRouter

from gaung.imports.api.views import ImportJobViewSet

router = SimpleRouter()
router.register("imports", ImportJobViewSet, basename="import")

urlpatterns = router.urls
