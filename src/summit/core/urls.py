from django.urls import path

from summit.core import pickers, pwa, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("pick/countries/", pickers.countries, name="pick_countries"),
]
