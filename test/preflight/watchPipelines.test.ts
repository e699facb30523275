import { expect } from 'chai';
import { dataApiTargetOf, isWatchRequest, parseWatchInput } from '../../src/preflight/watchPipelines.ts';

const base = {
  Action: 'watch-pipelines',
  ClusterIdentifier: 'etl-prod',
  WatchMinutes: 15,
  ChangeStartedAt: '2026-12-05T07:31:02.000Z',
};

describe('the watch request (CheckPipelines)', () => {
  it('is told apart from a preflight by its Action', () => {
    expect(isWatchRequest(base)).to.equal(true);
    expect(isWatchRequest({ ClusterIdentifier: 'etl-prod' })).to.equal(false);
    expect(isWatchRequest('watch-pipelines')).to.equal(false);
  });

  it('reads the minutes, the change time, the database and the user, and where the statements run as whom', () => {
    const input = parseWatchInput({ ...base, WatchMinutes: '30', Database: 'sales', DbUser: 'etl_monitor' });
    expect(input).to.include({ watchMinutes: 30, database: 'sales', dbUser: 'etl_monitor' });
    expect(input.changeStartedAt.toISOString()).to.equal('2026-12-05T07:31:02.000Z');
    expect(dataApiTargetOf(input)).to.deep.equal({
      parameter: 'ClusterIdentifier',
      name: 'etl-prod',
      database: 'sales',
      dbUser: 'etl_monitor',
    });
    // No user: the caller's IAM identity; a workgroup always so, in the default database.
    expect(dataApiTargetOf(parseWatchInput(base))).to.deep.equal({
      parameter: 'ClusterIdentifier',
      name: 'etl-prod',
      database: 'dev',
    });
    const { ClusterIdentifier: _, ...rest } = base;
    expect(dataApiTargetOf(parseWatchInput({ ...rest, WorkgroupName: 'analytics' }))).to.deep.equal({
      parameter: 'WorkgroupName',
      name: 'analytics',
      database: 'dev',
    });
  });

  it('refuses what it cannot watch with, naming the field', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ WatchMinutes: 0 }, /^Watch input "WatchMinutes" must be one of 15, 30, 60, 120, 240, got 0\./],
      [{ WatchMinutes: 20 }, /"WatchMinutes"/],
      [{ ChangeStartedAt: '' }, /^Watch input "ChangeStartedAt" must be the re-check's decidedAt .*predates the watch/],
      [{ ChangeStartedAt: 'yesterday' }, /"ChangeStartedAt"/],
      [{ Database: "dev'; drop" }, /^Preflight input "Database" must be a Redshift database name/],
      [{ DbUser: 'a b' }, /^Preflight input "DbUser" must be a Redshift user name/],
      [{ ClusterIdentifier: undefined, WorkgroupName: 'analytics', DbUser: 'etl' }, /only for a cluster/],
    ];
    for (const [change, message] of bad) {
      expect(() => parseWatchInput({ ...base, ...change }), JSON.stringify(change)).to.throw(message);
    }
  });
});
