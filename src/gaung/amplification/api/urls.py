from django.urls import path
from rest_framework.routers import SimpleRouter

from gaung.amplification.api import views

router = SimpleRouter()
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("proofs", views.ProofViewSet, basename="proof")
router.register("employee-groups", views.EmployeeGroupViewSet, basename="employee-group")
router.register("election-periods", views.ElectionPeriodViewSet, basename="election-period")

urlpatterns = [
    path(
        "campaigns/<int:campaign_pk>/assignments/",
        views.CampaignAssignmentViewSet.as_view({"get": "list"}),
        name="campaign-assignments",
    ),
    path(
        "my/assignments/",
        views.MyAssignmentViewSet.as_view({"get": "list"}),
        name="my-assignments",
    ),
    # This exact path is what clients and the load benchmark post proofs to.
    path(
        "assignments/<int:pk>/proofs/",
        views.AssignmentProofView.as_view(),
        name="assignment-proofs",
    ),
    *router.urls,
]
