"""`gaung reencrypt_secrets`: after putting a new key first in GAUNG_ENCRYPTION_KEY."""

import json

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from gaung.core.crypto import reencrypt_all


class Command(BaseCommand):
    help = (
        "Encrypt every stored secret again with the first key of GAUNG_ENCRYPTION_KEY, all or "
        "nothing. Afterwards the older keys can be removed from the setting. Prints the counts "
        "per field as JSON."
    )

    def handle(self, *args, **options) -> None:
        try:
            counts = reencrypt_all()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        total = sum(counts.values())
        self.stderr.write(f"{total} secrets encrypted again with the first key.")
        self.stdout.write(json.dumps(counts, sort_keys=True))
