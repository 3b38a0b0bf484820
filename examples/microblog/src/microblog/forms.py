from django import forms
from django.core.exceptions import ValidationError

from microblog.models import Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ("author", "body")

    def clean(self):
        data = super().clean()
        author, body = data.get("author", ""), data.get("body", "")
        if author and body and author.strip().lower() == body.strip().lower():
            raise ValidationError("A post should say more than its author's name.", code="echo")
        return data
