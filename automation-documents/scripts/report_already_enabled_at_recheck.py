# AlreadyEnabledAtRecheck: someone else turned the flag on while the runbook waited. Events: Payload
# (the re-check's JSON answer), ResourceNoun ("cluster" or "workgroup") and ResourceName.
import json

def report(events, context):
    result = json.loads(events["Payload"])
    warning = result.get("warning") or ""
    target = events["ResourceNoun"] + " " + events["ResourceName"]
    text = "NO_CHANGE: enhanced VPC routing was turned on for " + target + " while the runbook waited."
    if warning:
        text += " WARNING, COPY/UNLOAD may be failing now: " + warning
    return {"Result": text, "Warning": warning}
