"""The defaults every install starts with; admins change them afterwards."""

from django.db import migrations

PURPOSES = (
    ("informasi", "Informasi", True),
    ("edukasi", "Edukasi", True),
    ("hiburan", "Hiburan", False),
    ("layanan", "Layanan", True),
    ("klarifikasi-hoaks", "Klarifikasi hoaks", True),
)
CHECKLIST = (
    "Angka dan sumber data sudah diperiksa",
    "Ejaan dan tata bahasa sudah diperiksa",
    "Tidak mengandung SARA atau hoaks",
    "Netral secara politik",
    "Teks alternatif (alt text) tersedia",
)
# Working days an item may stay in each state.
SERVICE_TIMES = (
    ("submitted", 1),
    ("in_design", 2),
    ("in_review", 1),
    ("revision_requested", 2),
    ("approved", 1),
)


def add(apps, schema_editor):
    Purpose = apps.get_model("content", "Purpose")
    ChecklistItem = apps.get_model("content", "ChecklistItem")
    ServiceTime = apps.get_model("content", "ServiceTime")
    for order, (code, name, informative) in enumerate(PURPOSES):
        Purpose.objects.get_or_create(
            code=code, defaults={"name": name, "is_informative": informative, "order": order}
        )
    if not ChecklistItem.objects.exists():
        for order, label in enumerate(CHECKLIST):
            ChecklistItem.objects.create(label=label, order=order)
    for state, days in SERVICE_TIMES:
        ServiceTime.objects.get_or_create(state=state, defaults={"working_days": days})


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
