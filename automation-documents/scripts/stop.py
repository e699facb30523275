# A terminal failure: raising fails the run with Message, which says what to do.
def stop(events, context):
    raise Exception(events["Message"])
