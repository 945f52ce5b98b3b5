"""Make the WebP and JPEG renditions of pictures that have none (from wires, the demo, older uploads)."""

from django.core.management.base import BaseCommand

from gazzetta.newsroom import images
from gazzetta.newsroom.models import Image


class Command(BaseCommand):
    help = "Make renditions for every picture with a file and none yet (--all: for every picture again)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="make them again for pictures that have them")

    def handle(self, *args, all: bool = False, **options):
        pictures = Image.objects.exclude(file="")
        made = sum(self.make(picture) for picture in (pictures if all else pictures.filter(renditions=[])))
        self.stdout.write(f"desk: renditions made for {made} pictures")

    def make(self, picture: Image) -> bool:
        try:
            images.make_renditions(picture)
        except (OSError, ValueError) as error:
            self.stderr.write(f"desk: renditions: picture {picture.pk} ({picture.file.name}): {error}")
            return False
        return True
