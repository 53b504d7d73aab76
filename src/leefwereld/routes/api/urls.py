from rest_framework.routers import SimpleRouter

from .views import HelpRequestViewSet, InvolvementViewSet, ReferralViewSet, SignalViewSet

router = SimpleRouter()
router.register("help-requests", HelpRequestViewSet, basename="routes-request")
router.register("referrals", ReferralViewSet, basename="routes-referral")
router.register("involvements", InvolvementViewSet, basename="routes-involvement")
router.register("involvement-signals", SignalViewSet, basename="routes-signal")
urlpatterns = router.urls
