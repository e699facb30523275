import { expect } from 'chai';
import fc from 'fast-check';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { EventError, InputError } from '../../src/errors.ts';
import { changeEvent, oversizedEvent, scheduledEvent } from '../support/configEvents.ts';
import { testRuntime } from '../support/ruleRuntime.ts';

const validEvent = fc.constantFrom(
  changeEvent(),
  changeEvent({ status: 'ResourceDeleted' }),
  oversizedEvent(),
  scheduledEvent(),
);
const notA = (predicate: (v: unknown) => boolean) => fc.anything().filter((v) => !predicate(v));
const KNOWN_PARAMETERS = ['PrerequisiteMode', 'RequireInternetPath', 'ExemptionTagKey', 'ExecutionRoleName'];

/** Ways to break one documented field of an otherwise valid event. */
const mutation = fc.oneof(
  fc.record({ field: fc.constant('accountId'), value: notA((v) => typeof v === 'string' && /^\d{12}$/.test(v)) }),
  fc.record({ field: fc.constant('resultToken'), value: notA((v) => typeof v === 'string' && v !== '') }),
  fc.record({ field: fc.constant('configRuleName'), value: notA((v) => typeof v === 'string' && v !== '') }),
  fc.record({ field: fc.constant('eventLeftScope'), value: notA((v) => v === undefined || typeof v === 'boolean') }),
  fc.record({
    field: fc.constant('invokingEvent'),
    value: fc.oneof(
      notA((v) => typeof v === 'string'),
      fc.string().filter((s) => {
        try {
          const v = JSON.parse(s);
          return typeof v !== 'object' || v === null || Array.isArray(v);
        } catch {
          return true;
        }
      }),
      fc
        .string()
        .filter(
          (t) =>
            ![
              'ConfigurationItemChangeNotification',
              'OversizedConfigurationItemChangeNotification',
              'ScheduledNotification',
            ].includes(t),
        )
        .map((messageType) => JSON.stringify({ messageType, notificationCreationTime: '2026-11-28T00:00:00Z' })),
    ),
  }),
  fc.record({
    field: fc.constant('ruleParameters'),
    value: fc.oneof(
      fc
        .dictionary(fc.string({ minLength: 1 }), fc.string())
        .filter((d) => Object.keys(d).some((k) => !KNOWN_PARAMETERS.includes(k)))
        .map((d) => JSON.stringify(d)),
      fc
        .string({ minLength: 1 })
        .filter((m) => !['report', 'enforce', 'off'].includes(m.trim().toLowerCase()) && m.trim() !== '')
        .map((m) => JSON.stringify({ PrerequisiteMode: m })),
      fc.constantFrom('{', '[]', '"x"', '42'),
    ),
  }),
);

describe('malformed Config events (property)', () => {
  it('always end in EventError or InputError and never reach AWS', async () => {
    await fc.assert(
      fc.asyncProperty(validEvent, mutation, async (event, { field, value }) => {
        let reachedAws = false;
        const runtime = testRuntime({
          clientsFor: async () => {
            reachedAws = true;
            throw new Error('must not be reached');
          },
        });
        const error = await runConfigRule({ ...event, [field]: value }, runtime).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${field}=${JSON.stringify(value)}`).to.satisfy(
          (e: unknown) => e instanceof EventError || e instanceof InputError,
        );
        expect(reachedAws).to.equal(false);
      }),
      { numRuns: 400 },
    );
  });

  it('rejects anything that is not an event object', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        async (event) => {
          const error = await runConfigRule(event, testRuntime()).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).to.be.instanceOf(EventError);
        },
      ),
    );
  });
});
