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
    "theme.retired": "{actor} retired the theme {object}",
    "theme.restored": "{actor} brought the theme {object} back into use",
    "theme.add_drafted": "{actor} added the theme {name} ({slug}) to draft version {number} of "
    "the codebook",
    "theme.rename_drafted": "{actor} renamed the theme {old} to {name} in draft version {number} "
    "of the codebook",
    "theme.change_drafted": "{actor} edited the theme {name} in draft version {number} of the "
    "codebook",
    "theme.merge_drafted": "{actor} set the theme {name} to merge into {target} in draft version "
    "{number} of the codebook",
    "theme.retire_drafted": "{actor} set the theme {name} to retire in draft version {number} of "
    "the codebook",
    "theme.restore_drafted": "{actor} brought the theme {name} back into use in draft version "
    "{number} of the codebook",
    "theme.removed_from_draft": "{actor} removed the new theme {name} from draft version {number} "
    "of the codebook",
    "codebook.draft_started": "{actor} started draft version {number} of the codebook, a copy of "
    "version {based_on}",
    "codebook.pack_drafted": "{actor} added the {pack} industry pack to draft version {number} of "
    "the codebook ({count} themes)",
    "codebook.import_drafted": "{actor} imported the codebook from {file} into draft version "
    "{number}: {created} new, {updated} updated",
    "codebook.published": "{actor} published version {number} of the codebook ({changes} themes "
    "changed)",
    "codebook.draft_discarded": "{actor} discarded draft version {number} of the codebook "
    "({changes} themes changed in it)",
    "excerpt.coded": "{actor} coded a passage as {theme}, {direction} ({interview})",
    "excerpt.removed": "{actor} removed the code {theme} from a passage",
    "excerpts.recoded": "{actor} moved {count} excerpts of {object} to the theme {theme}",
    "excerpts.confirmed": "{actor} confirmed that {count} excerpts of {object} still fit their "
    "themes as codebook version {number} defines them",
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
