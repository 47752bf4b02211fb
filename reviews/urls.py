from django.urls import path

from .views import centre, operations, reviewer

app_name = "reviews"

urlpatterns = [
    path("claims/<int:claim_id>/review/", centre.request_review, name="request"),
    path("operations/reviews/", operations.review_list, name="operations-list"),
    path("operations/reviews/<int:review_id>/", operations.review, name="operations-review"),
    path("moderation/reviews/", reviewer.review_list, name="reviewer-list"),
    path("moderation/reviews/<int:review_id>/", reviewer.review, name="reviewer-review"),
    path(
        "moderation/reviews/<int:review_id>/items/<int:item_id>/",
        reviewer.decide,
        name="reviewer-decide",
    ),
    path(
        "moderation/reviews/<int:review_id>/complete/",
        reviewer.complete,
        name="reviewer-complete",
    ),
]
