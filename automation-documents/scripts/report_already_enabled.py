# AlreadyEnabled: nothing to change, but a missing prerequisite means COPY/UNLOAD may be failing
# now, so the preflight's warning is passed on. Events: Payload (the preflight's JSON answer),
# ResourceNoun ("cluster" or "workgroup") and ResourceName.
import json

def report(events, context):
    result = json.loads(events["Payload"])
    warning = result.get("warning") or ""
    if result.get("skipped"):
        warning = "Prerequisites not checked (SkipPreflight=true)."
    target = events["ResourceNoun"] + " " + events["ResourceName"]
    text = "NO_CHANGE: enhanced VPC routing was already on for " + target + "."
    if warning:
        text += " WARNING, COPY/UNLOAD may be failing now: " + warning
    return {"Result": text, "Warning": warning}
