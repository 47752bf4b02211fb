"""The API's documentation page: Swagger UI, from our own static files, on a page of our own."""

from drf_spectacular.views import SpectacularSwaggerView


class ApiDocs(SpectacularSwaggerView):
    # Our own template: it says the page's language, and has no inline style or script (the
    # Content Security Policy allows neither). Swagger UI's files, the script that starts it and
    # the page's few rules are static files; the schema's address is a data attribute.
    template_name = "api/docs.html"
