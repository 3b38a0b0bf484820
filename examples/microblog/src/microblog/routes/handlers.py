from django.http import HttpResponse
from django.shortcuts import redirect
from microblog.forms import PostForm
from microblog.models import Post


def get(request):
    return {"posts": Post.objects.all()[:50]}


def post(request) -> PostForm | HttpResponse:
    form = PostForm(request.data)
    if not form.is_valid():
        return form  # 400: its errors and the typed values, for the page to show again
    post = form.save()
    return redirect(f"/posts/{post.pk}")
