"""
A stand-in for a background worker (Konnaxion runs Celery; the sample keeps
to Django + psycopg2). It prints a heartbeat line every few seconds and exits
cleanly, with status 0, on SIGTERM (docker stop) or SIGINT (Ctrl+C).
"""
import signal
import sys
import threading
from datetime import datetime, timezone

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection

from konnaxion.ideas.models import Idea


class Command(BaseCommand):
    help = "Run the sample worker: print a heartbeat line every few seconds until SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="Seconds between heartbeats (default: 5).",
        )
        parser.add_argument(
            "--max-beats",
            type=int,
            default=0,
            help="Stop after this many heartbeats (default: 0, run until signalled).",
        )

    def handle(self, *args, **options):
        interval = max(options["interval"], 0.1)
        max_beats = options["max_beats"]
        stop = threading.Event()

        def request_stop(signum, frame):
            self.stdout.write(f"worker: received {signal.Signals(signum).name}, stopping…")
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)

        self.stdout.write(f"worker: started (heartbeat every {interval:g}s)")
        beats = 0
        while not stop.is_set():
            beats += 1
            now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            self.stdout.write(f"worker: heartbeat #{beats} at {now} — idées: {self._count_ideas()}")
            sys.stdout.flush()
            if max_beats and beats >= max_beats:
                break
            stop.wait(interval)

        connection.close()
        self.stdout.write(self.style.SUCCESS(f"worker: stopped cleanly after {beats} heartbeat(s)"))

    @staticmethod
    def _count_ideas():
        try:
            return str(Idea.objects.count())
        except DatabaseError:
            # Table not migrated yet, or the database is restarting.
            connection.close()
            return "?"
