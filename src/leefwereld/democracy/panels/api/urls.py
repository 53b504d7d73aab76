from rest_framework.routers import SimpleRouter

from .views import PanelViewSet

router = SimpleRouter()
router.register("panels", PanelViewSet, basename="panel")
urlpatterns = router.urls
