"""django.contrib.admin's app, with the site that sits behind the second factor.

Kept apart from the site itself: an app's configuration is imported before any model can be.
"""

from django.contrib.admin.apps import AdminConfig as BaseAdminConfig


class AdminConfig(BaseAdminConfig):
    default_site = "accounts.admin_site.SecondFactorAdminSite"
