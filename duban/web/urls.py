from django.http import HttpResponse
from django.urls import path

app_name = "web"


def home(request):
    return HttpResponse("<!doctype html><meta charset=utf-8><title>督办</title><h1>督办 duban</h1>"
                        "<p>闭环督办系统正在运行。</p>")


urlpatterns = [path("", home, name="home")]
