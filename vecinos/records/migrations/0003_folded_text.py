from django.db import migrations, models

from vecinos.records.text import fold


def fold_existing_texts(apps, schema_editor):
    """Fold the text of every document already archived, as saving a page now does."""
    ArchiveDocumentPage = apps.get_model("records", "ArchiveDocumentPage")
    documents = ArchiveDocumentPage.objects.exclude(extracted_text="").only("extracted_text")
    for document in documents.iterator(chunk_size=100):
        document.folded_text = fold(document.extracted_text)
        document.save(update_fields=["folded_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_laws_and_timeline"),
    ]

    operations = [
        migrations.AddField(
            model_name="archivedocumentpage",
            name="folded_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fold_existing_texts, migrations.RunPython.noop),
    ]
