from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import ApiToken, User


class MeSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(read_only=True)
    is_national = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "position",
            "role",
            "role_label",
            "province",
            "is_national",
        ]
        read_only_fields = fields


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("ชื่อผู้ใช้"), write_only=True)
    password = serializers.CharField(
        label=_("รหัสผ่าน"), style={"input_type": "password"}, trim_whitespace=False,
        write_only=True,
    )  # fmt: skip
    name = serializers.CharField(
        label=_("ชื่อโทเค็น"),
        help_text=_("เช่น ชื่อสคริปต์หรือระบบที่ใช้โทเค็นนี้ เพื่อให้จำได้ในหน้า “โทเค็น API”"),
        max_length=100,
        required=False,
        allow_blank=True,
        write_only=True,
    )

    def validate(self, attrs):
        request = self.context["request"]
        # The Django request, not DRF's wrapper: django-axes marks a locked-out attempt on
        # it, and its middleware then answers 429, as on the sign-in page.
        user = authenticate(
            request=getattr(request, "_request", request),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None:
            raise serializers.ValidationError(_("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"), code="authorization")
        attrs["user"] = user
        return attrs


class TokenCreatedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("แสดงครั้งเดียว ระบบเก็บเฉพาะค่าแฮช"))
    id = serializers.IntegerField()
    name = serializers.CharField()
    expiry = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    key_prefix = serializers.CharField(read_only=True)
    current = serializers.SerializerMethodField(help_text=_("โทเค็นที่ใช้เรียกคำขอนี้"))

    class Meta:
        model = ApiToken
        fields = ["id", "name", "user", "key_prefix", "created", "expiry", "last_used", "current"]
        read_only_fields = fields

    def get_current(self, token: ApiToken) -> bool:
        auth = getattr(self.context.get("request"), "auth", None)
        return isinstance(auth, ApiToken) and auth.pk == token.pk
