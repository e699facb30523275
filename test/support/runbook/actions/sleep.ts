import { type ActionHandler, StepFailure } from './action.ts';

/** SSM's longest aws:sleep: 7 days. */
const MAX_SLEEP_SECONDS = 7 * 24 * 3600;

/** ISO 8601 durations as aws:sleep takes them (PT10M, PT1H30M, P1D). */
const durationSeconds = (text: string): number => {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (m === null) throw new StepFailure(`aws:sleep Duration "${text}" is not an ISO 8601 duration`);
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60 + Number(s);
};

/**
 * aws:sleep: until a Timestamp (ISO 8601, UTC; one in the past ends at once) or for a Duration, at most 7 days,
 * on the runner's clock (nothing sleeps).
 */
export const sleep: ActionHandler = async ({ step, inputs, wait }) => {
  let seconds: number;
  if (typeof inputs.Timestamp === 'string') {
    const until = Date.parse(inputs.Timestamp);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(inputs.Timestamp) || Number.isNaN(until)) {
      throw new StepFailure(`${step.name}: Timestamp "${inputs.Timestamp}" is not YYYY-MM-DDThh:mm:ssZ`);
    }
    seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
  } else if (typeof inputs.Duration === 'string') {
    seconds = durationSeconds(inputs.Duration);
  } else {
    throw new StepFailure(`${step.name}: aws:sleep needs a Timestamp or a Duration`);
  }
  if (seconds > MAX_SLEEP_SECONDS) throw new StepFailure(`${step.name}: aws:sleep waits at most 7 days`);
  wait(seconds);
  return { data: {} };
};
