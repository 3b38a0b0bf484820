from django.contrib import admin

from microblog.models import Post

admin.site.register(Post)
