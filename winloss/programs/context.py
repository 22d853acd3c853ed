from .steps import STEPS


def sop_steps(request) -> dict:
    return {"sop_steps": STEPS}
