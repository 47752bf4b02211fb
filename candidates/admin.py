from django.contrib import admin

from .models import Candidate, NamedEntry, UnnamedEntryMovement


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["number", "first_name", "last_name", "date_of_birth", "centre"]
    search_fields = ["number", "first_name", "last_name", "uln"]
    list_filter = ["centre"]


@admin.register(NamedEntry)
class NamedEntryAdmin(admin.ModelAdmin):
    list_display = ["candidate", "qualification", "entry_type"]
    list_filter = ["qualification", "entry_type"]
    search_fields = ["candidate__number", "candidate__last_name"]
    filter_horizontal = ["units"]


@admin.register(UnnamedEntryMovement)
class UnnamedEntryMovementAdmin(admin.ModelAdmin):
    list_display = ["created_at", "centre", "qualification", "kind", "quantity"]
    list_filter = ["kind", "qualification"]
