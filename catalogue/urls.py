"""Operations' catalogue pages, under operations/qualifications/."""

from django.urls import path

from .views import qualifications, rules, units, upload

app_name = "catalogue"

urlpatterns = [
    path("", qualifications.qualification_list, name="qualifications"),
    path("new/", qualifications.qualification_new, name="qualification-new"),
    path("upload/", upload.upload, name="upload"),
    path("upload/load/", upload.upload_confirm, name="upload-confirm"),
    path("<str:code>/", qualifications.qualification_details, name="qualification"),
    path("<str:code>/units/", units.units, name="units"),
    path("<str:code>/units/<int:unit_id>/", units.unit_edit, name="unit"),
    path("<str:code>/units/<int:unit_id>/retire/", units.unit_retire, name="unit-retire"),
    path("<str:code>/rules/", rules.rules, name="rules"),
    path("<str:code>/rules/new/", rules.rule_add, name="rule-add"),
    path("<str:code>/rules/<int:rule_id>/", rules.rule_edit, name="rule"),
    path("<str:code>/rules/<int:rule_id>/remove/", rules.rule_remove, name="rule-remove"),
]
