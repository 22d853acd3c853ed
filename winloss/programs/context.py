from .steps import steps_for


def sop_steps(request) -> dict:
    membership = getattr(request, "membership", None)
    return {"sop_steps": steps_for(membership.role if membership else None)}
