"""The one error a service raises when the SOP or the data does not allow what was asked.

Each stage subclasses ``DomainError`` (``SampleError``, ``ReportError`` …) with a message a
person can read. It is turned into an answer in one place per door: the API's exception
handler (``winloss/api.py``) answers ``status`` with the message.
"""


class DomainError(Exception):
    """A change that cannot be made, said for the person who asked."""

    status = 400  # the API's answer; 409 for a lost edit, 404/410 for a link that is gone
