from django.urls import path

from ervaring.fieldwork import views

app_name = "fieldwork"
urlpatterns = [
    path("<slug:slug>/populatie/", views.population, name="population"),
    path("<slug:slug>/populatie/kolommen/", views.population_columns, name="population-columns"),
    path(
        "<slug:slug>/populatie/problemen.csv", views.population_problems, name="population-problems"
    ),
    path("<slug:slug>/steekproef/", views.sample, name="sample"),
]
