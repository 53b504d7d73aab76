from rest_framework.routers import SimpleRouter

from .views import DecisionViewSet, MeasurementViewSet, PlanViewSet

router = SimpleRouter()
router.register("support/plans", PlanViewSet, basename="support-plan")
router.register("support/measurements", MeasurementViewSet, basename="support-measurement")
router.register("support/decisions", DecisionViewSet, basename="support-decision")
urlpatterns = router.urls
