from django.urls import path

from ervaring.responses import kiosk_views

app_name = "kiosk"
urlpatterns = [
    path("", kiosk_views.home, name="home"),
    path("klaarzetten/", kiosk_views.unlock, name="unlock"),
    path("begin/", kiosk_views.begin, name="begin"),
    path("klaar/", kiosk_views.thanks, name="thanks"),
    path("vergrendelen/", kiosk_views.end, name="end"),
    path("vraag/nakijken/", kiosk_views.review, name="review"),
    path("vraag/<slug:page_id>/", kiosk_views.page, name="page"),
    path("actief/", kiosk_views.keep_alive, name="keep-alive"),
    path("taal/", kiosk_views.switch_language, name="language"),
    path("privacy/", kiosk_views.privacy, name="privacy"),
    path("toegankelijkheid/", kiosk_views.accessibility, name="accessibility"),
]
