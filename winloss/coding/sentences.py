"""The history's sentence for each log code of the codebook and coding.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "theme.created": "{actor} added the theme {object} ({slug}) to the codebook",
    "theme.renamed": "{actor} renamed the theme {old} to {object}",
    "theme.changed": "{actor} edited the theme {object}",
    "theme.merged": "{actor} merged the theme {source} into {object} ({excerpts} excerpts moved)",
    "theme.merged_away": "{actor} merged the theme {object} into {target}",
    "codebook.pack_enabled": "{actor} added the {pack} industry pack to the codebook ({count} "
    "themes)",
    "codebook.imported": "{actor} imported the codebook from {file}: {created} new, {updated} "
    "updated",
    "excerpt.coded": "{actor} coded a passage as {theme}, {direction} ({interview})",
    "excerpt.removed": "{actor} removed the code {theme} from a passage",
    "excerpts.recoded": "{actor} moved {count} excerpts of {object} to the theme {theme}",
    "suggestion.rejected": "{actor} rejected the suggested theme {theme} for a passage",
    "coding.second_coder_assigned": "{actor} asked {coder} to code {count} interviews of "
    "{object} a second time ({share})",
    "coding.settled": "{actor} settled the themes of a passage: {themes}",
    "coding.history_imported": "{actor} imported {interviews} past interviews with {excerpts} "
    "coded excerpts into {object} from {file}",
    "interview.imported": "{actor} imported {object} from {file} with {excerpts} coded excerpts, "
    "signed off as an imported interview",
    "memo.written": "{actor} wrote the {object}, about {about}",
    "memo.edited": "{actor} edited the {object} (version {version})",
    "memo.shared": "{actor} shared the {object} with stakeholders",
    "memo.unshared": "{actor} stopped sharing the {object} with stakeholders",
}
