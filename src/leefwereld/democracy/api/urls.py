from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("budget-rounds", views.BudgetRoundViewSet, basename="democracy-round")
router.register("budget-projects", views.BudgetProjectViewSet, basename="democracy-project")
router.register("initiatives", views.InitiativeViewSet, basename="democracy-initiative")
router.register("blocking-rules", views.BlockingRuleViewSet, basename="democracy-rule")
router.register("challenges", views.ChallengeViewSet, basename="democracy-challenge")
urlpatterns = router.urls
