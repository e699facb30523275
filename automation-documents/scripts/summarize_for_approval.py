# SummarizeForApproval: the approver must know whether the network was checked at all, and when the change
# will happen. Events: Payload (the preflight's JSON answer).
import json

def summarize(events, context):
    result = json.loads(events["Payload"])
    if result.get("skipped"):
        text = "The preflight did NOT check the network (SkipPreflight=true): " + result["explanation"]
    else:
        text = "The preflight checked the network: " + result["explanation"]
    schedule = result.get("schedule") or {}
    if schedule.get("window"):
        text += (" The change will happen in the change window " + schedule["window"] + " (UTC), which opens at "
                 + schedule["start"] + " and closes at " + schedule["end"]
                 + "; approved after it closes, the change waits for the next week's window.")
    else:
        text += " The change will happen right after the approval."
    # The approval message (SNS, console) holds at most 4096 characters, with the question around this.
    return {"Summary": text if len(text) <= 3500 else text[:3499] + "…"}
