from django.contrib import admin
from django.db import models

from .models import Account, Competitor, CompetitorAlias, Contact, Deal


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["name", "crm_id", "workspace", "outcome", "close_date", "amount"]
    list_filter = ["outcome", "workspace"]
    search_fields = ["name", "crm_id"]
    raw_id_fields = ["account", "owner", "primary_competitor", "competitors", "contacts"]
    list_select_related = ["workspace"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "industry", "region", "tier"]
    search_fields = ["name"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "account", "decision_role", "do_not_contact"]
    search_fields = ["name", "email", "crm_id"]
    raw_id_fields = ["account"]


class AliasInline(admin.TabularInline):
    model = CompetitorAlias
    extra = 0
    exclude = ["workspace"]


@admin.register(Competitor)
class CompetitorAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace"]
    search_fields = ["name"]
    inlines = [AliasInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_formset(self, request, form, formset, change):
        # An alias belongs to its competitor's workspace; the form does not ask for it.
        for alias in formset.save(commit=False):
            alias.workspace = form.instance.workspace
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()
