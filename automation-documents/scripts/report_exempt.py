# Exempt: the preflight found the exemption tag. Events: Payload (the preflight's JSON answer),
# ResourceNoun ("cluster" or "workgroup") and ResourceName.
import json

def report(events, context):
    result = json.loads(events["Payload"])
    target = events["ResourceNoun"] + " " + events["ResourceName"]
    return {"Result": "NO_CHANGE: " + target + " is " + result["explanation"] + " Nothing was changed."}
