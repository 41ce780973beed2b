from django.urls import path

from accounts.api import views

tokens = views.ApiTokenViewSet

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("auth/tokens/", tokens.as_view({"get": "list"}), name="api-token-list"),
    path(
        "auth/tokens/<int:pk>/",
        tokens.as_view({"get": "retrieve", "delete": "destroy"}),
        name="api-token-detail",
    ),
    path(
        "auth/tokens/revoke-all/",
        tokens.as_view({"post": "revoke_all"}),
        name="api-token-revoke-all",
    ),
    path("me/", views.MeView.as_view(), name="me"),
]
