from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = (
        "Run background work (email, reminders, imports, suggestions, report rendering) from the "
        "database queue. Start as many as you like, on any machine sharing the database."
    )
