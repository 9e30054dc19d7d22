from django.http import HttpResponse, JsonResponse

from .models import Idea


def idea_list(request):
    lines = ["Konnaxion — idées", ""]
    lines += [f"- {idea.title}" for idea in Idea.objects.all()[:50]] or ["(aucune idée pour l'instant)"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def health(request):
    return JsonResponse({"status": "ok", "ideas": Idea.objects.count()})
