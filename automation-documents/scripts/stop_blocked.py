# The preflight (or its re-check) did not answer "ready": fail with its explanation and advice, or
# with the function's error when it failed (a function error does not fail aws:invokeLambdaFunction,
# it comes back in the payload). Events: Payload (the function's answer, JSON or not) and Lead (what
# was stopped).
import json

def stop(events, context):
    try:
        result = json.loads(events["Payload"])
    except (TypeError, ValueError):
        result = {}
    if not isinstance(result, dict):
        result = {}
    if "explanation" in result:
        reason = result["explanation"]
        if result.get("advice"):
            reason += " " + result["advice"]
    else:
        reason = "The preflight function failed: " + str(result.get("errorMessage", events["Payload"]))
    # UpdateSecurityHubFinding: say what became of the finding, so that nobody looks for a note that is not there.
    hub = result.get("securityHub")
    if isinstance(hub, dict):
        if hub.get("problem"):
            reason += " Its Security Hub finding was not updated: " + str(hub["problem"])
        elif hub.get("updated"):
            reason += " Its Security Hub finding now says so (NOTIFIED)."
    raise Exception(events["Lead"] + " " + reason)
