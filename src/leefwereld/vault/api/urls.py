from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("vault/records", views.RecordViewSet, basename="vault-record")
router.register("vault/grants", views.GrantViewSet, basename="vault-grant")
router.register("vault/access-requests", views.AccessRequestViewSet, basename="vault-request")
router.register("vault/legal-bases", views.LegalBasisViewSet, basename="vault-legal-basis")
router.register("vault/break-glass", views.BreakGlassViewSet, basename="vault-break-glass")
router.register("vault/access-log", views.AccessLogViewSet, basename="vault-access-log")
router.register("vault/caseload", views.CaseloadViewSet, basename="vault-caseload")
router.register("vault/export", views.ExportViewSet, basename="vault-export")
router.register(
    "vault/network-members", views.NetworkMemberViewSet, basename="vault-network-member"
)
router.register("vault/invitations", views.InvitationViewSet, basename="vault-invitation")

urlpatterns = router.urls
