from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.generics import RetrieveAPIView
from rest_framework.throttling import ScopedRateThrottle

from accounts.api.serializers import MeSerializer


class TokenView(ObtainAuthToken):
    """POST username and password, receive the token for ``Authorization: Token …``."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"


class MeView(RetrieveAPIView):
    serializer_class = MeSerializer

    @extend_schema(summary="ผู้ใช้ที่เข้าสู่ระบบอยู่")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return self.request.user
