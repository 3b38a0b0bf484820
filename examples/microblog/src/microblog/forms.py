from django import forms

from microblog.models import Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ("author", "body")
