from django.contrib import admin

from .models import Qualification, Rule, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "title",
        "level",
        "quality_assurance",
        "allows_other_awarding_body_units",
    ]
    search_fields = ["code", "title"]
    list_filter = ["quality_assurance", "level"]
    inlines = [RuleInline, UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["qualification", "number", "title", "level", "credits", "grading"]
    list_filter = ["qualification", "level", "grading"]
    search_fields = ["title", "qualification__code"]
