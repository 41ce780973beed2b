from rest_framework import serializers

from accounts.models import User


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
