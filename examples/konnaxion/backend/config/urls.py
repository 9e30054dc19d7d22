from django.conf import settings
from django.contrib import admin
from django.urls import path

from konnaxion.ideas import views

urlpatterns = [
    path("", views.idea_list, name="idea-list"),
    path("health/", views.health, name="health"),
    path(settings.ADMIN_URL, admin.site.urls),
]
