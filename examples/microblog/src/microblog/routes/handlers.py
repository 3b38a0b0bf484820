from django.shortcuts import redirect
from microblog.forms import PostForm
from microblog.models import Post


def get(request):
    return {"posts": Post.objects.all()[:50]}


def post(request):
    form = PostForm(request.data)
    if not form.is_valid():
        return 400, {"errors": form.errors, "values": form.data}
    post = form.save()
    return redirect(f"/posts/{post.pk}")
