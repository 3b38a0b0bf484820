"""A JSON API: GET lists posts, POST creates one (CSRF applies, as to every mutation)."""

from microblog.forms import PostForm
from microblog.models import Post


def get(request):
    return list(Post.objects.all()[:100])


def post(request):
    form = PostForm(request.data)
    if not form.is_valid():
        return 400, {"errors": form.errors}
    return 201, form.save()
