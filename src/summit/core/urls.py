from django.urls import path

from summit.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
