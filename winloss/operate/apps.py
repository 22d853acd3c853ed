from django.apps import AppConfig


class OperateConfig(AppConfig):
    name = "winloss.operate"
    label = "operate"
    verbose_name = "Operate"

    def ready(self) -> None:
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from . import receivers

        task_enqueued.connect(receivers.task_enqueued)
        task_started.connect(receivers.task_started)
        task_finished.connect(receivers.observe_task)
        task_finished.connect(receivers.task_finished)
