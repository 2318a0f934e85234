"""Import zones or blocks from a GeoJSON file (WGS84 longitude/latitude)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vecinos.zones import geo
from vecinos.zones.models import Zone


class Command(BaseCommand):
    help = (
        "Import zones (e.g. neighborhoods) or blocks (e.g. ward divisions) from GeoJSON. "
        "Blocks go to the zone that holds them; run the zones first."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["zones", "blocks"])
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--name-property", help="The property that names a zone or block (e.g. MAPNAME)."
        )
        parser.add_argument(
            "--code-property", help="Blocks: the property that identifies a block (DIVISION_N)."
        )
        parser.add_argument("--zone", help="Blocks: put every block in the zone with this slug.")
        parser.add_argument(
            "--only", nargs="+", metavar="NAME", help="Zones: import only these names."
        )
        parser.add_argument(
            "--attribution", default="", help="Zones: who made the shapes, shown on maps."
        )
        parser.add_argument(
            "--list-properties",
            action="store_true",
            help="Print the property names the features share and stop.",
        )

    def handle(self, *args, kind, file, **options):
        try:
            features = geo.read_features(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except geo.InvalidGeoJSON as error:
            raise CommandError(str(error)) from error
        if options["list_properties"]:
            self.stdout.write("\n".join(geo.property_names(features)))
            return
        try:
            if kind == "zones":
                if not options["name_property"]:
                    raise CommandError("Zones need --name-property.")
                report = geo.import_zones(
                    features,
                    name_property=options["name_property"],
                    attribution=options["attribution"],
                    only=options["only"],
                )
            else:
                if not options["code_property"]:
                    raise CommandError("Blocks need --code-property.")
                zone = None
                if options["zone"]:
                    zone = Zone.objects.filter(slug=options["zone"]).first()
                    if zone is None:
                        raise CommandError(f"No zone has the slug {options['zone']!r}.")
                report = geo.import_blocks(
                    features,
                    code_property=options["code_property"],
                    name_property=options["name_property"]
                    or geo.guess_name_property(geo.property_names(features)),
                    zone=zone,
                )
        except geo.InvalidGeoJSON as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{kind}: {report.created} created, {report.updated} updated, "
            f"{report.skipped} outside every zone"
        )
