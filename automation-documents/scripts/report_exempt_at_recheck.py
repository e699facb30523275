# ExemptAtRecheck: the exemption tag was set while the runbook waited. Events: Payload (the
# re-check's JSON answer), ResourceNoun ("cluster" or "workgroup") and ResourceName.
import json

def report(events, context):
    result = json.loads(events["Payload"])
    target = events["ResourceNoun"] + " " + events["ResourceName"]
    text = "NO_CHANGE: " + target + " is " + result["explanation"]
    return {"Result": text + " (tagged while the runbook waited). Nothing was changed."}
