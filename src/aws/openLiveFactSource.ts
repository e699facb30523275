import { type ClientOptions, createScanClients, resolveRegion } from './clients.ts';
import type { FactSource } from './factSource.ts';
import { type CallLimits, liveFactSource } from './liveFactSource.ts';
import { assertProfileExists } from './profiles.ts';

/** A live fact source for the account and Region the options (or the default chain) point at. */
export const openLiveFactSource = async (options: ClientOptions, limits: CallLimits = {}): Promise<FactSource> => {
  await assertProfileExists(options.profile);
  const clients = createScanClients(options);
  return liveFactSource(clients, await resolveRegion(clients.redshift), limits);
};
