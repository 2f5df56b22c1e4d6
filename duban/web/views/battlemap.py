from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def battle_map(request):
    return render(request, "web/battlemap.html", {})
