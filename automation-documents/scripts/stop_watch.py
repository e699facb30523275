# The watch after the change found COPY/UNLOAD or S3 requests failing that worked before it: fail the run with
# what it found. Events: Payload (the watch's answer, JSON or not) and Lead (what happened to the resource).
import json

def stop(events, context):
    try:
        result = json.loads(events["Payload"])
    except (TypeError, ValueError):
        result = {}
    summary = result.get("summary") if isinstance(result, dict) else None
    raise Exception(events["Lead"] + " " + str(summary or events["Payload"]))
