// A host that takes a record lock and then waits to be killed: prints `locked` once it holds it.
// Usage: node --conditions=@warden/source --import tsx lock-holder.ts DATABASE ENTITY ID
import { openBackend } from './backend-app.js';

const [database, entity, id] = process.argv.slice(2) as [string, string, string];
const store = openBackend(database);
store.lock(entity, id, 'doomed-host', 5000);
process.stdout.write('locked\n');
setInterval(() => {}, 60_000);
