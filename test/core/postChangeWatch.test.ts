import { expect } from 'chai';
import {
  BASELINE_HOURS,
  judgeWatch,
  parseWatchRows,
  type S3Failure,
  WATCH_ROW_LIMIT,
  watchStatements,
  watchSummary,
} from '../../src/core/postChangeWatch.ts';

const STARTED = new Date('2026-12-05T07:31:00Z');
const CHANGED = new Date('2026-12-05T07:45:00Z');
const UNTIL = new Date('2026-12-05T08:00:00Z');
const failure = (at: string, place: string, error = 'Connection timed out after 50000 milliseconds'): S3Failure => ({
  at,
  place,
  error,
});

describe('post-change watch (pure)', () => {
  describe('the statements', () => {
    it('reads failed S3 requests on a cluster and failed COPY/UNLOAD on both kinds, from the baseline on, bounded', () => {
      const cluster = watchStatements('cluster', STARTED);
      const workgroup = watchStatements('workgroup', STARTED);
      expect(cluster).to.have.length(2);
      expect(cluster[0]).to.match(
        /^SELECT recordtime AS at, TRIM\(bucket\) AS place, TRIM\(error\) AS error, '' AS text FROM stl_s3client_error WHERE recordtime >= '2026-12-04 07:31:00' ORDER BY recordtime LIMIT 500$/,
      );
      // STL tables are not visible on Redshift Serverless: SYS_QUERY_HISTORY only.
      expect(workgroup).to.deep.equal([cluster[1]]);
      expect(workgroup[0]).to.contain(
        "status = 'failed' AND query_type IN ('COPY', 'UNLOAD') AND start_time >= '2026-12-04 07:31:00'",
      );
      for (const sql of [...cluster, ...workgroup]) {
        expect(sql).to.match(/^SELECT /);
        expect(sql).to.contain(`LIMIT ${WATCH_ROW_LIMIT}`);
        expect(sql).not.to.contain(';');
      }
    });
  });

  describe('the rows', () => {
    it("reads the Data API's timestamps as UTC, and takes a failed statement's bucket from its text", () => {
      expect(
        parseWatchRows([
          { at: '2026-12-05 07:50:01.123456', place: 'etl-staging     ', error: 'Connection timed out ', text: '' },
          {
            at: '2026-12-05 07:52:00',
            place: 'COPY',
            error: 'S3ServiceException:Access Denied,Status 403',
            text: "COPY sales FROM 's3://partner-drop/2026/' IAM_ROLE default",
          },
          { at: '2026-12-05 07:53:00', place: 'UNLOAD', error: 'timed out', text: 'UNLOAD (...) TO $1' },
          { at: null, place: 'x', error: 'no time', text: '' },
          { at: 'yesterday', place: 'x', error: 'bad time', text: '' },
        ]),
      ).to.deep.equal([
        { at: '2026-12-05T07:50:01.000Z', place: 'etl-staging', error: 'Connection timed out' },
        { at: '2026-12-05T07:52:00.000Z', place: 'partner-drop', error: 'S3ServiceException:Access Denied,Status 403' },
        { at: '2026-12-05T07:53:00.000Z', place: 'UNLOAD', error: 'timed out' },
      ]);
    });
  });

  describe('the verdict', () => {
    it('calls failures after the change at places that worked before it new, and says where and what', () => {
      const v = judgeWatch(
        [failure('2026-12-05T07:50:00Z', 'etl-staging'), failure('2026-12-05T07:55:00Z', 'partner-drop')],
        STARTED,
        CHANGED,
        UNTIL,
      );
      expect(v).to.deep.include({ verdict: 'failing', preexisting: 0, changedAt: CHANGED.toISOString() });
      expect(v.newFailures.map((f) => f.place)).to.deep.equal(['etl-staging', 'partner-drop']);
      expect(watchSummary(v, 15)).to.equal(
        `After the change, 2 COPY/UNLOAD or S3 request failure(s) at etl-staging, partner-drop, which had none in the ${BASELINE_HOURS} hours before it; the first: Connection timed out after 50000 milliseconds.`,
      );
    });

    it('does not blame the change for a place that failed in the day before it, nor for the restart itself', () => {
      const v = judgeWatch(
        [
          failure('2026-12-04T20:00:00Z', 'flaky-bucket'),
          failure('2026-12-05T07:50:00Z', 'flaky-bucket'),
          // During the restart (between the decision and available): neither period.
          failure('2026-12-05T07:40:00Z', 'etl-staging'),
          // Older than the baseline: it does not excuse a failure now.
          failure('2026-12-04T06:00:00Z', 'old-bucket'),
          // After the watch: not read by this one.
          failure('2026-12-05T08:30:00Z', 'later-bucket'),
        ],
        STARTED,
        CHANGED,
        UNTIL,
      );
      expect(v).to.deep.include({ verdict: 'clean', preexisting: 1, newFailures: [] });
      expect(watchSummary(v, 15)).to.equal(
        'No COPY, UNLOAD or S3 request failed in the 15 minutes after the change at a place that worked before it (1 at places that failed before the change too).',
      );
      const old = judgeWatch(
        [failure('2026-12-04T06:00:00Z', 'old-bucket'), failure('2026-12-05T07:50:00Z', 'old-bucket')],
        STARTED,
        CHANGED,
        UNTIL,
      );
      expect(old.verdict).to.equal('failing');
    });

    it('is clean with no failures at all, and lists at most 20', () => {
      expect(judgeWatch([], STARTED, CHANGED, UNTIL)).to.deep.include({ verdict: 'clean', preexisting: 0 });
      const many = Array.from({ length: 30 }, (_, i) => failure(`2026-12-05T07:5${i % 10}:00Z`, `b-${i}`));
      expect(judgeWatch(many, STARTED, CHANGED, UNTIL).newFailures).to.have.length(20);
    });
  });
});
