/**
 * The runtime's version. It always equals the version of the DjangoKit Python packages
 * (one version for all of them); the bump script rewrites it with package.json.
 */
export const VERSION = "0.1.0";
