"""A Spanish speaker on a small phone finds a job, applies with a PDF résumé and is thanked."""

import re

import pytest
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from vecinos.content.testing import make_homes
from vecinos.jobs import demo
from vecinos.jobs.models import JobApplication
from vecinos.messaging.channels import locmem


def write_resume(path):
    document = canvas.Canvas(str(path))
    document.drawString(72, 720, "Marisol Ortega — organizadora de inquilinos, 2019-2025")
    document.save()
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_applicant_applies_in_spanish_and_gets_a_spanish_confirmation(
    live_server, phone_page, tmp_path
):
    locmem.reset()
    demo.build(make_homes())
    resume = write_resume(tmp_path / "CV Marisol Ortega.pdf")
    page = phone_page

    page.goto(live_server.url + "/es/")
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Empleos").click()
    page.get_by_role("link", name="Organizador(a) comunitario(a)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organizador(a) comunitario(a)")

    page.get_by_label("Su nombre").fill("Marisol Ortega")
    page.get_by_label("Correo electrónico").fill("marisol@example.org")
    page.get_by_label("Teléfono (opcional)").fill("267 555 0199")
    expect(page.get_by_label("Idioma en el que quiere que le escribamos")).to_have_value("es")
    page.get_by_label("Carta de presentación").fill("Llevo seis años organizando mi edificio.")
    page.get_by_label("Currículum", exact=True).set_input_files(resume)
    # The consent box is left unticked on purpose: the refusal must keep what was typed.
    page.get_by_role("button", name="Enviar mi solicitud").click()

    expect(page.get_by_role("alert")).to_contain_text("Su solicitud todavía no se envió")
    expect(page.get_by_role("alert")).to_contain_text("Marque la casilla para aceptar")
    expect(page.get_by_label("Su nombre")).to_have_value("Marisol Ortega")
    expect(page.get_by_label("Carta de presentación")).to_have_value(
        "Llevo seis años organizando mi edificio."
    )
    assert JobApplication.objects.count() == 0
    assert locmem.outbox == []

    page.get_by_label("Currículum", exact=True).set_input_files(resume)
    page.get_by_label("Acepto que guarden y lean mi solicitud").check()
    page.get_by_role("button", name="Enviar mi solicitud").click()

    expect(page).to_have_url(re.compile(r"/es/empleos/\d+/gracias/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias, recibimos su solicitud")

    application = JobApplication.objects.get()
    assert application.name == "Marisol Ortega"
    assert application.resume.open().read() == resume.read_bytes()
    [confirmation] = [m for m in locmem.outbox if m.to == "marisol@example.org"]
    assert confirmation.language == "es"
    assert confirmation.subject == "Recibimos su solicitud para Organizador(a) comunitario(a)"
    assert "Gracias por postularse" in confirmation.body
