from django.urls import path

from . import operations_views, outbox_views, two_factor_views, views

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
]
