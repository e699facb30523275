import { InputError } from '../errors.ts';

/**
 * The Region the function runs in. Lambda always sets AWS_REGION; a handler run anywhere else without it
 * must not silently read another Region's clusters.
 * @throws InputError saying how to set it.
 */
export const lambdaRegion = (env: NodeJS.ProcessEnv = process.env): string => {
  const region = env.AWS_REGION?.trim();
  if (!region) {
    throw new InputError(
      'AWS_REGION is not set. Lambda sets it for every function; when running the handler elsewhere, set AWS_REGION to the Region of the clusters.',
    );
  }
  return region;
};
