# Report: the change is applied and verified. Events: Payload (the re-check's JSON answer),
# ResourceNoun ("cluster" or "workgroup"), ResourceName and AvailableStatus (the status as the
# service spells it).
import json

def report(events, context):
    result = json.loads(events["Payload"])
    skipped = bool(result.get("skipped"))
    noun = events["ResourceNoun"]
    text = "ENABLED: enhanced VPC routing is on for %s %s and the %s is %s." % (
        noun, events["ResourceName"], noun, events["AvailableStatus"])
    if skipped:
        text += " The network prerequisites were NOT checked (SkipPreflight=true)."
    return {"Result": text, "PreflightSkipped": skipped, "PreflightExplanation": result["explanation"]}
