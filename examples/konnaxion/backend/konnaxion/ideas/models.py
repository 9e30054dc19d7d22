from django.db import models


class Idea(models.Model):
    """An idea submitted to Konnaxion — deliberately tiny."""

    title = models.CharField("titre", max_length=200)
    created = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "Idée"
        verbose_name_plural = "Idées"
        ordering = ["-created"]

    def __str__(self):
        return self.title
