"""Pictures stored before their dimensions were kept get them now.

Without them Django's ImageField opens the picture's file to measure it every time its row is
loaded (an article page, a feed, the API); new pictures are stored with them (Image.save_file).
A file that cannot be read (missing, not a picture) is left as it was.
"""

from django.db import migrations
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError


def measure(apps, schema_editor):
    image_model = apps.get_model("newsroom", "Image")
    storage = image_model._meta.get_field("file").storage
    # Names, not instances: loading an unmeasured instance would have the field measure it already.
    unmeasured = image_model.objects.exclude(file="").filter(width__isnull=True).values_list("pk", "file")
    for pk, name in unmeasured.iterator(chunk_size=500):
        try:
            with storage.open(name) as stored, PillowImage.open(stored) as picture:
                width, height = picture.size
        except (OSError, UnidentifiedImageError):
            continue
        image_model.objects.filter(pk=pk).update(width=width, height=height)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0005_featured_pinned_indexes")]
    operations = [migrations.RunPython(measure, migrations.RunPython.noop)]
