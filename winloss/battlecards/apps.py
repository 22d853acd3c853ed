from django.apps import AppConfig


class BattlecardsConfig(AppConfig):
    name = "winloss.battlecards"
    label = "battlecards"
    verbose_name = "Battlecards"
