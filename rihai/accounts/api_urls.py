from django.urls import path

from . import api

urlpatterns = [
    path("me/", api.MeApi.as_view(), name="api-me"),
    path("agencies/", api.AgencyListApi.as_view(), name="api-agencies"),
]
