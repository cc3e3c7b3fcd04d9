from django.urls import path

from socialcycle.responding import views

app_name = "responding"
urlpatterns = [
    path("feedback/<str:token>/", views.my_feedback, name="my-feedback"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
