"""Every word the project directory searches a project by, in one row per project.

The words come from the project and the records it names (its lead and partner organisations,
its innovation, focus area and areas), so a search is one look-up in the database's own
full-text index (made in migration 0007) rather than a scan across those joins.
`grants/project_words.py` writes the rows and keeps them in step.
"""

from django.db import models

from .projects_and_grants import Project


class ProjectWords(models.Model):
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="words"
    )
    words = models.TextField(help_text="All the project's searchable text, joined by spaces")

    class Meta:
        verbose_name_plural = "project words"

    def __str__(self) -> str:
        return f"Words of project {self.project_id}"
