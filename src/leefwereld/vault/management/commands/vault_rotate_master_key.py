"""Re-wrap every data key under the current master key, without downtime.

The procedure (docs/vault.md):

1. generate a new key:            leefwereld vault_rotate_master_key --generate
2. deploy with LEEFWERELD_MASTER_KEY=<new> and LEEFWERELD_PREVIOUS_MASTER_KEYS=<old>:
   new data keys are wrapped under the new key, old ones still open with the old key;
3. run:                           leefwereld vault_rotate_master_key
   (batches, each in its own short transaction; safe to interrupt and run again);
4. check:                         leefwereld vault_rotate_master_key --check
   exits 0 only when no data key is left under an old key;
5. remove the old key from LEEFWERELD_PREVIOUS_MASTER_KEYS and destroy it.

Record contents are not touched: only the 32-byte data keys are re-encrypted, so a
rotation of the whole municipality takes seconds to minutes, not hours.
"""

import base64
import os

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from leefwereld.vault import crypto
from leefwereld.vault.models import DataKey


class Command(BaseCommand):
    help = "Re-wrap the vault's data keys under the current master key (LEEFWERELD_MASTER_KEY)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report; exit with an error while data keys remain under old keys.",
        )
        parser.add_argument(
            "--generate", action="store_true", help="Print a new random master key and stop."
        )

    def handle(self, *args, **options) -> None:
        if options["generate"]:
            self.stdout.write(base64.b64encode(os.urandom(crypto.KEY_BYTES)).decode())
            return
        keys = crypto.master_keys()
        self.report(keys)
        if options["check"]:
            remaining = DataKey.objects.exclude(master_key_id=keys.current_id).count()
            if remaining:
                raise CommandError(f"{remaining} data keys are still wrapped under an old key.")
            return
        done = 0
        while True:
            batch = self.rewrap_batch(keys, options["batch_size"])
            if not batch:
                break
            done += batch
            self.stdout.write(f"  {done} data keys re-wrapped")
        self.stdout.write(self.style.SUCCESS(f"Done: {done} data keys re-wrapped."))
        self.report(keys)

    def report(self, keys: crypto.MasterKeys) -> None:
        counts = DataKey.objects.values("master_key_id").annotate(n=Count("pk")).order_by()
        for row in counts:
            if row["master_key_id"] == keys.current_id:
                state = "current"
            elif row["master_key_id"] in keys.keys:
                state = "previous (configured)"
            else:
                state = "UNKNOWN: not configured, cannot be opened"
            self.stdout.write(f"  master key {row['master_key_id']}: {row['n']} data keys, {state}")

    @transaction.atomic
    def rewrap_batch(self, keys: crypto.MasterKeys, size: int) -> int:
        # skip_locked: a concurrent run (or a request creating a key) never blocks us.
        rows = list(
            DataKey.objects.select_for_update(skip_locked=True)
            .exclude(master_key_id=keys.current_id)
            .order_by("pk")[:size]
        )
        now = timezone.now()
        for row in rows:
            data_key = crypto.unwrap_data_key(
                row.master_key_id, row.wrapped_key, row.owner_label, keys
            )
            row.master_key_id, row.wrapped_key = crypto.wrap_data_key(
                data_key, row.owner_label, keys
            )
            row.rewrapped_at = now
        DataKey.objects.bulk_update(rows, ["master_key_id", "wrapped_key", "rewrapped_at"])
        return len(rows)
