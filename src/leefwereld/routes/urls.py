app_name = "routes"
urlpatterns: list = []
