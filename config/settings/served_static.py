"""Static files served by the application itself, as production serves them (WhiteNoise):
compressed, and cached for ever by a name that carries the file's hash.

`manage.py collectstatic` must have run: a page naming a static file that is not in the manifest
fails, in the demo exactly as in production.
"""

from .base import MIDDLEWARE as _BASE_MIDDLEWARE
from .base import STORAGES as _BASE_STORAGES

# Straight after SecurityMiddleware, as WhiteNoise requires: a static file is answered before
# sessions, CSRF or the product's own middleware are asked.
MIDDLEWARE = [
    _BASE_MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *_BASE_MIDDLEWARE[1:],
]
STORAGES = {
    **_BASE_STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
