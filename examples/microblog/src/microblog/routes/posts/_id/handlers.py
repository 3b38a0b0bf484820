from django.shortcuts import get_object_or_404
from microblog.models import Post


def get(request, id: int):
    return {"post": get_object_or_404(Post, pk=id)}
