// Used by teamsapp.yml: prints the Agents Toolkit "set env" command for NAME with a new UUID,
// unless NAME already has a value in the environment (so re-provisioning keeps the same id).
import { randomUUID } from 'node:crypto';

const name = process.argv[2];
if (!name || !/^[A-Z0-9_]+$/.test(name)) {
  console.error('usage: node scripts/ensure-env-uuid.mjs VARIABLE_NAME');
  process.exit(2);
}
if (!process.env[name]) console.log(`::set-teamsfx-env ${name}=${randomUUID()}`);
