"""Who the API is acting as: useful to check a token before a run."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.serializers import MeSerializer

from ..models import ApiToken
from .base import CentreView, errors


class Me(CentreView):
    serializer_class = MeSerializer

    @extend_schema(
        tags=["Account"],
        summary="The user, centre and role the token acts as",
        responses={200: MeSerializer, **errors()},
    )
    def get(self, request: Request) -> Response:
        token = request.auth if isinstance(request.auth, ApiToken) else None
        data = {
            "user": self.acting_user,
            "membership": self.membership,
            "token_name": token.name if token else None,
            "token_expires_at": token.expires_at if token else None,
        }
        return Response(MeSerializer(data).data)
