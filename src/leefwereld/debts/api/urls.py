from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import DebtCaseViewSet, EconomicsView, SignalViewSet

router = SimpleRouter()
router.register("debt-signals", SignalViewSet, basename="debt-signal")
router.register("debt-cases", DebtCaseViewSet, basename="debt-case")
urlpatterns = [
    *router.urls,
    path("debt-fund/economics/", EconomicsView.as_view(), name="debt-fund-economics"),
]
