from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path("password/set/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set-password"),
    path("password/set/done/", views.PasswordSetView.as_view(), name="password-set"),
    path("two-factor/", views.second_factor, name="two-factor"),
    path("two-factor/set-up/", views.second_factor_set_up, name="two-factor-set-up"),
    path("choose-centre/", views.choose_centre, name="choose-centre"),
    path("centre/users/", views.centre_users, name="centre-users"),
    path("centre/users/add/", views.add_centre_user, name="add-centre-user"),
    path("centre/users/<int:membership_id>/role/", views.change_role, name="change-role"),
]
