import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the shared config or credentials file has a section for this profile. */
const hasProfile = async (file: string, profile: string, prefixed: boolean): Promise<boolean> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return false;
  }
  // ~/.aws/config names "[profile NAME]" (or "[default]"); ~/.aws/credentials names "[NAME]".
  const header = prefixed && profile !== 'default' ? `profile\\s+${escapeRegExp(profile)}` : escapeRegExp(profile);
  return new RegExp(`^\\s*\\[\\s*${header}\\s*\\]`, 'm').test(text);
};

/**
 * Fail early, naming the profile, when it is in neither shared file: the SDK's own error only says that no
 * provider could load credentials.
 * @throws InputError naming the profile and the files searched.
 */
export const assertProfileExists = async (profile: string | undefined, env = process.env): Promise<void> => {
  if (profile === undefined) return;
  const config = env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
  if ((await hasProfile(config, profile, true)) || (await hasProfile(credentials, profile, false))) return;
  throw new InputError(
    `AWS profile "${profile}" was not found in ${config} or ${credentials}. Check --profile (or AWS_PROFILE), or create it with "aws configure --profile ${profile}".`,
  );
};
