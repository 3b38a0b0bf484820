from microblog.models import Post


def load(request):
    return {"postCount": Post.objects.count()}
