from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Approval, Centre, Membership, ModeratorAssignment, User, VerifierAssignment


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["centre"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_operations", "is_active"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_operations", "is_active", "is_staff"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name",)}),
        (
            "Awarding body",
            {"fields": ("is_operations", "is_active", "is_staff", "is_superuser", "groups")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name"]
    inlines = [ApprovalInline]


@admin.register(Approval)
class ApprovalAdmin(admin.ModelAdmin):
    list_display = ["centre", "qualification", "direct_claim_status"]
    list_filter = ["direct_claim_status", "qualification"]
    search_fields = ["centre__number", "centre__name", "qualification__code"]


@admin.register(ModeratorAssignment)
class ModeratorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["moderator", "centre", "qualification"]
    list_filter = ["qualification"]
    search_fields = ["moderator__email", "centre__number"]


@admin.register(VerifierAssignment)
class VerifierAssignmentAdmin(admin.ModelAdmin):
    list_display = ["verifier", "centre", "qualification"]
    list_filter = ["qualification"]
    search_fields = ["verifier__email", "centre__number"]
