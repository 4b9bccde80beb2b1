from django.urls import path

from gaung.amplification import views_recap

# Recaps and their exports; included by urls.py, so in the "amplification" namespace.
urlpatterns = [
    path("recap/", views_recap.period_recap_page, name="period_recap"),
    path("recap/xlsx/", views_recap.period_recap_xlsx, name="period_recap_xlsx"),
    path("recap/pdf/", views_recap.period_recap_pdf, name="period_recap_pdf"),
    path("<int:pk>/recap/", views_recap.campaign_recap, name="campaign_recap"),
    path("<int:pk>/recap/xlsx/", views_recap.campaign_recap_xlsx, name="campaign_recap_xlsx"),
    path("<int:pk>/recap/pdf/", views_recap.campaign_recap_pdf, name="campaign_recap_pdf"),
]
