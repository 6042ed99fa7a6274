#!/usr/bin/env node
// Entry point of the registry server CLI (`npx server serve`, `npx server station add <name>`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
