"""Every list in the API is paginated the same way."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=N` and `?page_size=N` (at most 500); the body has count, next, previous, results."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
