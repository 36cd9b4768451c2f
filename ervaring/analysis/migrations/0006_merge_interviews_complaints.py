"""Interviews and complaint figures were built side by side; neither depends on the other."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0005_complaints"),
        ("analysis", "0005_interviews"),
    ]

    operations = []
