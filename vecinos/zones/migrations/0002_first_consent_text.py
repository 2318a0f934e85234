"""The first consent text, so a new installation can take sign-ups before anyone edits it."""

from django.db import migrations

VERSION = "2026-1"
TEXT_EN = (
    "I agree that the organization keeps my name or nickname, my phone number and/or e-mail, "
    "my language, my block and my availability, to contact me about my zone's rapid response, "
    "trainings and actions. These details are encrypted, seen only by the organizers of my "
    "zone, never shared or sold, and erased when I leave. I can leave at any time by texting "
    "STOP or DELETE, or with the link in my messages. The organization never asks about "
    "immigration status or documents."
)
TEXT_ES = (
    "Acepto que la organización guarde mi nombre o apodo, mi número de teléfono y/o correo, "
    "mi idioma, mi cuadra y mi disponibilidad, para contactarme sobre la respuesta rápida de "
    "mi zona, los talleres y las acciones. Estos datos se guardan cifrados, solo los ven las "
    "personas que organizan mi zona, nunca se comparten ni se venden, y se borran cuando me "
    "salgo. Puedo salirme cuando quiera enviando ALTO o BORRAR por mensaje de texto, o con el "
    "enlace de mis mensajes. La organización nunca pregunta por estatus migratorio ni "
    "documentos."
)


def create(apps, schema_editor):
    ConsentText = apps.get_model("zones", "ConsentText")
    ConsentText.objects.get_or_create(
        version=VERSION, defaults={"text_en": TEXT_EN, "text_es": TEXT_ES}
    )


def remove(apps, schema_editor):
    ConsentText = apps.get_model("zones", "ConsentText")
    ConsentText.objects.filter(version=VERSION, member__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("zones", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
