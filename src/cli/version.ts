import pkg from '../../package.json' with { type: 'json' };

/** The CLI's version, from package.json (bundled into dist/cli.js at build time). */
export const VERSION: string = pkg.version;
