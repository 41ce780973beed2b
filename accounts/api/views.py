from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import (
    ApiTokenSerializer,
    MeSerializer,
    TokenCreatedSerializer,
    TokenRequestSerializer,
)
from accounts.models import ApiToken
from core.scoping import Action


class TokenView(APIView):
    """POST username and password, receive a new token for ``Authorization: Token …``.

    Each call gives a new token with its own end (``expiry``); only its digest is kept.
    The sign-in lock (django-axes) counts failures here as on the sign-in page.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary="ขอโทเค็น API ใหม่",
        request=TokenRequestSerializer,
        responses={200: TokenCreatedSerializer},
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, secret = services.api_token_create(
            user=serializer.validated_data["user"],
            name=serializer.validated_data.get("name", ""),
        )
        body = {"token": secret, "id": token.pk, "name": token.name, "expiry": token.expiry}
        return Response(TokenCreatedSerializer(body).data)


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own tokens (an administrator's: everyone's); DELETE revokes one."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        tokens = ApiToken.objects.for_user(self.request.user, Action.VIEW).live()
        username = self.request.query_params.get("user")
        if username:
            tokens = tokens.filter(user__username=username)
        return tokens.select_related("user")

    @extend_schema(
        summary="โทเค็น API ที่ยังใช้งานได้",
        parameters=[OpenApiParameter("user", str, description="ชื่อผู้ใช้ (ผู้ดูแลระบบดูของผู้อื่นได้)")],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="โทเค็น API หนึ่งรายการ")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="ยกเลิกโทเค็น API")
    def destroy(self, request, *args, **kwargs):
        token = get_object_or_404(
            ApiToken.objects.for_user(request.user, Action.CHANGE), pk=kwargs["pk"]
        )
        services.api_token_revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="ยกเลิกโทเค็น API ทั้งหมดของตนเอง", request=None, responses={204: None})
    @action(detail=False, methods=["post"], url_path="revoke-all")
    def revoke_all(self, request, *args, **kwargs):
        services.api_tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(RetrieveAPIView):
    serializer_class = MeSerializer

    @extend_schema(summary="ผู้ใช้ที่เข้าสู่ระบบอยู่")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return self.request.user
