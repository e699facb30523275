# CheckChangeWindow: may the ready change happen now? Events: Payload (the re-check's answer), FirstPayload
# (the first preflight's answer), ResourceNoun, ResourceName. The preflight computed both schedules; this only
# compares them, so that a run never changes the resource outside its window.
import json
from datetime import datetime, timedelta

# A weekly window comes back every 7 days: a run may miss one (a long approval) and wait for the next.
MISSED_AFTER = timedelta(days=14)


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def check(events, context):
    answer = json.loads(events["Payload"])
    schedule = answer.get("schedule")
    if not schedule:
        # An older preflight (a central stack not yet updated) ignores ChangeWindow: never change on its word.
        raise Exception("The preflight answered ready without a change schedule: the preflight function predates change windows. Update the stack that deploys it (npm run deploy), then run the remediation again; nothing was changed.")
    first = json.loads(events["FirstPayload"]).get("schedule") or schedule
    resource = events["ResourceNoun"] + " " + events["ResourceName"]
    if schedule["inWindow"]:
        closing = "" if schedule["end"] is None else ", until " + schedule["end"]
        # DecidedAt: when the re-check decided, seconds before the change (the watch's baseline ends there).
        return {"InWindow": True, "Missed": False, "WaitUntil": "", "DecidedAt": answer.get("decidedAt", ""),
                "Summary": "Inside the change window (" + schedule["changeWindow"] + closing + "): changing " + resource + " now."}
    start = when(schedule["start"])
    window = schedule["window"] + " (UTC)"
    if start - when(first["start"]) >= MISSED_AFTER:
        return {"InWindow": False, "Missed": True, "WaitUntil": "", "DecidedAt": "",
                "Summary": "The change window " + window + " of " + resource + " passed twice while the runbook waited (for the approval or for the " + events["ResourceNoun"] + " to be available); nothing was changed. Run the remediation again, or give a wider ChangeWindow."}
    return {"InWindow": False, "Missed": False, "WaitUntil": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "DecidedAt": "",
            "Summary": "Waiting for the change window " + window + " of " + resource + ", which opens at " + schedule["start"] + "."}
