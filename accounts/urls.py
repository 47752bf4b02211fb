from django.urls import path

from . import (
    operations_views,
    outbox_views,
    two_factor_views,
    views,
    views_assignments,
    views_centres,
)

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path("password/set/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set-password"),
    path("password/set/done/", views.PasswordSetView.as_view(), name="password-set"),
    path("two-factor/", two_factor_views.second_factor, name="two-factor"),
    path("two-factor/set-up/", two_factor_views.second_factor_set_up, name="two-factor-set-up"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes, name="recovery-codes"),
    path("account/two-factor/", two_factor_views.two_factor_account, name="two-factor-account"),
    path(
        "account/two-factor/new-recovery-codes/",
        two_factor_views.new_recovery_codes,
        name="new-recovery-codes",
    ),
    path("choose-centre/", views.choose_centre, name="choose-centre"),
    path("centre/users/", views.centre_users, name="centre-users"),
    path("centre/users/add/", views.add_centre_user, name="add-centre-user"),
    path("centre/users/<int:membership_id>/role/", views.change_role, name="change-role"),
    path(
        "centre/users/invitations/<int:invitation_id>/withdraw/",
        views.withdraw_invitation,
        name="withdraw-invitation",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("outbox/", outbox_views.outbox, name="outbox"),
    path("outbox/<int:message_id>/", outbox_views.message, name="outbox-message"),
    path("outbox/<int:message_id>/retry/", outbox_views.retry, name="outbox-retry"),
    path("operations/users/", operations_views.users, name="operations-users"),
    path(
        "operations/users/<int:user_id>/reset-two-factor/",
        operations_views.reset_two_factor,
        name="reset-two-factor",
    ),
    path("operations/centres/", views_centres.centres, name="operations-centres"),
    path("operations/centres/add/", views_centres.add_centre, name="operations-centre-add"),
    path("operations/centres/<int:centre_id>/", views_centres.centre, name="operations-centre"),
    path(
        "operations/centres/<int:centre_id>/approve/",
        views_centres.approve,
        name="operations-approve",
    ),
    path(
        "operations/centres/approvals/<int:approval_id>/withdraw/",
        views_centres.withdraw_approval,
        name="operations-withdraw-approval",
    ),
    path(
        "operations/centres/moderators/",
        views_assignments.moderators,
        name="operations-moderators",
    ),
    path(
        "operations/centres/approvals/<int:approval_id>/moderator/",
        views_assignments.moderator,
        name="operations-moderator",
    ),
    path(
        "operations/centres/approvals/<int:approval_id>/moderator/remove/",
        views_assignments.remove_moderator,
        name="operations-moderator-remove",
    ),
    path("operations/centres/verifiers/", views_assignments.verifiers, name="operations-verifiers"),
    path(
        "operations/centres/approvals/<int:approval_id>/verifiers/add/",
        views_assignments.add_verifier,
        name="operations-verifier-add",
    ),
    path(
        "operations/centres/verifiers/<int:assignment_id>/remove/",
        views_assignments.remove_verifier,
        name="operations-verifier-remove",
    ),
]
