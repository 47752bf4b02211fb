"""How the API shows who is calling it."""

from rest_framework import serializers


class CentreSerializer(serializers.Serializer):
    number = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    centre = CentreSerializer(source="membership.centre", read_only=True)
    role = serializers.CharField(source="membership.get_role_display", read_only=True)
    token_name = serializers.CharField(allow_null=True, read_only=True)
    token_expires_at = serializers.DateTimeField(allow_null=True, read_only=True)
