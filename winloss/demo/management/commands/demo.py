from django.core.management.base import BaseCommand

from winloss.demo.build import PASSWORD, build_demo_workspace


class Command(BaseCommand):
    help = "Build the demo workspace (first run only) and print the demo logins."

    def handle(self, *args, **options) -> None:
        result = build_demo_workspace()
        if result.deals or result.programs:
            self.stdout.write(
                f"Built the demo workspace: {result.deals:,} deals, "
                f"{len(result.programs)} programs ({', '.join(result.programs)})."
            )
        else:
            self.stdout.write("The demo workspace is ready (already built).")
        self.stdout.write("\nDemo logins — every one uses the password: " + PASSWORD)
        width = max(len(email) for email, _, _ in result.logins)
        for email, role, workspace in result.logins:
            self.stdout.write(f"  {email:<{width}}  {role:<16}  {workspace}")
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and log in.\n")
