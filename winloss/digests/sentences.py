"""The history's sentence for each log code of subscriptions and digests.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "subscription.followed": "{actor} followed {what} for a weekly digest",
    "subscription.unfollowed": "{actor} stopped following {what}",
    "digest.delivery_changed": "{actor} changed how their digest reaches them",
    "digest.unsubscribed": "{actor} unsubscribed from the weekly digest ({count} followed)",
}
