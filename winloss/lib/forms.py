"""Form fields every stage needs the same way."""

from django import forms


def is_id(text: str) -> bool:
    """Whether ``text`` from a request is a whole number a database id column holds: ASCII
    digits only ("²" passes str.isdigit() yet int() refuses it) and short enough for SQLite."""
    return text.isascii() and text.isdigit() and len(text) < 19


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids that are not whole numbers a database column holds before
    it queries (SQLite raises OverflowError on a longer one, which Django does not catch)."""

    def _check_values(self, value):
        for pk in value or ():
            text = str(pk)
            if not is_id(text):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private: not in the stubs
