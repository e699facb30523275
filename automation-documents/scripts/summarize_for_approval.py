# SummarizeForApproval: the approver must know whether the network was checked at all. Events:
# Payload (the preflight's JSON answer).
import json

def summarize(events, context):
    result = json.loads(events["Payload"])
    if result.get("skipped"):
        text = "The preflight did NOT check the network (SkipPreflight=true): " + result["explanation"]
    else:
        text = "The preflight checked the network: " + result["explanation"]
    return {"Summary": text}
