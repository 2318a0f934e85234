"""Setting zones up: importing shapes from GeoJSON, naming blocks and their captains, and
new versions of the consent text. Admins and organizers only."""

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from .. import geo, staff
from ..access import access_block_for_change, can_manage_members
from ..models import ConsentText
from .base import ZonesAdminMixin
from .forms import BlockForm, BlockImportForm, ConsentTextForm, ShapesUploadForm, ZoneImportForm

UPLOAD_SESSION_KEY = "vecinos.zones.shapes_upload"
# An upload waits this long for its properties to be chosen, then is deleted.
UPLOAD_LIFETIME_SECONDS = 24 * 3600


def upload_dir() -> Path:
    """Where an uploaded shapes file waits between the two steps (shapes hold no one's data)."""
    return Path(settings.DATA_DIR) / "zone-imports"


def _discard_old_uploads(folder: Path) -> None:
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in folder.glob("*.geojson"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


class SetupMixin(ZonesAdminMixin):
    allowed = staticmethod(can_manage_members)


class ShapesUploadView(SetupMixin, FormView):
    """Step 1: upload a GeoJSON file and say whether it holds zones or blocks."""

    template_name = "zones/admin/import_upload.html"
    form_class = ShapesUploadForm
    page_title = _("Import shapes")
    header_icon = "upload"

    def form_valid(self, form):
        data = form.cleaned_data["file"].read()
        try:
            features = geo.read_features(data)
        except geo.InvalidGeoJSON as error:
            form.add_error("file", geo_error_message(error))
            return self.form_invalid(form)
        if not geo.property_names(features):
            form.add_error("file", gettext("The features share no property that could name them."))
            return self.form_invalid(form)
        folder = upload_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _discard_old_uploads(folder)
        token = secrets.token_urlsafe(16)
        (folder / f"{token}.geojson").write_bytes(data)
        self.request.session[UPLOAD_SESSION_KEY] = {
            "token": token,
            "kind": form.cleaned_data["kind"],
            "features": len(features),
        }
        return redirect("zones_admin:import-choose")


def geo_error_message(error: geo.InvalidGeoJSON) -> str:
    """Say in the staff member's language what is wrong with a file."""
    text = str(error)
    if "not JSON" in text:
        return gettext("The file is not JSON. Export it again as GeoJSON.")
    if "not a GeoJSON FeatureCollection" in text:
        return gettext("The file is JSON but not a GeoJSON FeatureCollection.")
    if "no features" in text:
        return gettext("The file has no features.")
    if "longitude/latitude" in text:
        return gettext(
            "The shapes are not in longitude/latitude (WGS84). Reproject the file first."
        )
    if "no property" in text:
        return gettext("Some features lack the property you chose. Choose another one.")
    return gettext("Some features are not polygons with a readable shape.")


class ShapesImportView(SetupMixin, FormView):
    """Step 2: choose which property names (or identifies) each feature, then import."""

    template_name = "zones/admin/import_choose.html"
    header_icon = "upload"
    page_title = _("Import shapes")

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_members(request.user):
            return super().dispatch(request, *args, **kwargs)  # answers 404
        self.upload = request.session.get(UPLOAD_SESSION_KEY)
        path = upload_dir() / f"{(self.upload or {}).get('token', 'none')}.geojson"
        if not self.upload or not path.exists():
            messages.error(request, gettext("Upload the file again: the last one has expired."))
            return redirect("zones_admin:import")
        self.path = path
        self.features = geo.read_features(path.read_bytes())
        return super().dispatch(request, *args, **kwargs)

    def get_parent_crumbs(self):
        return [{"url": reverse("zones_admin:import"), "label": _("Import shapes")}]

    def get_page_title(self):
        if self.upload["kind"] == "zones":
            return gettext("Import zones")
        return gettext("Import blocks")

    def get_form_class(self):
        return ZoneImportForm if self.upload["kind"] == "zones" else BlockImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "properties": geo.property_names(self.features)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upload"] = self.upload
        context["example"] = self.features[0].properties
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        kind = self.upload["kind"]
        try:
            report = staff.import_shapes(
                self.features,
                actor=self.request.user,
                kind=kind,
                name_property=data.get("name_property", ""),
                code_property=data.get("code_property", ""),
                attribution=data.get("attribution", ""),
                only=data.get("only"),
                zone=data.get("zone"),
            )
        except geo.InvalidGeoJSON as error:
            form.add_error(None, geo_error_message(error))
            return self.form_invalid(form)
        self.path.unlink(missing_ok=True)
        del self.request.session[UPLOAD_SESSION_KEY]
        return self.render_to_response(
            self.get_context_data(form=form, report=report, kind=kind, done=True)
        )


class BlockEditView(SetupMixin, FormView):
    """Rename a block and link its captains' staff accounts."""

    template_name = "zones/admin/block_edit.html"
    form_class = BlockForm

    def dispatch(self, request, *args, **kwargs):
        self.block = access_block_for_change(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Change %(name)s") % {"name": self.block.name}

    def get_parent_crumbs(self):
        zone_url = reverse("zones_admin:zone", args=[self.block.zone_id])
        block_url = reverse("zones_admin:block", args=[self.block.pk])
        return [
            {"url": zone_url, "label": self.block.zone.name},
            {"url": block_url, "label": self.block.name},
        ]

    def get_initial(self):
        return {"name": self.block.name, "captain_accounts": self.block.captain_accounts.all()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area"] = self.block
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        if data["name"].strip() != self.block.name:
            staff.rename_block(self.block, data["name"], actor=self.request.user)
        wanted = set(data["captain_accounts"])
        if wanted != set(self.block.captain_accounts.all()):
            staff.set_block_captains(self.block, list(wanted), actor=self.request.user)
        messages.success(self.request, gettext("The block is saved."))
        return redirect("zones_admin:block", pk=self.block.pk)


class ConsentTextListView(SetupMixin, TemplateView):
    template_name = "zones/admin/consent_list.html"
    page_title = _("Consent texts")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["texts"] = ConsentText.objects.order_by("-created_at", "-pk")
        context["current"] = ConsentText.current()
        return context


class ConsentTextCreateView(SetupMixin, FormView):
    """A new version of the consent text; the ones people agreed to are never edited."""

    template_name = "zones/admin/consent_new.html"
    form_class = ConsentTextForm
    page_title = _("New consent text")
    header_icon = "doc-full"

    def get_parent_crumbs(self):
        return [{"url": reverse("zones_admin:consent"), "label": _("Consent texts")}]

    def get_initial(self):
        current = ConsentText.current()
        if current is None:
            return {}
        return {"text_en": current.text_en, "text_es": current.text_es}

    def form_valid(self, form):
        staff.create_consent_text(actor=self.request.user, **form.cleaned_data)
        messages.success(
            self.request, gettext("Saved. New sign-ups agree to this version from now on.")
        )
        return redirect("zones_admin:consent")
